package io.sluice.core;

import io.sluice.pki.SecretFiles;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The secret indirection of password keys: {@code keyPassword = $[secret:NAME]} is the content of
 * {@code etc/secrets/NAME}, read when the tunnel's material is loaded (at the start and at each
 * rotation), so that the configuration itself holds no secret. A plain value is used as written.
 * A secret that cannot be read refuses the configuration like any other bad value.
 */
final class Secrets {

    private Secrets() {
    }

    /** The value of a password key: itself, or the secret it refers to; null stays null. */
    static String resolve(String key, String value, ConfigValues values) throws ConfigException {
        if (value == null || SecretFiles.referenced(value).isEmpty()) {
            return value;
        }
        try {
            return SecretFiles.resolve(values.baseDir(), value);
        } catch (IOException | RuntimeException e) {
            String file = SecretFiles.file(values.baseDir(), SecretFiles.referenced(value).get()).toString();
            throw values.error(key, value, "cannot read the secret " + file + ": " + e);
        }
    }

    /** The settings with their protocol plugin's password options resolved. */
    static TunnelSettings resolved(TunnelSettings settings) throws ConfigException {
        Map<String, String> options = new LinkedHashMap<>(settings.protocolOptions());
        boolean changed = false;
        for (Map.Entry<String, String> option : options.entrySet()) {
            if (SecretFiles.isSecretKey(option.getKey())) {
                String value = resolve(option.getKey(), option.getValue(), settings.values());
                changed |= !value.equals(option.getValue());
                option.setValue(value);
            }
        }
        return changed ? settings.toBuilder().protocol(settings.protocol(), options).build() : settings;
    }
}
