package io.sluice.interop;

import io.sluice.api.tls.TlsProvider;
import io.sluice.tls.openssl.OpenSslTlsProvider;

/** The same as {@link StunnelClientToSluiceServerTest}, with BoringSSL (tlsProvider = openssl) on Sluice's side. */
public class NativeStunnelClientToSluiceServerTest extends StunnelClientToSluiceServerTest {

    @Override
    protected TlsProvider provider() {
        return new OpenSslTlsProvider();
    }

    /**
     * Netty's OpenSSL engine has no TLS half-close either: a close_notify received closes its
     * outbound side too (as BCJSSE's), so the variant proves bulk data without the FIN.
     */
    @Override
    protected boolean halfClose() {
        return false;
    }
}
