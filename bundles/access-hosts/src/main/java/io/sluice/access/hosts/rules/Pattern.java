package io.sluice.access.hosts.rules;

/** A compiled daemon or client pattern, or a list of them. */
@FunctionalInterface
public interface Pattern {

    Match match(Request request);
}
