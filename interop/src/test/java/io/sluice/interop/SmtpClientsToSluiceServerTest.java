package io.sluice.interop;

import io.sluice.transport.mina.CountingObserver;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.sluice.api.transport.Listener;
import io.sluice.interop.Interop.Identity;
import io.sluice.protocol.smtp.SmtpNegotiator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

/**
 * Mail clients (openssl s_client -starttls smtp, swaks --tls, a raw socket) to a Sluice
 * server-mode tunnel with protocol = smtp, in front of a plaintext SMTP backend.
 */
public class SmtpClientsToSluiceServerTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Rule
    public final Interop interop = new Interop();

    private Identity sluiceIdentity;
    private FakeSmtpServer backend;
    private CountingObserver observer;
    private int port;

    @Before
    public void startSluice() throws Exception {
        sluiceIdentity = interop.identity("sluice");
        backend = interop.smtpServer();
        observer = new CountingObserver();
        Listener sluice = interop.sluiceServer(sluiceIdentity, backend.port(), observer, new SmtpNegotiator(),
                Map.of("protocolHost", "mx.sluice.example"));
        port = sluice.boundAddress().getPort();
    }

    /**
     * s_client, verifying Sluice's certificate; -crlf since SMTP wants CR LF; -brief: stdout carries
     * only the data; -nocommands, else the line QUIT (starting with Q) would make s_client quit itself.
     */
    private Peer sClient(String name, String... extra) throws Exception {
        List<String> command = new ArrayList<>(List.of(Interop.binary("openssl"), "s_client",
                "-connect", "127.0.0.1:" + port, "-CAfile", sluiceIdentity.cert().toString(), "-verify_return_error",
                "-verify_hostname", "localhost", "-servername", "localhost", "-crlf", "-brief", "-no_ign_eof", "-nocommands"));
        command.addAll(List.of(extra));
        return interop.start(name, command, true);
    }

    @Test(timeout = 60_000)
    public void opensslStartTlsSmtpReachesTheBackendInsideTls() throws Exception {
        Peer client = sClient("s_client-starttls", "-starttls", "smtp", "-name", "openssl.example");

        client.writeLine("EHLO openssl.example");
        // The first thing after TLS is the backend's answer to EHLO: its greeting was consumed by Sluice.
        assertEquals("250-" + FakeSmtpServer.DOMAIN + " hello", client.readLine(WAIT));
        assertEquals("250-8BITMIME", client.readLine(WAIT));
        assertEquals("250 SIZE 1000000", client.readLine(WAIT));
        client.writeLine("QUIT");
        assertEquals("221 2.0.0 Bye", client.readLine(WAIT));
        client.closeStdin();

        assertEquals("s_client exit code; log:\n" + client.logText(), 0, client.awaitExit(WAIT));
        assertTrue("s_client verified Sluice's certificate; log:\n" + client.logText(),
                client.logText().contains("Verification: OK"));
        assertEquals("what the backend received", List.of("EHLO openssl.example", "QUIT"), backend.received());
    }

    @Test(timeout = 60_000)
    public void swaksDeliversAMessageOverStartTls() throws Exception {
        Peer swaks = interop.start("swaks", List.of(Interop.binary("swaks"), "--server", "127.0.0.1", "--port",
                String.valueOf(port), "--tls", "--tls-verify", "--tls-ca-path", sluiceIdentity.cert().toString(),
                "--helo", "swaks.example", "--from", "alice@example.com", "--to", "bob@example.com",
                "--header", "Subject: through sluice", "--body", "hello through sluice", "--timeout", "20"), false);

        assertEquals("swaks exit code; log:\n" + swaks.logText(), 0, swaks.awaitExit(WAIT));
        String log = swaks.logText();
        assertTrue("Sluice's greeting; log:\n" + log, log.contains("<-  220 mx.sluice.example ESMTP Sluice"));
        assertTrue("Sluice offers STARTTLS; log:\n" + log, log.contains("<-  250 STARTTLS"));
        assertTrue("TLS started; log:\n" + log, log.contains("<-  220 2.0.0 Ready to start TLS")
                && log.contains("=== TLS started"));
        assertTrue("the backend queued it; log:\n" + log, log.contains("<~  250 2.0.0 Ok: queued as FAKE1"));
        List<String> received = backend.received();
        assertEquals("EHLO swaks.example", received.get(0));
        assertTrue(received.toString(), received.contains("MAIL FROM:<alice@example.com>"));
        assertTrue(received.toString(), received.contains("RCPT TO:<bob@example.com>"));
        assertTrue(received.toString(), received.contains("Subject: through sluice"));
        assertTrue(received.toString(), received.contains("hello through sluice"));
        assertEquals("QUIT", received.get(received.size() - 1));
        assertTrue("STARTTLS never reaches the backend: " + received, !received.contains("STARTTLS"));
    }

    @Test(timeout = 60_000)
    public void commandPipelinedAfterStartTlsIsRefused() throws Exception {
        try (SmtpDialog client = new SmtpDialog(port)) {
            assertEquals(List.of("220 mx.sluice.example ESMTP Sluice"), client.reply());
            // CVE-2011-0411: a command injected behind STARTTLS, in the same packet.
            client.send("EHLO attacker.example", "STARTTLS", "MAIL FROM:<attacker@example.com>");

            assertEquals(List.of("250-mx.sluice.example", "250 STARTTLS"), client.reply());
            assertEquals(List.of("554 5.5.1 Error: command pipelined after STARTTLS"), client.reply());
            assertTrue("the connection is closed", client.closedByPeer());
        }
        Interop.await("Sluice counts a refused connection: " + observer,
                () -> observer.refused.get() == 1 && observer.closed.get() == 1, Duration.ofSeconds(5));
        assertEquals("connections to the backend", 0, backend.accepted());
    }

    @Test(timeout = 60_000)
    public void clientSpeakingTlsFirstGetsTheBackendGreetingInsideTls() throws Exception {
        Peer client = sClient("s_client-implicit");

        assertEquals("220 " + FakeSmtpServer.DOMAIN + " ESMTP fake", client.readLine(WAIT));
        client.writeLine("QUIT");
        assertEquals("221 2.0.0 Bye", client.readLine(WAIT));
        client.closeStdin();
        assertEquals("s_client exit code; log:\n" + client.logText(), 0, client.awaitExit(WAIT));
        assertEquals(List.of("QUIT"), backend.received());
    }
}
