package io.sluice.shell;

import io.sluice.api.Tunnel;
import io.sluice.api.TunnelCounters;
import io.sluice.api.TunnelStatus;
import io.sluice.pki.Certificates;
import java.io.PrintStream;
import java.security.cert.X509Certificate;
import java.time.Instant;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "tunnel", name = "info", description = "Shows one tunnel: state, configuration (passwords masked), certificate and counters.")
@Service
public class InfoCommand extends TunnelCommand {

    @Override
    public Object execute() {
        Tunnel tunnel = tunnel();
        TunnelStatus status = tunnel.status();
        PrintStream out = System.out;
        out.println("Tunnel      " + status.name() + " (" + (status.client() ? "client" : "server") + " mode)");
        out.println("State       " + Format.state(status));
        out.println("Bound to    " + Format.orDash(status.bound()));
        out.println("Configuration");
        tunnel.configuration().forEach((key, value) -> out.println("  " + key + " = " + value));
        X509Certificate certificate = tunnel.certificate();
        if (certificate != null) {
            out.println("Certificate " + certificate.getSubjectX500Principal().getName());
            out.println("  SANs      " + String.join(", ", Certificates.subjectAltNames(certificate)));
            out.println("  expires   " + Certificates.expiry(certificate, Instant.now()) + ", at "
                    + certificate.getNotAfter().toInstant());
            out.println("  SHA-256   " + Certificates.sha256Fingerprint(certificate));
        }
        TunnelCounters c = status.counters();
        out.println("Connections " + c.activeConnections() + " active, " + c.totalConnections() + " total");
        out.println("Bytes       " + c.bytesIn() + " in, " + c.bytesOut() + " out");
        out.println("TLS         " + c.newSessions() + " new sessions, " + c.resumedSessions() + " resumed");
        tunnel.applicationProtocols().forEach((protocol, count) ->
                out.println("  ALPN      " + count + " x " + protocol));
        out.println("Failures    " + c.handshakeFailures() + " TLS handshakes, " + c.connectFailures()
                + " connects, " + c.refused() + " refused");
        tunnel.handshakeFailuresByReason().forEach((reason, count) ->
                out.println("  TLS       " + count + " x " + reason));
        if (!tunnel.lastErrors().isEmpty()) {
            out.println("Last errors");
            tunnel.lastErrors().forEach(error -> out.println("  " + error));
        }
        return null;
    }
}
