package io.sluice.api.access;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletionStage;

/**
 * Decides whether a client may use a tunnel, before any byte is read from it. Registered with the
 * property {@value #NAME} (e.g. "libwrap"), which a tunnel's configuration selects.
 *
 * <p>Implementations must not block the calling thread: slow work (DNS) completes the stage later.
 * A stage that completes exceptionally refuses the connection (access control fails closed).
 */
public interface AccessPolicy {

    String NAME = "access.policy";

    /**
     * @param service the tunnel's name (libwrap's daemon name)
     * @param client  the connecting peer
     * @param server  the local address the client connected to (for libwrap's daemon@host rules);
     *                null when there is no connection, as for tunnel:access-check
     */
    CompletionStage<AccessDecision> check(String service, InetSocketAddress client, InetSocketAddress server);

    /** A check without a local address: daemon@host rules cannot match it. */
    default CompletionStage<AccessDecision> check(String service, InetSocketAddress client) {
        return check(service, client, null);
    }
}
