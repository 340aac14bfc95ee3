package io.sluice.transport.mina;

import io.sluice.api.protocol.PlainChannel;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a PROXY protocol header (HAProxy's proxy-protocol.txt, v1 and v2) and nothing after it:
 * what follows belongs to the client's stream (its TLS ClientHello). Sizes are bounded: v1 by the
 * specification's 107 bytes, v2 by {@link #MAX_V2_BODY} (addresses and TLVs, which are skipped).
 */
final class ProxyHeaderReader {

    /** What the header said; both null for v1 UNKNOWN and v2 LOCAL (the connection is the load balancer's own). */
    record Header(int version, InetSocketAddress client, InetSocketAddress local) {
    }

    static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
    private static final byte[] V1_START = "PROXY ".getBytes(StandardCharsets.US_ASCII);
    /** The specification's longest v1 line, CR LF included. */
    static final int MAX_V1 = 107;
    /** HAProxy itself sends a few hundred bytes of TLVs; more is refused. */
    static final int MAX_V2_BODY = 4096;

    private ProxyHeaderReader() {
    }

    static Header read(PlainChannel in) throws IOException {
        byte[] first = new byte[1];
        exactly(in, first, 0, 1);
        if (first[0] == 'P') {
            return v1(in);
        }
        if (first[0] == V2_SIGNATURE[0]) {
            return v2(in);
        }
        throw new IOException("no PROXY header: the connection starts with " + hex(first[0] & 0xff));
    }

    private static Header v1(PlainChannel in) throws IOException {
        byte[] line = new byte[MAX_V1];
        line[0] = 'P';
        int n = 1;
        while (true) {
            if (n == MAX_V1) {
                throw new IOException("bad PROXY v1 header: no CR LF within " + MAX_V1 + " bytes");
            }
            exactly(in, line, n, 1);
            n++;
            if (n <= V1_START.length && line[n - 1] != V1_START[n - 1]) {
                throw new IOException("no PROXY header: the connection starts with '" + Logged.text(
                        new String(line, 0, n, StandardCharsets.ISO_8859_1)) + "'");
            }
            if (n >= 2 && line[n - 2] == '\r' && line[n - 1] == '\n') {
                break;
            }
        }
        String text = new String(line, 0, n - 2, StandardCharsets.US_ASCII);
        String[] f = text.split(" ", -1);
        if (f.length >= 2 && f[1].equals("UNKNOWN")) {
            return new Header(1, null, null);
        }
        if (f.length != 6 || !(f[1].equals("TCP4") || f[1].equals("TCP6"))) {
            throw new IOException("bad PROXY v1 header: '" + Logged.text(text) + "'");
        }
        boolean v6 = f[1].equals("TCP6");
        try {
            return new Header(1, new InetSocketAddress(address(f[2], v6), port(f[4])),
                    new InetSocketAddress(address(f[3], v6), port(f[5])));
        } catch (IllegalArgumentException e) {
            throw new IOException("bad PROXY v1 header: '" + Logged.text(text) + "': " + e.getMessage());
        }
    }

    private static Header v2(PlainChannel in) throws IOException {
        byte[] head = new byte[16];
        head[0] = V2_SIGNATURE[0];
        exactly(in, head, 1, 11);
        if (!Arrays.equals(head, 0, 12, V2_SIGNATURE, 0, 12)) {
            throw new IOException("no PROXY header: the connection starts with " + hex(head[0] & 0xff) + " "
                    + hex(head[1] & 0xff) + " ... (not the v2 signature)");
        }
        exactly(in, head, 12, 4);
        int version = (head[12] & 0xf0) >> 4;
        int command = head[12] & 0x0f;
        int family = head[13] & 0xff;
        int length = ((head[14] & 0xff) << 8) | (head[15] & 0xff);
        if (version != 2 || command > 1) {
            throw new IOException("bad PROXY v2 header: version " + version + ", command " + command);
        }
        if (length > MAX_V2_BODY) {
            throw new IOException("bad PROXY v2 header: " + length + " bytes of addresses and TLVs (at most "
                    + MAX_V2_BODY + ")");
        }
        byte[] body = new byte[length];
        exactly(in, body, 0, length);
        if (command == 0) {
            return new Header(2, null, null); // LOCAL: the load balancer's own connection (a health check)
        }
        int size = family == 0x11 ? 4 : family == 0x21 ? 16 : -1;
        if (size < 0) {
            if (family == 0x00) {
                return new Header(2, null, null); // UNSPEC: the receiver uses the real connection's addresses
            }
            throw new IOException("bad PROXY v2 header: family/transport 0x" + Integer.toHexString(family)
                    + " (only TCP over IPv4 or IPv6)");
        }
        if (length < 2 * size + 4) {
            throw new IOException("bad PROXY v2 header: " + length + " bytes cannot hold two addresses of " + size);
        }
        InetAddress source = InetAddress.getByAddress(Arrays.copyOfRange(body, 0, size));
        InetAddress destination = InetAddress.getByAddress(Arrays.copyOfRange(body, size, 2 * size));
        int sourcePort = ((body[2 * size] & 0xff) << 8) | (body[2 * size + 1] & 0xff);
        int destinationPort = ((body[2 * size + 2] & 0xff) << 8) | (body[2 * size + 3] & 0xff);
        return new Header(2, new InetSocketAddress(source, sourcePort), new InetSocketAddress(destination, destinationPort));
    }

    private static void exactly(PlainChannel in, byte[] buffer, int offset, int length) throws IOException {
        int done = 0;
        while (done < length) {
            done += in.read(buffer, offset + done, length - done);
        }
    }

    /** A literal of the header's family, never a name (no DNS lookup on a peer's word). */
    private static InetAddress address(String text, boolean v6) {
        boolean ok = v6 ? text.matches("[0-9A-Fa-f:.]{2,45}") && text.contains(":") : isIpv4(text);
        if (!ok) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv" + (v6 ? "6" : "4") + " address");
        }
        try {
            InetAddress parsed = InetAddress.getByName(text);
            if ((parsed.getAddress().length == 16) != v6) {
                throw new IllegalArgumentException("'" + text + "' is not an IPv" + (v6 ? "6" : "4") + " address");
            }
            return parsed;
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "' is not an address");
        }
    }

    /** Dotted quad with each part 0-255: anything else would make InetAddress look the text up in DNS. */
    static boolean isIpv4(String text) {
        if (!text.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return false;
        }
        for (String part : text.split("\\.")) {
            if (Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    private static int port(String text) {
        if (!text.matches("\\d{1,5}") || Integer.parseInt(text) > 65535) {
            throw new IllegalArgumentException("'" + text + "' is not a port");
        }
        return Integer.parseInt(text);
    }

    private static String hex(int b) {
        return String.format("0x%02x", b);
    }
}
