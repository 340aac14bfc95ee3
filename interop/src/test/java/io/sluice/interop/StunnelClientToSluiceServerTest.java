package io.sluice.interop;

import io.sluice.transport.mina.CountingObserver;
import static org.junit.Assert.assertEquals;

import io.sluice.api.transport.Listener;
import io.sluice.interop.Interop.Identity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import io.sluice.api.tls.TlsProvider;
import io.sluice.tls.jsse.JsseTlsProvider;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

/** stunnel4 in client mode, verifying Sluice's certificate, in front of a Sluice server-mode tunnel. */
public class StunnelClientToSluiceServerTest {

    private static final int ONE_MB = 1 << 20;

    /** The provider of Sluice's side; a subclass runs the same test with another. */
    protected TlsProvider provider() {
        return new JsseTlsProvider();
    }

    /** Whether the test client ends its upload with a FIN and reads to the end (a half-close through the tunnel). */
    protected boolean halfClose() {
        return true;
    }

    @Rule
    public final Interop interop = new Interop(provider());

    private Identity sluiceIdentity;
    private EchoServer echo;
    private CountingObserver observer;
    private Listener sluice;
    private int stunnelPort;
    private Peer stunnel;

    @Before
    public void startPeers() throws Exception {
        Interop.binary("stunnel4");
        sluiceIdentity = interop.identity("sluice");
        echo = interop.echoServer();
        observer = new CountingObserver();
        sluice = interop.sluiceServer(sluiceIdentity, echo.port(), observer);
        stunnelPort = Interop.freePort();
        stunnel = interop.stunnel("stunnel-client", stunnelPort, """
                [client]
                client = yes
                accept = 127.0.0.1:%d
                connect = 127.0.0.1:%d
                CAfile = %s
                verifyChain = yes
                checkHost = localhost
                """.formatted(stunnelPort, sluice.boundAddress().getPort(), sluiceIdentity.cert()));
    }

    @Test(timeout = 60_000)
    public void oneMegabyteComesBackUnchanged() throws Exception {
        Interop.assertEchoes(stunnelPort, ONE_MB, halfClose());

        // The port probe made a connection too, but without data: the counts are this test's bytes.
        Interop.await("Sluice counted 1 MB each way: " + observer,
                () -> observer.bytesIn.get() == ONE_MB && observer.bytesOut.get() == ONE_MB, Duration.ofSeconds(5));
        Path log = interop.dir().resolve("stunnel-client.stunnel.log");
        Interop.await("stunnel logs a TLS 1.3 session with Sluice",
                () -> Interop.read(log).contains("TLSv1.3"), Duration.ofSeconds(5));
    }

    @Test(timeout = 60_000)
    public void concurrentConnectionsStayApart() throws Exception {
        List<CompletableFuture<Void>> clients = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            clients.add(CompletableFuture.runAsync(() -> {
                try {
                    Interop.assertEchoes(stunnelPort, 256 * 1024, halfClose());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, task -> new Thread(task, "interop-client").start()));
        }
        for (CompletableFuture<Void> client : clients) {
            client.get(45, TimeUnit.SECONDS);
        }
        assertEquals("plaintext bytes Sluice counted from stunnel: " + observer, 8L * 256 * 1024, observer.bytesIn.get());
    }
}
