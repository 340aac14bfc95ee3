package io.sluice.access.hosts.rules;

/**
 * One compiled line.
 *
 * @param source   "FILE:LINE", reported as the deciding rule
 * @param daemons  the daemon list
 * @param clients  the client list
 * @param action   the allow/deny option, or null to take the meaning of the file
 * @param severity the severity option, or null
 */
public record Rule(String source, Pattern daemons, Pattern clients, Action action, Severity severity) {

    public Match match(Request request) {
        Match daemon = daemons.match(request);
        return daemon == Match.NO ? Match.NO : daemon.and(clients.match(request));
    }
}
