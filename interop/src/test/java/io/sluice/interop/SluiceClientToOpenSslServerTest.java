package io.sluice.interop;

import static org.junit.Assert.assertEquals;

import io.sluice.api.transport.Listener;
import io.sluice.interop.Interop.Identity;
import java.time.Duration;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;

/** A Sluice client-mode tunnel to openssl s_server -rev, which sends every line back reversed. */
public class SluiceClientToOpenSslServerTest {

    @Rule
    public final Interop interop = new Interop();

    @Test(timeout = 60_000)
    public void lineComesBackReversed() throws Exception {
        String openssl = Interop.binary("openssl");
        Identity serverIdentity = interop.identity("s_server");
        int serverPort = Interop.freePort();
        // -rev implies -brief: s_server logs each connection's protocol.
        Peer server = interop.start("s_server", List.of(openssl, "s_server",
                "-accept", "127.0.0.1:" + serverPort,
                "-cert", serverIdentity.cert().toString(), "-key", serverIdentity.key().toString(),
                "-rev"), false);
        Interop.awaitPort(server, serverPort, Duration.ofSeconds(15));
        CountingObserver observer = new CountingObserver();
        Listener sluice = interop.sluiceClient(List.of(serverIdentity.certificate()), "localhost", serverPort, observer);

        assertEquals("eciuls hguorht olleh", Interop.exchangeLine(sluice.boundAddress().getPort(), "hello through sluice"));
        assertEquals("handshake failures: " + observer, 0, observer.handshakeFailed.get());
        Interop.await("s_server logs a TLS 1.3 connection",
                () -> server.logText().contains("Protocol version: TLSv1.3"), Duration.ofSeconds(5));
    }
}
