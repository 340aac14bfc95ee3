package io.sluice.stunnel;

import static io.sluice.stunnel.Option.Kind.CHECKED;
import static io.sluice.stunnel.Option.Kind.LINES;
import static io.sluice.stunnel.Option.Kind.LIST;
import static io.sluice.stunnel.Option.Kind.ONLY;
import static io.sluice.stunnel.Option.Kind.PASS;
import static io.sluice.stunnel.Option.Kind.PROCESS;
import static io.sluice.stunnel.Option.Kind.REFUSED;
import static io.sluice.stunnel.Option.Kind.WARN;
import static io.sluice.stunnel.Option.global;
import static io.sluice.stunnel.Option.service;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Every option of stunnel 5.75 (and Sluice's own tunnel keys), so that none is ever silently ignored. */
final class Options {

    private static final String NO_ENGINES = "not supported (no OpenSSL engines on the JVM)";
    private static final String NO_CHROOT = "not supported: a JVM cannot drop privileges after binding (nor chroot);"
            + " run it confined from the start: lib/systemd/sluice@.service with RootDirectory= or TemporaryFileSystem=";
    private static final String NOT_YET = "not supported yet";

    private static final List<Option> ALL = List.of(
            // endpoints
            service("accept", CHECKED, null),
            service("connect", LIST, null),
            service("failover", PASS, null),
            service("delay", PASS, null),
            service("local", PASS, null),
            service("redirect", LIST, null),
            service("transparent", ONLY, "none"),
            service("exec", CHECKED, null),
            service("execArgs", CHECKED, null),
            service("pty", ONLY, "no"),
            service("retry", CHECKED, null),
            service("sni", CHECKED, null),
            service("socket", LIST, null),
            service("protocol", PASS, null),
            service("client", CHECKED, null),
            // certificates, trust, verification
            service("cert", PASS, null),
            service("key", PASS, null),
            service("CAfile", PASS, null),
            service("CApath", PASS, null),
            service("CAstore", REFUSED, "not supported (no OpenSSL OSSL_STORE on the JVM; use CAfile or CApath)"),
            service("CAengine", REFUSED, NO_ENGINES),
            service("CRLfile", PASS, null),
            service("CRLpath", PASS, null),
            service("verifyChain", PASS, null),
            service("verifyPeer", PASS, null),
            service("verify", CHECKED, null),
            service("requireCert", CHECKED, null),
            service("checkHost", LIST, null),
            service("checkIP", LIST, null),
            service("checkEmail", LIST, null),
            service("OCSP", PASS, null),
            service("OCSPaia", PASS, null),
            service("OCSPflag", REFUSED, "not supported (OpenSSL's OCSP verification flags; Sluice always checks the signer)"),
            service("OCSPnonce", ONLY, "no"),
            service("OCSPrequire", PASS, null),
            service("TIMEOUTocsp", PASS, null),
            // protocol parameters
            service("sslVersion", CHECKED, null),
            service("sslVersionMin", CHECKED, null),
            service("sslVersionMax", CHECKED, null),
            service("ciphers", PASS, null),
            service("ciphersuites", PASS, null),
            service("curves", PASS, null),
            service("curve", CHECKED, null),
            service("options", CHECKED, null),
            service("securityLevel", REFUSED, "not supported (an OpenSSL setting; Sluice allows TLSv1.2+ with strong suites only)"),
            service("config", REFUSED, "not supported (OpenSSL SSL_CONF commands have no JVM equivalent)"),
            // Sluice's default is no, as OpenSSL 3's for a client's renegotiation (stunnel 5.68 on it refuses it too).
            service("renegotiation", PASS, null),
            service("sessionCacheSize", PASS, null),
            service("sessionCacheTimeout", PASS, null),
            service("session", CHECKED, null),
            service("sessionResume", PASS, null),
            service("sessiond", REFUSED, NOT_YET),
            service("ticketKeySecret", PASS, null),
            service("ticketMacSecret", PASS, null),
            service("PSKsecrets", PASS, null),
            service("PSKidentity", PASS, null),
            global("compression", REFUSED, "not supported (TLS compression is insecure: CRIME)"),
            global("engine", REFUSED, NO_ENGINES),
            global("engineCtrl", REFUSED, NO_ENGINES),
            global("engineDefault", REFUSED, NO_ENGINES),
            service("engineId", REFUSED, NO_ENGINES),
            service("engineNum", REFUSED, NO_ENGINES),
            global("provider", REFUSED, "not supported (no OpenSSL providers on the JVM; see tlsProvider)"),
            global("providerParameter", REFUSED, "not supported (no OpenSSL providers on the JVM)"),
            global("fips", ONLY, "no"),
            // protocol negotiation
            service("protocolHost", PASS, null),
            service("protocolUsername", PASS, null),
            service("protocolPassword", PASS, null),
            service("protocolAuthentication", PASS, null),
            service("protocolDomain", PASS, null),
            service("protocolHeader", LINES, null),
            // timeouts
            service("TIMEOUTbusy", PASS, null),
            service("TIMEOUTclose", PASS, null),
            service("TIMEOUTconnect", PASS, null),
            service("TIMEOUTidle", PASS, null),
            // access control
            service("libwrap", PASS, null),
            service("ident", REFUSED, "not supported yet (no RFC 1413 checks)"),
            // logging: in a section only the service-level forms remain
            // In a section: accepted, the global level applies (a warning says so).
            new Option("debug", PROCESS, CHECKED, null),
            global("output", PROCESS, null),
            global("log", PROCESS, null),
            global("syslog", PROCESS, null),
            global("foreground", PROCESS, null),
            service("logId", ONLY, "sequential"),
            // process
            global("chroot", REFUSED, NO_CHROOT),
            global("pid", PROCESS, null),
            new Option("setuid", PROCESS, REFUSED, "not supported in a section (the owner of a Unix socket)"),
            new Option("setgid", PROCESS, REFUSED, "not supported in a section (the group of a Unix socket)"),
            new Option("service", PROCESS, REFUSED, "not supported in a section (the syslog ident is global in Sluice)"),
            global("RNDbytes", WARN, "has no effect (the JVM seeds its own random generator)"),
            global("RNDfile", WARN, "has no effect (the JVM seeds its own random generator)"),
            global("RNDoverwrite", WARN, "has no effect (the JVM seeds its own random generator)"),
            global("EGD", WARN, "has no effect (the JVM seeds its own random generator)"),
            global("setEnv", REFUSED, "not supported yet (exec programs get Sluice's environment and stunnel's REMOTE_HOST,"
                    + " REMOTE_PORT, SSL_CLIENT_DN, SSL_CLIENT_I_DN)"),
            service("stack", WARN, "has no effect (the JVM sizes thread stacks)"),
            service("reset", PASS, null),
            global("iconActive", WARN, "has no effect (Windows GUI only)"),
            global("iconError", WARN, "has no effect (Windows GUI only)"),
            global("iconIdle", WARN, "has no effect (Windows GUI only)"),
            global("taskbar", WARN, "has no effect (Windows GUI only)"),
            // Sluice's own tunnel keys, so a converted file can use them too
            service("keyPassword", PASS, null),
            service("tlsProvider", PASS, null),
            service("protocolAllow", PASS, null),
            service("protocolProxyVersion", PASS, null),
            service("proxyProtocol", PASS, null),
            service("proxyFrom", PASS, null),
            service("TIMEOUThandshake", PASS, null),
            service("allowCN", LIST, null),
            service("allowOU", LIST, null),
            service("allowDNS", LIST, null),
            service("allowURI", LIST, null),
            service("alpn", PASS, null),
            service("maxConnections", PASS, null),
            service("maxSetups", PASS, null),
            service("maxConnectionsPerSource", PASS, null),
            // Sluice's tunnel key for stunnel's inetd mode, which the file's form decides, not an option.
            service("inetd", REFUSED, "not an option: a file without [section] runs in inetd mode"));

    /** By name, case-insensitively as stunnel's strcasecmp. */
    private static final Map<String, Option> BY_NAME = index();

    private Options() {
    }

    /** @return the option, or null if stunnel does not know the name */
    static Option find(String name) {
        return BY_NAME.get(name);
    }

    static List<Option> all() {
        return ALL;
    }

    private static Map<String, Option> index() {
        Map<String, Option> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        ALL.forEach(option -> map.put(option.name(), option));
        return map;
    }
}
