package io.sluice.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.sluice.api.transport.AcceptSide;
import io.sluice.api.transport.ConnectSide;
import java.net.InetAddress;
import java.nio.file.Path;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** stunnel's Unix-socket endpoints (a value starting with '/'), local and reset, as the parser reads them. */
public class EndpointsUnixLocalResetTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private TunnelSettings parse(String... keyValues) throws ConfigException {
        TunnelConfigs configs = new TunnelConfigs(tmp.getRoot().toPath());
        return configs.read(configs.config(keyValues));
    }

    private String refusal(String... keyValues) {
        return new TunnelConfigs(tmp.getRoot().toPath()).refusal(keyValues);
    }

    @Test
    public void aPathIsAUnixSocketOnEitherSide() throws Exception {
        TunnelSettings in = parse("accept", "/run/sluice/in.sock", "connect", "127.0.0.1:8080", "client", "yes");
        assertEquals(new AcceptSide.UnixSocket(Path.of("/run/sluice/in.sock")), in.accept());
        TunnelSettings out = parse("accept", "127.0.0.1:0", "connect", "/run/app.sock", "client", "yes");
        assertEquals(new ConnectSide.UnixSocket(Path.of("/run/app.sock")), out.connect());
    }

    @Test
    public void aUnixSocketIsTheOnlyConnectTarget() {
        String refusal = refusal("accept", "127.0.0.1:0", "connect", "/run/app.sock, 127.0.0.1:80", "client", "yes");
        assertTrue(refusal, refusal.contains("connect"));
        assertTrue(refusal, refusal.endsWith("a Unix socket (/PATH) must be the only connect target"));
    }

    @Test
    public void localIsTheSourceAddressAndResetIsOffUnlessAsked() throws Exception {
        TunnelSettings s = parse("accept", "127.0.0.1:0", "connect", "8080", "client", "yes", "local", "127.0.0.2");
        assertEquals(InetAddress.getByName("127.0.0.2"), s.policy().socket().local());
        assertFalse(s.policy().socket().reset());
        TunnelSettings reset = parse("accept", "127.0.0.1:0", "connect", "8080", "client", "yes", "reset", "yes");
        assertTrue(reset.policy().socket().reset());
        assertNull(reset.policy().socket().local());
    }

    @Test
    public void badValuesNameTheirKey() {
        String local = refusal("accept", "127.0.0.1:0", "connect", "8080", "client", "yes", "local", "no-such-host.invalid");
        assertTrue(local, local.contains("local = no-such-host.invalid: cannot resolve no-such-host.invalid"));
        String reset = refusal("accept", "127.0.0.1:0", "connect", "8080", "client", "yes", "reset", "sometimes");
        assertTrue(reset, reset.contains("reset = sometimes"));
    }
}
