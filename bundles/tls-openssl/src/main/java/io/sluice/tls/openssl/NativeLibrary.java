package io.sluice.tls.openssl;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;

/**
 * Whether netty-tcnative's BoringSSL library loaded. Netty loads it once per class loader, through
 * the Bundle-NativeCode of the netty-tcnative-boringssl-static fragment attached to
 * netty-tcnative-classes (the OSGi framework extracts the .so for that bundle's class loader), and
 * remembers a failure with its cause.
 */
final class NativeLibrary {

    private NativeLibrary() {
    }

    static boolean available() {
        return OpenSsl.isAvailable() && OpenSsl.versionString() != null
                && OpenSsl.versionString().startsWith("BoringSSL");
    }

    static String version() {
        return OpenSsl.versionString() + " (netty-tcnative), TLS 1.3 " + (SslProvider.isTlsv13Supported(SslProvider.OPENSSL) ? "on" : "off");
    }

    /** Why the provider cannot run, for the refusal of a tunnel that asks for it. */
    static String unavailable() {
        if (!OpenSsl.isAvailable()) {
            Throwable cause = OpenSsl.unavailabilityCause();
            return "the native BoringSSL library (netty-tcnative-boringssl-static for " + System.getProperty("os.name")
                    + "/" + System.getProperty("os.arch") + ") cannot be loaded: " + describe(cause);
        }
        return "netty-tcnative loaded " + OpenSsl.versionString() + ", not BoringSSL";
    }

    private static String describe(Throwable cause) {
        if (cause == null) {
            return "no reason given";
        }
        StringBuilder text = new StringBuilder(String.valueOf(cause));
        for (Throwable c = cause.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            text.append("; caused by ").append(c);
        }
        return text.toString();
    }
}
