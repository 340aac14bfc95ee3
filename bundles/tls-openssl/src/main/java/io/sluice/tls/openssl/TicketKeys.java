package io.sluice.tls.openssl;

import io.netty.handler.ssl.OpenSslSessionTicketKey;
import java.security.SecureRandom;

/** Session ticket keys: BoringSSL's ticket format takes a 16-byte name, HMAC key and AES key. */
final class TicketKeys {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TicketKeys() {
    }

    /** Keys of one context's own: tickets it issued resume only on it (a restart forgets them). */
    static OpenSslSessionTicketKey random() {
        return new OpenSslSessionTicketKey(bytes(), bytes(), bytes());
    }

    private static byte[] bytes() {
        byte[] b = new byte[OpenSslSessionTicketKey.NAME_SIZE];
        RANDOM.nextBytes(b);
        return b;
    }
}
