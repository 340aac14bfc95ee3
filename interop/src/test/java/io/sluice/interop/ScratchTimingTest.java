package io.sluice.interop;

import io.sluice.api.transport.Listener;
import io.sluice.interop.Interop.Identity;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;

public class ScratchTimingTest {
    @Rule public final Interop interop = new Interop();

    @Test(timeout = 120_000)
    public void timing() throws Exception {
        Identity id = interop.identity("stunnel");
        EchoServer echo = interop.echoServer();
        int port = Interop.freePort();
        interop.stunnel("stunnel-server", port, """
                [server]
                accept = 127.0.0.1:%d
                connect = 127.0.0.1:%d
                cert = %s
                key = %s
                """.formatted(port, echo.port(), id.cert(), id.key()));
        Listener viaStunnel = interop.sluiceClient(List.of(id.certificate()), "localhost", port, new CountingObserver());
        Listener sluiceServer = interop.sluiceServer(id, echo.port(), new CountingObserver());
        Listener viaSluice = interop.sluiceClient(List.of(id.certificate()), "localhost", sluiceServer.boundAddress().getPort(), new CountingObserver());
        for (int size : new int[] {1 << 16, 1 << 18, 1 << 20, 1 << 22, 1 << 20, 1 << 16}) {
            System.err.print("stunnel: ");
            Interop.assertEchoes(viaStunnel.boundAddress().getPort(), size);
            System.err.print("sluice server: ");
            Interop.assertEchoes(viaSluice.boundAddress().getPort(), size);
        }
    }
}
