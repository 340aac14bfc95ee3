package io.sluice.transport.mina;

import io.sluice.api.transport.Exec;
import io.sluice.api.transport.TunnelSpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.naming.InvalidNameException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.security.auth.x500.X500Principal;
import org.apache.mina.core.filterchain.IoFilter;
import org.apache.mina.core.service.IoService;
import org.apache.mina.core.session.IoSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the programs of stunnel's {@code exec}. Starting a process blocks (fork and exec), so it
 * happens on a worker, never on an I/O thread.
 */
final class Programs {

    private static final Logger LOG = LoggerFactory.getLogger(Programs.class);
    private static final Map<String, String> OID_NAMES = Map.of("1.2.840.113549.1.9.1", "emailAddress");

    private Programs() {
    }

    /**
     * Local mode ({@code accept} and {@code exec}): on a worker, starts the program in place of the
     * connect side of the connection, and hands its session to the connection as the target side.
     * When the program cannot start, the connection closes.
     */
    static void startLocal(Connection c, Exec exec) {
        String tag = c.tag();
        TunnelSpec spec = c.spec;
        c.work(() -> {
            Process process;
            try {
                process = start(exec, environment(spec, c.peer(), c.client.session));
            } catch (IOException | RuntimeException e) {
                spec.observer().connectFailed("exec " + exec.program() + ": " + Causes.reason(e));
                c.kill("exec: cannot start " + exec.program() + ": " + Causes.reason(e));
                return;
            }
            ProcessSession session = new ProcessSession(c.host.connector(), process);
            session.tag(tag);
            session.setAttribute(SessionHandler.SIDE, new Side(c, false, spec.client()));
            LOG.debug("{} Local mode child started (PID={})", tag, process.pid());
            session.start(() -> {
            });
        });
    }

    /**
     * exec+connect ({@code exec} and {@code connect}, no {@code accept}): starts the program as the
     * accepting side of a new connection of the listener. Call on a worker.
     *
     * @return the program's session, its connection made
     */
    static ProcessSession startAccepted(IoService service, TunnelSpec spec, Exec exec) throws IOException {
        Process process = start(exec, Map.of());
        ProcessSession session = new ProcessSession(service, process);
        session.start(() -> {
            Side side = (Side) session.getAttribute(SessionHandler.SIDE);
            String tag = "Service [" + spec.name() + "] #" + side.connection.id();
            session.tag(tag);
            LOG.debug("{} Local mode child started (PID={})", tag, process.pid());
        });
        return session;
    }

    private static Process start(Exec exec, Map<String, String> environment) throws IOException {
        // The JVM cannot choose argv[0]: the program gets its path there, then execArgs' $1 and on.
        List<String> command = new ArrayList<>();
        command.add(exec.program());
        command.addAll(exec.args().subList(1, exec.args().size()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().putAll(environment);
        return builder.start();
    }

    /** stunnel's: the client's address (the one a PROXY header named), and in server mode its certificate's subject and issuer when it sent one. */
    private static Map<String, String> environment(TunnelSpec spec, InetSocketAddress peer, IoSession client) {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        if (peer != null && peer.getAddress() != null) {
            env.put("REMOTE_HOST", peer.getAddress().getHostAddress());
            env.put("REMOTE_PORT", Integer.toString(peer.getPort()));
        }
        X509Certificate certificate = spec.client() ? null : peerCertificate(client);
        if (certificate != null) {
            env.put("SSL_CLIENT_DN", openSslName(certificate.getSubjectX500Principal()));
            env.put("SSL_CLIENT_I_DN", openSslName(certificate.getIssuerX500Principal()));
        }
        return env;
    }

    private static X509Certificate peerCertificate(IoSession session) {
        IoFilter filter = session.getFilterChain().get("tls");
        if (!(filter instanceof TlsFilter tls)) {
            return null;
        }
        try {
            SSLSession ssl = tls.engine().getSession();
            Certificate[] chain = ssl.getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x509 ? x509 : null;
        } catch (SSLPeerUnverifiedException e) {
            return null; // the client sent no certificate
        }
    }

    /**
     * A name as stunnel puts it in SSL_CLIENT_DN (OpenSSL's one-line form): the certificate's order,
     * {@code C=PL, O="Example, Inc", OU=Dev + OU=Ops, CN=client, emailAddress=a@example.com}.
     */
    static String openSslName(X500Principal principal) {
        try {
            List<Rdn> rdns = new LdapName(principal.getName(X500Principal.RFC2253, OID_NAMES)).getRdns();
            List<String> parts = new ArrayList<>();
            for (Rdn rdn : rdns) { // LdapName lists the most significant (the certificate's first) at 0
                List<String> values = new ArrayList<>();
                Attributes attributes = rdn.toAttributes();
                NamingEnumeration<? extends Attribute> all = attributes.getAll();
                while (all.hasMore()) {
                    Attribute attribute = all.next();
                    NamingEnumeration<?> each = attribute.getAll();
                    while (each.hasMore()) {
                        values.add(attribute.getID() + "=" + quoted(each.next()));
                    }
                }
                parts.add(String.join(" + ", values));
            }
            return String.join(", ", parts);
        } catch (InvalidNameException e) {
            return principal.getName();
        } catch (NamingException e) {
            return principal.getName();
        }
    }

    private static String quoted(Object value) {
        String text;
        if (value instanceof byte[] bytes) {
            StringBuilder hex = new StringBuilder("#");
            for (byte b : bytes) {
                hex.append(String.format("%02X", b));
            }
            text = hex.toString();
        } else {
            text = String.valueOf(value);
        }
        if (text.chars().noneMatch(c -> ",+\"\\<>;".indexOf(c) >= 0)) {
            return text;
        }
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
