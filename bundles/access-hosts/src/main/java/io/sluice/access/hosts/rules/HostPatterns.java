package io.sluice.access.hosts.rules;

import java.util.function.Predicate;

/**
 * libwrap's {@code host_match} for one token. Address forms compile to {@link AddressMask}; other
 * tokens compare with the address text first and then, only if that fails, with the
 * forward-confirmed host name, so that a lookup is needed only when the name can change the answer.
 */
final class HostPatterns {

    private HostPatterns() {
    }

    static HostPattern compile(String token) throws RuleException {
        if (token.startsWith("@")) {
            throw new RuleException("\"" + token + "\": NIS netgroups are not supported (no NIS client in Java); "
                    + "list the hosts or networks instead");
        }
        if (token.indexOf('@') >= 0) {
            throw new RuleException("\"" + token + "\": user@host patterns need IDENT (RFC 931) lookups, which are not "
                    + "supported; use the host part alone");
        }
        switch (token.toUpperCase(java.util.Locale.ROOT)) {
            case "ALL":
                return (address, name) -> Match.YES;
            case "KNOWN":
                return byName(HostName::isKnown);
            case "UNKNOWN":
                return byName(name -> name.status() == HostName.Status.UNKNOWN);
            case "PARANOID":
                return byName(name -> name.status() == HostName.Status.PARANOID);
            case "LOCAL":
                return byName(name -> name.isKnown() && name.name().indexOf('.') < 0);
            default:
                return compileAddressOrName(token);
        }
    }

    private static HostPattern compileAddressOrName(String token) throws RuleException {
        if (token.indexOf('/') >= 0) {
            return AddressPatterns.masked(token);
        }
        if (token.startsWith("[")) {
            if (!token.endsWith("]")) {
                throw new RuleException("\"" + token + "\": missing \"]\"");
            }
            return AddressPatterns.exactV6(token);
        }
        if (AddressPatterns.isNumeric(token)) {
            return token.endsWith(".") && !token.startsWith(".") ? AddressPatterns.prefixV4(token) : numericString(token);
        }
        Predicate<String> pattern = StringPatterns.compile(token);
        if (Glob.isGlob(token) && AddressPatterns.isNumeric(token.replace("*", "").replace("?", ""))) {
            // An address wildcard such as 192.168.1.*: libwrap would also try it on the host name
            // (a name like 192.168.1.evil.example would match), which costs a lookup and helps no one.
            return (address, name) -> Match.of(pattern.test(address.text()));
        }
        return (address, name) -> pattern.test(address.text()) ? Match.YES
                : name == null ? Match.UNDECIDED : Match.of(name.isKnown() && pattern.test(name.name()));
    }

    /** A digits-and-dots token that is not a prefix: an exact address, or a ".n" address suffix. */
    private static HostPattern numericString(String token) throws RuleException {
        if (token.startsWith(".")) {
            Predicate<String> suffix = StringPatterns.compile(token);
            return (address, name) -> Match.of(suffix.test(address.text()));
        }
        return AddressPatterns.exactV4(token);
    }

    private static HostPattern byName(Predicate<HostName> test) {
        return (address, name) -> name == null ? Match.UNDECIDED : Match.of(test.test(name));
    }
}
