package io.sluice.core;

import static org.junit.Assert.fail;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Tunnel configurations for the parser's tests: key/value pairs over some defaults, read against one
 * directory, either as a tunnel takes them (parse, resolve, load) or parsed alone.
 */
final class TunnelConfigs {

    private final Path directory;
    private final String[] defaults;

    /** @param defaults key/value pairs every configuration starts from */
    TunnelConfigs(Path directory, String... defaults) {
        this.directory = directory;
        this.defaults = defaults;
    }

    Map<String, Object> config(String... keyValues) {
        Map<String, Object> map = new HashMap<>();
        map.put("service.pid", "io.sluice.tunnel~t");
        for (String[] pairs : new String[][] {defaults, keyValues}) {
            for (int i = 0; i < pairs.length; i += 2) {
                map.put(pairs[i], pairs[i + 1]);
            }
        }
        return map;
    }

    /** Parsed, resolved and loaded, as {@link TunnelComponent} takes a configuration. */
    TunnelSettings read(String... keyValues) throws ConfigException {
        return read(config(keyValues));
    }

    TunnelSettings read(Map<String, Object> properties) throws ConfigException {
        return TunnelConfiguration.read("t", properties, directory);
    }

    /** Parsed alone: no file looked at, no name resolved. */
    TunnelSettings parse(String... keyValues) throws ConfigException {
        return ConfigParser.parse("t", config(keyValues), directory);
    }

    /** The message of the step (parse, resolve or load) that refuses a configuration. */
    String refusal(String... keyValues) {
        try {
            read(keyValues);
        } catch (ConfigException e) {
            return e.getMessage();
        }
        fail("accepted: " + List.of(keyValues));
        return null;
    }
}
