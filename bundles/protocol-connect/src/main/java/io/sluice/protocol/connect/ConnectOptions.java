package io.sluice.protocol.connect;

import static io.sluice.protocol.connect.ConnectNegotiator.ALLOW;
import static io.sluice.protocol.connect.ConnectNegotiator.AUTHENTICATION;
import static io.sluice.protocol.connect.ConnectNegotiator.HEADER;
import static io.sluice.protocol.connect.ConnectNegotiator.HOST;
import static io.sluice.protocol.connect.ConnectNegotiator.PASSWORD;
import static io.sluice.protocol.connect.ConnectNegotiator.USERNAME;

import io.sluice.api.TunnelKey;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code protocol*} keys of {@code protocol = connect} and their checks when a tunnel is
 * configured: the same rules {@link ConnectNegotiator} applies per connection, so that a value
 * no connection could use is refused once, at once, instead of on every connection.
 */
final class ConnectOptions {

    static final List<TunnelKey> KEYS = List.of(
            TunnelKey.client(HOST, TunnelKey.Type.ADDRESS, TunnelKey.REQUIRED,
                    "the real server's host:port, asked of the proxy and checked by TLS"),
            TunnelKey.client(USERNAME, TunnelKey.Type.STRING, TunnelKey.NONE, "Basic proxy authentication: the user"),
            TunnelKey.client(PASSWORD, TunnelKey.Type.PASSWORD, TunnelKey.NONE,
                    "Basic proxy authentication: the password"),
            TunnelKey.client(AUTHENTICATION, TunnelKey.Type.CHOICE, "basic", "the proxy authentication scheme: basic only"),
            TunnelKey.client(HEADER, TunnelKey.Type.STRING, TunnelKey.NONE,
                    "extra 'Name: value' lines of the CONNECT request, in order, separated by line feeds"),
            TunnelKey.server(ALLOW, TunnelKey.Type.LIST, "none: nothing allowed",
                    "the host:port targets clients may ask for; *.domain:port for any name below domain"));

    /**
     * Why NTLM is refused: the issue allows it only through a maintained library, and Java has none
     * (Apache HttpClient 5 deprecated its NTLM scheme; JCIFS is unmaintained, its forks small).
     */
    static final String NTLM_REFUSED = "not supported (NTLM proxy authentication: no maintained Java library"
            + " implements it, Apache HttpClient 5 deprecated its own; only basic)";

    private ConnectOptions() {
    }

    /** The reason a scheme other than basic is refused. */
    static String schemeRefused(String scheme) {
        return "ntlm".equalsIgnoreCase(scheme) ? NTLM_REFUSED : "not supported (only basic)";
    }

    static void validate(boolean client, Map<String, String> options) {
        if (options.containsKey("protocolDomain")) {
            throw refused("protocolDomain", options.get("protocolDomain"),
                    NTLM_REFUSED);
        }
        if (client) {
            validateClient(options);
        } else if (options.containsKey(ALLOW)) {
            validateAllowList(options.get(ALLOW));
        }
    }

    private static void validateClient(Map<String, String> options) {
        String host = options.get(HOST);
        if (host == null) {
            throw refused(HOST, "", "required in client mode: host:port of the server behind the proxy");
        }
        try {
            HostPort.parse(host, HOST);
        } catch (IOException e) {
            throw refused(HOST, host, "not host:port (IPv6 as [address]:port)");
        }
        String scheme = options.get(AUTHENTICATION);
        if (scheme != null && !"basic".equalsIgnoreCase(scheme)) {
            throw refused(AUTHENTICATION, scheme, schemeRefused(scheme));
        }
        String user = options.get(USERNAME);
        String password = options.get(PASSWORD);
        if (user != null && password == null) {
            throw refused(USERNAME, user, "set " + PASSWORD + " too (both or neither)");
        }
        if (password != null && user == null) {
            throw refused(PASSWORD, password, "set " + USERNAME + " too (both or neither)");
        }
        if (user != null && user.indexOf(':') >= 0) {
            throw refused(USERNAME, user, "must not contain ':' (RFC 7617)");
        }
        try {
            ProtocolHeaders.parse(options.get(HEADER));
        } catch (IllegalArgumentException e) {
            throw refused(HEADER, options.get(HEADER), e.getMessage());
        }
    }

    private static void validateAllowList(String value) {
        try {
            AllowList.parse(value);
        } catch (IOException e) {
            // HostPort's message names the entry: "connect: protocolAllow = ENTRY is not host:port ..."
            throw refused(ALLOW, value, e.getMessage().replaceFirst("^connect: " + ALLOW + " = ", "entry "));
        }
    }

    private static IllegalArgumentException refused(String key, String value, String problem) {
        String shown = key.toLowerCase(Locale.ROOT).contains("password") ? "****" : HttpLines.printable(value);
        return new IllegalArgumentException(key + " = " + shown + ": " + problem);
    }
}
