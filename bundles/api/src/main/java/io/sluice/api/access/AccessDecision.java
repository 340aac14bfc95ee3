package io.sluice.api.access;

/**
 * The verdict on one connection.
 *
 * @param allowed whether the connection may proceed
 * @param rule    what decided, for the log and the console (e.g. "etc/hosts.allow:3"); may be null
 */
public record AccessDecision(boolean allowed, String rule) {

    public static AccessDecision allow(String rule) {
        return new AccessDecision(true, rule);
    }

    public static AccessDecision deny(String rule) {
        return new AccessDecision(false, rule);
    }
}
