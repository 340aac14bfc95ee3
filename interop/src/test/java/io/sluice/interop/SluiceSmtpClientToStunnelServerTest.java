package io.sluice.interop;

import io.sluice.transport.mina.CountingObserver;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.sluice.api.transport.Listener;
import io.sluice.interop.Interop.Identity;
import io.sluice.protocol.smtp.SmtpNegotiator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;

/**
 * A plaintext mail client through a Sluice client-mode smtp tunnel to stunnel4 in server mode
 * with protocol = smtp, which forwards to a plaintext SMTP backend: Sluice does EHLO and STARTTLS
 * with stunnel, the client talks to the backend inside TLS.
 */
public class SluiceSmtpClientToStunnelServerTest {

    @Rule
    public final Interop interop = new Interop();

    @Test(timeout = 60_000)
    public void mailClientTalksToTheBackendThroughStartTls() throws Exception {
        Interop.binary("stunnel4");
        Identity stunnelIdentity = interop.identity("stunnel");
        FakeSmtpServer backend = interop.smtpServer();
        int stunnelPort = Interop.freePort();
        interop.stunnel("stunnel-smtp", stunnelPort, """
                [smtp]
                accept = 127.0.0.1:%d
                connect = 127.0.0.1:%d
                cert = %s
                key = %s
                protocol = smtp
                """.formatted(stunnelPort, backend.port(), stunnelIdentity.cert(), stunnelIdentity.key()));
        CountingObserver observer = new CountingObserver();
        Listener sluice = interop.sluiceClient(List.of(stunnelIdentity.certificate()), "localhost", stunnelPort,
                observer, new SmtpNegotiator(), Map.of("protocolHost", "sluice.example"));

        try (SmtpDialog client = new SmtpDialog(sluice.boundAddress().getPort())) {
            // stunnel rewrites the backend's greeting; Sluice passes it on.
            assertEquals(List.of("220 " + FakeSmtpServer.DOMAIN + " stunnel for ESMTP fake"), client.reply());
            client.send("EHLO local.example");
            assertEquals(List.of("250-" + FakeSmtpServer.DOMAIN + " hello", "250-8BITMIME", "250 SIZE 1000000"),
                    client.reply());
            client.send("QUIT");
            assertEquals(List.of("221 2.0.0 Bye"), client.reply());
        }

        assertEquals("what the backend received", List.of("EHLO local.example", "QUIT"), backend.received());
        assertEquals("handshake failures: " + observer, 0, observer.handshakeFailed.get());
        Interop.await("stunnel logs a TLS 1.3 session with Sluice",
                () -> Interop.read(interop.dir().resolve("stunnel-smtp.stunnel.log")).contains("TLSv1.3"),
                Duration.ofSeconds(5));
    }
}
