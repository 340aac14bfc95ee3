package io.sluice.tls.openssl;

import io.netty.handler.ssl.OpenSslSessionTicketKey;
import io.sluice.api.tls.TicketSecrets;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;

/** Session ticket keys: BoringSSL's ticket format takes a 16-byte name, HMAC key and AES key. */
final class TicketKeys {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int SIZE = OpenSslSessionTicketKey.NAME_SIZE;

    private TicketKeys() {
    }

    /** Keys of one context's own: tickets it issued resume only on it (a restart forgets them). */
    static OpenSslSessionTicketKey random() {
        return new OpenSslSessionTicketKey(bytes(), bytes(), bytes());
    }

    /**
     * Keys from stunnel's secrets, the same on every node given them: the name too, because a
     * server looks a ticket's key up by the name written in it. The secrets (16 or 32 bytes) are
     * brought to BoringSSL's 16 bytes through SHA-256, each part with a label of its own, so that
     * the name, which travels in clear in every ticket, tells nothing about the keys.
     */
    static OpenSslSessionTicketKey from(TicketSecrets secrets) throws GeneralSecurityException {
        byte[] key = secrets.key();
        byte[] mac = secrets.mac();
        return new OpenSslSessionTicketKey(derive("name", key, mac), derive("hmac", mac), derive("aes", key));
    }

    private static byte[] derive(String label, byte[]... secrets) throws GeneralSecurityException {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        sha256.update(("sluice session ticket " + label).getBytes(StandardCharsets.US_ASCII));
        for (byte[] secret : secrets) {
            sha256.update(secret);
        }
        return Arrays.copyOf(sha256.digest(), SIZE);
    }

    private static byte[] bytes() {
        byte[] b = new byte[SIZE];
        RANDOM.nextBytes(b);
        return b;
    }
}
