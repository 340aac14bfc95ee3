package io.sluice.tls.common;

import javax.net.ssl.SSLEngine;

/**
 * How a JSSE provider takes a tunnel's key exchange groups (stunnel's curves) for one engine: the
 * standard SSLParameters have them only from JDK 20, so each provider has its own way.
 */
@FunctionalInterface
public interface EngineGroups {

    /**
     * Sets the groups on an engine whose other parameters are set.
     *
     * @param groups TLS names in preference order ({@code x25519}, {@code secp384r1}, ...)
     */
    void apply(SSLEngine engine, String[] groups);
}
