package io.sluice.access.hosts.rules;

/**
 * What reverse DNS said about a client. Only a forward-confirmed name is KNOWN; a name whose
 * forward lookup does not give the address back is PARANOID and, as in libwrap, is never
 * compared with name patterns (it could be anyone's).
 */
public record HostName(Status status, String name) {

    public enum Status { KNOWN, UNKNOWN, PARANOID }

    public static final HostName UNKNOWN = new HostName(Status.UNKNOWN, null);
    public static final HostName PARANOID = new HostName(Status.PARANOID, null);

    public static HostName known(String name) {
        return new HostName(Status.KNOWN, name);
    }

    public boolean isKnown() {
        return status == Status.KNOWN;
    }
}
