package io.sluice.access.hosts.rules;

import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * An address as 128 bits, IPv4 in its v4-mapped IPv6 form (as libwrap compares them), so that
 * IPv4 and IPv6 masks are one comparison of two longs. {@code text} is what string patterns
 * (wildcards, prefixes) see: the dotted quad for IPv4, the JDK's form for IPv6.
 */
public record Address(long high, long low, String text) {

    static final long V4_MAPPED = 0xffff_0000_0000L;

    public static Address of(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            return new Address(0, V4_MAPPED | (toLong(bytes, 0, 4)), address.getHostAddress());
        }
        String text = address.getHostAddress();
        int zone = text.indexOf('%');
        return new Address(toLong(bytes, 0, 8), toLong(bytes, 8, 8), zone < 0 ? text : text.substring(0, zone));
    }

    private static long toLong(byte[] bytes, int from, int count) {
        long value = 0;
        for (int i = from; i < from + count; i++) {
            value = value << 8 | (bytes[i] & 0xff);
        }
        return value;
    }
}
