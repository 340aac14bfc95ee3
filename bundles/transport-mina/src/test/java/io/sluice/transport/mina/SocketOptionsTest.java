package io.sluice.transport.mina;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.sluice.api.transport.Failover;
import io.sluice.api.transport.Listener;
import io.sluice.api.transport.SocketOptions;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;

/** Keep-alive on both sides by default, and stunnel's socket options, as the kernel shows them (ss). */
public class SocketOptionsTest {

    @Rule
    public final Fixtures fx = new Fixtures();

    @Test(timeout = 30_000)
    public void keepAliveIsOnForTheAcceptedAndTheConnectedSocketByDefault() throws Exception {
        Fixtures.Backend backend = fx.backend(Fixtures.echo());
        Listener tunnel = fx.listen(Fixtures.spec("keepalive", false, List.of(backend.target()), Failover.PRIO,
                Fixtures.timeouts(), new CountingObserver()).tls(Fixtures.serverTls()).build());
        try (Socket client = fx.tlsClient(tunnel.boundAddress())) {
            client.getOutputStream().write('k');
            assertEquals('k', client.getInputStream().read());
            assertTrue(sockets("sport = :" + tunnel.boundAddress().getPort()), keepAlive("sport = :"
                    + tunnel.boundAddress().getPort()));
            assertTrue(sockets("dport = :" + backend.address().getPort()), keepAlive("dport = :"
                    + backend.address().getPort()));
        }
    }

    @Test(timeout = 30_000)
    public void aSideSetToNoHasNoKeepAliveAndTheIdleTimeIsTheOneGiven() throws Exception {
        Fixtures.Backend backend = fx.backend(Fixtures.echo());
        SocketOptions options = new SocketOptions(Map.of(), Map.of("SO_KEEPALIVE", "yes", "TCP_KEEPIDLE", "77"),
                Map.of("SO_KEEPALIVE", "no"));
        Listener tunnel = fx.listen(Fixtures.spec("tuned", false, List.of(backend.target()), Failover.PRIO,
                Fixtures.timeouts(), new CountingObserver()).tls(Fixtures.serverTls()).socketOptions(options).build());
        try (Socket client = fx.tlsClient(tunnel.boundAddress())) {
            client.getOutputStream().write('k');
            assertEquals('k', client.getInputStream().read());
            String accepted = settled("sport = :" + tunnel.boundAddress().getPort());
            assertTrue(accepted, accepted.contains("timer:(keepalive,1min1")); // 77 s, as ss prints it
            assertFalse(sockets("dport = :" + backend.address().getPort()),
                    keepAlive("dport = :" + backend.address().getPort()));
        }
    }

    private static boolean keepAlive(String filter) throws IOException, InterruptedException {
        return settled(filter).contains("timer:(keepalive");
    }

    /** ss shows one timer per socket: once no retransmission timer runs, the keep-alive one shows, if set. */
    private static String settled(String filter) throws IOException, InterruptedException {
        String now = sockets(filter);
        for (int i = 0; i < 50 && (now.isBlank() || now.contains("timer:(on")); i++) {
            Thread.sleep(100);
            now = sockets(filter);
        }
        return now;
    }

    /** ss's view of the established TCP sockets matching the filter, with their timers. */
    private static String sockets(String filter) throws IOException, InterruptedException {
        Process ss = new ProcessBuilder("ss", "-tnoH", "state", "established", "( " + filter + " )")
                .redirectErrorStream(true).start();
        String out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        ss.waitFor();
        return out;
    }
}
