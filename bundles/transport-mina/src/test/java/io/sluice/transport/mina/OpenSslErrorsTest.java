package io.sluice.transport.mina;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.security.cert.CertificateException;
import java.util.Optional;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.Test;

/**
 * The mapping table from what SunJSSE and BCJSSE 1.84 throw (messages seen in Sluice's log when
 * openssl s_client provoked each case) to OpenSSL 3's error as stunnel 5.68 prints it
 * (texts checked with {@code openssl errstr CODE} and stunnel4's own log).
 */
public class OpenSslErrorsTest {

    private static String text(Throwable failure) {
        return OpenSslErrors.of(failure).map(OpenSslErrors.Error::text).orElse("none");
    }

    private static SSLHandshakeException handshake(String message) {
        return new SSLHandshakeException(message);
    }

    @Test
    public void noClientCertificate() {
        assertEquals("error:0A0000C7:SSL routines::peer did not return a certificate",
                text(handshake("Empty client certificate chain")));
        assertEquals("error:0A0000C7:SSL routines::peer did not return a certificate",
                text(handshake("org.bouncycastle.tls.TlsFatalAlert: certificate_required(116)")));
    }

    @Test
    public void anyRefusedCertificateIsAFailedVerificationAndARevokedOneSaysSo() {
        CertificateException chain = new CertificateException("peer certificate CN=stranger does not chain to a trusted"
                + " CA (verifyChain): PKIX path building failed");
        assertEquals("error:0A000086:SSL routines::certificate verify failed", text(wrapped(chain)));
        assertFalse(OpenSslErrors.revoked(wrapped(chain)));
        CertificateException revoked = new CertificateException("certificate CN=client (serial 23) is revoked (CRL of"
                + " CN=TestCA, since 2026-12-07T16:54:28Z)");
        assertEquals("error:0A000086:SSL routines::certificate verify failed", text(wrapped(revoked)));
        assertTrue(OpenSslErrors.revoked(wrapped(revoked)));
    }

    @Test
    public void protocolAndCipherMismatches() {
        assertEquals("error:0A0000C1:SSL routines::no shared cipher", text(handshake("no cipher suites in common")));
        assertEquals("error:0A0000C1:SSL routines::no shared cipher", text(handshake("org.bouncycastle.tls.TlsFatalAlert:"
                + " handshake_failure(40); [server #7 @3d47ba8e] found no selectable cipher suite among the 2 offered")));
        assertEquals("error:0A000102:SSL routines::unsupported protocol",
                text(handshake("Client requested protocol TLSv1.2 is not enabled or supported in server context")));
        assertEquals("error:0A000102:SSL routines::unsupported protocol",
                text(handshake("org.bouncycastle.tls.TlsFatalAlert: protocol_version(70)")));
        assertEquals("error:0A000102:SSL routines::unsupported protocol", text(handshake("The server selected protocol"
                + " version TLS11 is not accepted by client preferences [TLS13, TLS12]")));
    }

    @Test
    public void plaintextOnATlsPort() {
        assertEquals("error:0A00010B:SSL routines::wrong version number",
                text(new SSLException("Unrecognized SSL message, plaintext connection?")));
        assertEquals("error:0A00010B:SSL routines::wrong version number",
                text(handshake("org.bouncycastle.tls.TlsFatalAlert: unexpected_message(10); Unsupported UNKNOWN(104)")));
    }

    /** OpenSSL looks at the first five bytes: an HTTP request or a proxy's CONNECT, named as stunnel 5.68 logs them. */
    @Test
    public void plaintextHttpOnATlsPortIsAnHttpRequestWithNoAlert() {
        SSLException engine = new SSLException("Unsupported or unrecognized SSL message");
        for (String request : new String[] {"GET / HTTP/1.1\r\n", "POST /x", "HEAD / ", "PUT /a"}) {
            Exception failure = PlaintextRequest.of(head(request), engine);
            assertEquals(request, "error:0A00009C:SSL routines::http request", text(failure));
            assertTrue(request, OpenSslErrors.noAlert(failure));
        }
        assertEquals("error:0A00009B:SSL routines::https proxy request",
                text(PlaintextRequest.of(head("CONNECT example.org:443 HTTP/1.1"), engine)));
        assertEquals("other plaintext stays a wrong version number", "error:0A00010B:SSL routines::wrong version number",
                text(PlaintextRequest.of(head("hello, plain text"), engine)));
        assertTrue(OpenSslErrors.noAlert(engine));
        assertFalse("an alert goes out for the rest", OpenSslErrors.noAlert(handshake("Empty client certificate chain")));
    }

    private static byte[] head(String first) {
        return PlaintextRequest.head(java.nio.ByteBuffer.wrap(first.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    }

    @Test
    public void preSharedKeysThatDiffer() {
        assertEquals("TLS 1.3: the binder", "error:0A0000FD:SSL routines::binder does not verify", text(handshake(
                "decrypt_error(51): Failed to process record (do both sides hold the same pre-shared key?)")));
        assertEquals("TLS 1.2: the Finished record", "error:0A000119:SSL routines::decryption failed or bad record mac",
                text(handshake("bad_record_mac(20): Failed to process record (do both sides hold the same pre-shared key?)")));
    }

    /** BCJSSE's bare alert where TLS 1.3's server finds no group in common: stunnel4 (OpenSSL 3) says "no suitable key share". */
    @Test
    public void bcsBareHandshakeFailureOfNoSharedGroupIsNoSuitableKeyShare() {
        SSLHandshakeException noGroup = bcAlert("generate13ServerHello");
        assertEquals("error:0A000065:SSL routines::no suitable key share", text(noGroup));
        assertEquals("the client offers none of the tunnel's key-exchange groups (curves)"
                + " (org.bouncycastle.tls.TlsFatalAlert: handshake_failure(40))",
                OpenSslErrors.explained(noGroup, "org.bouncycastle.tls.TlsFatalAlert: handshake_failure(40)"));
        // The same bare alert raised further down (in the server's own choices) is not this case.
        assertEquals("none", text(bcAlert("getSelectedCipherSuite", "generate13ServerHello")));
        assertEquals("reason", OpenSslErrors.explained(bcAlert("getSelectedCipherSuite"), "reason"));
    }

    /** BCJSSE's alert as it arrives: an SSLHandshakeException caused by bctls' TlsFatalAlert raised in these methods. */
    private static SSLHandshakeException bcAlert(String... raisedIn) {
        TlsFatalAlert alert = new TlsFatalAlert("handshake_failure(40)");
        StackTraceElement[] frames = new StackTraceElement[raisedIn.length];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = new StackTraceElement("org.bouncycastle.tls.TlsServerProtocol", raisedIn[i], null, -1);
        }
        alert.setStackTrace(frames);
        SSLHandshakeException e = handshake("org.bouncycastle.tls.TlsFatalAlert: handshake_failure(40)");
        e.initCause(alert);
        return e;
    }

    /** Named as bctls' class: the mapping goes by the simple name (bctls is no dependency of transport-mina). */
    private static final class TlsFatalAlert extends java.io.IOException {
        TlsFatalAlert(String message) {
            super(message);
        }
    }

    @Test
    public void alertsFromThePeerAreOpenSslsAlertErrors() {
        assertEquals("error:0A00045C:SSL routines::tlsv13 alert certificate required",
                text(handshake("Received fatal alert: certificate_required")));
        assertEquals("error:0A000410:SSL routines::sslv3 alert handshake failure",
                text(handshake("org.bouncycastle.tls.TlsFatalAlertReceived: handshake_failure(40)")));
        assertEquals("error:0A000418:SSL routines::tlsv1 alert unknown ca", text(handshake("Received fatal alert: unknown_ca")));
        assertEquals("error:0A000414:SSL routines::sslv3 alert certificate revoked",
                text(handshake("Received fatal alert: certificate_revoked")));
    }

    /** The openssl provider (BoringSSL, the default on Linux x86_64): its reason is OpenSSL's phrase in capitals. */
    @Test
    public void boringSslsReasonsAreOpenSslsErrors() {
        assertEquals("error:0A0000C7:SSL routines::peer did not return a certificate", text(new SSLHandshakeException(
                "error:100000c7:SSL routines:OPENSSL_internal:PEER_DID_NOT_RETURN_A_CERTIFICATE")));
        assertEquals("error:0A0000C1:SSL routines::no shared cipher",
                text(handshake("error:100000b8:SSL routines:OPENSSL_internal:NO_SHARED_CIPHER")));
        assertEquals("error:0A000102:SSL routines::unsupported protocol",
                text(handshake("error:100000f0:SSL routines:OPENSSL_internal:UNSUPPORTED_PROTOCOL")));
        assertEquals("error:0A000418:SSL routines::tlsv1 alert unknown ca",
                text(handshake("error:10000418:SSL routines:OPENSSL_internal:TLSV1_ALERT_UNKNOWN_CA")));
        assertEquals("none", text(handshake("error:1000006b:SSL routines:OPENSSL_internal:SOMETHING_ELSE")));
        assertEquals("Netty's engine, before BoringSSL: plaintext", "error:0A00010B:SSL routines::wrong version number",
                text(new SSLException("not an SSL/TLS record: 68656c6c6f2c20706c61696e")));
        assertTrue("no alert, as OpenSSL", OpenSslErrors.noAlert(new SSLException("not an SSL/TLS record: 68656c6c6f")));
    }

    @Test
    public void whatOpenSslHasNoReasonForStaysSluices() {
        assertEquals(Optional.empty(), OpenSslErrors.of(handshake("TIMEOUThandshake exceeded")));
        assertEquals(Optional.empty(), OpenSslErrors.of(new SSLException((String) null)));
        assertEquals(Optional.empty(), OpenSslErrors.of(handshake("Received fatal alert: some_future_alert")));
    }

    private static SSLHandshakeException wrapped(CertificateException cause) {
        SSLHandshakeException e = handshake(cause.getMessage());
        e.initCause(cause);
        return e;
    }
}
