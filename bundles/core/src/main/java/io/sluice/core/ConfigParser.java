package io.sluice.core;

import io.sluice.api.TunnelKeys;
import io.sluice.api.tls.TlsSettings;
import io.sluice.api.transport.AcceptSide;
import io.sluice.api.transport.ConnectSide;
import io.sluice.api.transport.Target;
import io.sluice.api.transport.Timeouts;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns the properties of {@code etc/io.sluice.tunnel-NAME.cfg} into {@link TunnelSettings}, with no
 * I/O: file keys become paths against etc/, host names stay unresolved. Keys are stunnel's option
 * names, matched case-insensitively as stunnel does. Every refusal is a {@link ConfigException}
 * naming the tunnel, the file and line where known, the key and the value. {@link EndpointResolver}
 * and {@link TlsMaterialLoader} complete the settings ({@link TunnelConfiguration#read}).
 */
final class ConfigParser {

    /** Keys Sluice reads; anything else not set by the framework is refused, never ignored. */
    static final Set<String> KEYS = keys(TunnelKeys.names());

    /**
     * Protocols whose exchange has been checked with a program per connection (accept and exec) as
     * the target: proxy writes its line to the program as stunnel does. The others wait for the same.
     */
    private static final Set<String> PROTOCOLS_WITH_PROGRAM = keys(List.of("proxy"));

    private ConfigParser() {
    }

    /** The tunnel's name: NAME of the factory PID {@code io.sluice.tunnel~NAME} or of the file name. */
    static String tunnelName(Map<String, ?> properties) {
        String pid = String.valueOf(properties.get("service.pid"));
        int tilde = pid.indexOf('~');
        if (tilde >= 0) {
            return pid.substring(tilde + 1);
        }
        Object file = properties.get(ConfigSource.FILE_PROPERTY);
        if (file != null) {
            String fileName = Paths.get(file.toString().replaceFirst("^file:", "")).getFileName().toString();
            return fileName.replaceFirst("^io\\.sluice\\.tunnel-", "").replaceFirst("\\.cfg$", "");
        }
        return pid;
    }

    /** @param baseDir where relative file names are resolved (etc/); nothing there is looked at */
    static TunnelSettings parse(String name, Map<String, ?> properties, Path baseDir) throws ConfigException {
        ConfigValues values = ConfigValues.of(name, properties, baseDir);
        for (String key : values.keys()) {
            if (!KEYS.contains(key)) {
                throw values.unknown(key, new TreeSet<>(KEYS));
            }
        }
        boolean client = values.bool("client", false);
        EndpointParser.Endpoints endpoints = new EndpointParser(values).parse(client);
        TlsParser tlsParser = new TlsParser(values, client);
        TlsFiles files = tlsParser.files();
        TlsSettings tls = tlsParser.settings(files, !values.list("redirect").isEmpty());
        List<Target> redirect = EndpointParser.redirect(values, client, tls.verifies());

        String protocol = values.optional("protocol") == null || "none".equalsIgnoreCase(values.optional("protocol"))
                ? null : values.token("protocol");
        Map<String, String> protocolOptions = protocolOptions(values, protocol);
        boolean libwrap = values.bool("libwrap", false);
        if (endpoints.execConnect() && protocol != null) {
            throw values.error("protocol", "not supported in an exec+connect service yet (exec and connect, no"
                    + " accept: its client is the program)");
        }
        if (endpoints.hasProgram() && protocol != null && !PROTOCOLS_WITH_PROGRAM.contains(protocol)) {
            throw values.error("protocol", "not supported with exec yet");
        }
        if (endpoints.execConnect() && libwrap) {
            throw values.error("libwrap", "an exec+connect service has no client address to check");
        }
        // TIMEOUTclose = 0 (common in stunnel files): close at once instead of waiting for the peer's close.
        Timeouts timeouts = new Timeouts(values.seconds("TIMEOUTconnect", 10, 1), values.seconds("TIMEOUTidle", 43200, 1),
                values.seconds("TIMEOUTclose", 60, 0), values.seconds("TIMEOUTbusy", 300, 1),
                values.seconds("TIMEOUThandshake", 30, 1));
        // delay is read only where there is a name to resolve, as stunnel does.
        boolean delay = (endpoints.connect() instanceof ConnectSide.Targets || !redirect.isEmpty())
                && values.bool("delay", false);
        ConnectionPolicy policy = ConnectionPolicy.parse(values);
        if (policy.proxyInput() != null && !(endpoints.accept() instanceof AcceptSide.Sockets)) {
            throw values.error("proxyProtocol", "accept", "needs an accept socket (a load balancer connects to it):"
                    + " not with inetd, exec+connect or an SNI secondary (its primary reads the header)");
        }
        String provider = values.optional("tlsProvider") == null ? ProviderChoice.of(client, tls, files,
                policy.renegotiation(), ProviderChoice.NATIVE_PLATFORM) : values.token("tlsProvider");
        checkProvider(values, provider, files, tls);
        return TunnelSettings.builder(name).client(client)
                .accept(endpoints.accept(), endpoints.acceptText()).connect(endpoints.connect(), endpoints.connectText())
                .secondary(endpoints.secondary()).delay(delay).redirect(redirect).tls(tls).files(files)
                .tlsProvider(provider).protocol(protocol, protocolOptions).libwrap(libwrap).timeouts(timeouts)
                .policy(policy).values(values).build();
    }

    /** What only one provider carries, refused with another. */
    private static void checkProvider(ConfigValues values, String provider, TlsFiles files, TlsSettings tls)
            throws ConfigException {
        if (files.pskSecrets() != null && !provider.equals(TlsParser.PSK_PROVIDER)) {
            throw values.error("tlsProvider", "PSKsecrets needs tlsProvider = " + TlsParser.PSK_PROVIDER
                    + " (JSSE has no TLS-PSK; a PSK tunnel without tlsProvider gets " + TlsParser.PSK_PROVIDER + ")");
        }
        if (tls.ticketSecrets() != null && !provider.equals(TlsParser.TICKET_KEY_PROVIDER)) {
            throw values.error("ticketKeySecret", "needs tlsProvider = " + TlsParser.TICKET_KEY_PROVIDER + " (SunJSSE, jsse, makes"
                    + " its own ticket keys and has no API to set them; BCJSSE, bc, issues no session tickets)");
        }
    }

    /** The protocol* keys for the negotiator; refused without protocol. */
    private static Map<String, String> protocolOptions(ConfigValues values, String protocol) throws ConfigException {
        Map<String, String> options = new LinkedHashMap<>();
        for (String key : values.keys()) {
            if (key.startsWith("protocol") && !key.equals("protocol")) {
                options.put(ConfigValues.canonical(key), values.raw(key).trim());
            }
        }
        if (protocol == null && !options.isEmpty()) {
            String first = options.keySet().iterator().next();
            throw values.error(first, options.get(first), "has no effect without protocol");
        }
        return options;
    }

    private static Set<String> keys(List<String> names) {
        Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        set.addAll(names);
        return set;
    }
}
