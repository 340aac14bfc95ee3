package io.sluice.tls.openssl;

import io.sluice.api.tls.TlsContext;
import io.sluice.api.tls.TlsProvider;
import io.sluice.api.tls.TlsSettings;
import java.security.GeneralSecurityException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * BoringSSL through Netty's OpenSSL SSLEngine as a TLS provider, {@code tlsProvider = openssl}. The
 * service is registered whether or not the native library loads: a tunnel that asks for this
 * provider then fails with the reason instead of waiting for a provider that will never come, and
 * never falls back to another TLS stack.
 */
@Component(property = TlsProvider.NAME + "=" + OpenSslTlsProvider.NAME)
public final class OpenSslTlsProvider implements TlsProvider {

    public static final String NAME = "openssl";

    private static final Logger LOG = LoggerFactory.getLogger(OpenSslTlsProvider.class);

    @Activate
    void activate() {
        if (NativeLibrary.available()) {
            LOG.info("TLS provider openssl: {}", NativeLibrary.version());
        } else {
            LOG.warn("TLS provider openssl: {}", NativeLibrary.unavailable());
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public TlsContext newContext(TlsSettings settings) throws GeneralSecurityException {
        if (settings.psk() != null) {
            throw new GeneralSecurityException("PSKsecrets: tlsProvider = openssl has no TLS-PSK; use tlsProvider = bc");
        }
        String unavailable = unavailable();
        if (unavailable != null) {
            throw new GeneralSecurityException("tlsProvider = openssl: " + unavailable);
        }
        return new OpenSslTlsContext(NAME, settings);
    }

    @Override
    public String unavailable() {
        return NativeLibrary.available() ? null : NativeLibrary.unavailable();
    }
}
