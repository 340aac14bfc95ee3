package io.sluice.transport.mina;

/**
 * What a peer chose (a server name, a PSK identity, a certificate's names, a failure's message that
 * quotes them) made safe for a log line or the console: control characters would forge lines or
 * move a terminal's cursor, so they are escaped, and the text is cut at a length no real name has.
 */
final class Logged {

    static final int MAX_LENGTH = 512;

    private Logged() {
    }

    static String text(String peerChosen) {
        if (peerChosen == null) {
            return null;
        }
        if (clean(peerChosen)) {
            return peerChosen;
        }
        StringBuilder out = new StringBuilder(Math.min(peerChosen.length(), MAX_LENGTH) + 16);
        for (int i = 0; i < peerChosen.length() && out.length() < MAX_LENGTH; i++) {
            char ch = peerChosen.charAt(i);
            if (isControl(ch)) {
                out.append(String.format("\\x%02x", (int) ch));
            } else {
                out.append(ch);
            }
        }
        if (out.length() >= MAX_LENGTH) {
            out.setLength(MAX_LENGTH);
            out.append("...");
        }
        return out.toString();
    }

    private static boolean clean(String text) {
        if (text.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (isControl(ch)) {
                return false;
            }
        }
        return true;
    }

    /** C0, DEL and C1: what terminals and line-based log readers act on. */
    private static boolean isControl(char ch) {
        return ch < 0x20 || (ch >= 0x7f && ch <= 0x9f);
    }
}
