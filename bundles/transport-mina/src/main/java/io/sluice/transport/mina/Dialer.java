package io.sluice.transport.mina;

import io.sluice.api.transport.ConnectSide;
import io.sluice.api.transport.Target;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.apache.mina.core.future.ConnectFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the connect side: the connection's targets one after another from the failover choice
 * (names resolved first on a worker where they are unresolved: {@code delay = yes} or a target a
 * negotiator chose), or, in stunnel's local mode, a program. The next stage starts when the target
 * session opens ({@link Connection#targetOpened}).
 */
final class Dialer extends Stage {

    static final Dialer TARGETS = new Dialer("dial");
    static final Dialer PROGRAM = new Dialer("exec");

    private static final Logger LOG = LoggerFactory.getLogger(Dialer.class);

    private Dialer(String name) {
        super(name);
    }

    @Override
    void enter(Connection c) {
        // A program's connection has no targets, unless a redirect chose some; an SNI secondary's
        // (switched, so routed) runs its own program too.
        if (c.spec.connect() instanceof ConnectSide.Program program && c.targets.isEmpty()) {
            Programs.startLocal(c, program.exec());
            return;
        }
        if (c.spec.connect() instanceof ConnectSide.UnixSocket unix && !c.routed) {
            c.work(() -> connectUnix(c, unix));
            return;
        }
        int first = c.routed ? 0 : c.host.firstTarget();
        if (c.targets.stream().anyMatch(t -> t.address().isUnresolved())) {
            // DNS blocks: resolve on a worker, never on an I/O thread.
            c.work(() -> {
                if (resolve(c)) {
                    connect(c, first, 0);
                }
            });
            return;
        }
        connect(c, first, 0);
    }

    private static void connect(Connection c, int first, int attempt) {
        List<Target> targets = c.targets;
        if (attempt >= targets.size()) {
            c.spec.observer().connectFailed("no more addresses to connect");
            c.kill("No more addresses to connect");
            return;
        }
        Target t = targets.get((first + attempt) % targets.size());
        LOG.debug("{} s_connect: connecting {}", c.tag(), t);
        Side side = new Side(c, false, c.spec.client());
        InetAddress local = c.spec.socketOptions().local();
        ConnectFuture future = c.host.connector().connect(t.address(),
                local == null ? null : new InetSocketAddress(local, 0), (session, f) -> {
            session.setAttribute(SessionHandler.SIDE, side);
            ProcessorPool.shareProcessor(session, c.client.session);
        });
        future.addListener(f -> {
            ConnectFuture cf = (ConnectFuture) f;
            if (!cf.isConnected()) {
                LOG.debug("{} s_connect: connect {}: {}", c.tag(), t, Causes.reason(cf.getException()));
                connect(c, first, attempt + 1);
            }
        });
    }

    /** connect = /PATH, on a worker: the socket's session becomes the target side. */
    private static void connectUnix(Connection c, ConnectSide.UnixSocket unix) {
        LOG.debug("{} s_connect: connecting {}", c.tag(), unix.path());
        ProcessSession session;
        try {
            session = UnixSockets.connect(c.host.connector(), unix.path());
        } catch (IOException | RuntimeException e) {
            c.spec.observer().connectFailed("connect " + unix.path() + ": " + Causes.reason(e));
            c.kill("s_connect: connect " + unix.path() + ": " + Causes.reason(e));
            return;
        }
        session.tag(c.tag());
        session.setAttribute(SessionHandler.SIDE, new Side(c, false, c.spec.client()));
        LOG.debug("{} s_connect: connected {}", c.tag(), unix.path());
        session.start(() -> {
        });
    }

    /** Every unresolved target becomes all addresses its name has now; false, closed, when none resolves. */
    private static boolean resolve(Connection c) {
        List<Target> resolved = new ArrayList<>();
        String failed = null;
        for (Target t : c.targets) {
            if (!t.address().isUnresolved()) {
                resolved.add(t);
                continue;
            }
            try {
                for (InetAddress address : InetAddress.getAllByName(t.address().getHostString())) {
                    resolved.add(new Target(t.host(), new InetSocketAddress(address, t.address().getPort())));
                }
            } catch (UnknownHostException e) {
                LOG.debug("{} No remote host resolved: {}", c.tag(), t.address().getHostString());
                failed = t.address().getHostString();
            }
        }
        if (resolved.isEmpty()) {
            c.spec.observer().connectFailed("cannot resolve " + failed);
            c.kill();
            return false;
        }
        c.targets = resolved;
        return true;
    }
}
