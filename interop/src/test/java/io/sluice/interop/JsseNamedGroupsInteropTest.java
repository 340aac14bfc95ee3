package io.sluice.interop;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.sluice.api.tls.TlsSettings;
import io.sluice.api.transport.Listener;
import io.sluice.interop.Interop.Identity;
import io.sluice.tls.jsse.JsseTlsProvider;
import io.sluice.transport.mina.CountingObserver;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;

/**
 * {@code curves} with tlsProvider = jsse: SunJSSE takes groups per engine from JDK 20 on. Before,
 * the tunnel is refused with the reason; from JDK 20, openssl s_client sees the configured group.
 * The build's JDK 17 runs the first branch; run with JAVA_HOME of a JDK 20+ for the second.
 */
public class JsseNamedGroupsInteropTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Rule
    public final Interop interop = new Interop(new JsseTlsProvider());

    @Test(timeout = 60_000)
    public void curvesNeedJdk20AndAreAppliedThere() throws Exception {
        Identity identity = interop.identity("sluice");
        TlsSettings settings = TlsSettings.builder(false).keyMaterial(identity.material())
                .namedGroups(List.of("secp384r1")).build();
        if (Runtime.version().feature() < 20) {
            GeneralSecurityException refused = assertThrows(GeneralSecurityException.class,
                    () -> new JsseTlsProvider().newContext(settings));
            assertEquals("curves: SunJSSE takes named groups per tunnel from JDK 20 on (SSLParameters.setNamedGroups);"
                    + " this is Java " + Runtime.version().feature() + ", where only the JVM-wide system property"
                    + " jdk.tls.namedGroups sets them: use tlsProvider = bc or openssl, or run Sluice on JDK 20 or later",
                    refused.getMessage());
            return;
        }
        EchoServer echo = interop.echoServer();
        Listener sluice = interop.sluiceServer(settings, echo.port(), new CountingObserver(), null, Map.of());
        Peer client = interop.start("s_client", List.of(Interop.binary("openssl"), "s_client",
                "-connect", "127.0.0.1:" + sluice.boundAddress().getPort(), "-CAfile", identity.cert().toString(),
                "-verify_return_error", "-brief", "-no_ign_eof", "-groups", "X25519:secp384r1"), true);
        client.writeLine("over P-384");
        assertEquals("over P-384", client.readLine(WAIT));
        client.closeStdin();
        assertEquals("s_client exit code; log:\n" + client.logText(), 0, client.awaitExit(WAIT));
        assertTrue(client.logText(), client.logText().contains("Server Temp Key: ECDH, secp384r1, 384 bits"));
    }
}
