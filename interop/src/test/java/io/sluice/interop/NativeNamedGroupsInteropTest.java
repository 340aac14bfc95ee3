package io.sluice.interop;

import io.sluice.api.tls.TlsProvider;
import io.sluice.tls.openssl.OpenSslTlsProvider;

/** The same as {@link NamedGroupsInteropTest}, with BoringSSL (tlsProvider = openssl) on Sluice's side. */
public class NativeNamedGroupsInteropTest extends NamedGroupsInteropTest {

    @Override
    protected TlsProvider provider() {
        return new OpenSslTlsProvider();
    }

    @Override
    protected String noSharedGroup() {
        return "error:1000010a:SSL routines:OPENSSL_internal:NO_SHARED_GROUP";
    }

    @Override
    protected String noSharedGroupExplained() {
        return null;
    }
}
