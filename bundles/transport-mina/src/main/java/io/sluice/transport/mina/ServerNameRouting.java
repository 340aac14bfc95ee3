package io.sluice.transport.mina;

import io.sluice.api.transport.TunnelSpec;
import org.apache.mina.core.buffer.IoBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server mode with secondary services (stunnel's {@code sni = SERVICE:PATTERN}): reads the
 * ClientHello as its pieces arrive on the I/O thread (no thread waits for a slow client), lets the
 * router pick the service by the name asked for, and hands the bytes read to TLS, which starts
 * with the chosen service's context.
 */
final class ServerNameRouting extends Stage {

    static final ServerNameRouting STAGE = new ServerNameRouting();

    private static final Logger LOG = LoggerFactory.getLogger(ServerNameRouting.class);

    private ServerNameRouting() {
        super("route by server name");
    }


    @Override
    void enter(Connection c) {
        if (!c.spec.sni().active()) {
            c.next(); // no secondary service exists now: no need to read the ClientHello first
            return;
        }
        ClientHello.Result early = null;
        synchronized (c) {
            c.client.hello = new ClientHello();
            // Bytes that came behind a PROXY header were read already: the hello may start there.
            java.util.List<IoBuffer> held = new java.util.ArrayList<>(c.client.held);
            c.client.held.clear();
            for (IoBuffer buffer : held) {
                if (early != null) {
                    c.client.held.add(buffer);
                } else {
                    early = offer(c.client, buffer);
                }
            }
        }
        if (early != null) {
            decided(c, early);
            return;
        }
        c.client.session.resumeRead();
    }

    /**
     * Caller holds the lock: bytes of the client while its hello is read. The result once the
     * hello is complete (reading paused, everything read held for TLS), else null.
     */
    static ClientHello.Result offer(Side side, IoBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        ClientHello.Result result = side.hello.offer(bytes, 0, bytes.length);
        if (result != null) {
            side.hello = null;
            side.session.suspendRead();
            side.held.add(IoBuffer.wrap(result.consumed()));
        }
        return result;
    }

    /** The hello is read: on to TLS, with this service or the one its name chose. */
    static void decided(Connection c, ClientHello.Result hello) {
        String name = hello.serverName();
        TunnelSpec chosen = null;
        if (name == null) {
            LOG.debug("{} SNI: no servername received", c.tag());
        } else {
            LOG.debug("{} SNI: requested servername: {}", c.tag(), Logged.text(name));
            chosen = routeOrNull(c, name);
            if (chosen == null) {
                LOG.debug("{} SNI: no pattern matched servername: {}", c.tag(), Logged.text(name));
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
            LOG.debug("{} SNI: routing {} failed, staying with this service: {}", c.tag(), Logged.text(serverName),
                    e.toString());
            return null;
        }
    }
}
