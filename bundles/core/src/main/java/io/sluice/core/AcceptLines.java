package io.sluice.core;

import io.sluice.api.ConnectionInfo;
import io.sluice.api.transport.AcceptSide;
import io.sluice.api.transport.Listener;
import java.util.List;
import java.util.OptionalInt;

/** The tunnel's start lines about its accepting side, in stunnel's words where stunnel has them. */
final class AcceptLines {

    private AcceptLines() {
    }

    /**
     * What the tunnel's start lines say of where its connections come from; stunnel's words for a
     * socket, one line per address listened on.
     */
    static List<String> of(TunnelSettings settings, Listener listener) {
        if (settings.secondary() != null) {
            return List.of("serves server names " + settings.secondary().patterns() + " on service ["
                    + settings.secondary().primary() + "]'s port");
        }
        if (settings.inetd()) {
            return List.of("serves standard input and output in inetd mode");
        }
        if (settings.accept() instanceof AcceptSide.UnixSocket unix) {
            // stunnel names a Unix socket's address so (s_ntop of AF_UNIX)
            return List.of(descriptor(ListeningDescriptor.of(unix.path())) + "bound to localhost:" + unix.path());
        }
        if (listener.boundAddress() == null) {
            return List.of("runs " + settings.acceptText() + " as an exec+connect service"
                    + (settings.exec().retry() == null ? "" : ", retry " + settings.exec().retry().toMillis() + " ms"));
        }
        return listener.boundAddresses().stream()
                .map(address -> descriptor(ListeningDescriptor.of(address)) + "bound to " + ConnectionInfo.address(address))
                .toList();
    }

    private static String descriptor(OptionalInt fd) {
        return fd.isPresent() ? "(FD=" + fd.getAsInt() + ") " : "";
    }
}
