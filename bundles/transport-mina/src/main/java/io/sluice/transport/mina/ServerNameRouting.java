package io.sluice.transport.mina;

import io.sluice.api.transport.TunnelSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.mina.core.buffer.IoBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server mode with secondary services (stunnel's {@code sni = SERVICE:PATTERN}): reads the
 * ClientHello on a worker (it may come in pieces), lets the router pick the service by the name
 * asked for, and hands the bytes read to TLS, which starts with the chosen service's context.
 */
final class ServerNameRouting implements Stage {

    static final ServerNameRouting STAGE = new ServerNameRouting();

    private static final Logger LOG = LoggerFactory.getLogger(ServerNameRouting.class);

    private ServerNameRouting() {
    }

    @Override
    public String name() {
        return "route by server name";
    }

    @Override
    public void enter(Connection c) {
        if (!c.spec.sni().active()) {
            c.next(); // no secondary service exists now: no need to read the ClientHello first
            return;
        }
        BlockingChannel channel = new BlockingChannel(c.client.session, c.spec.timeouts().busy().toMillis());
        synchronized (c) {
            c.client.channel = channel;
        }
        c.host.workers().execute(() -> route(c, channel));
    }

    private static void route(Connection c, BlockingChannel channel) {
        ClientHello.Result hello;
        try {
            hello = ClientHello.read(channel);
        } catch (IOException e) {
            c.kill("SNI: no ClientHello: " + e);
            return;
        }
        String name = hello.serverName();
        TunnelSpec chosen = null;
        if (name == null) {
            LOG.debug("{} SNI: no servername received", c.tag());
        } else {
            LOG.debug("{} SNI: requested servername: {}", c.tag(), name);
            chosen = routeOrNull(c, name);
            if (chosen == null) {
                LOG.debug("{} SNI: no pattern matched servername: {}", c.tag(), name);
            }
        }
        synchronized (c) {
            // What was read belongs to the TLS stream, ahead of anything held since.
            List<IoBuffer> early = new ArrayList<>();
            early.add(IoBuffer.wrap(hello.consumed()));
            early.addAll(Negotiation.end(c.client));
            for (int i = early.size() - 1; i >= 0; i--) {
                c.client.held.addFirst(early.get(i));
            }
        }
        if (chosen != null) {
            LOG.debug("{} SNI: switched to service [{}]", c.tag(), chosen.name());
            c.switchTo(chosen);
        }
        c.next();
    }

    private static TunnelSpec routeOrNull(Connection c, String serverName) {
        try {
            return c.spec.sni().route(serverName);
        } catch (RuntimeException e) {
            LOG.debug("{} SNI: routing {} failed, staying with this service: {}", c.tag(), serverName, e.toString());
            return null;
        }
    }
}
