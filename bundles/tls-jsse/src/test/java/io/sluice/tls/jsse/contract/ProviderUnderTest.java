package io.sluice.tls.jsse.contract;

import io.sluice.api.tls.TlsProvider;

/**
 * A TLS provider as the contract tests see it: the provider, and how it words the failures that
 * the providers word differently (the outcome never differs).
 */
public interface ProviderUnderTest {

    /** A fresh provider, as DS would activate it. */
    TlsProvider provider();

    /** Text of a server's failure when a client sends no certificate over {@code version} but one is required. */
    String noClientCertificateReason(String version);

    /** Text of a server's failure when the client offers only {@code version}, which the server has disabled. */
    String unsupportedVersionReason(String version);

    /** Text of a server's failure when client and server share no cipher suite. */
    String noCommonSuiteReason();

    /** Text of a server's failure when the client offers none of the server's ALPN protocols. */
    String noCommonAlpnReason();

    /** Whether the provider resumes TLS 1.3 sessions (PSK from a NewSessionTicket); all resume TLS 1.2. */
    boolean resumesTls13();

    /** Whether ciphersuites (TLS 1.3) can be chosen; BoringSSL fixes them, and its provider refuses the key. */
    default boolean choosesTls13Suites() {
        return true;
    }

    /**
     * Whether a server refuses a client that offers ALPN but none of its protocols; BoringSSL (through
     * netty-tcnative) can only go on without ALPN.
     */
    default boolean refusesUnmatchedAlpn() {
        return true;
    }

    /** getApplicationProtocol() after a handshake without ALPN: "" per SSLEngine's contract, null from Netty's engine. */
    default String noApplicationProtocol() {
        return "";
    }

    /** Whether sessions' creation times have milliseconds (OpenSSL's have whole seconds). */
    default boolean sessionTimesInMillis() {
        return true;
    }
}
