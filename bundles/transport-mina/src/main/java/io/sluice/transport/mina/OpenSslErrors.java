package io.sluice.transport.mina;

import java.security.cert.CertificateException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * OpenSSL 3's error for a failed handshake, found in what SunJSSE, BCJSSE or BoringSSL threw: stunnel prints it
 * after {@code SSL_accept:} and fail2ban filters and operators grep its reason phrase
 * ({@code peer did not return a certificate}, {@code wrong version number}, ...). Codes and phrases
 * are OpenSSL's own ({@code openssl errstr 0A0000C7}); an alert the peer sent is OpenSSL's
 * "SSL alert number" error, 1000 + the alert's number.
 */
final class OpenSslErrors {

    /** One OpenSSL error, printed as {@code error:0A0000C7:SSL routines::peer did not return a certificate}. */
    record Error(int code, String reason) {
        String text() {
            return String.format(Locale.ROOT, "error:%08X:SSL routines::%s", code, reason);
        }
    }

    static final Error NO_CERTIFICATE = new Error(0x0A0000C7, "peer did not return a certificate");
    static final Error VERIFY_FAILED = new Error(0x0A000086, "certificate verify failed");
    static final Error NO_SHARED_CIPHER = new Error(0x0A0000C1, "no shared cipher");
    static final Error NO_SUITABLE_KEY_SHARE = new Error(0x0A000065, "no suitable key share");
    static final Error UNSUPPORTED_PROTOCOL = new Error(0x0A000102, "unsupported protocol");
    static final Error WRONG_VERSION = new Error(0x0A00010B, "wrong version number");
    static final Error BAD_RECORD_MAC = new Error(0x0A000119, "decryption failed or bad record mac");
    static final Error BINDER = new Error(0x0A0000FD, "binder does not verify");
    static final Error HTTP_REQUEST = new Error(0x0A00009C, "http request");
    static final Error HTTPS_PROXY_REQUEST = new Error(0x0A00009B, "https proxy request");

    /** What the providers say for a failure OpenSSL has a reason of its own for; the first match counts. */
    private static final List<Local> LOCAL = List.of(
            new Local(NO_CERTIFICATE, "Empty client certificate chain", "certificate_required(116)"),
            new Local(NO_SHARED_CIPHER, "no cipher suites in common", "no selectable cipher suite"),
            new Local(UNSUPPORTED_PROTOCOL, "is not enabled or supported in server context",
                    "are not accepted by server preferences", "is not accepted by client preferences",
                    "No appropriate protocol", "protocol_version(70)"),
            // The last: Netty's engine (the openssl provider) before BoringSSL sees the bytes.
            new Local(WRONG_VERSION, "Unrecognized SSL message", "Unsupported or unrecognized SSL message",
                    "Unsupported UNKNOWN(", "Unsupported SSLv2Hello", "not an SSL/TLS record"),
            // Sluice's PSK engine adds the hint only to a failed binder or Finished check in the handshake.
            new Local(BINDER, "decrypt_error(51): Failed to process record (do both sides hold the same pre-shared key?)"),
            new Local(BAD_RECORD_MAC, "bad_record_mac(20)", "Tag mismatch", "bad record MAC"));

    private record Local(Error error, String... says) {
    }

    /** The alerts of RFC 8446 and 5246 by number, with OpenSSL's phrase for one received. */
    private static final List<Alert> ALERTS = List.of(
            new Alert(10, "unexpected_message", "sslv3 alert unexpected message"),
            new Alert(20, "bad_record_mac", "sslv3 alert bad record mac"),
            new Alert(21, "decryption_failed", "tlsv1 alert decryption failed"),
            new Alert(22, "record_overflow", "tlsv1 alert record overflow"),
            new Alert(30, "decompression_failure", "sslv3 alert decompression failure"),
            new Alert(40, "handshake_failure", "sslv3 alert handshake failure"),
            new Alert(41, "no_certificate", "sslv3 alert no certificate"),
            new Alert(42, "bad_certificate", "sslv3 alert bad certificate"),
            new Alert(43, "unsupported_certificate", "sslv3 alert unsupported certificate"),
            new Alert(44, "certificate_revoked", "sslv3 alert certificate revoked"),
            new Alert(45, "certificate_expired", "sslv3 alert certificate expired"),
            new Alert(46, "certificate_unknown", "sslv3 alert certificate unknown"),
            new Alert(47, "illegal_parameter", "sslv3 alert illegal parameter"),
            new Alert(48, "unknown_ca", "tlsv1 alert unknown ca"),
            new Alert(49, "access_denied", "tlsv1 alert access denied"),
            new Alert(50, "decode_error", "tlsv1 alert decode error"),
            new Alert(51, "decrypt_error", "tlsv1 alert decrypt error"),
            new Alert(70, "protocol_version", "tlsv1 alert protocol version"),
            new Alert(71, "insufficient_security", "tlsv1 alert insufficient security"),
            new Alert(80, "internal_error", "tlsv1 alert internal error"),
            new Alert(86, "inappropriate_fallback", "tlsv1 alert inappropriate fallback"),
            new Alert(90, "user_canceled", "tlsv1 alert user cancelled"),
            new Alert(100, "no_renegotiation", "tlsv1 alert no renegotiation"),
            new Alert(109, "missing_extension", "tlsv13 alert missing extension"),
            new Alert(110, "unsupported_extension", "tlsv1 unsupported extension"),
            new Alert(112, "unrecognized_name", "tlsv1 unrecognized name"),
            new Alert(115, "unknown_psk_identity", "tlsv1 alert unknown psk identity"),
            new Alert(116, "certificate_required", "tlsv13 alert certificate required"),
            new Alert(120, "no_application_protocol", "tlsv1 alert no application protocol"));

    private record Alert(int number, String name, String phrase) {
    }

    /** SunJSSE: "Received fatal alert: NAME"; BCJSSE: a TlsFatalAlertReceived "NAME(NUMBER)". */
    private static final Pattern JSSE_RECEIVED = Pattern.compile("Received fatal alert: ([a-z_0-9]+)");
    private static final Pattern BC_RECEIVED = Pattern.compile("TlsFatalAlertReceived: ([a-z_0-9]+)\\(\\d+\\)");
    /** BoringSSL's error string (the openssl provider): its reason is OpenSSL's phrase in capitals, '_' for ' '. */
    private static final Pattern BORINGSSL = Pattern.compile("SSL routines:OPENSSL_internal:([A-Z0-9_]+)");
    /** OpenSSL's errors that BoringSSL raises under the same name (an alert it received: {@link #ALERTS}). */
    private static final List<Error> BORINGSSL_ALIKE = List.of(NO_CERTIFICATE, VERIFY_FAILED, NO_SHARED_CIPHER,
            UNSUPPORTED_PROTOCOL, WRONG_VERSION, BAD_RECORD_MAC);

    private OpenSslErrors() {
    }

    /** OpenSSL's error for this handshake failure; empty where OpenSSL has no reason that says the same. */
    static Optional<Error> of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PlaintextRequest plaintext) {
                return Optional.of(plaintext.error);
            }
            if (t instanceof CertificateException) {
                return Optional.of(VERIFY_FAILED); // the peer's chain, name, allow list or revocation check
            }
            if (bcHandshakeFailure(t, "notifyClientCertificate", false)) {
                return Optional.of(NO_CERTIFICATE);
            }
            if (bcHandshakeFailure(t, "generate13ServerHello", true)) {
                return Optional.of(NO_SUITABLE_KEY_SHARE);
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            Optional<Error> received = received(t);
            if (received.isPresent()) {
                return received;
            }
            Optional<Error> boringSsl = boringSsl(t);
            if (boringSsl.isPresent()) {
                return boringSsl;
            }
        }
        for (Local local : LOCAL) {
            for (Throwable t = failure; t != null; t = t.getCause()) {
                for (String says : local.says()) {
                    if (t.getMessage() != null && t.getMessage().contains(says)) {
                        return Optional.of(local.error());
                    }
                }
            }
        }
        return Optional.empty();
    }

    /**
     * OpenSSL sends no alert when the first record is no TLS at all ("Doesn't look like TLS - don't
     * send an alert", ssl3_record.c): stunnel then resets the socket, where it closes it after one.
     */
    static boolean noAlert(Throwable failure) {
        Optional<Error> error = of(failure);
        return error.isPresent() && List.of(WRONG_VERSION, HTTP_REQUEST, HTTPS_PROXY_REQUEST).contains(error.get());
    }

    /**
     * The peer's certificate is revoked: stunnel says so first, as OpenSSL's verification error
     * ({@code CERT: Pre-verification error: certificate revoked}). Sluice's CRL and OCSP checks say
     * "is revoked (" in their refusal.
     */
    static boolean revoked(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof CertificateException && t.getMessage() != null && t.getMessage().contains(" is revoked (")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Sluice's words after the error, where the provider's are only the alert's name; else the provider's.
     */
    static String explained(Throwable failure, String reason) {
        if (of(failure).filter(NO_SUITABLE_KEY_SHARE::equals).isPresent()) {
            return "the client offers none of the tunnel's key-exchange groups (curves) (" + reason + ")";
        }
        return reason;
    }

    /**
     * BCJSSE says a bare handshake_failure(40) with no words for a TLS 1.2 client without a
     * certificate (TLS 1.3: certificate_required) and, in TLS 1.3, for a client that shares no
     * key-exchange group with the server (bctls 1.84: the only bare one that generate13ServerHello
     * raises itself): only where it was raised tells these from other failures.
     */
    private static boolean bcHandshakeFailure(Throwable t, String raisedIn, boolean itself) {
        if (!t.getClass().getSimpleName().equals("TlsFatalAlert") || t.getMessage() == null
                || !t.getMessage().startsWith("handshake_failure(40)")) {
            return false;
        }
        StackTraceElement[] frames = t.getStackTrace();
        for (int i = 0; i < (itself ? Math.min(1, frames.length) : frames.length); i++) {
            if (frames[i].getMethodName().equals(raisedIn)) {
                return true;
            }
        }
        return false;
    }

    private static Optional<Error> boringSsl(Throwable t) {
        Matcher reason = BORINGSSL.matcher(String.valueOf(t.getMessage()));
        if (!reason.find()) {
            return Optional.empty();
        }
        String name = reason.group(1);
        Optional<Error> local = BORINGSSL_ALIKE.stream().filter(error -> capitals(error.reason()).equals(name)).findFirst();
        return local.isPresent() ? local : ALERTS.stream().filter(alert -> capitals(alert.phrase()).equals(name))
                .findFirst().map(OpenSslErrors::alertError);
    }

    private static String capitals(String phrase) {
        return phrase.toUpperCase(Locale.ROOT).replace(' ', '_');
    }

    private static Error alertError(Alert alert) {
        return new Error(0x0A000000 + 1000 + alert.number(), alert.phrase());
    }

    private static Optional<Error> received(Throwable t) {
        String message = t.getMessage();
        if (message == null) {
            return Optional.empty();
        }
        Matcher jsse = JSSE_RECEIVED.matcher(message);
        Matcher bc = BC_RECEIVED.matcher(t.getClass().getSimpleName() + ": " + message);
        Matcher bcWrapped = BC_RECEIVED.matcher(message);
        String name = jsse.find() ? jsse.group(1) : bc.find() ? bc.group(1) : bcWrapped.find() ? bcWrapped.group(1) : null;
        if (name == null) {
            return Optional.empty();
        }
        return ALERTS.stream().filter(alert -> alert.name().equals(name)).findFirst()
                .map(OpenSslErrors::alertError);
    }
}
