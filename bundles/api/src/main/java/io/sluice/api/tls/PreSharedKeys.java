package io.sluice.api.tls;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * TLS-PSK keys, as stunnel's {@code PSKsecrets} file lists them ({@code IDENTITY:KEY} lines) and
 * the identity a client presents ({@code PSKidentity}). A server accepts any identity of the list;
 * a client offers {@link #clientIdentity()} with its key.
 *
 * @param keys           identity and key, in the file's order; identities are distinct
 * @param clientIdentity the identity a client uses: PSKidentity, or else the first of the file
 */
public record PreSharedKeys(List<Key> keys, String clientIdentity) {

    /** One line of the secrets file. */
    public record Key(String identity, byte[] secret) {

        public Key {
            secret = secret.clone();
        }

        @Override
        public byte[] secret() {
            return secret.clone();
        }

        /** The identity as sent on the wire. */
        public byte[] identityBytes() {
            return identity.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "Key[" + identity + ", " + secret.length + " bytes]"; // never the secret
        }
    }

    public PreSharedKeys {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no pre-shared key");
        }
        keys = List.copyOf(keys);
        if (clientIdentity == null) {
            clientIdentity = keys.get(0).identity();
        }
        String wanted = clientIdentity;
        if (keys.stream().noneMatch(k -> k.identity().equals(wanted))) {
            throw new IllegalArgumentException("identity '" + clientIdentity + "' has no key");
        }
    }

    /** Identity to key, in the file's order. */
    public Map<String, byte[]> byIdentity() {
        Map<String, byte[]> map = new LinkedHashMap<>();
        for (Key key : keys) {
            map.put(key.identity(), key.secret());
        }
        return map;
    }

    /** The key the client presents. */
    public Key clientKey() {
        return keys.stream().filter(k -> k.identity().equals(clientIdentity)).findFirst().orElseThrow();
    }
}
