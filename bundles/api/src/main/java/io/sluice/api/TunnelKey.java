package io.sluice.api;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * One key of a tunnel configuration, as {@link TunnelKeys#ALL} declares it for the parser, the
 * metatype, the console, the stunnel importer and the README alike.
 *
 * @param name         stunnel's spelling; matched case-insensitively
 * @param type         what kind of value the key takes
 * @param defaultValue what applies when the key is not set, in words where it depends on other keys
 *                     ("client: yes, server: no"); {@value #NONE} when nothing applies,
 *                     {@value #REQUIRED} when the key must be set
 * @param description  one line for the operator
 * @param modes        the modes in which the key has an effect
 */
public record TunnelKey(String name, Type type, String defaultValue, String description, Set<Mode> modes) {

    public static final String NONE = "none";
    public static final String REQUIRED = "required";

    public enum Type {
        /** yes/no (also true/false, on/off, 1/0). */
        BOOLEAN,
        /** A whole number. */
        INTEGER,
        /** A whole number of seconds. */
        SECONDS,
        /** Free text, checked by whoever reads it. */
        STRING,
        /** A secret: never shown or logged. */
        PASSWORD,
        /** Comma-separated items (where stunnel repeats the key). */
        LIST,
        /** A file or directory; relative names are resolved against etc/. */
        PATH,
        /** [HOST:]PORT. */
        ADDRESS,
        /** One of a fixed set of words. */
        CHOICE
    }

    public enum Mode {
        /** client = yes: plaintext in, TLS out. */
        CLIENT,
        /** client = no: TLS in, plaintext out. */
        SERVER
    }

    public TunnelKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(defaultValue, "defaultValue");
        Objects.requireNonNull(description, "description");
        if (modes.isEmpty()) {
            throw new IllegalArgumentException(name + ": a key applies to at least one mode");
        }
        modes = Set.copyOf(modes);
    }

    /** A key of both modes. */
    public static TunnelKey of(String name, Type type, String defaultValue, String description) {
        return new TunnelKey(name, type, defaultValue, description, EnumSet.allOf(Mode.class));
    }

    /** A key of client mode only. */
    public static TunnelKey client(String name, Type type, String defaultValue, String description) {
        return new TunnelKey(name, type, defaultValue, description, Set.of(Mode.CLIENT));
    }

    /** A key of server mode only. */
    public static TunnelKey server(String name, Type type, String defaultValue, String description) {
        return new TunnelKey(name, type, defaultValue, description, Set.of(Mode.SERVER));
    }

    /** Whether this key is {@code name}, ignoring case as stunnel does. */
    public boolean is(String name) {
        return this.name.equalsIgnoreCase(name);
    }
}
