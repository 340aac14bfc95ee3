package io.sluice.protocol.proxy;

import io.sluice.api.protocol.ConnectionFacts;
import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The binary header (HAProxy's proxy-protocol.txt, section 2.2) with the TLVs HAProxy sends with
 * {@code send-proxy-v2-ssl} and {@code proxy-v2-options ssl-cipher,authority}: ALPN, AUTHORITY (the
 * SNI), and SSL with the client flags, the verify result and the sub-TLVs version, CN and cipher.
 */
final class ProxyV2 {

    static final byte[] SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    static final int PP2_TYPE_ALPN = 0x01;
    static final int PP2_TYPE_AUTHORITY = 0x02;
    static final int PP2_TYPE_SSL = 0x20;
    static final int PP2_SUBTYPE_SSL_VERSION = 0x21;
    static final int PP2_SUBTYPE_SSL_CN = 0x22;
    static final int PP2_SUBTYPE_SSL_CIPHER = 0x23;
    static final int PP2_CLIENT_SSL = 0x01;
    static final int PP2_CLIENT_CERT_CONN = 0x02;
    static final int PP2_CLIENT_CERT_SESS = 0x04;

    private ProxyV2() {
    }

    static byte[] header(ConnectionFacts facts) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int family = addresses(body, facts.client(), facts.local());
        if (facts.alpn() != null) {
            tlv(body, PP2_TYPE_ALPN, ascii(facts.alpn()));
        }
        if (facts.serverName() != null) {
            tlv(body, PP2_TYPE_AUTHORITY, ascii(facts.serverName()));
        }
        if (facts.tlsVersion() != null) {
            tlv(body, PP2_TYPE_SSL, ssl(facts));
        }
        byte[] rest = body.toByteArray();
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        header.writeBytes(SIGNATURE);
        header.write(0x21); // version 2, command PROXY
        header.write(family);
        header.write(rest.length >> 8);
        header.write(rest.length & 0xff);
        header.writeBytes(rest);
        return header.toByteArray();
    }

    /** Writes the address block; returns the family and transport byte (TCP over IPv4 or IPv6, or UNSPEC). */
    private static int addresses(ByteArrayOutputStream out, InetSocketAddress client, InetSocketAddress local) {
        if (client == null || local == null || client.getAddress() == null || local.getAddress() == null) {
            return 0x00; // UNSPEC: the receiver keeps the connection's own addresses
        }
        boolean v4 = client.getAddress() instanceof Inet4Address && local.getAddress() instanceof Inet4Address;
        out.writeBytes(v4 ? client.getAddress().getAddress() : v6Bytes(client.getAddress()));
        out.writeBytes(v4 ? local.getAddress().getAddress() : v6Bytes(local.getAddress()));
        short16(out, client.getPort());
        short16(out, local.getPort());
        return v4 ? 0x11 : 0x21;
    }

    /** An IPv4 address beside an IPv6 one becomes IPv4-mapped, so that both fit one family. */
    private static byte[] v6Bytes(InetAddress address) {
        byte[] raw = address.getAddress();
        if (raw.length == 16) {
            return raw;
        }
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(raw, 0, mapped, 12, 4);
        return mapped;
    }

    /**
     * client flags, verify (0 only for a certificate the tunnel verified, as the specification
     * says), then version, the CN of a verified certificate, and the cipher (its IANA name).
     */
    private static byte[] ssl(ConnectionFacts facts) {
        ByteArrayOutputStream ssl = new ByteArrayOutputStream();
        int client = PP2_CLIENT_SSL;
        if (facts.peerCertificate()) {
            client |= PP2_CLIENT_CERT_CONN | PP2_CLIENT_CERT_SESS;
        }
        ssl.write(client);
        int verify = facts.peerCertificate() && facts.peerVerified() ? 0 : 1;
        ssl.writeBytes(new byte[] {0, 0, 0, (byte) verify});
        tlv(ssl, PP2_SUBTYPE_SSL_VERSION, ascii(facts.tlsVersion()));
        if (facts.peerVerified() && facts.peerCommonName() != null) {
            tlv(ssl, PP2_SUBTYPE_SSL_CN, facts.peerCommonName().getBytes(StandardCharsets.UTF_8));
        }
        if (facts.cipherSuite() != null) {
            tlv(ssl, PP2_SUBTYPE_SSL_CIPHER, ascii(facts.cipherSuite()));
        }
        return ssl.toByteArray();
    }

    private static void tlv(ByteArrayOutputStream out, int type, byte[] value) {
        out.write(type);
        short16(out, value.length);
        out.writeBytes(value);
    }

    private static void short16(ByteArrayOutputStream out, int value) {
        out.write((value >> 8) & 0xff);
        out.write(value & 0xff);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
