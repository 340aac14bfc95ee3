package io.sluice.core;

import io.sluice.api.TunnelKey;
import io.sluice.api.protocol.ProtocolNegotiator;
import io.sluice.api.transport.ConnectSide;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Checks a tunnel's {@code protocol*} options against the negotiator that will read them, when
 * the tunnel is configured: a key the plugin does not read, or reads in the other mode only,
 * would otherwise be ignored or fail every connection (protocolUsername on an smtp tunnel).
 */
final class ProtocolOptions {

    private ProtocolOptions() {
    }

    /**
     * @param protocol   the tunnel's {@code protocol}, for the messages
     * @param negotiator the plugin registered under that name
     * @param client     the tunnel's mode
     * @param options    the tunnel's {@code protocol*} options (not {@code protocol} itself)
     * @throws IllegalArgumentException {@code KEY = VALUE: problem}
     */
    static void check(String protocol, ProtocolNegotiator negotiator, boolean client, Map<String, String> options) {
        // The plugin first: it can say why it refuses a value ("set protocolPassword too").
        negotiator.validate(client, options);
        List<TunnelKey> declared = negotiator.keys();
        TunnelKey.Mode mode = client ? TunnelKey.Mode.CLIENT : TunnelKey.Mode.SERVER;
        for (Map.Entry<String, String> option : options.entrySet()) {
            String key = option.getKey();
            TunnelKey known = declared.stream().filter(k -> k.is(key)).findFirst().orElse(null);
            if (known == null) {
                throw refused(key, option.getValue(), "not an option of protocol " + protocol + " ("
                        + (declared.isEmpty() ? "it reads none" : "it reads " + names(declared)) + ")");
            }
            if (!known.modes().contains(mode)) {
                throw refused(key, option.getValue(), "protocol " + protocol + " reads it in "
                        + known.modes().iterator().next().name().toLowerCase(Locale.ROOT) + " mode only");
            }
        }
    }

    /**
     * The same check on a tunnel's settings, refused as any other configuration error: naming the
     * tunnel, the file and line of the key, the key and its value.
     */
    static void check(TunnelSettings settings, ProtocolNegotiator negotiator) throws ConfigException {
        if (settings.protocol() == null || negotiator == null) {
            return; // nothing to check, or checked when the plugin comes (the tunnel waits for it)
        }
        if (settings.connect() instanceof ConnectSide.ByProtocol && !negotiator.choosesTarget()) {
            throw settings.values().error("connect", "", EndpointParser.CONNECT_REQUIRED + " (protocol "
                    + settings.protocol() + " does not name the target)");
        }
        try {
            check(settings.protocol(), negotiator, settings.client(), settings.protocolOptions());
        } catch (IllegalArgumentException e) {
            throw located(settings, e.getMessage());
        }
    }

    /** "KEY = VALUE: problem" as a ConfigException at KEY's line (protocol's own too); a message of another form at protocol's. */
    private static ConfigException located(TunnelSettings settings, String message) {
        int equals = message == null ? -1 : message.indexOf(" = ");
        int colon = equals < 0 ? -1 : message.indexOf(": ", equals);
        String key = equals > 0 ? message.substring(0, equals) : null;
        if ("protocol".equalsIgnoreCase(key) && colon > 0) {
            // A plugin refusing the tunnel's mode (nntp, ldap: client only) names protocol itself.
            return settings.values().error("protocol", settings.protocol(), message.substring(colon + 2));
        }
        if (key == null || colon < 0 || !settings.protocolOptions().containsKey(key)) {
            return settings.values().error("protocol", settings.protocol(), "the plugin refuses its options: " + message);
        }
        return settings.values().error(key, settings.protocolOptions().get(key), message.substring(colon + 2));
    }

    private static IllegalArgumentException refused(String key, String value, String problem) {
        String shown = key.toLowerCase(Locale.ROOT).contains("password") ? "****" : value;
        return new IllegalArgumentException(key + " = " + shown + ": " + problem);
    }

    private static String names(List<TunnelKey> keys) {
        return keys.stream().map(TunnelKey::name).collect(Collectors.joining(", "));
    }
}
