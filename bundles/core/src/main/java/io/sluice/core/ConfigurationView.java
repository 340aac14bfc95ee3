package io.sluice.core;

import io.sluice.api.TunnelCounters;
import io.sluice.api.TunnelState;
import io.sluice.api.TunnelStatus;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What tunnel:list, tunnel:info and the status show of a tunnel's configuration: the settings in
 * force, or the values as written when none are (a refused configuration still shows what it says).
 */
final class ConfigurationView {

    static final ConfigurationView NONE = new ConfigurationView(Map.of());

    private final Map<String, Object> written;

    ConfigurationView(Map<String, ?> properties) {
        this.written = Map.copyOf(properties);
    }

    /**
     * @param settings the settings in force, or null
     * @param bound    the listening address as shown, or null
     */
    TunnelStatus status(String name, TunnelSettings settings, String bound, TunnelState state, String reason,
            TunnelCounters counters) {
        TunnelSettings s = settings;
        return new TunnelStatus(name,
                s != null ? s.client() : "yes".equalsIgnoreCase(String.valueOf(value("client"))),
                s != null ? s.acceptText() : value("accept"),
                bound,
                s != null ? s.connectText() : value("connect") == null ? List.of() : List.of(value("connect")),
                s != null ? s.protocol() : value("protocol"),
                s != null ? s.tlsProvider() : value("tlsProvider") == null ? "default" : value("tlsProvider"),
                state, reason, counters);
    }

    /** The operator's keys as written, passwords masked. */
    Map<String, String> shown() {
        Map<String, String> shown = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        written.forEach((key, value) -> {
            if (ConfigParser.KEYS.contains(key)) {
                shown.put(key, key.toLowerCase(Locale.ROOT).contains("password") ? "****" : String.valueOf(value));
            }
        });
        return shown;
    }

    private String value(String key) {
        return written.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(key))
                .map(e -> String.valueOf(e.getValue())).findFirst().orElse(null);
    }
}
