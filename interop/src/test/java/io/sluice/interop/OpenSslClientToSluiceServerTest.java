package io.sluice.interop;

import io.sluice.transport.mina.CountingObserver;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import io.sluice.api.transport.Listener;
import io.sluice.interop.Interop.Identity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import io.sluice.api.tls.TlsProvider;
import io.sluice.tls.jsse.JsseTlsProvider;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

/** openssl s_client, verifying Sluice's certificate and host name, to a Sluice server-mode tunnel. */
public class OpenSslClientToSluiceServerTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    /** The provider of Sluice's side; a subclass runs the same test with another. */
    protected TlsProvider provider() {
        return new JsseTlsProvider();
    }

    @Rule
    public final Interop interop = new Interop(provider());

    private String openssl;
    private Identity sluiceIdentity;
    private EchoServer echo;
    private CountingObserver observer;
    private Listener sluice;

    @Before
    public void startSluice() throws Exception {
        openssl = Interop.binary("openssl");
        sluiceIdentity = interop.identity("sluice");
        echo = interop.echoServer();
        observer = new CountingObserver();
        sluice = interop.sluiceServer(sluiceIdentity, echo.port(), observer);
    }

    /**
     * s_client with -brief (which implies -quiet: stdout carries only the application data) and
     * -no_ign_eof (end of stdin ends the connection, so the process exits by itself).
     */
    private Peer sClient(String name, String... extra) throws Exception {
        List<String> command = new ArrayList<>(List.of(openssl, "s_client",
                "-connect", "127.0.0.1:" + sluice.boundAddress().getPort(),
                "-CAfile", sluiceIdentity.cert().toString(), "-verify_return_error",
                "-verify_hostname", "localhost", "-servername", "localhost",
                "-brief", "-no_ign_eof"));
        command.addAll(List.of(extra));
        return interop.start(name, command, true);
    }

    @Test(timeout = 60_000)
    public void lineIsEchoedOverTls13() throws Exception {
        Peer client = sClient("s_client");
        client.writeLine("hello through sluice");

        assertEquals("hello through sluice", client.readLine(WAIT));
        client.closeStdin();
        assertEquals("s_client exit code; log:\n" + client.logText(), 0, client.awaitExit(WAIT));
        String log = client.logText();
        assertTrue("s_client verified Sluice's certificate; log:\n" + log, log.contains("Verification: OK"));
        assertTrue("TLS 1.3 negotiated; log:\n" + log, log.contains("Protocol version: TLSv1.3"));
    }

    @Test(timeout = 60_000)
    public void tls12IsAccepted() throws Exception {
        Peer client = sClient("s_client-tls1_2", "-tls1_2");
        client.writeLine("hello over tls 1.2");

        assertEquals("hello over tls 1.2", client.readLine(WAIT));
        client.closeStdin();
        assertEquals("s_client exit code; log:\n" + client.logText(), 0, client.awaitExit(WAIT));
        assertTrue("TLS 1.2 negotiated; log:\n" + client.logText(), client.logText().contains("Protocol version: TLSv1.2"));
    }

    @Test(timeout = 60_000)
    public void tls11IsRefused() throws Exception {
        // SECLEVEL=0 so that this OpenSSL itself is willing to speak TLS 1.1: the refusal must be Sluice's.
        Peer client = sClient("s_client-tls1_1", "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0");
        client.writeLine("must not arrive");
        client.closeStdin();

        assertEquals("application data received", "", client.readRest(WAIT));
        int exit = client.awaitExit(WAIT);
        String log = client.logText();
        assertNotEquals("s_client exit code; log:\n" + log, 0, exit);
        assertFalse("s_client refused TLS 1.1 itself, so nothing was tested; log:\n" + log,
                log.contains("no protocols available"));
        assertTrue("Sluice answers with a protocol_version alert; log:\n" + log, log.contains("alert protocol version"));
        Interop.await("Sluice counts a failed handshake: " + observer,
                () -> observer.handshakeFailed.get() == 1, Duration.ofSeconds(5));
        assertEquals("connections to the backend", 0, echo.accepted());
    }
}
