package io.sluice.api.tls;

import java.security.GeneralSecurityException;

/**
 * A TLS implementation (the JDK's SunJSSE, Bouncy Castle's BCJSSE, ...), registered as a service
 * with the property {@value #NAME} set to the name tunnels select it by ({@code tlsProvider = jsse}).
 */
public interface TlsProvider {

    String NAME = "tls.provider";

    String name();

    /**
     * Builds a context from validated settings.
     *
     * @throws GeneralSecurityException when the provider cannot honour the settings (unknown
     *         suite, unusable key); the message must say which setting
     */
    TlsContext newContext(TlsSettings settings) throws GeneralSecurityException;

    /**
     * Why this provider cannot run on this machine (a native library that does not load), or null
     * when it can. A tunnel that names the provider fails with this reason; a tunnel that got it as
     * the default takes another instead.
     */
    default String unavailable() {
        return null;
    }
}
