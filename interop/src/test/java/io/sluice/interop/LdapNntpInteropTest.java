package io.sluice.interop;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.sluice.api.transport.Listener;
import io.sluice.interop.Interop.Identity;
import io.sluice.protocol.ldap.LdapNegotiator;
import io.sluice.protocol.nntp.NntpNegotiator;
import io.sluice.transport.mina.CountingObserver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;

/**
 * The client-only protocols: ldapsearch in plaintext through a Sluice ldap tunnel to OpenLDAP's
 * slapd, which answers nothing without TLS; an NNTP client through a Sluice nntp tunnel to an
 * NNTP server that upgrades with STARTTLS ({@link FakeNntpServer}: no NNTP server package runs
 * from a temporary directory), and to one that injects plaintext behind its go-ahead. stunnel4's
 * client sections with the same protocol, against the same servers, are the model.
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
    public void ldapsearchGetsTheSameAnswerThroughStunnelAndSluice() throws Exception {
        Identity slapdIdentity = interop.identity("slapd");
        int slapd = Daemons.slapd(interop, slapdIdentity);
        int stunnel = stunnelClient("ldap", slapd, slapdIdentity);
        Listener sluice = interop.sluiceClient(List.of(slapdIdentity.certificate()), "localhost", slapd, observer,
                new LdapNegotiator(), Map.of());

        Peer byStunnel = ldapsearch(stunnel);
        String stunnelOut = byStunnel.readRest(WAIT);
        assertEquals("ldapsearch through stunnel; log:\n" + byStunnel.logText(), 0, byStunnel.awaitExit(WAIT));
        Peer bySluice = ldapsearch(sluice.boundAddress().getPort());
        assertEquals("what ldapsearch printed through stunnel", stunnelOut, bySluice.readRest(WAIT));
        assertEquals("ldapsearch through Sluice; log:\n" + bySluice.logText(), 0, bySluice.awaitExit(WAIT));
        assertTrue(stunnelOut, stunnelOut.contains("o: " + Daemons.LDAP_ORGANIZATION));
    }

    @Test(timeout = 60_000)
    public void nntpClientTalksToTheServerInsideTls() throws Exception {
        Identity newsIdentity = interop.identity("news");
        FakeNntpServer news = nntpServer(newsIdentity, false);
        assertDateInsideTls(sluiceNntp(newsIdentity, news));
        assertEquals("what the server read inside TLS", List.of("DATE"), news.insideTls());
    }

    @Test(timeout = 60_000)
    public void plaintextInjectedBehindThe382IsRefused() throws Exception {
        Identity newsIdentity = interop.identity("news");
        FakeNntpServer news = nntpServer(newsIdentity, true);
        assertGreetedThenClosed(sluiceNntp(newsIdentity, news));
        Interop.await("one refused connection: " + observer, () -> observer.refused.get() == 1, Duration.ofSeconds(5));
    }

    @Test(timeout = 60_000)
    public void nntpClientSessionsGoAsThroughStunnel() throws Exception {
        Identity newsIdentity = interop.identity("news");
        FakeNntpServer news = nntpServer(newsIdentity, false);
        int stunnel = stunnelClient("nntp", news.port(), newsIdentity);
        assertDateInsideTls(stunnel);
        assertDateInsideTls(sluiceNntp(newsIdentity, news));
        assertEquals("what the server read inside TLS from each", List.of("DATE", "DATE"), news.insideTls());

        // stunnel hands the injected line to OpenSSL as a TLS record and gives up: the same end.
        FakeNntpServer injecting = nntpServer(newsIdentity, true);
        assertGreetedThenClosed(stunnelClient("nntp", injecting.port(), newsIdentity));
        assertGreetedThenClosed(sluiceNntp(newsIdentity, injecting));
    }

    /** A stunnel4 client section with {@code protocol}, verifying {@code server}'s certificate as Sluice does; its port. */
    private int stunnelClient(String protocol, int target, Identity server) throws Exception {
        int port = Interop.freePort();
        interop.stunnel("stunnel-" + protocol + "-" + port, port, """
                [%1$s]
                client = yes
                accept = 127.0.0.1:%2$d
                connect = 127.0.0.1:%3$d
                protocol = %1$s
                CAfile = %4$s
                verifyChain = yes
                checkHost = localhost
                """.formatted(protocol, port, target, server.cert()));
        return port;
    }

    private FakeNntpServer nntpServer(Identity identity, boolean inject) throws Exception {
        FakeNntpServer news = new FakeNntpServer(identity, inject);
        interop.onStop(news);
        return news;
    }

    private int sluiceNntp(Identity newsIdentity, FakeNntpServer news) throws Exception {
        return interop.sluiceClient(List.of(newsIdentity.certificate()), "localhost", news.port(), observer,
                new NntpNegotiator(), Map.of()).boundAddress().getPort();
    }

    /** A plaintext reader through the client tunnel on {@code port}: the greeting, then DATE answered inside TLS. */
    private static void assertDateInsideTls(int port) throws Exception {
        try (SmtpDialog reader = new SmtpDialog(port)) {
            assertEquals(List.of(FakeNntpServer.GREETING), reader.lines(1));
            reader.send("DATE");
            assertEquals(List.of(FakeNntpServer.DATE), reader.lines(1));
        }
    }

    /** The greeting, then the end: the line injected behind the 382 never reaches the reader. */
    private static void assertGreetedThenClosed(int port) throws Exception {
        try (SmtpDialog reader = new SmtpDialog(port)) {
            assertEquals(List.of(FakeNntpServer.GREETING), reader.lines(1));
            assertTrue("closed, the injected line not delivered", reader.closedByPeer());
        }
    }

    private Peer ldapsearch(int port) throws Exception {
        return interop.start("ldapsearch", List.of(Interop.binary("ldapsearch"), "-x", "-H", "ldap://127.0.0.1:" + port,
                "-b", Daemons.LDAP_SUFFIX, "-LLL", "-o", "nettimeout=10", "(objectClass=organization)", "o"), true);
    }
}
