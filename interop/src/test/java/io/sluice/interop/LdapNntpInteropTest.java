package io.sluice.interop;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.sluice.api.transport.Listener;
import io.sluice.interop.Interop.Identity;
import io.sluice.protocol.ldap.LdapNegotiator;
import io.sluice.protocol.nntp.NntpNegotiator;
import io.sluice.transport.mina.CountingObserver;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.Rule;
import org.junit.Test;

/**
 * The client-only protocols: ldapsearch in plaintext through a Sluice ldap tunnel to OpenLDAP's
 * slapd, which answers nothing without TLS; an NNTP client through a Sluice nntp tunnel to an
 * NNTP server that upgrades with STARTTLS (no NNTP server package runs from a temporary
 * directory in seconds, so this one is the test's own, on the JDK's TLS), and to one that injects
 * plaintext behind its go-ahead.
 */
public class LdapNntpInteropTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Rule
    public final Interop interop = new Interop();

    private final CountingObserver observer = new CountingObserver();

    @Test(timeout = 60_000)
    public void ldapsearchThroughASluiceClientToSlapdRequiringTls() throws Exception {
        Identity slapdIdentity = interop.identity("slapd");
        int slapd = Daemons.slapd(interop, slapdIdentity);

        // Without TLS slapd refuses (security tls=1): what passes below went through TLS.
        Peer direct = ldapsearch(slapd);
        direct.readRest(WAIT);
        assertEquals("ldapsearch straight to slapd; log:\n" + direct.logText(), 13, direct.awaitExit(WAIT));

        Listener sluice = interop.sluiceClient(List.of(slapdIdentity.certificate()), "localhost", slapd, observer,
                new LdapNegotiator(), Map.of());
        Peer search = ldapsearch(sluice.boundAddress().getPort());
        String out = search.readRest(WAIT);
        assertEquals("ldapsearch exit code; log:\n" + search.logText(), 0, search.awaitExit(WAIT));
        assertTrue(out, out.contains("o: " + Daemons.LDAP_ORGANIZATION));
    }

    @Test(timeout = 60_000)
    public void nntpClientTalksToTheServerInsideTls() throws Exception {
        Identity newsIdentity = interop.identity("news");
        try (ServerSocket server = new ServerSocket(0, 5, Interop.LOOPBACK)) {
            CompletableFuture<String> seen = CompletableFuture.supplyAsync(() -> serveNntp(server, newsIdentity, false));
            Listener sluice = interop.sluiceClient(List.of(newsIdentity.certificate()), "localhost", server.getLocalPort(),
                    observer, new NntpNegotiator(), Map.of());
            try (SmtpDialog reader = new SmtpDialog(sluice.boundAddress().getPort())) {
                assertEquals(List.of("200 news.example ready"), reader.lines(1));
                reader.send("DATE");
                assertEquals(List.of("111 20261207000000"), reader.lines(1));
            }
            assertEquals("what the server read inside TLS", "DATE", seen.get(10, TimeUnit.SECONDS));
        }
    }

    @Test(timeout = 60_000)
    public void plaintextInjectedBehindThe382IsRefused() throws Exception {
        Identity newsIdentity = interop.identity("news");
        try (ServerSocket server = new ServerSocket(0, 5, Interop.LOOPBACK)) {
            CompletableFuture.runAsync(() -> serveNntp(server, newsIdentity, true));
            Listener sluice = interop.sluiceClient(List.of(newsIdentity.certificate()), "localhost", server.getLocalPort(),
                    observer, new NntpNegotiator(), Map.of());
            try (SmtpDialog reader = new SmtpDialog(sluice.boundAddress().getPort())) {
                assertEquals(List.of("200 news.example ready"), reader.lines(1));
                assertTrue("closed, the injected line not delivered", reader.closedByPeer());
            }
            Interop.await("one refused connection: " + observer, () -> observer.refused.get() == 1, Duration.ofSeconds(5));
        }
    }

    private Peer ldapsearch(int port) throws Exception {
        return interop.start("ldapsearch", List.of(Interop.binary("ldapsearch"), "-x", "-H", "ldap://127.0.0.1:" + port,
                "-b", Daemons.LDAP_SUFFIX, "-LLL", "-o", "nettimeout=10", "(objectClass=organization)", "o"), true);
    }

    /**
     * One NNTP session: greeting, STARTTLS answered 382 (and, when {@code inject}, a plaintext line
     * in the same packet), TLS as the server, then one command read and answered inside TLS.
     */
    private static String serveNntp(ServerSocket server, Identity identity, boolean inject) {
        try (Socket plain = server.accept()) {
            plain.setSoTimeout(15_000);
            OutputStream out = plain.getOutputStream();
            out.write("200 news.example ready\r\n".getBytes(StandardCharsets.US_ASCII));
            BufferedReader in = new BufferedReader(new InputStreamReader(plain.getInputStream(), StandardCharsets.US_ASCII));
            if (!"STARTTLS".equals(in.readLine())) {
                return "no STARTTLS";
            }
            out.write(("382 Continue with TLS negotiation\r\n" + (inject ? "111 injected\r\n" : ""))
                    .getBytes(StandardCharsets.US_ASCII));
            if (inject) {
                while (in.read() >= 0) {
                    // hold the connection until Sluice closes it
                }
                return "injected";
            }
            SSLContext context = SSLContext.getInstance("TLS");
            java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("news", identity.material().key(), new char[0],
                    identity.material().chain().toArray(new java.security.cert.Certificate[0]));
            javax.net.ssl.KeyManagerFactory keys = javax.net.ssl.KeyManagerFactory.getInstance("PKIX");
            keys.init(store, new char[0]);
            context.init(keys.getKeyManagers(), null, null);
            SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, "localhost", plain.getPort(), true);
            tls.setUseClientMode(false);
            BufferedReader tlsIn = new BufferedReader(new InputStreamReader(tls.getInputStream(), StandardCharsets.US_ASCII));
            String command = tlsIn.readLine();
            tls.getOutputStream().write("111 20261207000000\r\n".getBytes(StandardCharsets.US_ASCII));
            tls.getOutputStream().flush();
            return command;
        } catch (Exception e) {
            return e.toString();
        }
    }
}
