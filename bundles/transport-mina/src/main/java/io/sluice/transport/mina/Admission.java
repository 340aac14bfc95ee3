package io.sluice.transport.mina;

import io.sluice.api.ConnectionInfo;
import io.sluice.api.access.AccessDecision;
import io.sluice.api.transport.ConnectionObserver;
import io.sluice.api.transport.TunnelSpec;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access check, before any byte of the client is read: the tunnel's policy (libwrap) decides
 * under the tunnel's name, asynchronously, within TIMEOUTbusy. A secondary service chosen by SNI
 * starts its own route with this stage, so its policy decides too, as stunnel checks libwrap
 * again for a secondary.
 */
final class Admission extends Stage {

    static final Admission STAGE = new Admission();

    private static final Logger LOG = LoggerFactory.getLogger(Admission.class);

    private Admission() {
        super("admit");
    }


    @Override
    void enter(Connection c) {
        TunnelSpec spec = c.spec;
        InetSocketAddress peer = c.peer();
        if (!Stdio.named(peer)) {
            // A pipe or an unnamed Unix socket has no address to match the rules on: stunnel lets it in.
            if (Stdio.unixSocket(peer)) {
                LOG.debug("{} Libwrap is not supported on Unix sockets", c.tag()); // stunnel's words
            }
            c.next();
            return;
        }
        try {
            spec.access().check(spec.name(), peer, c.local())
                    .toCompletableFuture()
                    .orTimeout(spec.timeouts().busy().toMillis(), TimeUnit.MILLISECONDS)
                    .whenComplete((decision, error) -> decided(c, spec, peer, decision, error));
        } catch (RuntimeException e) {
            decided(c, spec, peer, null, e);
        }
    }

    private static void decided(Connection c, TunnelSpec spec, InetSocketAddress peer, AccessDecision decision,
            Throwable error) {
        if (error == null && decision != null && decision.allowed()) {
            c.next();
            return;
        }
        spec.observer().refused(ConnectionObserver.ACCESS);
        // stunnel's line to the letter (fail2ban filters match it), with the deciding rule after
        // it; libwrap is the only access policy a tunnel can select (libwrap = yes).
        LOG.info("Service [{}] REFUSED by libwrap from {} ({})", spec.name(), ConnectionInfo.address(peer),
                error != null ? "the check failed: " + error : decision == null ? "no decision" : decision.rule());
        c.kill();
    }
}
