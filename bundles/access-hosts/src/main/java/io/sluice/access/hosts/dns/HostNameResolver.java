package io.sluice.access.hosts.dns;

import java.net.InetAddress;
import java.util.concurrent.CompletionStage;

import io.sluice.access.hosts.rules.HostName;

/** Reverse lookup with forward confirmation. Never blocks the caller: the answer comes in the stage. */
@FunctionalInterface
public interface HostNameResolver {

    CompletionStage<HostName> resolve(InetAddress address);
}
