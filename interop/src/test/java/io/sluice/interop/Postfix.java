package io.sluice.interop;

import io.sluice.interop.Interop.Identity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A private Postfix instance from Debian's package, out of the test's temporary directory: its own
 * main.cf and master.cf ({@code postfix -c}), queue, data and log, smtpd on a free loopback port
 * only. It offers STARTTLS with {@code identity} and AUTH only inside TLS
 * ({@code smtpd_tls_auth_only}), checked by Dovecot's auth socket, and relays nothing for an
 * unauthenticated client: a queued mail proves the AUTH. Mail to {@link #RECIPIENT} goes to a
 * Maildir under the directory. Started as root (as Postfix must be); its master runs in the
 * background and is stopped by its pid with the test.
 */
record Postfix(int port, Path log, Path maildir) {

    static final String RECIPIENT = Daemons.USER + "@example.org";

    static Postfix start(Interop interop, Identity identity, Path saslSocket) throws Exception {
        String postfix = Interop.binary("postfix");
        Path dir = interop.dir().resolve("postfix");
        Path queue = dir.resolve("queue");
        Path data = dir.resolve("data");
        Path mail = dir.resolve("mail");
        Files.createDirectories(queue);
        Files.createDirectories(data);
        Files.createDirectories(mail);
        Daemons.chown(data, "postfix");
        Daemons.chown(mail, "nobody"); // the virtual delivery agent writes as nobody (virtual_uid_maps)
        int port = Interop.freePort();
        Path log = dir.resolve("maillog");
        Files.writeString(dir.resolve("main.cf"), """
                compatibility_level = 3.6
                queue_directory = %1$s
                data_directory = %2$s
                maillog_file_prefixes = %3$s
                maillog_file = %4$s
                inet_interfaces = 127.0.0.1
                inet_protocols = ipv4
                myhostname = mail.example.org
                mydestination =
                alias_maps =
                alias_database =
                virtual_mailbox_domains = example.org
                virtual_mailbox_base = %5$s
                virtual_mailbox_maps = inline:{ %6$s=%7$s/ }
                virtual_uid_maps = static:65534
                virtual_gid_maps = static:65534
                smtpd_tls_security_level = may
                smtpd_tls_cert_file = %8$s
                smtpd_tls_key_file = %9$s
                smtpd_tls_auth_only = yes
                smtpd_sasl_auth_enable = yes
                smtpd_sasl_type = dovecot
                smtpd_sasl_path = %10$s
                smtpd_relay_restrictions = permit_sasl_authenticated, reject
                """.formatted(queue, data, dir, log, mail, RECIPIENT, Daemons.USER, identity.cert(), identity.key(),
                saslSocket));
        // No chroot (chroot = n): the daemons need nothing copied into the queue directory.
        Files.writeString(dir.resolve("master.cf"), """
                127.0.0.1:%d inet n - n - - smtpd
                pickup unix n - n 60 1 pickup
                cleanup unix n - n - 0 cleanup
                qmgr unix n - n 300 1 qmgr
                tlsmgr unix - - n 1000? 1 tlsmgr
                rewrite unix - - n - - trivial-rewrite
                bounce unix - - n - 0 bounce
                defer unix - - n - 0 bounce
                trace unix - - n - 0 bounce
                verify unix - - n - 1 verify
                flush unix n - n 1000? 0 flush
                proxymap unix - - n - - proxymap
                showq unix n - n - - showq
                error unix - - n - - error
                retry unix - - n - - error
                discard unix - - n - - discard
                virtual unix - n n - - virtual
                anvil unix - - n - 1 anvil
                scache unix - - n - 1 scache
                postlog unix-dgram n - n - 1 postlogd
                """.formatted(port));
        // Stopped even when starting fails half-way: registered first.
        interop.onStop(() -> Daemons.stopByPidFile(queue.resolve("pid").resolve("master.pid")));
        // postfix start creates the queue's subdirectories and returns once the master daemon has
        // initialised, its smtpd socket bound.
        Daemons.run(interop, "postfix-start", List.of(postfix, "-c", dir.toString(), "start"));
        return new Postfix(port, log, mail.resolve(Daemons.USER));
    }

    String logText() {
        return Interop.read(log);
    }

    /** The messages delivered to {@link #RECIPIENT}'s Maildir so far, whole. */
    List<String> delivered() throws Exception {
        Path fresh = maildir.resolve("new");
        if (!Files.isDirectory(fresh)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(fresh)) {
            return files.sorted().map(Interop::read).toList();
        }
    }
}
