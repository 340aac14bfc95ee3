package io.sluice.protocol.smtp;

import io.sluice.api.TunnelKey;
import io.sluice.api.protocol.PlainChannel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Client mode, stunnel's "late" SMTP AUTH (RFC 4954): once TLS is up with the server, and only
 * when {@code protocolUsername} and {@code protocolPassword} are set, Sluice sends
 * {@code EHLO protocolHost} and then {@code AUTH PLAIN} (RFC 4616) or {@code AUTH LOGIN}, and
 * needs {@code 235}; the local client then goes on unauthenticated-looking but authenticated.
 * The credentials never travel before TLS.
 *
 * @param login {@code protocolAuthentication = login}; otherwise PLAIN
 */
record SmtpAuth(String user, String password, boolean login) {

    static final String USERNAME = "protocolUsername";
    static final String PASSWORD = "protocolPassword";
    static final String AUTHENTICATION = "protocolAuthentication";

    static final List<TunnelKey> KEYS = List.of(
            TunnelKey.of(SmtpNegotiator.HOST, TunnelKey.Type.STRING, SmtpNegotiator.DEFAULT_HOST,
                    "client: the name sent in EHLO; server: the domain in the greeting and the EHLO reply"),
            TunnelKey.client(USERNAME, TunnelKey.Type.STRING, TunnelKey.NONE, "SMTP AUTH after STARTTLS: the user"),
            TunnelKey.client(PASSWORD, TunnelKey.Type.PASSWORD, TunnelKey.NONE, "SMTP AUTH after STARTTLS: the password"),
            TunnelKey.client(AUTHENTICATION, TunnelKey.Type.CHOICE, "plain",
                    "SMTP AUTH mechanism: plain or login (stunnel's basic, its default, is plain)"));

    /** The mechanisms by their key value; {@code basic} is stunnel's default value of the key, which means PLAIN for smtp. */
    private static final List<String> MECHANISMS = List.of("plain", "login", "basic");

    /** The credentials configured, or null when there are none (no AUTH, as stunnel). */
    static SmtpAuth of(Map<String, String> options) {
        String user = options.get(USERNAME);
        String password = options.get(PASSWORD);
        if (user == null || password == null) {
            return null;
        }
        return new SmtpAuth(user, password, "login".equalsIgnoreCase(options.get(AUTHENTICATION)));
    }

    static void validate(Map<String, String> options) {
        String user = options.get(USERNAME);
        String password = options.get(PASSWORD);
        if (user != null && password == null) {
            throw refused(USERNAME, user, "set " + PASSWORD + " too (SMTP AUTH needs both)");
        }
        if (password != null && user == null) {
            throw refused(PASSWORD, password, "set " + USERNAME + " too (SMTP AUTH needs both)");
        }
        String mechanism = options.get(AUTHENTICATION);
        if (mechanism != null && !MECHANISMS.contains(mechanism.toLowerCase(Locale.ROOT))) {
            throw refused(AUTHENTICATION, mechanism, "expected one of plain, login");
        }
        if (mechanism != null && user == null) {
            throw refused(AUTHENTICATION, mechanism, "needs " + USERNAME + " and " + PASSWORD);
        }
        for (String key : List.of(USERNAME, PASSWORD)) {
            String value = options.get(key);
            if (value != null && (value.isEmpty() || value.indexOf('\0') >= 0 || value.indexOf('\r') >= 0
                    || value.indexOf('\n') >= 0)) {
                throw refused(key, value, "must not be empty nor hold NUL, CR or LF");
            }
        }
    }

    /** Inside TLS with the server: EHLO, then AUTH; fails unless the server answers 235. */
    void authenticate(PlainChannel server, String ehloName) throws IOException {
        Lines.write(server, "EHLO " + ehloName);
        Reply.read(server).require(250, "to EHLO inside TLS");
        if (login) {
            Lines.write(server, "AUTH LOGIN");
            Reply.read(server).require(334, "to AUTH LOGIN");
            Lines.write(server, base64(user));
            Reply.read(server).require(334, "to the AUTH LOGIN user name");
            Lines.write(server, base64(password));
            Reply.read(server).require(235, "to the AUTH LOGIN password");
        } else {
            Lines.write(server, "AUTH PLAIN " + base64("\0" + user + "\0" + password));
            Reply.read(server).require(235, "to AUTH PLAIN");
        }
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static IllegalArgumentException refused(String key, String value, String problem) {
        String shown = key.toLowerCase(Locale.ROOT).contains("password") ? "****" : Lines.printable(value);
        return new IllegalArgumentException(key + " = " + shown + ": " + problem);
    }

    /** Never the password: a record's toString would show it. */
    @Override
    public String toString() {
        return "SmtpAuth[user=" + user + ", " + (login ? "LOGIN" : "PLAIN") + "]";
    }
}
