package io.sluice.stunnel;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The option table of README.md against what the reader does: for every row a small file with that
 * option is read, and the outcome must be the row's kind (refused: an error naming the option;
 * warning: read, with a warning naming it, nothing else changed; only X: X read without effect, any
 * other value refused; supported, checked, global: read, and the result differs from the same file
 * without the line, or that file is refused).
 */
public class OptionsTableTest {

    /** Every option of stunnel 5.75's manual and options.c (reference/stunnel.md, section 1). */
    private static final Set<String> STUNNEL_575 = Set.of("accept", "connect", "failover", "delay", "local",
            "redirect", "transparent", "exec", "execArgs", "pty", "retry", "sni", "socket", "protocol", "client", "cert",
            "key", "CAfile", "CApath", "CAstore", "CAengine", "CRLfile", "CRLpath", "verifyChain", "verifyPeer",
            "verify", "requireCert", "checkHost", "checkIP", "checkEmail", "OCSP", "OCSPaia", "OCSPflag", "OCSPnonce",
            "OCSPrequire", "TIMEOUTocsp", "sslVersion", "sslVersionMin", "sslVersionMax", "ciphers", "ciphersuites",
            "curves", "curve", "options", "securityLevel", "config", "renegotiation", "sessionCacheSize",
            "sessionCacheTimeout", "session", "sessionResume", "sessiond", "ticketKeySecret", "ticketMacSecret",
            "PSKsecrets", "PSKidentity", "compression", "engine", "engineCtrl", "engineDefault", "engineId", "engineNum",
            "provider", "providerParameter", "fips", "protocolHost", "protocolUsername", "protocolPassword",
            "protocolAuthentication", "protocolDomain", "protocolHeader", "TIMEOUTbusy", "TIMEOUTclose",
            "TIMEOUTconnect", "TIMEOUTidle", "libwrap", "ident", "debug", "output", "log", "syslog", "foreground",
            "logId", "chroot", "pid", "setuid", "setgid", "service", "RNDbytes", "RNDfile", "RNDoverwrite", "EGD",
            "setEnv", "stack", "reset", "include", "iconActive", "iconError", "iconIdle", "taskbar");

    private static final List<String> SERVER = List.of("accept = 127.0.0.1:8443", "connect = 127.0.0.1:8080",
            "cert = /etc/ssl/server.pem");

    /** A value that asks for something else than Sluice's default; "yes" where none is listed. */
    private static final Map<String, String> SAMPLES = samples();

    /** The section each option is tried in, where the server section above does not fit. */
    private static final Map<String, List<String>> SECTIONS = Map.ofEntries(
            Map.entry("exec", List.of("accept = 127.0.0.1:8443", "cert = /etc/ssl/server.pem")),
            Map.entry("execArgs", List.of("accept = 127.0.0.1:8443", "exec = /bin/cat", "cert = /etc/ssl/server.pem")),
            Map.entry("retry", List.of("exec = /bin/cat", "connect = 127.0.0.1:8080", "cert = /etc/ssl/server.pem")),
            Map.entry("sni", List.of("client = yes", "accept = 127.0.0.1:8443", "connect = 127.0.0.1:8080")),
            Map.entry("PSKsecrets", List.of("accept = 127.0.0.1:8443", "connect = 127.0.0.1:8080")),
            Map.entry("PSKidentity", List.of("client = yes", "accept = 127.0.0.1:8443", "connect = 127.0.0.1:8080",
                    "PSKsecrets = /etc/psk.txt")),
            Map.entry("ticketKeySecret", List.of("accept = 127.0.0.1:8443", "connect = 127.0.0.1:8080",
                    "cert = /etc/ssl/server.pem", "ticketMacSecret = " + "cd".repeat(32))),
            Map.entry("ticketMacSecret", List.of("accept = 127.0.0.1:8443", "connect = 127.0.0.1:8080",
                    "cert = /etc/ssl/server.pem", "ticketKeySecret = " + "ab".repeat(32))),
            Map.entry("checkHost", withVerification()),
            Map.entry("checkIP", withVerification()),
            Map.entry("checkEmail", withVerification()));

    /** Asks for what Sluice always does (NO_SSLv3): accepted, nothing to write. */
    private static final Set<String> ALREADY_SO = Set.of("options");

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void everyStunnelOptionIsInTheCatalogue() {
        TreeSet<String> missing = new TreeSet<>(STUNNEL_575);
        Options.all().forEach(option -> missing.remove(option.name()));
        missing.remove("include"); // read by the file reader
        assertEquals(Set.of(), missing);
    }

    @Test
    public void everyRowSaysWhatTheReaderDoes() throws Exception {
        List<String> wrong = new ArrayList<>();
        Map<String, String> rows = rows("(?m)^\\| `([A-Za-z0-9]+)` \\| ([^|]+?) \\|", "## Options", "### Command line");
        assertTrue(rows.size() > 100);
        for (Map.Entry<String, String> row : rows.entrySet()) {
            String problem = check(row.getKey(), row.getValue());
            if (problem != null) {
                wrong.add(row.getKey() + " (" + row.getValue() + "): " + problem);
            }
        }
        assertEquals("rows that disagree with the reader", List.of(), wrong);
    }

    @Test
    public void setuidAndSetgidMayNameWhoTheProcessAlreadyIs() throws Exception {
        var self = Files.readAttributes(Path.of("/proc/self"), java.nio.file.attribute.PosixFileAttributes.class);
        StunnelConfig config = read(List.of("setuid = " + self.owner().getName(),
                "setgid = " + self.group().getName()), SERVER);
        assertEquals(self.owner().getName(), config.global().setuid());
    }

    private String check(String name, String kind) throws IOException {
        boolean globalOnly = kind.endsWith("(G)");
        String base = kind.replace("(G)", "").trim();
        String value = SAMPLES.getOrDefault(name, "yes");
        if (name.equals("include")) {
            return include(base);
        }
        if (base.startsWith("only ")) {
            String only = base.substring(5).replace("`", "").trim();
            Outcome accepted = outcome(name, only, globalOnly);
            if (accepted.failure != null) {
                return name + " = " + only + " refused: " + accepted.failure;
            }
            if (!accepted.same) {
                return name + " = " + only + " changed the result";
            }
            return outcome(name, "bogus-value", globalOnly).failure == null ? name + " = bogus-value read" : null;
        }
        boolean inGlobal = globalOnly || base.equals("global");
        Outcome outcome = outcome(name, value, inGlobal);
        switch (base) {
            case "refused" -> {
                if (outcome.failure == null) {
                    return "read without error";
                }
                if (!outcome.failure.contains(name)) {
                    return "the error does not name it: " + outcome.failure;
                }
                if (!globalOnly && !inGlobal && outcome(name, value, true).failure == null) {
                    return "read without error in the global part";
                }
                return null;
            }
            case "warning" -> {
                if (outcome.failure != null) {
                    return "refused: " + outcome.failure;
                }
                if (outcome.warnings.stream().noneMatch(w -> w.contains(name + ":"))) {
                    return "no warning names it: " + outcome.warnings;
                }
                return outcome.same ? null : "it changed the result";
            }
            case "supported", "checked", "global" -> {
                if (outcome.failure != null) {
                    return "refused: " + outcome.failure;
                }
                return outcome.same && !ALREADY_SO.contains(name) ? "read, but without any effect" : null;
            }
            default -> {
                return "unknown kind";
            }
        }
    }

    /** include = DIR reads the directory's files as if inline. */
    private String include(String kind) throws IOException {
        Path dir = tmp.newFolder().toPath();
        Files.writeString(dir.resolve("a.conf"), "delay = yes\n");
        Outcome outcome = outcome("include", dir.toString(), false);
        boolean supported = outcome.failure == null && !outcome.same;
        return supported == kind.equals("supported") ? null : "include: " + outcome.failure;
    }

    private record Outcome(String failure, boolean same, List<String> warnings) {
    }

    private Outcome outcome(String name, String value, boolean inGlobal) throws IOException {
        List<String> section = SECTIONS.getOrDefault(name, SERVER);
        List<String> without = new ArrayList<>(section);
        without.removeIf(line -> line.startsWith(name + " ="));
        String line = name + " = " + value;
        List<String> globalLines = inGlobal ? List.of(line) : List.of();
        List<String> sectionLines = new ArrayList<>(without);
        if (!inGlobal) {
            sectionLines.add(line);
        }
        StunnelConfig with;
        try {
            with = read(globalLines, sectionLines);
        } catch (StunnelConfigException e) {
            return new Outcome(String.join("\n", e.messages()), false, List.of());
        }
        boolean same;
        try {
            StunnelConfig plain = read(List.of(), without);
            same = plain.services().equals(with.services()) && plain.global().equals(with.global());
        } catch (StunnelConfigException e) {
            same = false; // the line made a refused file good
        }
        return new Outcome(null, same, with.warnings());
    }

    private StunnelConfig read(List<String> global, List<String> section) throws IOException, StunnelConfigException {
        List<String> lines = new ArrayList<>(global);
        lines.add("[svc]");
        lines.addAll(section);
        Path file = tmp.newFile().toPath();
        Files.write(file, lines);
        return StunnelConfigReader.read(file);
    }

    /** The README's rows between two headings: name to kind. */
    static Map<String, String> rows(String regex, String from, String to) throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf(from);
        int end = readme.indexOf(to, start);
        Matcher row = Pattern.compile(regex).matcher(readme.substring(start, end < 0 ? readme.length() : end));
        Map<String, String> rows = new LinkedHashMap<>();
        while (row.find()) {
            assertNotEquals("a row twice: " + row.group(1), true, rows.containsKey(row.group(1)));
            rows.put(row.group(1), row.group(2).trim());
        }
        return rows;
    }

    private static List<String> withVerification() {
        List<String> lines = new ArrayList<>(SERVER);
        lines.add("verifyChain = yes");
        lines.add("CAfile = /etc/ssl/ca.pem");
        return lines;
    }

    private static Map<String, String> samples() {
        Map<String, String> samples = new LinkedHashMap<>();
        String[][] pairs = {{"accept", "127.0.0.1:8443"}, {"connect", "127.0.0.1:8080"}, {"failover", "rr"},
            {"local", "127.0.0.2"}, {"redirect", "127.0.0.1:8081"}, {"exec", "/bin/cat"}, {"execArgs", "cat -u"},
            {"sni", "example.com"}, {"socket", "l:TCP_NODELAY=yes"}, {"protocol", "smtp"},
            {"cert", "/etc/ssl/server.pem"}, {"key", "/etc/ssl/server.key"}, {"CAfile", "/etc/ssl/ca.pem"},
            {"CApath", "/etc/ssl/certs"}, {"CRLfile", "/etc/ssl/crl.pem"}, {"CRLpath", "/etc/ssl/crl"},
            {"verify", "2"}, {"checkHost", "example.com"}, {"checkIP", "127.0.0.1"}, {"checkEmail", "a@example.com"},
            {"OCSP", "http://ocsp.example.com"}, {"OCSPrequire", "no"}, {"TIMEOUTocsp", "7"},
            {"sslVersion", "TLSv1.3"}, {"sslVersionMin", "TLSv1.3"}, {"sslVersionMax", "TLSv1.2"},
            {"ciphers", "HIGH"}, {"ciphersuites", "TLS_AES_128_GCM_SHA256"}, {"curves", "X25519:P-256"},
            {"curve", "X25519"}, {"options", "NO_SSLv3"}, {"sessionCacheSize", "10"}, {"sessionCacheTimeout", "60"},
            {"session", "60"}, {"sessionResume", "no"}, {"PSKsecrets", "/etc/psk.txt"}, {"PSKidentity", "client1"},
            {"protocolHost", "mail.example.com"}, {"protocolUsername", "user"}, {"protocolPassword", "secret"},
            {"protocolAuthentication", "basic"}, {"protocolDomain", "EXAMPLE"}, {"TIMEOUTbusy", "7"},
            {"TIMEOUTclose", "7"}, {"TIMEOUTconnect", "7"}, {"TIMEOUTidle", "7"}, {"debug", "7"},
            {"output", "/tmp/sluice-test.log"}, {"log", "overwrite"}, {"syslog", "no"}, {"pid", "/tmp/sluice.pid"},
            {"setuid", "nobody-sluice-test"}, {"setgid", "nogroup-sluice-test"}, {"service", "svc"},
            {"reset", "no"}, {"keyPassword", "secret"}, {"tlsProvider", "bc"}, {"protocolAllow", "example.com:443"}, {"protocolHeader", "X-Forwarded-For: a, b"},
            {"TIMEOUThandshake", "7"}, {"allowCN", "client"}, {"allowOU", "ops"}, {"allowDNS", "example.com"},
            {"allowURI", "spiffe://example.org/a"}, {"alpn", "h2"}, {"maxConnections", "5"}, {"maxSetups", "5"},
            {"maxConnectionsPerSource", "5"}, {"chroot", "/var/empty"}, {"ticketKeySecret", "01".repeat(32)},
            {"ticketMacSecret", "02".repeat(32)}};
        for (String[] pair : pairs) {
            samples.put(pair[0], pair[1]);
        }
        return samples;
    }
}
