package io.sluice.interop;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.sluice.interop.Interop.Identity;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Real servers of the protocol tests, each from Debian's package, run from the test's temporary
 * directory with a generated configuration and stopped with the test: Dovecot (IMAP, POP3, SASL
 * for Postfix), PostgreSQL and OpenLDAP's slapd (Postfix and Cyrus's nntpd: their own classes). The build runs as root in CI: PostgreSQL refuses root, so it
 * runs as the {@code postgres} user (runuser); Dovecot starts as root as it is meant to and drops
 * to {@code nobody}.
 */
final class Daemons {

    /** Dovecot's test account and the one message in its INBOX. */
    static final String USER = "alice";
    static final String PASSWORD = "secret";
    static final String MESSAGE_BODY = "through sluice";

    private Daemons() {
    }

    /** {@code authSocket}: Dovecot's SASL server for Postfix's smtpd ({@code smtpd_sasl_type = dovecot}). */
    record Dovecot(Peer peer, int imapPort, int pop3Port, Path log, Path authSocket) {
        String logText() {
            return Interop.read(log);
        }
    }

    record Postgres(int port, Path socketDir) {
    }

    static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    /**
     * Dovecot with IMAP and POP3 on free ports, STARTTLS/STLS with {@code identity}, plaintext
     * logins allowed, and an auth socket that any local user (Postfix's smtpd) may ask.
     */
    static Dovecot dovecot(Interop interop, Identity identity) throws Exception {
        String binary = Interop.binary("dovecot");
        assertTrue("dovecot must be started as root (its login processes drop to nobody); run the build as root", root());
        Path dir = interop.dir().resolve("dovecot");
        Path inbox = dir.resolve("mail").resolve(USER);
        for (String sub : List.of("new", "cur", "tmp")) {
            Files.createDirectories(inbox.resolve(sub));
        }
        Files.writeString(inbox.resolve("new").resolve("1.eml"),
                "From: bob@example.com\r\nSubject: hello\r\n\r\n" + MESSAGE_BODY + "\r\n");
        chown(dir.resolve("mail"), "nobody");
        // nobody's processes walk down to the mail and the sockets.
        Files.setPosixFilePermissions(interop.dir(), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(dir.resolve("users"), USER + ":{PLAIN}" + PASSWORD + "::::::\n");
        int imap = Interop.freePort();
        int pop3 = Interop.freePort();
        Path log = dir.resolve("dovecot.log");
        Path conf = dir.resolve("dovecot.conf");
        Files.writeString(conf, """
                base_dir = %1$s/run
                state_dir = %1$s/state
                instance_name = sluice-test-%2$d
                protocols = imap pop3
                listen = 127.0.0.1
                ssl = yes
                ssl_cert = <%3$s
                ssl_key = <%4$s
                disable_plaintext_auth = no
                auth_mechanisms = plain login
                log_path = %5$s
                default_login_user = nobody
                default_internal_user = nobody
                default_internal_group = nogroup
                mail_location = maildir:%1$s/mail/%%u
                passdb {
                  driver = passwd-file
                  args = scheme=PLAIN %1$s/users
                }
                userdb {
                  driver = static
                  args = uid=nobody gid=nogroup home=%1$s/mail/%%u
                }
                service imap-login {
                  inet_listener imap {
                    port = %2$d
                  }
                  inet_listener imaps {
                    port = 0
                  }
                }
                service pop3-login {
                  inet_listener pop3 {
                    port = %6$d
                  }
                  inet_listener pop3s {
                    port = 0
                  }
                }
                service auth {
                  unix_listener auth-smtpd {
                    mode = 0666
                  }
                }
                """.formatted(dir, imap, identity.cert(), identity.key(), log, pop3));
        Peer peer = interop.start("dovecot", List.of(binary, "-F", "-c", conf.toString()), false);
        Interop.awaitPort(peer, imap, Duration.ofSeconds(15));
        Interop.awaitPort(peer, pop3, Duration.ofSeconds(15));
        // Until its auth process is up Dovecot greets "* OK Waiting for authentication process".
        Interop.await("Dovecot's auth process is up", () -> greeting(imap).contains("ready"), Duration.ofSeconds(15));
        return new Dovecot(peer, imap, pop3, log, dir.resolve("run").resolve("auth-smtpd"));
    }

    private static String greeting(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(Interop.LOOPBACK, port), 2000);
            socket.setSoTimeout(2000);
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1)).readLine();
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * PostgreSQL with ssl = on and {@code identity}: role {@code tester} may log in over TLS only
     * ({@code hostssl}), role {@code plain} without TLS only ({@code hostnossl}).
     */
    static Postgres postgres(Interop interop, Identity identity) throws Exception {
        Path bin = postgresBin();
        Path dir = interop.dir().resolve("postgres");
        Path data = dir.resolve("data");
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(interop.dir(), PosixFilePermissions.fromString("rwxr-xr-x"));
        String user = root() ? "postgres" : null;
        if (user != null) {
            chown(dir, user);
        }
        run(interop, "initdb", asUser(user, bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "tester",
                "--auth=trust", "-E", "UTF8", "--no-sync"));
        Files.copy(identity.cert(), data.resolve("server.crt"));
        Files.copy(identity.key(), data.resolve("server.key"));
        Files.setPosixFilePermissions(data.resolve("server.key"), PosixFilePermissions.fromString("rw-------"));
        Files.writeString(data.resolve("pg_hba.conf"), "hostssl all tester 127.0.0.1/32 trust\n"
                + "hostnossl all plain 127.0.0.1/32 trust\n");
        if (user != null) {
            chown(data, user);
        }
        int port = Interop.freePort();
        Peer peer = interop.start("postgres", asUser(user, bin.resolve("postgres").toString(), "-D", data.toString(),
                "-p", String.valueOf(port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=" + dir,
                "-c", "ssl=on", "-c", "fsync=off"), false);
        Interop.awaitPort(peer, port, Duration.ofSeconds(20));
        // runuser may not pass SIGTERM on: the postmaster itself is stopped by its pid.
        interop.onStop(() -> stopByPidFile(data.resolve("postmaster.pid")));
        run(interop, "createrole", List.of(Interop.binary("psql"), "host=127.0.0.1 port=" + port
                + " user=tester dbname=postgres sslmode=require", "-c", "CREATE ROLE plain LOGIN"));
        return new Postgres(port, dir);
    }

    /** The suffix slapd serves, and the organisation of its one entry. */
    static final String LDAP_SUFFIX = "dc=example,dc=org";
    static final String LDAP_ORGANIZATION = "Example through sluice";

    /**
     * OpenLDAP's slapd on a free port with StartTLS ({@code identity}) and {@code security tls=1}:
     * every operation but StartTLS needs TLS, so an answer proves the tunnel's TLS. Returns the port.
     */
    static int slapd(Interop interop, Identity identity) throws Exception {
        String slapd = Interop.binary("slapd");
        Path dir = interop.dir().resolve("slapd");
        Files.createDirectories(dir.resolve("db"));
        // slapd's GnuTLS does not read the key as Sluice's pki writes it: OpenSSL rewrites it in SEC 1 form (with the public key).
        Path key = dir.resolve("slapd.key");
        run(interop, "openssl-ec", List.of(Interop.binary("openssl"), "ec", "-in", identity.key().toString(),
                "-out", key.toString()));
        Path conf = dir.resolve("slapd.conf");
        Files.writeString(conf, """
                include /etc/ldap/schema/core.schema
                pidfile %1$s/slapd.pid
                modulepath /usr/lib/ldap
                moduleload back_mdb
                TLSCertificateFile %2$s
                TLSCertificateKeyFile %3$s
                security tls=1
                database mdb
                suffix "%4$s"
                rootdn "cn=admin,%4$s"
                rootpw secret
                directory %1$s/db
                """.formatted(dir, identity.cert(), key, LDAP_SUFFIX));
        Path ldif = dir.resolve("base.ldif");
        Files.writeString(ldif, "dn: " + LDAP_SUFFIX + "\nobjectClass: dcObject\nobjectClass: organization\no: "
                + LDAP_ORGANIZATION + "\ndc: example\n");
        run(interop, "slapadd", List.of(Interop.binary("slapadd"), "-f", conf.toString(), "-l", ldif.toString()));
        int port = Interop.freePort();
        // -d 0: in the foreground, so that the test stops it; as the user running the build.
        Peer peer = interop.start("slapd", List.of(slapd, "-f", conf.toString(), "-h", "ldap://127.0.0.1:" + port + "/",
                "-d", "0"), false);
        Interop.awaitPort(peer, port, Duration.ofSeconds(15));
        return port;
    }

    /** Stops a daemon that went into the background by the pid on its pid file's first line, and waits for it. */
    static void stopByPidFile(Path pidFile) {
        try {
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
            ProcessHandle.of(pid).ifPresent(process -> {
                process.destroy(); // SIGTERM: PostgreSQL's smart shutdown (fsync = off keeps it quick), Postfix's stop
                process.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(t -> null).join();
            });
        } catch (IOException | RuntimeException e) {
            // not started, or already gone
        }
    }

    private static Path postgresBin() throws IOException {
        Path lib = Path.of("/usr/lib/postgresql");
        assertTrue("PostgreSQL is not installed (apt-get install postgresql; .ci/run does)", Files.isDirectory(lib));
        try (Stream<Path> versions = Files.list(lib)) {
            Path bin = versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Path::compareTo).orElse(null);
            assertTrue("PostgreSQL's initdb is not installed under " + lib, bin != null);
            return bin;
        }
    }

    private static List<String> asUser(String user, String... command) {
        List<String> full = new ArrayList<>();
        if (user != null) {
            full.addAll(List.of(Interop.binary("runuser"), "-u", user, "--"));
        }
        full.addAll(List.of(command));
        return full;
    }

    /** Runs a command to its end; fails the test with its output when it does not exit 0. */
    static void run(Interop interop, String name, List<String> command) throws Exception {
        Peer peer = interop.start(name, command, false);
        assertEquals(name + " exit code; log:\n" + peer.logText(), 0, peer.awaitExit(Duration.ofSeconds(60)));
    }

    static void chown(Path top, String user) throws IOException {
        UserPrincipal owner = FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(user);
        try (Stream<Path> paths = Files.walk(top)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Files.setOwner(path, owner);
            }
        }
    }
}
