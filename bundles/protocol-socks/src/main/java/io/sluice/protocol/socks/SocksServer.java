package io.sluice.protocol.socks;

import io.sluice.api.protocol.AllowedTargets;
import io.sluice.api.protocol.PlainChannel;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

/**
 * Reads one SOCKS CONNECT request (RFC 1928 for v5; the SOCKS 4 and 4a protocol notes) inside TLS,
 * exactly its bytes and no more, every field bounded, and refuses with the protocol's own reply
 * (so that curl and browsers say why) before the connection closes.
 */
final class SocksServer {

    static final byte V4_GRANTED = 0x5A;
    static final byte V4_REJECTED = 0x5B;
    static final byte V5_SUCCEEDED = 0x00;
    static final byte V5_NOT_ALLOWED = 0x02;
    static final byte V5_HOST_UNREACHABLE = 0x04;
    static final byte V5_COMMAND_NOT_SUPPORTED = 0x07;
    static final byte V5_ADDRESS_TYPE_NOT_SUPPORTED = 0x08;
    /** USERID and 4a host names: SOCKS 4 gives them no length; 255 bytes, as a v5 name. */
    static final int MAX_NAME = 255;

    private SocksServer() {
    }

    static SocksRequest readRequest(PlainChannel client, AllowedTargets allowed) throws IOException {
        int version = byteOf(client);
        if (version == 4) {
            return v4(client, allowed);
        }
        if (version == 5) {
            return v5(client, allowed);
        }
        throw new IOException("socks: not a SOCKS 4 or 5 request (first byte 0x" + Integer.toHexString(version) + ")");
    }

    private static SocksRequest v4(PlainChannel client, AllowedTargets allowed) throws IOException {
        byte[] head = exactly(client, 7); // CMD, DSTPORT, DSTIP
        int command = head[0] & 0xff;
        int port = ((head[1] & 0xff) << 8) | (head[2] & 0xff);
        zeroTerminated(client, "USERID"); // ignored, as stunnel does
        boolean v4a = head[3] == 0 && head[4] == 0 && head[5] == 0 && head[6] != 0;
        String host = v4a ? zeroTerminated(client, "4a host name") : ipv4(head, 3);
        if (command != 1) {
            throw refuse(client, new byte[] {0, V4_REJECTED, 0, 0, 0, 0, 0, 0}, "SOCKS 4 command " + command
                    + " (only CONNECT)");
        }
        return checked(client, allowed, new SocksRequest(4, host, port, false),
                new byte[] {0, V4_REJECTED, 0, 0, 0, 0, 0, 0});
    }

    private static SocksRequest v5(PlainChannel client, AllowedTargets allowed) throws IOException {
        int count = byteOf(client);
        byte[] methods = exactly(client, count);
        boolean noAuthentication = false;
        for (byte method : methods) {
            noAuthentication |= method == 0;
        }
        if (!noAuthentication) {
            throw refuse(client, new byte[] {5, (byte) 0xFF}, "SOCKS 5 client offers no method without authentication");
        }
        client.write(new byte[] {5, 0});
        byte[] head = exactly(client, 4); // VER, CMD, RSV, ATYP
        if (head[0] != 5) {
            throw new IOException("socks: SOCKS 5 request with version " + (head[0] & 0xff));
        }
        int type = head[3] & 0xff;
        String host;
        if (type == 1) {
            host = ipv4(exactly(client, 4), 0);
        } else if (type == 4) {
            host = InetAddress.getByAddress(exactly(client, 16)).getHostAddress();
        } else if (type == 3) {
            byte[] asked = exactly(client, byteOf(client));
            try {
                host = name(asked);
            } catch (IOException e) {
                throw refuse(client, v5Reply(V5_HOST_UNREACHABLE, false), e.getMessage().replaceFirst("^socks: ", ""));
            }
        } else {
            throw refuse(client, v5Reply(V5_ADDRESS_TYPE_NOT_SUPPORTED, false), "SOCKS 5 address type " + type);
        }
        byte[] portBytes = exactly(client, 2);
        int port = ((portBytes[0] & 0xff) << 8) | (portBytes[1] & 0xff);
        if (head[1] != 1) {
            throw refuse(client, v5Reply(V5_COMMAND_NOT_SUPPORTED, type == 4), "SOCKS 5 command " + (head[1] & 0xff)
                    + " (only CONNECT)");
        }
        return checked(client, allowed, new SocksRequest(5, host, port, type == 4), v5Reply(V5_NOT_ALLOWED, type == 4));
    }

    private static SocksRequest checked(PlainChannel client, AllowedTargets allowed, SocksRequest request, byte[] refusal)
            throws IOException {
        if (request.port() == 0 || !allowed.allows(request.host(), request.port())) {
            throw refuse(client, refusal, "CONNECT " + request + " is not in " + SocksNegotiator.ALLOW
                    + (allowed.isEmpty() ? " (empty: nothing is allowed)" : ""));
        }
        return request;
    }

    /** A v5 reply with the bound address all zeros, IPv6-shaped for an IPv6 request as stunnel's. */
    static byte[] v5Reply(byte code, boolean ipv6) {
        byte[] reply = new byte[ipv6 ? 22 : 10];
        reply[0] = 5;
        reply[1] = code;
        reply[3] = (byte) (ipv6 ? 4 : 1);
        return reply;
    }

    private static IOException refuse(PlainChannel client, byte[] reply, String why) throws IOException {
        client.write(reply);
        return new IOException("socks: refused: " + why);
    }

    private static String ipv4(byte[] bytes, int offset) {
        return (bytes[offset] & 0xff) + "." + (bytes[offset + 1] & 0xff) + "." + (bytes[offset + 2] & 0xff) + "."
                + (bytes[offset + 3] & 0xff);
    }

    /** A host name as sent: only the characters of a DNS name (nothing for a log or resolver to trip on). */
    private static String name(byte[] bytes) throws IOException {
        String name = new String(bytes, StandardCharsets.ISO_8859_1);
        if (!name.matches("[A-Za-z0-9._-]{1,253}")) {
            throw new IOException("socks: the requested host is not a DNS name ("
                    + bytes.length + " bytes)");
        }
        return name;
    }

    private static String zeroTerminated(PlainChannel client, String what) throws IOException {
        StringBuilder text = new StringBuilder();
        while (true) {
            int b = byteOf(client);
            if (b == 0) {
                return what.startsWith("4a") ? name(text.toString().getBytes(StandardCharsets.ISO_8859_1)) : text.toString();
            }
            if (text.length() == MAX_NAME) {
                throw new IOException("socks: SOCKS 4 " + what + " longer than " + MAX_NAME + " bytes");
            }
            text.append((char) b);
        }
    }

    private static int byteOf(PlainChannel client) throws IOException {
        return exactly(client, 1)[0] & 0xff;
    }

    static byte[] exactly(PlainChannel client, int length) throws IOException {
        byte[] buffer = new byte[length];
        int done = 0;
        while (done < length) {
            done += client.read(buffer, done, length - done);
        }
        return buffer;
    }
}
