package io.sluice.pki.internal;

import java.security.Provider;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * One Bouncy Castle provider instance for this bundle, passed explicitly where BC algorithms are
 * needed. Never registered with {@code Security.addProvider}: that is JVM-global state shared by
 * every bundle in the container. Held in its own class so it is only built on first use.
 */
public final class Bc {

    public static final Provider PROVIDER = new BouncyCastleProvider();

    private Bc() {
    }
}
