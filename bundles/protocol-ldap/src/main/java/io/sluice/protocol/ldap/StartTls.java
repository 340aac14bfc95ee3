package io.sluice.protocol.ldap;

import io.sluice.api.protocol.PlainChannel;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The StartTLS request and its response in BER (X.690), just the part of LDAP they need: one
 * LDAPMessage read exactly to its end, never a byte further (what follows is TLS).
 */
final class StartTls {

    static final String OID = "1.3.6.1.4.1.1466.20037";

    /**
     * LDAPMessage { messageID 1, extendedReq [APPLICATION 23] { requestName [0] OID } }: the bytes
     * stunnel sends, {@code 30 1d 02 01 01 77 18 80 16 "1.3.6.1.4.1.1466.20037"}.
     */
    static final byte[] REQUEST = request();

    /**
     * The longest response read. A StartTLS response is some 40 bytes; a diagnostic message makes
     * it longer (stunnel takes 128). Anything above is a broken or hostile server.
     */
    static final int MAX_RESPONSE = 4096;

    private static final int SEQUENCE = 0x30;
    private static final int INTEGER = 0x02;
    private static final int ENUMERATED = 0x0a;
    private static final int OCTET_STRING = 0x04;
    private static final int EXTENDED_RESPONSE = 0x78;

    private StartTls() {
    }

    private static byte[] request() {
        byte[] oid = OID.getBytes(StandardCharsets.US_ASCII);
        byte[] message = new byte[2 + 3 + 2 + 2 + oid.length];
        int i = 0;
        message[i++] = SEQUENCE;
        message[i++] = (byte) (message.length - 2);
        message[i++] = INTEGER;
        message[i++] = 1;
        message[i++] = 1;
        message[i++] = 0x77; // [APPLICATION 23] constructed: ExtendedRequest
        message[i++] = (byte) (oid.length + 2);
        message[i++] = (byte) 0x80; // [0] primitive: requestName
        message[i++] = (byte) oid.length;
        System.arraycopy(oid, 0, message, i, oid.length);
        return message;
    }

    /** One LDAPMessage: its SEQUENCE header read byte by byte, then exactly its content. */
    static byte[] readMessage(PlainChannel server) throws IOException {
        try {
            int tag = readByte(server);
            if (tag != SEQUENCE) {
                throw new IOException("ldap: the server's answer is not an LDAPMessage (it starts 0x" + Integer.toHexString(tag) + ")");
            }
            int length = readLength(server);
            byte[] content = new byte[length];
            int done = 0;
            while (done < length) {
                done += server.read(content, done, length - done);
            }
            return content;
        } catch (EOFException e) {
            throw new EOFException("ldap: the server closed the connection during the negotiation");
        }
    }

    private static int readByte(PlainChannel server) throws IOException {
        byte[] one = new byte[1];
        server.read(one, 0, 1);
        return one[0] & 0xff;
    }

    private static int readLength(PlainChannel server) throws IOException {
        int first = readByte(server);
        if (first < 0x80) {
            return first;
        }
        int octets = first & 0x7f;
        if (octets == 0 || octets > 4) {
            throw new IOException("ldap: the server's answer has a length of " + (octets == 0 ? "indefinite form" : octets + " octets")
                    + ", not valid in LDAP");
        }
        long length = 0;
        for (int i = 0; i < octets; i++) {
            length = (length << 8) | readByte(server);
        }
        if (length > MAX_RESPONSE) {
            throw new IOException("ldap: the server's answer is " + length + " bytes long, more than " + MAX_RESPONSE);
        }
        return (int) length;
    }

    /** Needs messageID 1, an ExtendedResponse and resultCode success (0); says why otherwise. */
    static void checkResponse(byte[] content) throws IOException {
        Ber ber = new Ber(content);
        ber.expect(INTEGER, "messageID");
        int id = ber.integer();
        int op = ber.tag();
        if (id == 0 && op == EXTENDED_RESPONSE) {
            throw new IOException("ldap: the server sent a notice of disconnection instead of the StartTLS response"
                    + ber.result());
        }
        if (id != 1 || op != EXTENDED_RESPONSE) {
            throw new IOException("ldap: the server's answer is not the StartTLS response (message " + id
                    + ", operation 0x" + Integer.toHexString(op) + ")");
        }
        ber.enter();
        ber.expect(ENUMERATED, "resultCode");
        int code = ber.integer();
        if (code != 0) {
            throw new IOException("ldap: the server refused StartTLS: resultCode " + code + " (" + ResultCodes.name(code) + ")"
                    + diagnostic(ber));
        }
    }

    private static String diagnostic(Ber ber) {
        try {
            ber.expect(OCTET_STRING, "matchedDN");
            ber.skip();
            ber.expect(OCTET_STRING, "diagnosticMessage");
            String text = ber.string();
            return text.isEmpty() ? "" : ": '" + printable(text) + "'";
        } catch (IOException e) {
            return "";
        }
    }

    /** Control characters replaced (no forged log lines), cut at 200 characters. */
    static String printable(String text) {
        StringBuilder shown = new StringBuilder();
        for (int i = 0; i < text.length() && i < 200; i++) {
            char c = text.charAt(i);
            shown.append(c < 0x20 || c > 0x7e ? '?' : c);
        }
        return text.length() > 200 ? shown + "..." : shown.toString();
    }
}
