package io.sluice.access.hosts.dns;

import java.net.Inet4Address;
import java.net.InetAddress;

/** The DNS name a PTR record of an address lives under (in-addr.arpa / ip6.arpa). */
final class ReverseNames {

    private ReverseNames() {
    }

    static String of(InetAddress address) {
        byte[] bytes = address.getAddress();
        StringBuilder name = new StringBuilder();
        for (int i = bytes.length - 1; i >= 0; i--) {
            int b = bytes[i] & 0xff;
            if (address instanceof Inet4Address) {
                name.append(b).append('.');
            } else {
                name.append(Character.forDigit(b & 0xf, 16)).append('.').append(Character.forDigit(b >> 4, 16)).append('.');
            }
        }
        return name.append(address instanceof Inet4Address ? "in-addr.arpa" : "ip6.arpa").toString();
    }
}
