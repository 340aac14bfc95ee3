package io.sluice.access.hosts.rules;

/** A host pattern in a client list: applied to the client's address and name. */
public record ClientHost(HostPattern host) implements Pattern {

    @Override
    public Match match(Request request) {
        return host.match(request.client(), request.clientName());
    }
}
