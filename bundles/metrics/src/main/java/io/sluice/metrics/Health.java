package io.sluice.metrics;

import io.sluice.api.TunnelState;
import io.sluice.api.TunnelStatus;
import java.util.List;
import java.util.Locale;

/**
 * GET /health: every tunnel that should run does. A tunnel an operator stopped (tunnel:stop)
 * should not run; a waiting or failed one should. The body names the others, for a human reading
 * a load balancer's or an orchestrator's log.
 */
final class Health {

    final int status;
    final String body;

    private Health(int status, String body) {
        this.status = status;
        this.body = body;
    }

    static Health of(List<TunnelStatus> tunnels) {
        StringBuilder down = new StringBuilder();
        long running = 0;
        for (TunnelStatus t : tunnels) {
            if (t.state() == TunnelState.RUNNING) {
                running++;
            } else if (t.down()) {
                down.append(t.name()).append(": ").append(t.state().name().toLowerCase(Locale.ROOT))
                        .append(t.reason() == null ? "" : " (" + t.reason() + ")").append('\n');
            }
        }
        if (down.length() == 0) {
            return new Health(200, "ok: " + running + " tunnel(s) running\n");
        }
        return new Health(503, "not running:\n" + down);
    }
}
