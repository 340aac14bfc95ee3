package io.sluice.core;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One tunnel's configuration as written: the operator's keys (case-insensitive, as stunnel's), read
 * as typed values, and the refusals, which name the tunnel, the file and line where known, the key
 * and the value. The steps after the parse (resolving, loading) refuse through it too, so that
 * every message has the same form whichever step finds the problem.
 */
final class ConfigValues {

    /** Set by ConfigAdmin, FileInstall, DS, Karaf or Sluice's own importers (sluice.*), not by the operator. */
    private static final List<String> FRAMEWORK_PREFIXES = List.of(
            "service.", "component.", "felix.", "osgi.", "org.apache.karaf.", "sluice.");

    private final String name;
    private final Map<String, String> values;
    private final ConfigSource source;
    private final Path baseDir;

    private ConfigValues(String name, Map<String, String> values, ConfigSource source, Path baseDir) {
        this.name = name;
        this.values = values;
        this.source = source;
        this.baseDir = baseDir;
    }

    /** @param baseDir where relative file names are resolved (etc/) */
    static ConfigValues of(String name, Map<String, ?> properties, Path baseDir) {
        Map<String, String> values = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Map.Entry<String, ?> entry : properties.entrySet()) {
            String key = entry.getKey();
            if (FRAMEWORK_PREFIXES.stream().anyMatch(key::startsWith) || key.endsWith(".target")) {
                continue;
            }
            values.put(key, text(entry.getValue()));
        }
        return new ConfigValues(name, values, ConfigSource.of(properties), baseDir);
    }

    /** Karaf's etc/, where relative file names and secrets ($[secret:NAME]: etc/secrets/NAME) are found. */
    Path baseDir() {
        return baseDir;
    }

    /** The operator's keys, as written. */
    Set<String> keys() {
        return values.keySet();
    }

    /** The value as written (untrimmed), or null. */
    String raw(String key) {
        return values.get(key);
    }

    /** The value trimmed; null when absent or blank. */
    String optional(String key) {
        String value = values.get(key);
        return value == null || value.isBlank() ? null : value.trim();
    }

    String required(String key) throws ConfigException {
        String value = optional(key);
        if (value == null) {
            throw error(key, "", "required");
        }
        return value;
    }

    boolean bool(String key, boolean defaultValue) throws ConfigException {
        String value = optional(key);
        if (value == null) {
            return defaultValue;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "yes", "true", "on", "1" -> true;
            case "no", "false", "off", "0" -> false;
            default -> throw error(key, value, "expected yes or no");
        };
    }

    <E extends Enum<E>> E choice(String key, Class<E> type, E defaultValue) throws ConfigException {
        String value = optional(key);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw error(key, value, "expected one of " + Arrays.stream(type.getEnumConstants())
                    .map(c -> c.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
        }
    }

    /** Comma-separated items (stunnel repeats the key instead; a .cfg file cannot). */
    List<String> list(String key) {
        String value = optional(key);
        if (value == null) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    String token(String key) throws ConfigException {
        String value = optional(key);
        if (!value.matches("[A-Za-z0-9._-]+")) {
            throw error(key, value, "expected a name such as jsse, bc, smtp");
        }
        return value.toLowerCase(Locale.ROOT);
    }

    Duration seconds(String key, int defaultValue, int minimum) throws ConfigException {
        String value = optional(key);
        if (value == null) {
            return Duration.ofSeconds(defaultValue);
        }
        try {
            long seconds = Long.parseLong(value);
            if (seconds >= minimum && seconds <= Integer.MAX_VALUE) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw error(key, value, "expected a whole number of seconds, at least " + minimum);
    }

    /** A whole number, 0 or more (stunnel's sessionCacheSize: 0 = unlimited). */
    int count(String key, int defaultValue) throws ConfigException {
        String value = optional(key);
        if (value == null) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw error(key, value, "expected a whole number, 0 or more (0: unlimited)");
    }

    /** A file or directory named by the key, resolved against etc/ but neither read nor looked at. */
    Path path(String key) {
        String value = optional(key);
        return value == null ? null : baseDir.resolve(value);
    }

    // ---- refusals ------------------------------------------------------------------------------

    /** A refusal of the key with its value as written. */
    ConfigException error(String key, String problem) {
        return error(key, raw(key), problem);
    }

    ConfigException error(String key, String value, String problem) {
        return new ConfigException(describe(key, value, problem));
    }

    /** "Service [NAME]: FILE:LINE: key = value: problem", for refusals and for warnings alike. */
    String describe(String key, String value, String problem) {
        String lower = key.toLowerCase(Locale.ROOT);
        // ticketKeySecret, ticketMacSecret; PSKsecrets is a file's name.
        String shown = lower.contains("password") || lower.endsWith("secret") ? "****" : value;
        return where(key) + canonical(key) + " = " + shown + ": " + problem;
    }

    /** A refusal of a key Sluice does not know, which has no value worth repeating. */
    ConfigException unknown(String key, Collection<String> known) {
        return new ConfigException(where(key) + key + ": unknown option (known: " + String.join(", ", known) + ")");
    }

    /** "Service [NAME]: FILE:LINE: " as far as known. */
    private String where(String key) {
        return "Service [" + name + "]: " + source.locate(key);
    }

    /** The key as Sluice spells it (TIMEOUTidle), however the operator wrote it. */
    static String canonical(String key) {
        return ConfigParser.KEYS.stream().filter(key::equalsIgnoreCase).findFirst().orElse(key);
    }

    private static String text(Object value) {
        if (value instanceof Object[] array) {
            return Arrays.stream(array).map(String::valueOf).collect(Collectors.joining(","));
        }
        if (value instanceof Collection<?> collection) {
            return collection.stream().map(String::valueOf).collect(Collectors.joining(","));
        }
        return String.valueOf(value);
    }
}
