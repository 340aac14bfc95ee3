package io.sluice.access.hosts.rules;

import java.util.function.Predicate;

/**
 * A daemon-list token: a daemon name pattern (the tunnel name), optionally {@code @host} for the
 * server endpoint. As in libwrap, an {@code @} in first position is part of the name.
 */
final class DaemonPatterns {

    private DaemonPatterns() {
    }

    static Pattern compile(String token, String source) throws RuleException {
        int at = token.indexOf('@', 1);
        Predicate<String> daemon = StringPatterns.compile(at < 0 ? token : token.substring(0, at));
        if (at < 0 || token.substring(at + 1).equalsIgnoreCase("ALL")) {
            return request -> Match.of(daemon.test(request.service()));
        }
        HostPattern server = serverPattern(token.substring(at + 1), token);
        return request -> daemon.test(request.service()) ? serverMatch(server, request, token, source) : Match.NO;
    }

    private static Match serverMatch(HostPattern server, Request request, String token, String source) {
        if (request.server() == null) {
            throw new IllegalStateException(source + ": \"" + token + "\" needs the server address, which this access "
                    + "check was not given");
        }
        return server.match(request.server(), null);
    }

    // The server's own name is not looked up: only patterns decided by the address are accepted.
    private static HostPattern serverPattern(String host, String token) throws RuleException {
        boolean addressForm = host.equalsIgnoreCase("ALL") || host.startsWith("[") || host.indexOf('/') >= 0
                || (!host.isEmpty() && AddressPatterns.isNumeric(host) && !host.startsWith("."));
        if (!addressForm) {
            throw new RuleException("\"" + token + "\": after daemon@ only an address, a network or ALL is supported "
                    + "(the server's host name is not looked up)");
        }
        return HostPatterns.compile(host);
    }
}
