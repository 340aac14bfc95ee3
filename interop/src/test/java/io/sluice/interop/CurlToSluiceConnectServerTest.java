package io.sluice.interop;

import io.sluice.transport.mina.CountingObserver;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.sluice.api.transport.Listener;
import io.sluice.interop.Interop.Identity;
import io.sluice.protocol.connect.ConnectNegotiator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

/**
 * curl through a Sluice server-mode connect tunnel used as an HTTPS proxy ({@code --proxy
 * https://...}: TLS to Sluice, CONNECT inside it) to {@code openssl s_server -www}, which curl
 * reaches with TLS of its own inside the tunnel.
 */
public class CurlToSluiceConnectServerTest {

    @Rule
    public final Interop interop = new Interop();

    private final CountingObserver observer = new CountingObserver();
    private String curl;
    private Identity proxyIdentity;
    private Identity targetIdentity;
    private int targetPort;

    @Before
    public void startTarget() throws Exception {
        curl = Interop.binary("curl");
        String openssl = Interop.binary("openssl");
        proxyIdentity = interop.identity("sluice");
        targetIdentity = interop.identity("target", "localhost", List.of("localhost"));
        targetPort = Interop.freePort();
        Peer target = interop.start("s_server", List.of(openssl, "s_server", "-accept", "127.0.0.1:" + targetPort,
                "-cert", targetIdentity.cert().toString(), "-key", targetIdentity.key().toString(), "-www"), false);
        Interop.awaitPort(target, targetPort, Duration.ofSeconds(15));
    }

    /** A server-mode connect tunnel; its connect target is never used (the client names one). */
    private int sluiceProxy(Map<String, String> options) throws Exception {
        Listener proxy = interop.sluiceServer(proxyIdentity, Interop.freePort(), observer, new ConnectNegotiator(), options);
        return proxy.boundAddress().getPort();
    }

    /** Runs curl through the proxy to https://localhost:targetPort/; returns its exit code, its output in curl.log. */
    private int curl(int proxyPort) throws Exception {
        Peer client = interop.start("curl", List.of(curl, "-sS", "--max-time", "20",
                "--proxy", "https://127.0.0.1:" + proxyPort, "--proxy-cacert", proxyIdentity.cert().toString(),
                "--cacert", targetIdentity.cert().toString(), "-o", interop.dir().resolve("body.html").toString(),
                "-w", "connect=%{http_connect} status=%{http_code}\\n", "https://localhost:" + targetPort + "/"), false);
        return client.awaitExit(Duration.ofSeconds(30));
    }

    private String curlLog() {
        return Interop.read(interop.dir().resolve("curl.log"));
    }

    @Test(timeout = 60_000)
    public void curlReachesAnAllowedTarget() throws Exception {
        int proxyPort = sluiceProxy(Map.of("protocolAllow", "example.org:443, localhost:" + targetPort));

        assertEquals("curl exit status; its output: " + curlLog(), 0, curl(proxyPort));

        assertTrue(curlLog(), curlLog().contains("connect=200 status=200"));
        Path body = interop.dir().resolve("body.html");
        assertTrue("s_server's -www page came through", Interop.read(body).contains("Ciphers supported in s_server binary"));
        assertEquals("refusals: " + observer, 0, observer.refused.get());
    }

    @Test(timeout = 60_000)
    public void targetNotOnTheAllowListGets403() throws Exception {
        int proxyPort = sluiceProxy(Map.of("protocolAllow", "localhost:" + (targetPort == 1 ? 2 : targetPort - 1)));

        // 56: failure in receiving network data (curl's code for a refused CONNECT).
        assertEquals("curl exit status; its output: " + curlLog(), 56, curl(proxyPort));

        assertTrue(curlLog(), curlLog().contains("CONNECT tunnel failed, response 403"));
        Interop.await("the refusal is counted", () -> observer.refused.get() == 1, Duration.ofSeconds(5));
    }

    @Test(timeout = 60_000)
    public void noAllowListIsNotAnOpenProxy() throws Exception {
        int proxyPort = sluiceProxy(Map.of());

        assertEquals("curl exit status; its output: " + curlLog(), 56, curl(proxyPort));

        assertTrue(curlLog(), curlLog().contains("CONNECT tunnel failed, response 403"));
    }
}
