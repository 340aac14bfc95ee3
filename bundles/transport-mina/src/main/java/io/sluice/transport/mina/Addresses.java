package io.sluice.transport.mina;

import java.net.InetSocketAddress;
import java.security.cert.CertificateException;

/** Addresses and causes as stunnel prints them. */
final class Addresses {

    private Addresses() {
    }

    static String format(InetSocketAddress address) {
        if (address == null) {
            return "?";
        }
        String host = address.getAddress() == null ? address.getHostString() : address.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    static String reason(Throwable cause) {
        if (cause == null) {
            return "unknown";
        }
        // A refused peer certificate says why in its own words; BCJSSE wraps them in a bare alert name.
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof CertificateException && t.getMessage() != null) {
                return t.getMessage();
            }
        }
        Throwable root = cause;
        while (root.getCause() != null && root.getMessage() == null) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }
}
