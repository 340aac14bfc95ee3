package io.sluice.access.hosts.rules;

/**
 * One access question.
 *
 * @param service    the daemon name (the tunnel name)
 * @param client     the client's address
 * @param clientName the client's host name, or null while it has not been looked up
 * @param server     the local endpoint's address, or null when the caller does not know it
 */
public record Request(String service, Address client, HostName clientName, Address server) {

    public Request withClientName(HostName name) {
        return new Request(service, client, name, server);
    }
}
