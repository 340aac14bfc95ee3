package io.sluice.api.tls;

import java.util.Arrays;

/**
 * stunnel's {@code ticketKeySecret} and {@code ticketMacSecret}: the secrets a server seals its
 * session tickets with, 16 or 32 bytes each. Servers given the same secrets resume each other's
 * tickets (several nodes behind one address, a restart).
 *
 * @param key encrypts the ticket (ticketKeySecret)
 * @param mac authenticates it (ticketMacSecret)
 */
public record TicketSecrets(byte[] key, byte[] mac) {

    public TicketSecrets {
        key = key.clone();
        mac = mac.clone();
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    @Override
    public byte[] mac() {
        return mac.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TicketSecrets t && Arrays.equals(key, t.key) && Arrays.equals(mac, t.mac);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(key) + Arrays.hashCode(mac);
    }

    /** Never the secrets: settings end up in log lines and exceptions. */
    @Override
    public String toString() {
        return "TicketSecrets[" + key.length + "-byte key, " + mac.length + "-byte mac]";
    }
}
