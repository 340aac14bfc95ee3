package io.sluice.protocol.socks;

import io.sluice.api.protocol.AllowedTargets;
import io.sluice.api.protocol.PlainChannel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Client mode, as stunnel's: inside TLS, to a SOCKS server such as stunnel's or Sluice's own, a
 * SOCKS 5 CONNECT (RFC 1928) without authentication to {@code protocolHost}, always sent as a
 * name (ATYP 3), which the server resolves. Only the reply is read: what follows is the target's.
 */
final class SocksClient {

    /** RFC 1928 section 6, the REP field's meanings, by code. */
    private static final List<String> REPLIES = List.of("succeeded", "general SOCKS server failure",
            "connection not allowed by ruleset", "Network unreachable", "Host unreachable", "Connection refused",
            "TTL expired", "Command not supported", "Address type not supported");

    private SocksClient() {
    }

    /**
     * protocolHost as the target: {@code host:port} ({@code [v6]:port}), or a bare port meaning
     * localhost, as stunnel reads it.
     *
     * @throws IllegalArgumentException naming the problem
     */
    static AllowedTargets.Entry target(String protocolHost) {
        if (protocolHost == null || protocolHost.isBlank()) {
            throw new IllegalArgumentException("required in client mode: host:port the SOCKS server connects to");
        }
        String text = protocolHost.trim();
        List<AllowedTargets.Entry> entries = AllowedTargets.parse(text.matches("[0-9]+") ? "localhost:" + text : text)
                .entries();
        if (entries.size() != 1 || entries.get(0).host().startsWith("*.")) {
            throw new IllegalArgumentException("one host:port (IPv6 as [address]:port)");
        }
        return entries.get(0);
    }

    static void connect(PlainChannel server, AllowedTargets.Entry target) throws IOException {
        String shown = (target.host().indexOf(':') >= 0 ? "[" + target.host() + "]" : target.host()) + ":" + target.port();
        server.write(new byte[] {5, 1, 0});
        byte[] method = SocksServer.exactly(server, 2);
        if (method[0] != 5 || method[1] != 0) {
            throw new IOException("socks: the server does not take SOCKS 5 without authentication (it answered "
                    + hex(method) + ")");
        }
        byte[] name = target.host().getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[7 + name.length];
        request[0] = 5;
        request[1] = 1; // CONNECT
        request[3] = 3; // DOMAINNAME
        request[4] = (byte) name.length;
        System.arraycopy(name, 0, request, 5, name.length);
        request[5 + name.length] = (byte) (target.port() >> 8);
        request[6 + name.length] = (byte) target.port();
        server.write(request);

        byte[] head = SocksServer.exactly(server, 4); // VER, REP, RSV, ATYP
        if (head[0] != 5) {
            throw new IOException("socks: not a SOCKS 5 reply to CONNECT " + shown + " (" + hex(head) + ")");
        }
        int rep = head[1] & 0xff;
        if (rep != 0) {
            throw new IOException("socks: CONNECT " + shown + " refused by the SOCKS server: "
                    + (rep < REPLIES.size() ? REPLIES.get(rep) : "unassigned reply") + " (reply " + rep + ")");
        }
        int type = head[3] & 0xff;
        int address = type == 1 ? 4 : type == 4 ? 16 : type == 3 ? SocksServer.exactly(server, 1)[0] & 0xff : -1;
        if (address < 0) {
            throw new IOException("socks: SOCKS 5 reply with address type " + type);
        }
        SocksServer.exactly(server, address + 2); // BND.ADDR and BND.PORT: nothing to do with them
    }

    private static String hex(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        for (byte b : bytes) {
            text.append(text.length() == 0 ? "" : " ").append(String.format("%02x", b & 0xff));
        }
        return text.toString();
    }
}
