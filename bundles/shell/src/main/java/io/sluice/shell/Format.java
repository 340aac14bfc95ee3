package io.sluice.shell;

import io.sluice.api.TunnelStatus;
import java.time.Duration;
import java.time.Instant;

/** How the commands print states and ages. */
final class Format {

    private Format() {
    }

    /** "running", "stopped", "waiting: REASON", "failed: REASON". */
    static String state(TunnelStatus status) {
        String state = status.state().name().toLowerCase(java.util.Locale.ROOT);
        return status.reason() == null ? state : state + ": " + status.reason();
    }

    static String age(Instant since) {
        Duration age = Duration.between(since, Instant.now());
        long seconds = age.getSeconds();
        return seconds < 60 ? seconds + "s"
                : seconds < 3600 ? seconds / 60 + "m" + seconds % 60 + "s"
                : seconds / 3600 + "h" + seconds % 3600 / 60 + "m";
    }

    static String orDash(Object value) {
        return value == null ? "-" : value.toString();
    }
}
