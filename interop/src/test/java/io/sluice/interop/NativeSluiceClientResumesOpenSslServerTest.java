package io.sluice.interop;

import io.sluice.api.tls.TlsProvider;
import io.sluice.tls.openssl.OpenSslTlsProvider;

/**
 * The same as {@link SluiceClientResumesOpenSslServerTest}, with BoringSSL (tlsProvider = openssl)
 * on Sluice's side: s_server -tls1_2 and -tls1_3, each resumed.
 */
public class NativeSluiceClientResumesOpenSslServerTest extends SluiceClientResumesOpenSslServerTest {

    @Override
    protected TlsProvider provider() {
        return new OpenSslTlsProvider();
    }
}
