package io.sluice.protocol.connect;

import io.sluice.api.protocol.PlainChannel;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Server mode: Sluice is an HTTP CONNECT proxy inside TLS. After the handshake the client asks
 * for {@code CONNECT host:port}; a target on the allow-list is connected, and once it is, the
 * client gets {@code 200 Connection established} and the relay starts. Every refusal is an HTTP
 * answer, so that curl and browsers show why.
 */
final class ConnectServer {

    /** {@code METHOD SP target SP HTTP/1.x}. */
    private static final Pattern REQUEST = Pattern.compile("([A-Za-z]+) (\\S+) HTTP/1\\.[01]");

    static final String ESTABLISHED = "HTTP/1.1 200 Connection established";

    private ConnectServer() {
    }

    /** Reads the request and answers the target to connect to; refuses (answered, then thrown) otherwise. */
    static HostPort readRequest(PlainChannel client, AllowList allowed) throws IOException {
        String requestLine = HttpLines.read(client);
        Matcher m = REQUEST.matcher(requestLine);
        if (!m.matches()) {
            throw refuse(client, "400 Bad Request", "not an HTTP/1.x request line: '" + HttpLines.printable(requestLine) + "'");
        }
        HttpLines.skipHeaders(client, "the client");
        if (!"CONNECT".equals(m.group(1))) {
            throw refuse(client, "405 Method Not Allowed", "method " + HttpLines.printable(m.group(1)) + " (only CONNECT)");
        }
        HostPort target;
        try {
            target = HostPort.parse(m.group(2), "the request target");
        } catch (IOException e) {
            throw refuse(client, "400 Bad Request", e.getMessage());
        }
        if (!allowed.allows(target)) {
            throw refuse(client, "403 Forbidden", "CONNECT " + target + " is not in " + ConnectNegotiator.ALLOW
                    + (allowed.isEmpty() ? " (empty: nothing is allowed)" : ""));
        }
        return target;
    }

    static void established(PlainChannel client) throws IOException {
        HttpLines.write(client, ESTABLISHED, "");
    }

    private static IOException refuse(PlainChannel client, String status, String why) throws IOException {
        HttpLines.write(client, "HTTP/1.1 " + status, "Content-Length: 0", "Connection: close", "");
        return new IOException("connect: refused with " + status.substring(0, 3) + ": " + why);
    }
}
