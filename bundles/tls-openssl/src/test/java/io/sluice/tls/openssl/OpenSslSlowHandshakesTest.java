package io.sluice.tls.openssl;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.sluice.api.tls.Revocation;
import io.sluice.api.tls.TlsSettings;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.Test;

/** Which handshakes the transport keeps off its I/O threads: only those that may wait for an OCSP responder. */
public class OpenSslSlowHandshakesTest {

    @Test
    public void aHandshakeWithoutOcspRunsOnTheIoThread() throws Exception {
        assertFalse(new OpenSslTlsProvider().newContext(TlsSettings.builder(true).build()).slowHandshakes());
    }

    @Test
    public void aHandshakeThatMayAskAnOcspResponderDoesNot() throws Exception {
        for (Revocation ocsp : List.of(
                new Revocation(List.of(), URI.create("http://127.0.0.1:9/"), false, true, Duration.ofSeconds(5)),
                new Revocation(List.of(), null, true, false, Duration.ofSeconds(5)))) {
            assertTrue(new OpenSslTlsProvider().newContext(TlsSettings.builder(true).revocation(ocsp).build())
                    .slowHandshakes());
        }
    }
}
