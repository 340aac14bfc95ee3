package io.sluice.transport.mina;

import static org.junit.Assert.assertEquals;

import io.sluice.api.protocol.NegotiationContext;
import io.sluice.api.protocol.ProtocolNegotiator;
import io.sluice.api.transport.Failover;
import io.sluice.api.transport.Listener;
import io.sluice.api.transport.TunnelSpec;
import io.sluice.transport.mina.Fixtures.Backend;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.junit.Rule;
import org.junit.Test;

/**
 * Server mode with a negotiator that runs inside TLS (afterHandshake) and chooses the target
 * itself, as HTTP CONNECT does: the tunnel's own connect target is a closed port, so only the
 * chosen one can answer.
 */
public class NegotiatedTargetTest {

    @Rule
    public final Fixtures fx = new Fixtures();

    private final CountingObserver observer = new CountingObserver();

    /** Reads "PORT\n" from the client inside TLS, connects 127.0.0.1:PORT, then tells the client "ok". */
    private static final class PortNegotiator implements ProtocolNegotiator {
        @Override
        public void negotiate(NegotiationContext context) {
            // nothing before TLS
        }

        @Override
        public void afterHandshake(NegotiationContext context) throws IOException {
            context.connectTo("127.0.0.1", Integer.parseInt(context.tlsSide().readLine(10)));
        }

        @Override
        public void targetConnected(NegotiationContext context) throws IOException {
            context.tlsSide().write("ok\n".getBytes(StandardCharsets.US_ASCII));
        }
    }

    private Listener tunnel(ProtocolNegotiator negotiator) throws Exception {
        TunnelSpec spec = Fixtures.spec("negotiated", false, List.of(Fixtures.target(Fixtures.closedPort())),
                Failover.PRIO, Fixtures.timeouts(), observer).tls(Fixtures.serverTls()).negotiator(negotiator).build();
        return fx.listen(spec);
    }

    @Test(timeout = 20_000)
    public void negotiatorChoosesTheTargetInsideTls() throws Exception {
        Backend chosen = fx.backend(Fixtures.announce('C'));
        Listener tunnel = tunnel(new PortNegotiator());
        SSLSocket client = fx.tlsClient(tunnel.boundAddress());
        OutputStream out = client.getOutputStream();
        InputStream in = client.getInputStream();

        // The bytes after the line are not the negotiator's: they must reach the target.
        out.write((chosen.target().address().getPort() + "\nhello").getBytes(StandardCharsets.US_ASCII));
        out.flush();

        assertEquals("ok\nChello", new String(Fixtures.readExactly(in, 9), StandardCharsets.US_ASCII));
        assertEquals(0, observer.refused.get());
        assertEquals(0, observer.connectFailed.get());
    }

    @Test(timeout = 20_000)
    public void connectToOutsideAfterHandshakeIsRefused() throws Exception {
        Listener tunnel = tunnel(new ProtocolNegotiator() {
            @Override
            public void negotiate(NegotiationContext context) {
                context.connectTo("127.0.0.1", 1);
            }
        });
        fx.plainClient(tunnel.boundAddress());

        Fixtures.await("refused", 5_000, () -> observer.refused.get() == 1);
    }

    @Test(timeout = 20_000)
    public void tlsPeerIsForClientModeOnly() throws Exception {
        Listener tunnel = tunnel(new ProtocolNegotiator() {
            @Override
            public void negotiate(NegotiationContext context) {
                context.tlsPeer("example.org", 443);
            }
        });
        fx.plainClient(tunnel.boundAddress());

        Fixtures.await("refused", 5_000, () -> observer.refused.get() == 1);
    }
}
