package io.sluice.interop;

import static io.sluice.tls.jsse.contract.TestCerts.ROOT;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import io.sluice.api.tls.TlsSettings;
import io.sluice.api.transport.Listener;
import io.sluice.tls.jsse.JsseTlsProvider;
import io.sluice.tls.jsse.contract.TestCerts;
import io.sluice.tls.jsse.contract.TestRevocation;
import io.sluice.transport.mina.CountingObserver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.Rule;
import org.junit.Test;

/**
 * OCSP stapling by a Sluice server (jsse) as an installation turns it on: the JVM-wide switch
 * {@code jdk.tls.server.enableStatusRequestExtension=true} (etc/system.properties), which this
 * class's own test JVM sets (interop/pom.xml, execution "stapling"). openssl s_client -status
 * sees the answer of a real openssl ocsp responder, fetched by Sluice from the certificate's
 * Authority Information Access, stapled to the handshake.
 */
public class OcspStaplingInteropTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Rule
    public final Interop interop = new Interop(new JsseTlsProvider());

    @Test(timeout = 60_000)
    public void sluiceServerStaplesItsResponderAnswerForOpenSsl() throws Exception {
        // Run with -Dtest=..., the default execution (without the switch) picks this class too: only
        // the "stapling" execution, which the full build runs, can test it.
        assumeTrue("needs the test JVM of interop/pom.xml's stapling execution",
                "true".equals(System.getProperty("jdk.tls.server.enableStatusRequestExtension")));
        TestCerts.Issued ca = TestCerts.ca("Stapling CA", ROOT);
        int responderPort = Interop.freePort();
        TestCerts.Issued server = TestCerts.leaf("CN=localhost", List.of(new GeneralName(GeneralName.dNSName,
                "localhost")), ca, "http://127.0.0.1:" + responderPort + "/");
        try (TestRevocation.OcspResponder responder = new TestRevocation.OcspResponder(interop.dir().resolve("ocsp"),
                ca, List.of(server.cert()), List.of(), responderPort, 0)) {
            EchoServer echo = interop.echoServer();
            TlsSettings settings = TlsSettings.builder(false).keyMaterial(server.material()).build();
            Listener sluice = interop.sluiceServer(settings, echo.port(), new CountingObserver(), null, Map.of());
            Path root = interop.dir().resolve("root.pem");
            TestRevocation.writePem(new TestCerts.Issued(ROOT.keys(), List.of(ROOT.cert())), root, null);

            Peer client = interop.start("s_client-status", List.of(Interop.binary("openssl"), "s_client",
                    "-connect", "127.0.0.1:" + sluice.boundAddress().getPort(), "-status", "-CAfile", root.toString(),
                    "-verify_return_error"), true);
            client.closeStdin();
            String out = client.readRest(WAIT);
            assertEquals("s_client exit code; stderr:\n" + client.logText(), 0, client.awaitExit(WAIT));
            assertTrue("s_client got a stapled answer:\n" + out, out.contains("OCSP Response Status: successful"));
            assertTrue("for the server's certificate, good:\n" + out, out.contains("Cert Status: good"));
            assertTrue("verified:\n" + out, out.contains("Verify return code: 0 (ok)"));
        }
    }
}
