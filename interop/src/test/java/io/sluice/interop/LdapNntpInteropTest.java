package io.sluice.interop;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.sluice.api.transport.Listener;
import io.sluice.interop.Interop.Identity;
import io.sluice.protocol.ldap.LdapNegotiator;
import io.sluice.protocol.nntp.NntpNegotiator;
import io.sluice.transport.mina.CountingObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;

/**
 * The client-only protocols: ldapsearch in plaintext through a Sluice ldap tunnel to OpenLDAP's
 * slapd, which answers nothing without TLS; a news reader through a Sluice nntp tunnel to
 * Cyrus's nntpd with STARTTLS, and to a server that injects plaintext behind its go-ahead.
 * stunnel4's client sections with the same protocol, against the same servers, are the model.
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
    public void newsReaderThroughASluiceClientTalksToCyrusInsideTls() throws Exception {
        Identity newsIdentity = interop.identity("news");
        int cyrus = CyrusNntpd.start(interop, newsIdentity);

        // Straight to Cyrus, in plaintext: STARTTLS offered, AUTHINFO USER not (no password outside TLS).
        List<String> direct = capabilities(cyrus);
        assertTrue(direct.toString(), direct.contains("STARTTLS") && !direct.contains("AUTHINFO USER SASL"));

        List<String> inside = capabilities(sluiceNntp(newsIdentity, cyrus));
        assertTrue("Cyrus's capabilities inside TLS: " + inside, inside.contains("AUTHINFO USER SASL")
                && !inside.contains("STARTTLS"));
        assertEquals("handshake failures: " + observer, 0, observer.handshakeFailed.get());
    }

    @Test(timeout = 60_000)
    public void newsReaderSeesTheSameCyrusThroughStunnelAndSluice() throws Exception {
        Identity newsIdentity = interop.identity("news");
        int cyrus = CyrusNntpd.start(interop, newsIdentity);
        List<String> byStunnel = capabilities(stunnelClient("nntp", cyrus, newsIdentity));
        assertTrue(byStunnel.toString(), byStunnel.contains("AUTHINFO USER SASL"));
        assertEquals("greeting and capabilities as through stunnel", byStunnel,
                capabilities(sluiceNntp(newsIdentity, cyrus)));
    }

    @Test(timeout = 60_000)
    public void plaintextInjectedBehindThe382IsRefusedAsStunnelDoes() throws Exception {
        Identity newsIdentity = interop.identity("news");
        FakeNntpServer injecting = new FakeNntpServer();
        interop.onStop(injecting);
        assertGreetedThenClosed(sluiceNntp(newsIdentity, injecting.port()));
        Interop.await("one refused connection: " + observer, () -> observer.refused.get() == 1, Duration.ofSeconds(5));

        // stunnel hands the injected line to OpenSSL as a TLS record and gives up: the same end.
        assertGreetedThenClosed(stunnelClient("nntp", injecting.port(), newsIdentity));
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

    private int sluiceNntp(Identity newsIdentity, int port) throws Exception {
        return interop.sluiceClient(List.of(newsIdentity.certificate()), "localhost", port, observer,
                new NntpNegotiator(), Map.of()).boundAddress().getPort();
    }

    /** A plaintext reader on {@code port}: the greeting (its first words), then CAPABILITIES' list, then QUIT. */
    private static List<String> capabilities(int port) throws Exception {
        List<String> seen = new ArrayList<>();
        try (SmtpDialog reader = new SmtpDialog(port)) {
            String greeting = reader.lines(1).get(0);
            assertTrue(greeting, greeting.startsWith("200 " + CyrusNntpd.SERVER_NAME + " Cyrus NNTP"));
            seen.add(greeting);
            reader.send("CAPABILITIES");
            assertEquals(List.of("101 Capability list follows:"), reader.lines(1));
            for (String line = reader.lines(1).get(0); !line.equals("."); line = reader.lines(1).get(0)) {
                seen.add(line);
            }
            reader.send("QUIT");
            assertEquals(List.of("205 Connection closing"), reader.lines(1));
        }
        return seen;
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
