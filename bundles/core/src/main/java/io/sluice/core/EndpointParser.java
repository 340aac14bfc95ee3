package io.sluice.core;

import io.sluice.api.transport.AcceptSide;
import io.sluice.api.transport.ConnectSide;
import io.sluice.api.transport.Exec;
import io.sluice.api.transport.Failover;
import io.sluice.api.transport.Target;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A tunnel's two endpoints, as stunnel pairs them: accept + connect, accept + exec (local mode),
 * exec + connect (no accept), standard input/output + connect or exec (inetd mode), or an SNI
 * secondary's primary + connect. Host names stay unresolved and the program is not looked at:
 * {@link EndpointResolver} does both.
 */
final class EndpointParser {

    /** What an inetd-mode tunnel shows as its accept side. */
    static final String STDIO = "stdio";

    /** The parsed endpoints, with their texts as shown. */
    record Endpoints(AcceptSide accept, String acceptText, ConnectSide connect, List<String> connectText,
            SniSecondary secondary) {

        /** exec+connect: the program is the accepting side, started with the tunnel. */
        boolean execConnect() {
            return accept instanceof AcceptSide.Program;
        }

        /** exec on either side. */
        boolean hasProgram() {
            return execConnect() || connect instanceof ConnectSide.Program;
        }
    }

    /** The refusal of a missing connect, also where the protocol turns out not to name the target. */
    static final String CONNECT_REQUIRED = "required: where to connect, [HOST:]PORT, comma separated";

    private final ConfigValues values;

    EndpointParser(ConfigValues values) {
        this.values = values;
    }

    Endpoints parse(boolean client) throws ConfigException {
        SniSecondary secondary = client ? null : sniSecondary();
        if (secondary != null && values.optional("accept") != null) {
            throw values.error("accept", "a secondary service (sni = " + values.raw("sni")
                    + ") listens on its primary's port, not its own");
        }
        boolean inetd = inetd(secondary);
        Exec exec = exec();
        // In inetd mode standard input/output take accept's place, so exec is local mode there.
        // A secondary has its primary's accept: exec there is local mode, a program per connection.
        boolean execConnect = exec != null && values.optional("accept") == null && !inetd && secondary == null;
        String acceptText = secondary != null ? "sni " + values.raw("sni").trim()
                : inetd ? STDIO : execConnect ? "exec " + exec.program() : values.required("accept");
        AcceptSide accept = secondary != null ? new AcceptSide.ByServerName(secondary.primary())
                : inetd ? new AcceptSide.Stdio() : execConnect ? new AcceptSide.Program(exec)
                : unix(acceptText) ? new AcceptSide.UnixSocket(Path.of(acceptText.trim()))
                : new AcceptSide.Sockets(acceptAddresses(acceptText));
        List<String> connectText = values.list("connect");
        boolean localMode = exec != null && !execConnect;
        if (localMode && !connectText.isEmpty()) {
            throw values.error("connect", "a tunnel has two endpoints: with accept and exec, the program"
                    + " takes the place of connect (drop accept for an exec+connect service)");
        }
        String protocol = values.optional("protocol");
        if (connectText.isEmpty() && !localMode && !client && !execConnect && protocol != null
                && !"none".equalsIgnoreCase(protocol)) {
            // Whether the plugin names each target is known once it is there (ProtocolOptions).
            return new Endpoints(accept, acceptText.trim(), new ConnectSide.ByProtocol(protocol),
                    List.of("protocol " + protocol), secondary);
        }
        if (connectText.isEmpty() && !localMode) {
            throw values.error("connect", "", CONNECT_REQUIRED
                    + (execConnect ? " (exec without accept is an exec+connect service)" : ""));
        }
        boolean unixTarget = !localMode && connectText.size() == 1 && unix(connectText.get(0));
        if (!unixTarget && connectText.stream().anyMatch(EndpointParser::unix)) {
            throw values.error("connect", "a Unix socket (/PATH) must be the only connect target");
        }
        List<Target> targets = localMode || unixTarget ? List.of() : targets(values, "connect", connectText);
        if (localMode && exec.retry() != null) {
            throw values.error("retry", "has no effect: it restarts the program of an exec+connect"
                    + " service (exec and connect, no accept)");
        }
        Failover failover = values.choice("failover", Failover.class, Failover.PRIO);
        ConnectSide connect = localMode ? new ConnectSide.Program(exec)
                : unixTarget ? new ConnectSide.UnixSocket(Path.of(connectText.get(0).trim()))
                : new ConnectSide.Targets(targets, failover);
        return new Endpoints(accept, acceptText.trim(), connect,
                localMode ? List.of("exec " + exec.program()) : connectText, secondary);
    }

    /**
     * inetd = yes (stunnel's inetd mode, written by bin/sluice for a file without sections): the
     * process's standard input and output are the accept side, so there is no accept of its own.
     */
    private boolean inetd(SniSecondary secondary) throws ConfigException {
        boolean inetd = values.bool("inetd", false);
        if (inetd && values.optional("accept") != null) {
            throw values.error("accept", "not allowed with inetd = yes (standard input and output are"
                    + " the accept side)");
        }
        if (inetd && secondary != null) {
            throw values.error("sni", "a secondary service cannot run in inetd mode");
        }
        return inetd;
    }

    /**
     * stunnel's exec, execArgs and retry. A relative program is resolved against etc/, as other
     * files; execArgs is split at white space, no quoting, $0 first.
     */
    private Exec exec() throws ConfigException {
        String program = values.optional("exec");
        if (program == null) {
            if (values.optional("execArgs") != null) {
                throw values.error("execArgs", "has no effect without exec");
            }
            if (retry() != null) {
                throw values.error("retry", "has no effect without exec (and connect, no accept)");
            }
            return null;
        }
        Path path = values.path("exec");
        String args = values.optional("execArgs");
        List<String> argv = args == null ? List.of(program) : Arrays.asList(args.split("\\s+"));
        return new Exec(path.toString(), argv, retry());
    }

    /** stunnel's retry: yes (1000 ms), no, or a delay in milliseconds. */
    private Duration retry() throws ConfigException {
        String value = values.optional("retry");
        if (value == null || value.equalsIgnoreCase("no")) {
            return null;
        }
        if (value.equalsIgnoreCase("yes")) {
            return Duration.ofMillis(1000);
        }
        try {
            long millis = Long.parseLong(value);
            if (millis >= 0) {
                return Duration.ofMillis(millis);
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw values.error("retry", value, "expected yes, no or a delay in milliseconds");
    }

    private SniSecondary sniSecondary() throws ConfigException {
        String value = values.optional("sni");
        try {
            return value == null ? null : SniSecondary.parse(value);
        } catch (IllegalArgumentException e) {
            throw values.error("sni", value, e.getMessage());
        }
    }

    /** stunnel's address syntax: a value starting with '/' is a Unix socket's path. */
    private static boolean unix(String text) {
        return text.trim().startsWith("/");
    }

    /** stunnel's several accept lines: a comma-separated list here, every address listened on. */
    private List<InetSocketAddress> acceptAddresses(String text) throws ConfigException {
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (String item : values.list("accept")) {
            try {
                addresses.add(Addresses.unresolvedBindAddress(Addresses.parse(item, null)));
            } catch (IllegalArgumentException e) {
                throw values.error("accept", text, e.getMessage());
            }
        }
        return addresses;
    }

    /**
     * stunnel's redirect: where a server sends clients that fail certificate verification.
     *
     * @param verifies the tunnel verifies its peers (verifyChain or verifyPeer)
     */
    static List<Target> redirect(ConfigValues values, boolean client, boolean verifies) throws ConfigException {
        List<String> items = values.list("redirect");
        if (items.isEmpty()) {
            return List.of();
        }
        if (client) {
            throw values.error("redirect", "only a server redirects clients (client = no)");
        }
        if (!verifies) {
            throw values.error("redirect", "has no effect without verifyChain or verifyPeer");
        }
        return targets(values, "redirect", items);
    }

    /** One unresolved target per item, in the written order ({@link EndpointResolver} relies on it). */
    private static List<Target> targets(ConfigValues values, String key, List<String> items) throws ConfigException {
        List<Target> targets = new ArrayList<>();
        for (String item : items) {
            try {
                // stunnel: a bare port connects to localhost.
                // Port 0 is taken, as stunnel takes it: connecting there fails when a connection tries.
                Addresses.HostPort hp = Addresses.parse(item, "localhost");
                targets.add(new Target(hp.host(), InetSocketAddress.createUnresolved(hp.host(), hp.port())));
            } catch (IllegalArgumentException e) {
                throw values.error(key, "'" + item + "': " + e.getMessage());
            }
        }
        return targets;
    }
}
