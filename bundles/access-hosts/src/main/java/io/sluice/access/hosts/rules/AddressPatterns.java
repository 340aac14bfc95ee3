package io.sluice.access.hosts.rules;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Address patterns compiled to masks: {@code n.n.n.n}, {@code n.n.n.} (prefix), {@code n.n.n.n/m.m.m.m},
 * {@code n.n.n.n/len}, {@code [v6]} and {@code [v6]/len}. Tokens are parsed here, never handed to
 * the resolver: a typo must not turn into a DNS query at load time.
 */
final class AddressPatterns {

    private static final long ALL_BITS = -1L;

    private AddressPatterns() {
    }

    /** Made only of digits and dots: libwrap's test for "compare with the address only". */
    static boolean isNumeric(String token) {
        return token.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }

    static AddressMask exactV4(String token) throws RuleException {
        return v4(parseV4(token, token), lengthToBits(32));
    }

    /** {@code 192.168.} = 192.168.0.0/16: one to three complete octets and a dot. */
    static AddressMask prefixV4(String token) throws RuleException {
        String[] octets = token.substring(0, token.length() - 1).split("\\.", -1);
        if (octets.length > 3) {
            throw new RuleException("\"" + token + "\" is not an address prefix (at most three numbers, e.g. 192.168.)");
        }
        long value = 0;
        for (String octet : octets) {
            value = value << 8 | octet(octet, token);
        }
        return v4(value << (8 * (4 - octets.length)), lengthToBits(8 * octets.length));
    }

    /** {@code net/mask}, {@code net/len} or {@code [v6net]/len}. */
    static AddressMask masked(String token) throws RuleException {
        int slash = token.lastIndexOf('/');
        String net = token.substring(0, slash);
        String mask = token.substring(slash + 1);
        if (net.startsWith("[") && net.endsWith("]")) {
            return checked(v6(parseV6(net.substring(1, net.length() - 1), token), prefixLength(mask, 128, token)), token);
        }
        long value = parseV4(net, token);
        long bits = mask.indexOf('.') >= 0 ? parseV4(mask, token) : lengthToBits(prefixLength(mask, 32, token));
        return checked(v4(value, bits), token);
    }

    static AddressMask exactV6(String token) throws RuleException {
        return checked(v6(parseV6(token.substring(1, token.length() - 1), token), 128), token);
    }

    // libwrap compares (address & mask) with the net as written, so 10.1.2.3/8 never matches anything.
    private static AddressMask checked(AddressMask mask, String token) throws RuleException {
        if (mask == null) {
            throw new RuleException("\"" + token + "\" has bits set outside its mask, so it can never match "
                    + "(libwrap compares the network as written); write the network address instead");
        }
        return mask;
    }

    /** Null when {@code value} has bits outside {@code bits}. */
    private static AddressMask v4(long value, long bits) {
        if ((value & ~bits) != 0) {
            return null;
        }
        return new AddressMask(0, Address.V4_MAPPED | value, ALL_BITS, 0xffff_ffff_0000_0000L | bits);
    }

    private static long lengthToBits(int length) {
        return length == 0 ? 0 : (0xffff_ffffL << (32 - length)) & 0xffff_ffffL;
    }

    /** Null when {@code address} has bits outside the prefix. */
    private static AddressMask v6(Address address, int length) {
        long maskHigh = length == 0 ? 0 : length >= 64 ? ALL_BITS : ALL_BITS << (64 - length);
        long maskLow = length <= 64 ? 0 : length == 128 ? ALL_BITS : ALL_BITS << (128 - length);
        if ((address.high() & ~maskHigh) != 0 || (address.low() & ~maskLow) != 0) {
            return null;
        }
        return new AddressMask(address.high(), address.low(), maskHigh, maskLow);
    }

    private static long parseV4(String text, String token) throws RuleException {
        String[] octets = text.split("\\.", -1);
        if (octets.length != 4) {
            throw new RuleException("\"" + token + "\" is not an IPv4 address or network (" + text + ")");
        }
        long value = 0;
        for (String octet : octets) {
            value = value << 8 | octet(octet, token);
        }
        return value;
    }

    private static int octet(String text, String token) throws RuleException {
        if (text.isEmpty() || text.length() > 3 || !isNumeric(text) || Integer.parseInt(text) > 255) {
            throw new RuleException("\"" + token + "\" is not an IPv4 address or network (bad number \"" + text + "\")");
        }
        return Integer.parseInt(text);
    }

    private static int prefixLength(String text, int max, String token) throws RuleException {
        if (text.isEmpty() || text.length() > 3 || !text.chars().allMatch(Character::isDigit) || Integer.parseInt(text) > max) {
            throw new RuleException("\"" + token + "\": prefix length must be 0 to " + max);
        }
        return Integer.parseInt(text);
    }

    private static Address parseV6(String text, String token) throws RuleException {
        // Only hex digits, colons and dots, with a colon: the JDK then parses a literal and never queries DNS.
        if (text.indexOf(':') < 0 || !text.chars().allMatch(c -> c == ':' || c == '.' || Character.digit(c, 16) >= 0)) {
            throw new RuleException("\"" + token + "\" is not an IPv6 address in brackets");
        }
        try {
            return Address.of(InetAddress.getByName("[" + text + "]"));
        } catch (UnknownHostException e) {
            throw new RuleException("\"" + token + "\" is not an IPv6 address in brackets");
        }
    }
}
