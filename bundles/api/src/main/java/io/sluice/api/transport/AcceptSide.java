package io.sluice.api.transport;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a tunnel's connections come from: the one place that says which kind of accepting
 * endpoint a tunnel has, instead of a set of booleans and nulls.
 */
public sealed interface AcceptSide {

    /** stunnel's {@code accept}: listening sockets, every connection accepted on any of them. */
    record Sockets(List<InetSocketAddress> addresses) implements AcceptSide {
        public Sockets {
            if (addresses == null || addresses.isEmpty()) {
                throw new IllegalArgumentException("no address to listen on");
            }
            addresses = List.copyOf(addresses);
        }

        public Sockets(InetSocketAddress address) {
            this(List.of(address));
        }
    }

    /**
     * stunnel's {@code accept = /PATH}: a Unix-domain stream socket at this path; a stale socket
     * file there is replaced, and the file is removed when the tunnel stops.
     */
    record UnixSocket(Path path) implements AcceptSide {
        public UnixSocket {
            if (path == null || !path.isAbsolute()) {
                throw new IllegalArgumentException("a Unix socket needs an absolute path");
            }
        }
    }

    /**
     * stunnel's inetd mode: the process's own standard input and output are exactly one
     * connection, which starts with the tunnel.
     */
    record Stdio() implements AcceptSide {
    }

    /**
     * stunnel's exec+connect: no listening socket; the program is started with the tunnel (and
     * again after {@link Exec#retry()}) and is the accepting side of its connection.
     */
    record Program(Exec exec) implements AcceptSide {
        public Program {
            if (exec == null) {
                throw new IllegalArgumentException("no program");
            }
        }
    }

    /**
     * A secondary service (stunnel's {@code sni = SERVICE:PATTERN}): no endpoint of its own; its
     * connections are those of tunnel {@code primary} whose client asked for a matching name.
     */
    record ByServerName(String primary) implements AcceptSide {
    }
}
