package io.sluice.access.hosts.rules;

/**
 * A host pattern, applied to the client (client lists) or to the server endpoint
 * ({@code daemon@host}). {@code name} is null while it is not known, and then a pattern that
 * needs it answers {@link Match#UNDECIDED}.
 */
@FunctionalInterface
public interface HostPattern {

    Match match(Address address, HostName name);
}
