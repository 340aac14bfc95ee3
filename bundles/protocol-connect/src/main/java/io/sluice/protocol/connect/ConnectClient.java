package io.sluice.protocol.connect;

import io.sluice.api.protocol.PlainChannel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Client mode (RFC 9110 9.3.6, as stunnel's protocol = connect): Sluice asks the proxy it
 * connected to for a tunnel to the real server, and TLS then runs through that tunnel. The local
 * client sees none of it: it gets the TLS server's data, or a closed connection.
 */
final class ConnectClient {

    /** {@code HTTP/1.x SP 3DIGIT [SP reason]}; stunnel takes only 1.0 and 1.1 as well. */
    private static final Pattern STATUS = Pattern.compile("HTTP/1\\.[01] ([0-9]{3})(?: .*)?");

    private ConnectClient() {
    }

    /**
     * @param proxy         the proxy; TLS starts on it when this returns
     * @param target        the real server, sent in the request line and the Host header
     * @param authorization a {@code Proxy-Authorization} value, or null
     * @param headers       protocolHeader's lines, sent last, in order, as stunnel sends them
     */
    static void negotiate(PlainChannel proxy, HostPort target, String authorization, List<String> headers)
            throws IOException {
        List<String> head = new ArrayList<>();
        head.add("CONNECT " + target + " HTTP/1.1");
        head.add("Host: " + target);
        if (authorization != null) {
            head.add("Proxy-Authorization: " + authorization);
        }
        head.addAll(headers);
        head.add("");
        HttpLines.write(proxy, head.toArray(String[]::new));

        String statusLine = HttpLines.read(proxy);
        Matcher status = STATUS.matcher(statusLine);
        if (!status.matches()) {
            throw new IOException("connect: the proxy's reply is not an HTTP/1.x status line: '"
                    + HttpLines.printable(statusLine) + "'");
        }
        int code = Integer.parseInt(status.group(1));
        if (code / 100 != 2) {
            throw new IOException("connect: the proxy refused CONNECT " + target + ": '"
                    + HttpLines.printable(statusLine) + "'" + hint(code, authorization != null));
        }
        HttpLines.skipHeaders(proxy, "the proxy");
        // A TLS server waits for the ClientHello: bytes already here came from the proxy itself
        // and would otherwise pass for the start of the server's TLS stream.
        if (proxy.hasBufferedInput()) {
            throw new IOException("connect: the proxy sent data after its " + code + " reply, before TLS: refused");
        }
    }

    private static String hint(int code, boolean authorized) {
        if (code != 407) {
            return "";
        }
        return authorized ? " (protocolUsername/protocolPassword were rejected)"
                : " (it wants credentials: set protocolUsername and protocolPassword)";
    }
}
