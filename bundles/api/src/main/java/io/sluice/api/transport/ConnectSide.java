package io.sluice.api.transport;

import java.nio.file.Path;
import java.util.List;

/** Where a tunnel's connections go: a list of targets, or a program per connection. */
public sealed interface ConnectSide {

    /**
     * stunnel's {@code connect}: the targets in configured order, tried one after another. A
     * target whose address is unresolved (stunnel's {@code delay = yes}) is resolved for each
     * connection.
     *
     * @param failover how the first target of a connection is chosen
     */
    record Targets(List<Target> targets, Failover failover) implements ConnectSide {
        public Targets {
            if (targets == null || targets.isEmpty()) {
                throw new IllegalArgumentException("no target to connect to");
            }
            targets = List.copyOf(targets);
            failover = failover == null ? Failover.PRIO : failover;
        }

        /** Whether names are resolved per connection (stunnel's {@code delay = yes}). */
        public boolean delayed() {
            return targets.stream().anyMatch(t -> t.address().isUnresolved());
        }
    }

    /** stunnel's {@code connect = /PATH}: a Unix-domain stream socket at this path. */
    record UnixSocket(Path path) implements ConnectSide {
        public UnixSocket {
            if (path == null || !path.isAbsolute()) {
                throw new IllegalArgumentException("a Unix socket needs an absolute path");
            }
        }
    }

    /**
     * No {@code connect}: each connection's target is the one its protocol negotiator names with
     * {@code NegotiationContext.connectTo} (a SOCKS or CONNECT request), stunnel's "endpoint is
     * provided by the protocol". A connection whose negotiator names none is not connected.
     */
    record ByProtocol(String protocol) implements ConnectSide {
    }

    /** stunnel's local mode ({@code accept} and {@code exec}): a program started per connection. */
    record Program(Exec exec) implements ConnectSide {
        public Program {
            if (exec == null) {
                throw new IllegalArgumentException("no program");
            }
        }
    }
}
