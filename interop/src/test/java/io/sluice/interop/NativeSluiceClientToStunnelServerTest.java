package io.sluice.interop;

import io.sluice.api.tls.TlsProvider;
import io.sluice.tls.openssl.OpenSslTlsProvider;

/** The same as {@link SluiceClientToStunnelServerTest}, with BoringSSL (tlsProvider = openssl) on Sluice's side. */
public class NativeSluiceClientToStunnelServerTest extends SluiceClientToStunnelServerTest {

    @Override
    protected TlsProvider provider() {
        return new OpenSslTlsProvider();
    }
}
