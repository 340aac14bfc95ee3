package io.sluice.transport.mina;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLException;

/**
 * A handshake that failed because the peer's first bytes were an HTTP request, not TLS: OpenSSL
 * tells these apart by the first five bytes ({@code GET }, {@code POST }, ... or a proxy's
 * {@code CONNE}) and stunnel logs {@code http request} where the providers only say the record was
 * not TLS.
 */
final class PlaintextRequest extends SSLException {

    private static final String[] HTTP = {"GET ", "POST ", "HEAD ", "PUT "};

    final transient OpenSslErrors.Error error;

    private PlaintextRequest(OpenSslErrors.Error error, Throwable cause) {
        super("plaintext " + (error == OpenSslErrors.HTTP_REQUEST ? "HTTP request" : "HTTP CONNECT request")
                + " on a TLS port", cause);
        this.error = error;
    }

    /** The first bytes the peer sent, as many as OpenSSL looks at; a read of fewer gives fewer. */
    static byte[] head(ByteBuffer first) {
        byte[] head = new byte[Math.min(5, first.remaining())];
        first.duplicate().get(head);
        return head;
    }

    /** The failure as OpenSSL names it when {@code head} was an HTTP request; else the failure itself. */
    static Exception of(byte[] head, Exception failure) {
        if (head == null) {
            return failure;
        }
        String start = new String(head, StandardCharsets.ISO_8859_1);
        for (String method : HTTP) {
            if (start.startsWith(method)) {
                return new PlaintextRequest(OpenSslErrors.HTTP_REQUEST, failure);
            }
        }
        return start.equals("CONNE") ? new PlaintextRequest(OpenSslErrors.HTTPS_PROXY_REQUEST, failure) : failure;
    }
}
