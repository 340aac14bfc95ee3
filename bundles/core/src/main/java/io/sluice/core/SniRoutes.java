package io.sluice.core;

import io.sluice.api.ConnectionInfo;
import io.sluice.api.transport.Listener;
import io.sluice.api.transport.SniRouter;
import io.sluice.api.transport.TunnelSpec;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * stunnel's secondary services ({@code sni = SERVICE:PATTERN}): each server-mode tunnel with such a
 * line is entered here instead of listening, and the listening tunnel SERVICE asks here, per
 * connection, which one the client's server name picks. Secondaries come and go while the primary
 * keeps running; they are tried in name order, the first matching pattern wins.
 */
final class SniRoutes {

    /** One registry for the bundle: primaries and secondaries are tunnels of this same bundle. */
    static final SniRoutes SHARED = new SniRoutes();

    /** One secondary service: its patterns and the spec its connections run with. */
    private record Route(String primary, List<String> patterns, TunnelSpec spec) {
    }

    private final Map<String, Route> bySecondary = new ConcurrentSkipListMap<>();

    /** The router a listening tunnel's connections consult. */
    SniRouter routerFor(String primary) {
        return new SniRouter() {
            @Override
            public TunnelSpec route(String serverName) {
                for (Route route : bySecondary.values()) {
                    if (route.primary().equals(primary) && route.patterns().stream().anyMatch(p -> matches(p, serverName))) {
                        return route.spec();
                    }
                }
                return null;
            }

            @Override
            public boolean active() {
                return bySecondary.values().stream().anyMatch(route -> route.primary().equals(primary));
            }
        };
    }

    /** Enters a secondary; closing the returned listener takes it out again. */
    Listener attach(String primary, List<String> patterns, TunnelSpec spec) {
        bySecondary.put(spec.name(), new Route(primary, List.copyOf(patterns), spec));
        return new Listener() {
            @Override
            public InetSocketAddress boundAddress() {
                return null;
            }

            @Override
            public int activeConnections() {
                return 0; // its connections are the listening tunnel's
            }

            @Override
            public void close(boolean closeConnections) {
                bySecondary.remove(spec.name());
            }

            @Override
            public List<ConnectionInfo> connections() {
                return List.of();
            }

            @Override
            public boolean kill(long connectionId) {
                return false;
            }
        };
    }

    /** stunnel's rule: the whole name, or a leading '*' matching any beginning; case-insensitive. */
    static boolean matches(String pattern, String serverName) {
        String name = serverName.toLowerCase(Locale.ROOT);
        String p = pattern.toLowerCase(Locale.ROOT);
        return p.startsWith("*") ? name.endsWith(p.substring(1)) : name.equals(p);
    }
}
