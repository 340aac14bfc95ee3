package io.sluice.interop;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.sluice.api.protocol.ProtocolNegotiator;
import io.sluice.api.transport.Listener;
import io.sluice.interop.Daemons.Dovecot;
import io.sluice.interop.Interop.Identity;
import io.sluice.protocol.imap.ImapNegotiator;
import io.sluice.protocol.pop3.Pop3Negotiator;
import io.sluice.transport.mina.CountingObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

/**
 * POP3 STLS and IMAP STARTTLS against real peers: Dovecot as the mail server (with STARTTLS for
 * Sluice's client mode, in plaintext behind Sluice's server mode), curl and openssl s_client as
 * mail clients, stunnel4 on the other end in both directions.
 */
public class MailStartTlsInteropTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Rule
    public final Interop interop = new Interop();

    private Identity dovecotIdentity;
    private Identity sluiceIdentity;
    private Dovecot dovecot;
    private final CountingObserver observer = new CountingObserver();

    @Before
    public void startDovecot() throws Exception {
        dovecotIdentity = interop.identity("dovecot");
        sluiceIdentity = interop.identity("sluice");
        dovecot = Daemons.dovecot(interop, dovecotIdentity);
    }

    // ---- client mode: plaintext curl -> Sluice -> STLS/STARTTLS -> Dovecot ------------------------------

    @Test(timeout = 60_000)
    public void curlFetchesMailOverPop3ThroughASluiceClient() throws Exception {
        int port = sluiceClient(dovecot.pop3Port(), new Pop3Negotiator());
        assertTrue(curl("pop3://127.0.0.1:" + port + "/1").contains(Daemons.MESSAGE_BODY));
        assertLoggedInOverTls("pop3");
    }

    @Test(timeout = 60_000)
    public void curlListsMailboxesOverImapThroughASluiceClient() throws Exception {
        int port = sluiceClient(dovecot.imapPort(), new ImapNegotiator());
        assertTrue(curl("imap://127.0.0.1:" + port + "/").contains("INBOX"));
        assertLoggedInOverTls("imap");
    }

    // ---- server mode: curl / s_client with STARTTLS -> Sluice -> plaintext Dovecot ----------------------

    @Test(timeout = 60_000)
    public void curlWithStlsFetchesMailThroughASluiceServer() throws Exception {
        int port = sluiceServer(dovecot.pop3Port(), new Pop3Negotiator());
        assertTrue(curl("--ssl-reqd", "--cacert", sluiceIdentity.cert().toString(), "pop3://localhost:" + port + "/1")
                .contains(Daemons.MESSAGE_BODY));
        assertTrue(curl("--ssl-reqd", "--cacert", sluiceIdentity.cert().toString(), "imap://localhost:"
                + sluiceServer(dovecot.imapPort(), new ImapNegotiator()) + "/").contains("INBOX"));
    }

    @Test(timeout = 60_000)
    public void opensslStartTlsPop3ReachesDovecotInsideTls() throws Exception {
        Peer client = sClient(sluiceServer(dovecot.pop3Port(), new Pop3Negotiator()), "pop3");
        client.writeLine("USER " + Daemons.USER);
        // The first line inside TLS answers USER: Dovecot's greeting was taken by Sluice.
        assertTrue(client.readLine(WAIT).startsWith("+OK"));
        client.writeLine("PASS " + Daemons.PASSWORD);
        assertEquals("+OK Logged in.", client.readLine(WAIT));
        client.writeLine("QUIT");
        assertTrue(client.readLine(WAIT).startsWith("+OK"));
        client.closeStdin();
        assertEquals("s_client exit code; log:\n" + client.logText(), 0, client.awaitExit(WAIT));
        assertTrue(client.logText(), client.logText().contains("Verification: OK"));
    }

    @Test(timeout = 60_000)
    public void opensslStartTlsImapReachesDovecotInsideTls() throws Exception {
        Peer client = sClient(sluiceServer(dovecot.imapPort(), new ImapNegotiator()), "imap");
        client.writeLine("a1 LOGIN " + Daemons.USER + " " + Daemons.PASSWORD);
        assertTrue(client.readLine(WAIT).startsWith("a1 OK"));
        client.writeLine("a2 LOGOUT");
        assertEquals("* BYE Logging out", client.readLine(WAIT));
        client.closeStdin();
        assertEquals("s_client exit code; log:\n" + client.logText(), 0, client.awaitExit(WAIT));
        assertTrue(client.logText(), client.logText().contains("Verification: OK"));
    }

    @Test(timeout = 60_000)
    public void aCommandPipelinedAfterStlsIsRefusedAndNothingReachesTheServer() throws Exception {
        FakeSmtpServer target = interop.smtpServer(); // counts connections: none may come
        int port = sluiceServer(target.port(), new Pop3Negotiator());
        try (SmtpDialog client = new SmtpDialog(port)) {
            assertEquals(List.of("+OK POP3 server ready (Sluice)"), client.lines(1));
            client.send("STLS", "USER mallory");
            assertEquals(List.of("-ERR command pipelined after STLS"), client.lines(1));
            assertTrue("closed", client.closedByPeer());
        }
        Interop.await("one refused connection: " + observer, () -> observer.refused.get() == 1, Duration.ofSeconds(5));
        assertEquals("connections to the target", 0, target.accepted());
    }

    @Test(timeout = 60_000)
    public void anOversizedLineCostsOneConnection() throws Exception {
        int port = sluiceServer(dovecot.imapPort(), new ImapNegotiator());
        try (SmtpDialog client = new SmtpDialog(port)) {
            client.lines(1);
            try {
                client.send("a".repeat(100_000));
            } catch (java.net.SocketException e) {
                // closed by Sluice before the whole line was written: as expected
            }
            assertTrue("closed", client.closedByPeer());
        }
        Interop.await("one refused connection: " + observer, () -> observer.refused.get() == 1, Duration.ofSeconds(5));
        assertTrue(curl("--ssl-reqd", "--cacert", sluiceIdentity.cert().toString(), "imap://localhost:" + port + "/")
                .contains("INBOX"));
    }

    // ---- stunnel4 on the other end ------------------------------------------------------------------

    @Test(timeout = 60_000)
    public void stunnelClientsToSluiceServers() throws Exception {
        for (String protocol : List.of("pop3", "imap")) {
            boolean pop3 = protocol.equals("pop3");
            int sluice = sluiceServer(pop3 ? dovecot.pop3Port() : dovecot.imapPort(), pop3 ? new Pop3Negotiator() : new ImapNegotiator());
            int stunnelPort = Interop.freePort();
            interop.stunnel("stunnel-" + protocol, stunnelPort, """
                    [%s]
                    client = yes
                    accept = 127.0.0.1:%d
                    connect = 127.0.0.1:%d
                    protocol = %s
                    verifyChain = yes
                    CAfile = %s
                    checkHost = localhost
                    """.formatted(protocol, stunnelPort, sluice, protocol, sluiceIdentity.cert()));
            String out = curl(protocol + "://127.0.0.1:" + stunnelPort + (pop3 ? "/1" : "/"));
            assertTrue(out, out.contains(pop3 ? Daemons.MESSAGE_BODY : "INBOX"));
        }
    }

    @Test(timeout = 60_000)
    public void sluiceClientsToStunnelServers() throws Exception {
        Identity stunnelIdentity = interop.identity("stunnel");
        for (String protocol : List.of("pop3", "imap")) {
            boolean pop3 = protocol.equals("pop3");
            int stunnelPort = Interop.freePort();
            interop.stunnel("stunnel-" + protocol, stunnelPort, """
                    [%s]
                    accept = 127.0.0.1:%d
                    connect = 127.0.0.1:%d
                    protocol = %s
                    cert = %s
                    key = %s
                    """.formatted(protocol, stunnelPort, pop3 ? dovecot.pop3Port() : dovecot.imapPort(), protocol,
                    stunnelIdentity.cert(), stunnelIdentity.key()));
            Listener sluice = interop.sluiceClient(List.of(stunnelIdentity.certificate()), "localhost", stunnelPort,
                    observer, pop3 ? new Pop3Negotiator() : new ImapNegotiator(), Map.of());
            String out = curl(protocol + "://127.0.0.1:" + sluice.boundAddress().getPort() + (pop3 ? "/1" : "/"));
            assertTrue(out, out.contains(pop3 ? Daemons.MESSAGE_BODY : "INBOX"));
        }
        assertEquals("handshake failures: " + observer, 0, observer.handshakeFailed.get());
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private int sluiceClient(int port, ProtocolNegotiator negotiator) throws Exception {
        Listener sluice = interop.sluiceClient(List.of(dovecotIdentity.certificate()), "localhost", port, observer,
                negotiator, Map.of());
        return sluice.boundAddress().getPort();
    }

    private int sluiceServer(int port, ProtocolNegotiator negotiator) throws Exception {
        Listener sluice = interop.sluiceServer(sluiceIdentity, port, observer, negotiator, Map.of());
        return sluice.boundAddress().getPort();
    }

    /** Dovecot logged the login with TLS: the session between Sluice and Dovecot was encrypted. */
    private void assertLoggedInOverTls(String protocol) throws Exception {
        Interop.await("Dovecot logs a " + protocol + " login over TLS:\n" + dovecot.logText(),
                () -> dovecot.logText().lines().anyMatch(l -> l.contains(protocol + "-login: Info: Login: user=<alice>")
                        && l.contains(", TLS")), Duration.ofSeconds(5));
    }

    /** curl as alice; its output, after checking that it exited 0. */
    private String curl(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(Interop.binary("curl"), "-sS", "--max-time", "15", "-u",
                Daemons.USER + ":" + Daemons.PASSWORD));
        command.addAll(List.of(arguments));
        Peer curl = interop.start("curl", command, true);
        String out = curl.readRest(WAIT);
        assertEquals("curl exit code; log:\n" + curl.logText(), 0, curl.awaitExit(WAIT));
        return out;
    }

    private Peer sClient(int port, String protocol) throws Exception {
        return interop.start("s_client-" + protocol, List.of(Interop.binary("openssl"), "s_client", "-connect",
                "127.0.0.1:" + port, "-starttls", protocol, "-CAfile", sluiceIdentity.cert().toString(),
                "-verify_return_error", "-verify_hostname", "localhost", "-crlf", "-brief", "-no_ign_eof", "-nocommands"), true);
    }
}
