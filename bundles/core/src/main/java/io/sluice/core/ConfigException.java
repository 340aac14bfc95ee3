package io.sluice.core;

/** A configuration value that was refused; the message names the tunnel, the key and the value. */
public final class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
