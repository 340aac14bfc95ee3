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

    CompletionStage<AccessDecision> check(String service, InetSocketAddress client);
}
