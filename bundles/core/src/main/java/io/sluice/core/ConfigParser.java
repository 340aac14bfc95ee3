package io.sluice.core;

import io.sluice.api.TunnelKeys;
import io.sluice.api.tls.KeyMaterial;
import io.sluice.api.tls.PeerAllowList;
import io.sluice.api.tls.PreSharedKeys;
import io.sluice.api.tls.Revocation;
import io.sluice.api.tls.TlsSettings;
import io.sluice.api.transport.Exec;
import io.sluice.api.transport.Failover;
import io.sluice.api.transport.Target;
import io.sluice.api.transport.Timeouts;
import io.sluice.pki.CrlFiles;
import io.sluice.pki.KeyFiles;
import io.sluice.pki.PkiException;
import io.sluice.pki.PskFiles;
import io.sluice.pki.TrustFiles;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Turns the properties of {@code etc/io.sluice.tunnel-NAME.cfg} into {@link TunnelSettings}.
 * Keys are stunnel's option names, matched case-insensitively as stunnel does. Every refusal is a
 * {@link ConfigException} naming the tunnel, the file and line where known, the key and the value.
 */
final class ConfigParser {

    /** Keys Sluice reads; anything else not set by the framework is refused, never ignored. */
    static final Set<String> KEYS = keys(TunnelKeys.ALL);
    /** What an inetd-mode tunnel shows as its accept side. */
    static final String STDIO = "stdio";

    /** Set by ConfigAdmin, FileInstall, DS, Karaf or Sluice's own importers (sluice.*), not by the operator. */
    private static final List<String> FRAMEWORK_PREFIXES = List.of(
            "service.", "component.", "felix.", "osgi.", "org.apache.karaf.", "sluice.");

    private static final List<String> VERSIONS = List.of("TLSv1.2", "TLSv1.3");

    private final String name;
    private final Map<String, String> values;
    private final ConfigSource source;

    private ConfigParser(String name, Map<String, String> values, ConfigSource source) {
        this.name = name;
        this.values = values;
        this.source = source;
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

    static TunnelSettings parse(String name, Map<String, ?> properties, Path baseDir) throws ConfigException {
        ConfigSource source = ConfigSource.of(properties);
        Map<String, String> values = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Map.Entry<String, ?> entry : properties.entrySet()) {
            String key = entry.getKey();
            if (FRAMEWORK_PREFIXES.stream().anyMatch(key::startsWith) || key.endsWith(".target")) {
                continue;
            }
            values.put(key, text(entry.getValue()));
        }
        return new ConfigParser(name, values, source).parse(baseDir);
    }

    private TunnelSettings parse(Path baseDir) throws ConfigException {
        for (String key : values.keySet()) {
            if (!KEYS.contains(key)) {
                throw new ConfigException(where(key) + key + ": unknown option (known: "
                        + String.join(", ", new TreeSet<>(KEYS)) + ")");
            }
        }
        boolean client = bool("client", false);
        SniSecondary secondary = client ? null : sniSecondary();
        if (secondary != null && optional("accept") != null) {
            throw error("accept", values.get("accept"), "a secondary service (sni = " + values.get("sni")
                    + ") listens on its primary's port, not its own");
        }
        boolean inetd = inetd(secondary);
        Exec exec = exec(baseDir, secondary != null);
        // stunnel's endpoints: accept + connect, accept + exec (local mode), exec + connect (no accept);
        // in inetd mode standard input/output take accept's place, so exec is local mode there.
        boolean execConnect = exec != null && optional("accept") == null && !inetd;
        String acceptText = secondary != null ? "sni " + values.get("sni").trim()
                : inetd ? STDIO : execConnect ? "exec " + exec.program() : required("accept");
        InetSocketAddress accept = secondary != null || execConnect || inetd ? null : accept(acceptText);
        List<String> connectText = list("connect");
        if (exec != null && !execConnect && !connectText.isEmpty()) {
            throw error("connect", values.get("connect"), "a tunnel has two endpoints: with accept and exec, the program"
                    + " takes the place of connect (drop accept for an exec+connect service)");
        }
        if (connectText.isEmpty() && (exec == null || execConnect)) {
            throw error("connect", "", "required: where to connect, [HOST:]PORT, comma separated"
                    + (execConnect ? " (exec without accept is an exec+connect service)" : ""));
        }
        List<Target> targets = exec != null && !execConnect ? List.of() : targets("connect", connectText);
        if (exec != null && !execConnect) {
            connectText = List.of("exec " + exec.program());
        }
        if (exec != null && !execConnect && exec.retry() != null) {
            throw error("retry", values.get("retry"), "has no effect: it restarts the program of an exec+connect"
                    + " service (exec and connect, no accept)");
        }
        Failover failover = choice("failover", Failover.class, Failover.PRIO);

        PreSharedKeys psk = preSharedKeys(client, baseDir);
        Path cert = path("cert", baseDir);
        Path key = path("key", baseDir);
        if (key != null && cert == null) {
            throw error("key", values.get("key"), "key without cert: set cert to the certificate chain");
        }
        String password = optional("keyPassword");
        KeyMaterial material = cert == null ? null : keyMaterial(cert, key, password);

        List<X509Certificate> anchors = trustAnchors(baseDir);
        boolean verifyPeer = bool("verifyPeer", false);
        // The secure default: a client verifies the server unless told otherwise (stunnel's is no).
        boolean verifyChain = bool("verifyChain", client && !verifyPeer && psk == null);
        if (verifyPeer && anchors == null) {
            throw error("verifyPeer", values.get("verifyPeer"), "needs CAfile or CApath holding the peer certificates");
        }
        boolean requireCert = bool("requireCert", !client && (verifyChain || verifyPeer));
        List<String> checkHost = list("checkHost");
        List<String> checkIP = list("checkIP");
        for (String ip : checkIP) {
            if (!isIpLiteral(ip)) {
                throw error("checkIP", values.get("checkIP"), "'" + ip + "' is not an IP address");
            }
        }
        boolean checkConnectHost = client && verifyChain && checkHost.isEmpty() && checkIP.isEmpty();
        String sni = client && values.containsKey("sni") ? values.get("sni").trim() : null;

        String versionMin = version("sslVersionMin", optional("sslVersion") != null ? "sslVersion" : null, "TLSv1.2");
        String versionMax = version("sslVersionMax", optional("sslVersion") != null ? "sslVersion" : null, "TLSv1.3");
        if (VERSIONS.indexOf(versionMin) > VERSIONS.indexOf(versionMax)) {
            throw error("sslVersionMin", versionMin, "is above sslVersionMax " + versionMax);
        }
        List<String> ciphers = psk != null ? PskCiphers.parse(this, optional("ciphers")) : suites("ciphers", false);
        List<String> ciphersuites = suites("ciphersuites", true);

        List<Target> redirect = redirect(client, verifyChain || verifyPeer);
        List<String> checkEmail = emails();
        PeerAllowList allow = new PeerAllowList(list("allowCN"), list("allowOU"), list("allowDNS"), uris());
        requireVerification(verifyChain || verifyPeer, "checkEmail", "allowCN", "allowOU", "allowDNS", "allowURI");
        Revocation revocation = revocation(baseDir, verifyChain);

        TlsSettings tls = TlsSettings.builder(client).keyMaterial(material).trustAnchors(anchors).verifyChain(verifyChain)
                .verifyPeer(verifyPeer).requireCert(requireCert).checkHost(checkHost).checkIP(checkIP)
                .checkConnectHost(checkConnectHost).sni(sni).versionMin(versionMin).versionMax(versionMax)
                .ciphers(ciphers).ciphersuites(ciphersuites).checkEmail(checkEmail).allow(allow).revocation(revocation)
                .sessionCacheSize(count("sessionCacheSize", TlsSettings.DEFAULT_SESSION_CACHE_SIZE))
                .sessionCacheTimeout(sessionCacheTimeout()).sessionResume(bool("sessionResume", true)).alpn(alpn())
                .redirectOnFailure(!redirect.isEmpty()).psk(psk).build();

        String provider = optional("tlsProvider") == null ? (psk != null ? PSK_PROVIDER : "jsse") : token("tlsProvider");
        if (psk != null && !provider.equals(PSK_PROVIDER)) {
            throw error("tlsProvider", values.get("tlsProvider"), "PSKsecrets needs tlsProvider = " + PSK_PROVIDER
                    + " (JSSE has no TLS-PSK; a PSK tunnel without tlsProvider gets " + PSK_PROVIDER + ")");
        }
        String protocol = optional("protocol") == null || "none".equalsIgnoreCase(optional("protocol"))
                ? null : token("protocol");
        Map<String, String> protocolOptions = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith("protocol") && !k.equals("protocol")) {
                protocolOptions.put(canonical(k), v.trim());
            }
        });
        if (protocol == null && !protocolOptions.isEmpty()) {
            String first = protocolOptions.keySet().iterator().next();
            throw error(first, protocolOptions.get(first), "has no effect without protocol");
        }
        boolean libwrap = bool("libwrap", false);
        if (exec != null && protocol != null) {
            throw error("protocol", values.get("protocol"), "not supported with exec yet");
        }
        if (execConnect && libwrap) {
            throw error("libwrap", values.get("libwrap"), "an exec+connect service has no client address to check");
        }
        // TIMEOUTclose = 0 (common in stunnel files): close at once instead of waiting for the peer's close.
        Timeouts timeouts = new Timeouts(seconds("TIMEOUTconnect", 10, 1), seconds("TIMEOUTidle", 43200, 1),
                seconds("TIMEOUTclose", 60, 0), seconds("TIMEOUTbusy", 300, 1), seconds("TIMEOUThandshake", 30, 1));

        // The files a running tunnel follows (hot rotation): new connections get what they hold now.
        List<Path> tlsFiles = java.util.stream.Stream.of(cert, key, path("CAfile", baseDir), path("CApath", baseDir),
                        path("CRLfile", baseDir), path("CRLpath", baseDir), path("PSKsecrets", baseDir))
                .filter(java.util.Objects::nonNull).distinct().toList();
        return new TunnelSettings(name, client, acceptText.trim(), accept, connectText, targets, failover, tls,
                cert != null, provider, protocol, protocolOptions, libwrap, timeouts, tlsFiles, secondary, redirect, exec,
                inetd);
    }

    /**
     * inetd = yes (stunnel's inetd mode, written by bin/sluice for a file without sections): the
     * process's standard input and output are the accept side, so there is no accept of its own.
     */
    private boolean inetd(SniSecondary secondary) throws ConfigException {
        boolean inetd = bool("inetd", false);
        if (inetd && optional("accept") != null) {
            throw error("accept", values.get("accept"), "not allowed with inetd = yes (standard input and output are"
                    + " the accept side)");
        }
        if (inetd && secondary != null) {
            throw error("sni", values.get("sni"), "a secondary service cannot run in inetd mode");
        }
        return inetd;
    }

    /**
     * stunnel's exec, execArgs and retry. The program must be an executable file (relative names are
     * resolved against etc/, as other files); execArgs is split at white space, no quoting, $0 first.
     */
    private Exec exec(Path baseDir, boolean secondary) throws ConfigException {
        String program = optional("exec");
        if (program == null) {
            if (optional("execArgs") != null) {
                throw error("execArgs", values.get("execArgs"), "has no effect without exec");
            }
            if (retry() != null) {
                throw error("retry", values.get("retry"), "has no effect without exec (and connect, no accept)");
            }
            return null;
        }
        program = program.trim();
        if (program.isEmpty()) {
            throw error("exec", "", "expected the path of a program");
        }
        if (secondary) {
            throw error("exec", program, "not supported yet in a secondary (sni) service");
        }
        Path path = baseDir.resolve(program);
        if (!java.nio.file.Files.isRegularFile(path) || !java.nio.file.Files.isExecutable(path)) {
            throw error("exec", program, "not an executable file: " + path);
        }
        String args = optional("execArgs");
        List<String> argv = args == null || args.isBlank() ? List.of(program)
                : Arrays.asList(args.trim().split("\\s+"));
        return new Exec(path.toString(), argv, retry());
    }

    /** stunnel's retry: yes (1000 ms), no, or a delay in milliseconds. */
    private Duration retry() throws ConfigException {
        String value = optional("retry");
        if (value == null) {
            return null;
        }
        String v = value.trim();
        if (v.equalsIgnoreCase("no")) {
            return null;
        }
        if (v.equalsIgnoreCase("yes")) {
            return Duration.ofMillis(1000);
        }
        try {
            long millis = Long.parseLong(v);
            if (millis >= 0) {
                return Duration.ofMillis(millis);
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw error("retry", value, "expected yes, no or a delay in milliseconds");
    }

    /** The provider that speaks TLS-PSK (JSSE cannot). */
    static final String PSK_PROVIDER = "bc";

    /** Certificate options a PSK tunnel has no use for: the key alone authenticates both peers. */
    private static final List<String> CERTIFICATE_KEYS = List.of("cert", "key", "keyPassword", "CAfile", "CApath",
            "verifyChain", "verifyPeer", "requireCert", "checkHost", "checkIP", "checkEmail", "allowCN", "allowOU",
            "allowDNS", "allowURI", "CRLfile", "CRLpath", "OCSP", "OCSPaia", "redirect", "alpn");

    /**
     * stunnel's PSKsecrets and PSKidentity: null without PSKsecrets. A PSK tunnel authenticates by
     * the key alone, so certificate options are refused rather than half-applied ("no" is fine).
     */
    private PreSharedKeys preSharedKeys(boolean client, Path baseDir) throws ConfigException {
        Path file = path("PSKsecrets", baseDir);
        String identity = optional("PSKidentity");
        if (file == null) {
            if (identity != null) {
                throw error("PSKidentity", identity, "has no effect without PSKsecrets");
            }
            return null;
        }
        if (identity != null && !client) {
            throw error("PSKidentity", identity, "only a client presents an identity (client = yes); a server accepts"
                    + " every identity of PSKsecrets");
        }
        for (String key : CERTIFICATE_KEYS) {
            String value = optional(key);
            if (value != null && !List.of("no", "false", "off", "0").contains(value.toLowerCase(Locale.ROOT))) {
                throw error(key, values.get(key), "not used with PSKsecrets: a PSK tunnel authenticates by the"
                        + " pre-shared key alone (no certificate, no ALPN)");
            }
        }
        List<PreSharedKeys.Key> keys;
        try {
            keys = PskFiles.load(file);
        } catch (PkiException e) {
            throw error("PSKsecrets", values.get("PSKsecrets"), e.getMessage());
        }
        try {
            return new PreSharedKeys(keys, identity);
        } catch (IllegalArgumentException e) {
            throw error("PSKidentity", identity, "not an identity of PSKsecrets " + file);
        }
    }

    /** stunnel's redirect: where a server sends clients that fail certificate verification. */
    private List<Target> redirect(boolean client, boolean verifies) throws ConfigException {
        List<String> items = list("redirect");
        if (items.isEmpty()) {
            return List.of();
        }
        if (client) {
            throw error("redirect", values.get("redirect"), "only a server redirects clients (client = no)");
        }
        if (!verifies) {
            throw error("redirect", values.get("redirect"), "has no effect without verifyChain or verifyPeer");
        }
        return targets("redirect", items);
    }

    private SniSecondary sniSecondary() throws ConfigException {
        String value = optional("sni");
        try {
            return value == null ? null : SniSecondary.parse(value);
        } catch (IllegalArgumentException e) {
            throw error("sni", value, e.getMessage());
        }
    }

    // ---- values --------------------------------------------------------------------------------

    private String optional(String key) {
        String value = values.get(key);
        return value == null || value.isBlank() ? null : value.trim();
    }

    private String required(String key) throws ConfigException {
        String value = optional(key);
        if (value == null) {
            throw error(key, "", "required");
        }
        return value;
    }

    private boolean bool(String key, boolean defaultValue) throws ConfigException {
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

    private <E extends Enum<E>> E choice(String key, Class<E> type, E defaultValue) throws ConfigException {
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
    private List<String> list(String key) {
        String value = optional(key);
        if (value == null) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private String token(String key) throws ConfigException {
        String value = optional(key);
        if (!value.matches("[A-Za-z0-9._-]+")) {
            throw error(key, value, "expected a name such as jsse, bc, smtp");
        }
        return value.toLowerCase(Locale.ROOT);
    }

    private Duration seconds(String key, int defaultValue, int minimum) throws ConfigException {
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
    private int count(String key, int defaultValue) throws ConfigException {
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

    /** RFC 8446's ticket lifetime limit: SunJSSE resumes nothing at all (TLS 1.2 neither) past it, so refuse. */
    static final int MAX_SESSION_CACHE_TIMEOUT = 7 * 24 * 3600;

    private int sessionCacheTimeout() throws ConfigException {
        long seconds = seconds("sessionCacheTimeout", TlsSettings.DEFAULT_SESSION_CACHE_TIMEOUT, 1).toSeconds();
        if (seconds > MAX_SESSION_CACHE_TIMEOUT) {
            throw error("sessionCacheTimeout", values.get("sessionCacheTimeout"), "at most " + MAX_SESSION_CACHE_TIMEOUT
                    + " seconds (7 days, the longest a TLS 1.3 ticket may live; beyond it the JDK resumes no session at all)");
        }
        return (int) seconds;
    }

    /** ALPN protocol names (RFC 7301): 1 to 255 bytes; printable ASCII here, as IANA's registered names are. */
    private List<String> alpn() throws ConfigException {
        List<String> names = list("alpn");
        for (String name : names) {
            if (name.length() > 255 || !name.matches("[\\x21-\\x7e]+")) {
                throw error("alpn", values.get("alpn"), "'" + name
                        + "' is not an ALPN protocol name (1 to 255 printable ASCII characters, e.g. h2, http/1.1)");
            }
        }
        if (names.stream().distinct().count() < names.size()) {
            throw error("alpn", values.get("alpn"), "names a protocol twice");
        }
        return names;
    }

    private String version(String key, String fallbackKey, String defaultValue) throws ConfigException {
        String usedKey = optional(key) != null ? key : fallbackKey;
        if (usedKey == null) {
            return defaultValue;
        }
        String value = optional(usedKey);
        for (String known : VERSIONS) {
            if (known.equalsIgnoreCase(value)) {
                return known;
            }
        }
        throw error(usedKey, value, List.of("SSLv2", "SSLv3", "TLSv1", "TLSv1.1").stream().anyMatch(value::equalsIgnoreCase)
                ? "not allowed: Sluice speaks TLSv1.2 and TLSv1.3 only"
                : "expected TLSv1.2 or TLSv1.3");
    }

    private List<String> suites(String key, boolean tls13) throws ConfigException {
        String value = optional(key);
        if (value == null) {
            return null;
        }
        try {
            return Ciphers.parse(value, tls13);
        } catch (IllegalArgumentException e) {
            throw error(key, value, e.getMessage());
        }
    }

    // ---- peer identity and revocation ---------------------------------------------------------

    private List<String> emails() throws ConfigException {
        List<String> emails = list("checkEmail");
        for (String email : emails) {
            int at = email.lastIndexOf('@');
            if (at <= 0 || at == email.length() - 1 || email.indexOf(' ') >= 0) {
                throw error("checkEmail", values.get("checkEmail"), "'" + email + "' is not an email address");
            }
        }
        return emails;
    }

    private List<String> uris() throws ConfigException {
        List<String> uris = list("allowURI");
        for (String uri : uris) {
            try {
                URI parsed = new URI(uri.endsWith("/*") ? uri.substring(0, uri.length() - 1) : uri);
                if (parsed.getScheme() == null) {
                    throw new URISyntaxException(uri, "no scheme");
                }
            } catch (URISyntaxException e) {
                throw error("allowURI", values.get("allowURI"), "'" + uri + "' is not a URI such as spiffe://example.org/service");
            }
            if (uri.indexOf('*') >= 0 && (!uri.endsWith("/*") || uri.indexOf('*') != uri.length() - 1)) {
                throw error("allowURI", values.get("allowURI"), "'" + uri + "': '*' is only allowed as a last path segment '/*'");
            }
        }
        return uris;
    }

    /** As stunnel refuses checkHost without verification: an unverified name proves nothing. */
    private void requireVerification(boolean verifies, String... keys) throws ConfigException {
        for (String key : keys) {
            if (!verifies && optional(key) != null) {
                throw error(key, values.get(key), "needs verifyChain or verifyPeer: an unverified certificate proves no identity");
            }
        }
    }

    private Revocation revocation(Path baseDir, boolean verifyChain) throws ConfigException {
        List<X509CRL> crls = new ArrayList<>();
        Path crlFile = path("CRLfile", baseDir);
        Path crlPath = path("CRLpath", baseDir);
        try {
            if (crlFile != null) {
                crls.addAll(CrlFiles.load(crlFile));
            }
        } catch (PkiException e) {
            throw error("CRLfile", values.get("CRLfile"), e.getMessage());
        }
        try {
            if (crlPath != null) {
                crls.addAll(CrlFiles.loadDirectory(crlPath));
            }
        } catch (PkiException e) {
            throw error("CRLpath", values.get("CRLpath"), e.getMessage());
        }
        URI ocspUrl = null;
        String ocsp = optional("OCSP");
        if (ocsp != null) {
            try {
                ocspUrl = new URI(ocsp);
            } catch (URISyntaxException e) {
                ocspUrl = null;
            }
            if (ocspUrl == null || !"http".equalsIgnoreCase(ocspUrl.getScheme()) || ocspUrl.getHost() == null) {
                throw error("OCSP", ocsp, "expected the responder's http:// URL");
            }
        }
        boolean ocspAia = bool("OCSPaia", false);
        boolean ocspRequire = bool("OCSPrequire", true);
        Duration ocspTimeout = seconds("TIMEOUTocsp", 5, 1);
        // stunnel: "verifyChain" has to be enabled for OCSP support; CRLs likewise only make sense on a chain.
        for (String key : List.of("CRLfile", "CRLpath", "OCSP", "OCSPaia")) {
            if (!verifyChain && optional(key) != null && !(key.equals("OCSPaia") && !ocspAia)) {
                throw error(key, values.get(key), "needs verifyChain: revocation is checked on a verified chain");
            }
        }
        return new Revocation(crls, ocspUrl, ocspAia, ocspRequire, ocspTimeout);
    }

    // ---- addresses -----------------------------------------------------------------------------

    private InetSocketAddress accept(String text) throws ConfigException {
        try {
            return Addresses.bindAddress(Addresses.parse(text, null));
        } catch (IllegalArgumentException e) {
            throw error("accept", text, e.getMessage());
        } catch (UnknownHostException e) {
            throw error("accept", text, "cannot resolve " + e.getMessage());
        }
    }

    private List<Target> targets(String key, List<String> items) throws ConfigException {
        List<Target> targets = new ArrayList<>();
        for (String item : items) {
            try {
                // stunnel: a bare port connects to localhost.
                Addresses.HostPort hp = Addresses.parse(item, "localhost");
                if (hp.port() == 0) {
                    throw new IllegalArgumentException("port 0 cannot be connected to");
                }
                if (bool("delay", false)) {
                    // stunnel's delay = yes: a name that does not resolve yet (a container not started) is no error.
                    targets.add(new Target(hp.host(), InetSocketAddress.createUnresolved(hp.host(), hp.port())));
                    continue;
                }
                for (InetSocketAddress address : Addresses.resolveAll(hp)) {
                    targets.add(new Target(hp.host(), address));
                }
            } catch (IllegalArgumentException e) {
                throw error(key, values.get(key), "'" + item + "': " + e.getMessage());
            } catch (UnknownHostException e) {
                throw error(key, values.get(key), "'" + item + "': cannot resolve host");
            }
        }
        return targets;
    }

    // ---- files ---------------------------------------------------------------------------------

    private Path path(String key, Path baseDir) {
        String value = optional(key);
        return value == null ? null : baseDir.resolve(value);
    }

    private KeyMaterial keyMaterial(Path cert, Path key, String password) throws ConfigException {
        try {
            return KeyFiles.load(cert, key, password == null ? null : password.toCharArray());
        } catch (PkiException e) {
            String culprit = key != null && e.getMessage().contains(key.toString()) ? "key" : "cert";
            throw error(culprit, values.get(culprit), e.getMessage());
        }
    }

    private List<X509Certificate> trustAnchors(Path baseDir) throws ConfigException {
        Path caFile = path("CAfile", baseDir);
        Path caPath = path("CApath", baseDir);
        if (caFile == null && caPath == null) {
            return null;
        }
        List<X509Certificate> anchors = new ArrayList<>();
        try {
            if (caFile != null) {
                anchors.addAll(TrustFiles.load(caFile));
            }
        } catch (PkiException e) {
            throw error("CAfile", values.get("CAfile"), e.getMessage());
        }
        try {
            if (caPath != null) {
                anchors.addAll(TrustFiles.loadDirectory(caPath));
            }
        } catch (PkiException e) {
            throw error("CApath", values.get("CApath"), e.getMessage());
        }
        return anchors;
    }

    // ---- messages ------------------------------------------------------------------------------

    ConfigException error(String key, String value, String problem) {
        String shown = key.toLowerCase(Locale.ROOT).contains("password") ? "****" : value;
        return new ConfigException(where(key) + canonical(key) + " = " + shown + ": " + problem);
    }

    /** "Service [NAME]: FILE:LINE: " as far as known. */
    private String where(String key) {
        return "Service [" + name + "]: " + source.locate(key);
    }

    private static String canonical(String key) {
        return KEYS.stream().filter(key::equalsIgnoreCase).findFirst().orElse(key);
    }

    private static boolean isIpLiteral(String text) {
        return text.matches("[0-9.]+") && text.split("\\.").length == 4 || text.contains(":");
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

    private static Set<String> keys(List<String> names) {
        Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        set.addAll(names);
        return set;
    }
}
