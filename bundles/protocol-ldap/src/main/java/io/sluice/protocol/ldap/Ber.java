package io.sluice.protocol.ldap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** A cursor over BER-encoded content already read in full: every length is checked against what is left. */
final class Ber {

    private final byte[] data;
    private int position;
    private int end;
    /** Length of the element whose tag was read last. */
    private int length;

    Ber(byte[] data) {
        this.data = data;
        this.end = data.length;
    }

    /** Reads the next tag and its length; the content comes next. */
    int tag() throws IOException {
        int tag = next();
        int first = next();
        if (first < 0x80) {
            length = first;
        } else {
            int octets = first & 0x7f;
            if (octets == 0 || octets > 4) {
                throw malformed();
            }
            length = 0;
            for (int i = 0; i < octets; i++) {
                length = (length << 8) | next();
            }
        }
        if (length < 0 || length > end - position) {
            throw malformed();
        }
        return tag;
    }

    void expect(int tag, String what) throws IOException {
        int found = tag();
        if (found != tag) {
            throw new IOException("ldap: malformed StartTLS response: " + what + " has tag 0x" + Integer.toHexString(found));
        }
    }

    /** Into the constructed element just read: its content is what is left. */
    void enter() {
        end = position + length;
    }

    /** The content of the INTEGER or ENUMERATED just read. */
    int integer() throws IOException {
        if (length < 1 || length > 4) {
            throw malformed();
        }
        int value = (byte) next(); // sign-extended
        for (int i = 1; i < length; i++) {
            value = (value << 8) | next();
        }
        return value;
    }

    String string() {
        String text = new String(data, position, length, StandardCharsets.UTF_8);
        position += length;
        return text;
    }

    void skip() {
        position += length;
    }

    /** ", resultCode N (name)" of an LDAPResult here, or nothing when it does not parse. */
    String result() {
        try {
            enter();
            expect(0x0a, "resultCode");
            int code = integer();
            return ": resultCode " + code + " (" + ResultCodes.name(code) + ")";
        } catch (IOException e) {
            return "";
        }
    }

    private int next() throws IOException {
        if (position >= end) {
            throw malformed();
        }
        return data[position++] & 0xff;
    }

    private static IOException malformed() {
        return new IOException("ldap: malformed StartTLS response (BER lengths do not add up)");
    }
}
