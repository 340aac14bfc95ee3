package io.sluice.protocol.connect;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code host:port} authority as CONNECT names it (RFC 9110 9.3.6: the request target is
 * {@code uri-host ":" port}). IPv6 literals are bracketed, {@code [::1]:443}.
 *
 * @param host the host without brackets: a DNS name, an IPv4 or an IPv6 literal
 */
record HostPort(String host, int port) {

    /**
     * Only the characters of a DNS name or an address literal: anything else (spaces, CR LF)
     * would let a configured or requested value inject text into the request line or headers.
     */
    private static final Pattern AUTHORITY = Pattern.compile(
            "(?:\\[([0-9A-Fa-f:.]{2,45})\\]|([A-Za-z0-9._-]{1,253})):([0-9]{1,5})");

    /** @param what names the value in the error message (an option, or "the request") */
    static HostPort parse(String text, String what) throws IOException {
        Matcher m = AUTHORITY.matcher(text == null ? "" : text);
        int port = m.matches() ? Integer.parseInt(m.group(3)) : 0;
        if (port < 1 || port > 65535) {
            throw new IOException("connect: " + what + " = " + HttpLines.printable(String.valueOf(text))
                    + " is not host:port (IPv6 as [address]:port)");
        }
        return new HostPort(m.group(1) != null ? m.group(1) : m.group(2), port);
    }

    /** The authority as written on the wire. */
    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
