package io.sluice.core;

import io.sluice.api.tls.TlsSettings;
import io.sluice.api.transport.Exec;
import io.sluice.api.transport.Failover;
import io.sluice.api.transport.Target;
import io.sluice.api.transport.Timeouts;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A tunnel's configuration, parsed, checked and with its key material loaded.
 *
 * @param ownCertificate false for a server-mode tunnel without {@code cert}: it serves the
 *                       installation's default certificate
 * @param tlsFiles       the files the TLS material was read from (cert, key, CAfile, CApath), watched
 *                       (and PSKsecrets), watched for changes while the tunnel runs
 * @param exec           stunnel's exec: with accept, the program replaces the targets (which are empty);
 *                       without (accept null), the program is the accepting side; null for none
 * @param inetd          the accepting side is the process's standard input and output (accept null)
 */
record TunnelSettings(
        String name,
        boolean client,
        String acceptText,
        InetSocketAddress accept,
        List<String> connectText,
        List<Target> targets,
        Failover failover,
        TlsSettings tls,
        boolean ownCertificate,
        String tlsProvider,
        String protocol,
        Map<String, String> protocolOptions,
        boolean libwrap,
        Timeouts timeouts,
        List<Path> tlsFiles,
        SniSecondary secondary,
        List<Target> redirect,
        Exec exec,
        boolean inetd) {

    TunnelSettings {
        tlsFiles = List.copyOf(tlsFiles);
    }

    boolean needsDefaultCertificate() {
        return !client && !ownCertificate && tls.psk() == null;
    }
}
