package io.sluice.interop;

import io.sluice.interop.Interop.Identity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

/**
 * Cyrus's NNTP server (Debian's cyrus-nntpd) out of the test's temporary directory: its own
 * imapd.conf and cyrus.conf, the master in the foreground with nntpd alone on a free loopback port,
 * STARTTLS with {@code identity}. Cyrus offers {@code AUTHINFO USER} only inside TLS (plaintext
 * passwords are refused outside it), which tells a session inside TLS from one outside. The
 * master starts as root and drops to the {@code cyrus} user, as in Debian's own service.
 */
final class CyrusNntpd {

    static final String SERVER_NAME = "news.example";

    private CyrusNntpd() {
    }

    /** Starts it; returns its port. */
    static int start(Interop interop, Identity identity) throws Exception {
        String master = Interop.binary("cyrmaster");
        Path dir = interop.dir().resolve("cyrus");
        for (String sub : List.of("conf", "spool", "proc", "lock")) {
            Files.createDirectories(dir.resolve(sub));
        }
        Files.copy(identity.cert(), dir.resolve("server.crt"));
        Files.copy(identity.key(), dir.resolve("server.key"));
        Path imapdConf = dir.resolve("imapd.conf");
        // Every path Debian's build puts under /var/lib/cyrus or /run/cyrus comes here.
        Files.writeString(imapdConf, """
                configdirectory: %1$s/conf
                partition-default: %1$s/spool
                proc_path: %1$s/proc
                mboxname_lockpath: %1$s/lock
                statuscache_db_path: %1$s/conf/statuscache.db
                duplicate_db_path: %1$s/conf/deliver.db
                ptscache_db_path: %1$s/conf/ptscache.db
                tls_sessions_db_path: %1$s/conf/tls_sessions.db
                tls_server_cert: %1$s/server.crt
                tls_server_key: %1$s/server.key
                servername: %2$s
                """.formatted(dir, SERVER_NAME));
        int port = Interop.freePort();
        // The master does not pass its -C on: each command names the configuration itself.
        Path cyrusConf = dir.resolve("cyrus.conf");
        Files.writeString(cyrusConf, """
                START {
                  recover cmd="ctl_cyrusdb -C %1$s -r"
                }
                SERVICES {
                  nntp cmd="nntpd -C %1$s" listen="127.0.0.1:%2$d" prefork=0
                }
                EVENTS {
                }
                """.formatted(imapdConf, port));
        Daemons.chown(dir, "cyrus");
        Files.setPosixFilePermissions(interop.dir(), PosixFilePermissions.fromString("rwxr-xr-x"));
        Peer peer = interop.start("cyrmaster", List.of(master, "-C", imapdConf.toString(), "-M", cyrusConf.toString(),
                "-p", dir.resolve("master.pid").toString(), "-D"), false);
        Interop.awaitPort(peer, port, Duration.ofSeconds(15));
        return port;
    }
}
