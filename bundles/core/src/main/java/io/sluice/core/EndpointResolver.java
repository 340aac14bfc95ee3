package io.sluice.core;

import io.sluice.api.transport.AcceptSide;
import io.sluice.api.transport.ConnectSide;
import io.sluice.api.transport.Exec;
import io.sluice.api.transport.Target;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The step between the parse and the start that asks the system: resolves the host names of
 * accept, connect and redirect (connect and redirect stay unresolved with stunnel's delay = yes,
 * for the transport to resolve per connection) and checks that exec's program is an executable
 * file. Refusals name the key and value, as the parser's do.
 *
 * <p>A connect or redirect name that does not resolve now is no refusal: as stunnel ("Cannot resolve
 * connect target - delaying DNS lookup"), it stays unresolved and the transport resolves it for each
 * connection, so a DNS outage at start does not leave the tunnel failed for good. An accept name
 * that does not resolve is refused: there is nothing to bind.
 */
final class EndpointResolver {

    /** The tunnel's log lines: operators follow a tunnel under one logger name. */
    private static final Logger LOG = LoggerFactory.getLogger(TunnelComponent.class);

    private EndpointResolver() {
    }

    static TunnelSettings resolve(TunnelSettings settings) throws ConfigException {
        ConfigValues values = settings.values();
        Exec exec = settings.exec();
        if (exec != null) {
            Path path = Paths.get(exec.program());
            if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
                throw values.error("exec", values.optional("exec"), "not an executable file: " + path);
            }
        }
        AcceptSide accept = settings.accept();
        if (accept instanceof AcceptSide.Sockets sockets) {
            List<InetSocketAddress> addresses = new ArrayList<>();
            for (InetSocketAddress address : sockets.addresses()) {
                for (InetSocketAddress bindable : bindable(address, settings.acceptText(), values)) {
                    if (!addresses.contains(bindable)) {
                        addresses.add(bindable);
                    }
                }
            }
            accept = new AcceptSide.Sockets(addresses);
        }
        ConnectSide connect = settings.connect();
        List<Target> redirect = settings.redirect();
        if (!settings.delay()) {
            if (connect instanceof ConnectSide.Targets targets) {
                connect = new ConnectSide.Targets(resolved("connect", targets.targets(), values), targets.failover());
            }
            redirect = resolved("redirect", redirect, values);
        }
        return settings.toBuilder().accept(accept, settings.acceptText()).connect(connect, settings.connectText())
                .redirect(redirect).build();
    }

    /** Every address of an accept host name (localhost: 127.0.0.1 and ::1), as stunnel listens on each. */
    private static List<InetSocketAddress> bindable(InetSocketAddress address, String text, ConfigValues values)
            throws ConfigException {
        if (!address.isUnresolved()) {
            return List.of(address);
        }
        try {
            return Addresses.resolveAll(address);
        } catch (UnknownHostException e) {
            throw values.error("accept", text, "cannot resolve " + e.getMessage());
        }
    }

    /**
     * Every address of each host, as stunnel puts all of them in the failover list.
     *
     * @param targets one unresolved target per item of the key, in the written order (as the parser makes them)
     */
    private static List<Target> resolved(String key, List<Target> targets, ConfigValues values) {
        List<String> items = values.list(key);
        List<Target> resolved = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            Target target = targets.get(i);
            try {
                for (InetSocketAddress address : Addresses.resolveAll(target.address())) {
                    resolved.add(new Target(target.host(), address));
                }
            } catch (UnknownHostException e) {
                String host = target.address().getHostString();
                LOG.warn(values.describe(key, items.get(i), "cannot resolve " + host
                        + " now; resolving it for each connection (as delay = yes)"));
                resolved.add(target); // as the parse made it: unresolved
            }
        }
        return resolved;
    }
}
