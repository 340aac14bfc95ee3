package io.sluice.interop;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.sluice.api.transport.Listener;
import io.sluice.interop.Interop.Identity;
import io.sluice.protocol.smtp.SmtpNegotiator;
import io.sluice.transport.mina.CountingObserver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;

/**
 * SMTP AUTH after STARTTLS in client mode: a plaintext mail client through a Sluice smtp tunnel
 * with credentials to stunnel4 (protocol = smtp, server) in front of an SMTP backend that checks
 * them. stunnel4's own client, with the same credentials, is the model: the backend must receive
 * the same AUTH line from both.
 */
public class SmtpAuthInteropTest {

    @Rule
    public final Interop interop = new Interop();

    @Test(timeout = 60_000)
    public void sluiceAuthenticatesInsideTlsAsStunnelDoes() throws Exception {
        Identity stunnelIdentity = interop.identity("stunnel");
        FakeSmtpServer backend = interop.smtpServer();
        int server = Interop.freePort();
        int stunnelClient = Interop.freePort();
        interop.stunnel("stunnel", server, """
                [smtp-server]
                accept = 127.0.0.1:%d
                connect = 127.0.0.1:%d
                cert = %s
                key = %s
                protocol = smtp

                [smtp-client]
                client = yes
                accept = 127.0.0.1:%d
                connect = 127.0.0.1:%d
                protocol = smtp
                protocolUsername = alice
                protocolPassword = s3cret
                """.formatted(server, backend.port(), stunnelIdentity.cert(), stunnelIdentity.key(), stunnelClient, server));

        // The model: stunnel4's client.
        sendAndQuit(stunnelClient);
        List<String> byStunnel = backend.received();

        CountingObserver observer = new CountingObserver();
        Listener sluice = interop.sluiceClient(List.of(stunnelIdentity.certificate()), "localhost", server, observer,
                new SmtpNegotiator(), Map.of("protocolUsername", "alice", "protocolPassword", "s3cret"));
        sendAndQuit(sluice.boundAddress().getPort());
        List<String> bySluice = backend.received().subList(byStunnel.size(), backend.received().size());

        assertTrue("stunnel sent AUTH PLAIN: " + byStunnel, byStunnel.contains("AUTH PLAIN " + FakeSmtpServer.AUTH_PLAIN));
        assertEquals("the same AUTH as stunnel's", byStunnel.stream().filter(l -> l.startsWith("AUTH")).toList(),
                bySluice.stream().filter(l -> l.startsWith("AUTH")).toList());
        assertEquals("EHLO, AUTH, then the client's own commands", List.of("EHLO localhost",
                "AUTH PLAIN " + FakeSmtpServer.AUTH_PLAIN, "EHLO local.example", "QUIT"), bySluice);
    }

    @Test(timeout = 60_000)
    public void wrongCredentialsCostTheConnection() throws Exception {
        Identity stunnelIdentity = interop.identity("stunnel");
        FakeSmtpServer backend = interop.smtpServer();
        int server = Interop.freePort();
        interop.stunnel("stunnel", server, """
                [smtp-server]
                accept = 127.0.0.1:%d
                connect = 127.0.0.1:%d
                cert = %s
                key = %s
                protocol = smtp
                """.formatted(server, backend.port(), stunnelIdentity.cert(), stunnelIdentity.key()));
        CountingObserver observer = new CountingObserver();
        Listener sluice = interop.sluiceClient(List.of(stunnelIdentity.certificate()), "localhost", server, observer,
                new SmtpNegotiator(), Map.of("protocolUsername", "alice", "protocolPassword", "wrong"));
        try (SmtpDialog client = new SmtpDialog(sluice.boundAddress().getPort())) {
            client.reply(); // the greeting, before TLS
            assertTrue("closed", client.closedByPeer());
        }
        Interop.await("one refused connection: " + observer, () -> observer.refused.get() == 1, Duration.ofSeconds(5));
        assertTrue(backend.received().toString(), !backend.received().contains("QUIT"));
    }

    private static void sendAndQuit(int port) throws Exception {
        try (SmtpDialog client = new SmtpDialog(port)) {
            client.reply();
            client.send("EHLO local.example");
            assertEquals("250 SIZE 1000000", client.reply().get(2));
            client.send("QUIT");
            assertEquals(List.of("221 2.0.0 Bye"), client.reply());
        }
    }
}
