package io.sluice.core;

import io.sluice.api.ConnectionInfo;
import io.sluice.api.transport.AcceptSide;
import java.util.List;

/**
 * stunnel's line for a listening address it could not bind, {@code Binding service [web] to
 * 127.0.0.1:443: Address already in use (98)}: the socket error as strerror(3) says it, with
 * Linux's errno, which scripts written for stunnel match.
 */
final class BindFailure {

    private record Errno(String text, int number) {
    }

    /** The bind(2) errors a configuration can cause, as the JDK words them (its strerror). */
    private static final List<Errno> ERRNOS = List.of(new Errno("Address already in use", 98),
            new Errno("Permission denied", 13), new Errno("Cannot assign requested address", 99),
            new Errno("Address family not supported by protocol", 97));

    private BindFailure() {
    }

    /** The line, or null for an accept side that binds no address. */
    static String line(String service, AcceptSide accept, Throwable failure) {
        String address = accept instanceof AcceptSide.Sockets sockets && !sockets.addresses().isEmpty()
                ? ConnectionInfo.address(sockets.addresses().get(0))
                : accept instanceof AcceptSide.UnixSocket unix ? "localhost:" + unix.path() : null;
        return address == null ? null : "Binding service [" + service + "] to " + address + ": " + error(failure);
    }

    private static String error(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = String.valueOf(root.getMessage());
        return ERRNOS.stream().filter(errno -> message.startsWith(errno.text())).findFirst()
                .map(errno -> errno.text() + " (" + errno.number() + ")").orElse(message);
    }
}
