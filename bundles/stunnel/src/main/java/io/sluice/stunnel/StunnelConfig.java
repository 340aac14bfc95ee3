package io.sluice.stunnel;

import java.util.List;
import java.util.Map;

/**
 * A stunnel configuration file as Sluice runs it.
 *
 * @param global the options of the process
 * @param services by section name, in file order: the properties of {@code etc/io.sluice.tunnel-NAME.cfg}
 * @param warnings lines for the log: Sluice's {@code [:]} lines (what behaves differently from stunnel, or has no effect) and stunnel's own warnings in its words
 */
public record StunnelConfig(GlobalOptions global, Map<String, Map<String, String>> services, List<String> warnings) {

    /** stunnel's inetd mode: the file has no section; its one service accepts on standard input and output. */
    public boolean inetd() {
        return services.values().stream().anyMatch(service -> "yes".equals(service.get("inetd")));
    }
}
