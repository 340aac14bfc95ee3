package io.sluice.transport.mina;

import java.security.cert.CertificateException;

/** Causes as stunnel prints them. */
final class Causes {

    private Causes() {
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
