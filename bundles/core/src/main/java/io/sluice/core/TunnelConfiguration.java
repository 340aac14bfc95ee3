package io.sluice.core;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;

/**
 * How a tunnel takes a configuration: parse (no I/O), then resolve the host names, then load the TLS
 * material and the secrets that password keys refer to ($[secret:NAME]).
 */
final class TunnelConfiguration {

    private TunnelConfiguration() {
    }

    /** Where a tunnel's relative file names (cert, CAfile, ...) are resolved: the instance's etc. */
    static Path etc() {
        return Paths.get(System.getProperty("karaf.etc", "."));
    }

    /** Settings ready to start; the first step that refuses says why, naming the key and value. */
    static TunnelSettings read(String name, Map<String, ?> properties, Path baseDir) throws ConfigException {
        return Secrets.resolved(TlsMaterialLoader.loaded(EndpointResolver.resolve(ConfigParser.parse(name, properties, baseDir))));
    }
}
