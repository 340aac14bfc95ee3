package io.sluice.interop;

import io.sluice.api.transport.Listener;
import io.sluice.interop.Interop.Identity;
import io.sluice.tls.openssl.OpenSslTlsProvider;
import io.sluice.transport.mina.CountingObserver;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;

/**
 * A client and a server tunnel with tlsProvider = openssl, as bench/suite.py's openssl pair runs
 * iperf3 (issue 21: "control socket has closed unexpectedly"): one end half-closes, its FIN
 * becomes close_notify, and what the other end still sends must arrive, as with jsse.
 */
public class NativeTunnelPairHalfCloseTest {

    private static final int ONE_MB = 1 << 20;

    @Rule
    public final Interop interop = new Interop(new OpenSslTlsProvider());

    @Test(timeout = 60_000)
    public void theServerSideKeepsSendingAfterTheClientsCloseNotify() throws Exception {
        Identity identity = interop.identity("server");
        EchoServer echo = interop.echoServer();
        Listener server = interop.sluiceServer(identity, echo.port(), new CountingObserver());
        Listener client = interop.sluiceClient(List.of(identity.certificate()), "localhost",
                server.boundAddress().getPort(), new CountingObserver());

        Interop.assertEchoes(client.boundAddress().getPort(), ONE_MB, true);
    }
}
