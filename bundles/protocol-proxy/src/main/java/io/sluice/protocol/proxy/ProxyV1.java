package io.sluice.protocol.proxy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The text header as stunnel 5.75 writes it ({@code proxy_server} in protocol.c):
 * {@code PROXY TCP4|TCP6 <client-ip> <local-ip> <client-port> <local-port>\r\n}, the family taken
 * from the local address, addresses as getnameinfo prints them (IPv6 compressed), or
 * {@code PROXY UNKNOWN\r\n} where there is no IP address.
 */
final class ProxyV1 {

    private ProxyV1() {
    }

    static byte[] header(InetSocketAddress client, InetSocketAddress local) {
        if (client == null || local == null || client.getAddress() == null || local.getAddress() == null) {
            return "PROXY UNKNOWN\r\n".getBytes(StandardCharsets.US_ASCII);
        }
        boolean v6 = local.getAddress() instanceof Inet6Address;
        String line = "PROXY " + (v6 ? "TCP6" : "TCP4") + " " + text(client.getAddress(), v6) + " "
                + text(local.getAddress(), v6) + " " + client.getPort() + " " + local.getPort() + "\r\n";
        return line.getBytes(StandardCharsets.US_ASCII);
    }

    /** An IPv4 client of an IPv6 socket is written as stunnel sees it there: {@code ::ffff:a.b.c.d}. */
    static String text(InetAddress address, boolean v6) {
        if (!(address instanceof Inet6Address)) {
            return v6 ? "::ffff:" + address.getHostAddress() : address.getHostAddress();
        }
        return compressed((Inet6Address) address);
    }

    /** RFC 5952: lower case, no leading zeros, the longest run of two or more zero groups as {@code ::}. */
    static String compressed(Inet6Address address) {
        byte[] b = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; i++) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = Math.max(i, j);
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        String scope = address.getScopeId() != 0 ? "%" + address.getScopeId() : "";
        return text + (address.getScopedInterface() != null ? "%" + address.getScopedInterface().getName() : scope);
    }
}
