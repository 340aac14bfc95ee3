package io.sluice.access.hosts.rules;

/** A refused line, as operators look for it: {@code FILE:LINE: message}. */
public record Problem(String file, int line, String message) {

    @Override
    public String toString() {
        return file + ":" + line + ": " + message;
    }
}
