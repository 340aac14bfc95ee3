package io.sluice.interop;

import io.sluice.transport.mina.CountingObserver;
import static org.junit.Assert.assertEquals;

import io.sluice.api.transport.Listener;
import io.sluice.interop.Interop.Identity;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import io.sluice.api.tls.TlsProvider;
import io.sluice.tls.jsse.JsseTlsProvider;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

/** A Sluice client-mode tunnel to stunnel4 in server mode, which connects to an echo backend. */
public class SluiceClientToStunnelServerTest {

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

    private Identity stunnelIdentity;
    private EchoServer echo;
    private int stunnelPort;

    @Before
    public void startStunnel() throws Exception {
        Interop.binary("stunnel4");
        stunnelIdentity = interop.identity("stunnel");
        echo = interop.echoServer();
        stunnelPort = Interop.freePort();
        interop.stunnel("stunnel-server", stunnelPort, """
                [server]
                accept = 127.0.0.1:%d
                connect = 127.0.0.1:%d
                cert = %s
                key = %s
                """.formatted(stunnelPort, echo.port(), stunnelIdentity.cert(), stunnelIdentity.key()));
    }

    @Test(timeout = 60_000)
    public void oneMegabyteComesBackUnchanged() throws Exception {
        CountingObserver observer = new CountingObserver();
        Listener sluice = interop.sluiceClient(List.of(stunnelIdentity.certificate()), "localhost", stunnelPort, observer);

        Interop.assertEchoes(sluice.boundAddress().getPort(), ONE_MB, halfClose());

        Interop.await("Sluice counted 1 MB each way: " + observer,
                () -> observer.bytesIn.get() == ONE_MB && observer.bytesOut.get() == ONE_MB, Duration.ofSeconds(5));
        assertEquals("handshake failures: " + observer, 0, observer.handshakeFailed.get());
        Interop.await("stunnel logs a TLS 1.3 session with Sluice",
                () -> Interop.read(interop.dir().resolve("stunnel-server.stunnel.log")).contains("TLSv1.3"),
                Duration.ofSeconds(5));
    }

    @Test(timeout = 60_000)
    public void serverCertificateFromAnotherKeyIsRefused() throws Exception {
        // Same name (localhost), but not the certificate Sluice trusts.
        Identity other = interop.identity("other");
        CountingObserver observer = new CountingObserver();
        Listener sluice = interop.sluiceClient(List.of(other.certificate()), "localhost", stunnelPort, observer);

        assertRefused(sluice, observer);
        // The JDK has an alert ready (certificate_unknown or the like); stunnel logs it as the reason.
        // Without it stunnel only sees the connection end ("unexpected eof while reading").
        Pattern alert = Pattern.compile("SSL_accept: .*alert");
        Interop.await("stunnel logs the alert Sluice sent", () -> alert.matcher(
                Interop.read(interop.dir().resolve("stunnel-server.stunnel.log"))).find(), Duration.ofSeconds(5));
    }

    @Test(timeout = 60_000)
    public void selfSignedServerIsRefusedByTheSystemTrustStore() throws Exception {
        CountingObserver observer = new CountingObserver();
        Listener sluice = interop.sluiceClient(null, "localhost", stunnelPort, observer);

        assertRefused(sluice, observer);
    }

    private void assertRefused(Listener sluice, CountingObserver observer) throws Exception {
        Interop.assertClosedWithoutData(sluice.boundAddress().getPort());

        Interop.await("Sluice counts a failed handshake: " + observer,
                () -> observer.handshakeFailed.get() == 1 && observer.closed.get() == 1, Duration.ofSeconds(5));
        assertEquals("plaintext bytes relayed: " + observer, 0, observer.bytesIn.get() + observer.bytesOut.get());
        assertEquals("connections stunnel made to the backend", 0, echo.accepted());
    }
}
