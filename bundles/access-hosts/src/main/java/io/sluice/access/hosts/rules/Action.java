package io.sluice.access.hosts.rules;

/** The hosts_options(5) {@code allow} / {@code deny} option, which overrides the file's meaning. */
public enum Action { ALLOW, DENY }
