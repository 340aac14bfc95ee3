package io.sluice.tls.jsse;

import io.sluice.api.tls.TlsContext;
import io.sluice.api.tls.TlsProvider;
import io.sluice.api.tls.TlsSettings;
import io.sluice.tls.common.EngineGroups;
import io.sluice.tls.common.SslContextTlsContext;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.Security;
import org.osgi.service.component.annotations.Component;

/** The JDK's SunJSSE as the default TLS provider, {@code tlsProvider = jsse}. */
@Component(property = TlsProvider.NAME + "=" + JsseTlsProvider.NAME)
public final class JsseTlsProvider implements TlsProvider {

    public static final String NAME = "jsse";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public TlsContext newContext(TlsSettings settings) throws GeneralSecurityException {
        if (settings.ticketSecrets() != null) {
            throw new GeneralSecurityException("ticketKeySecret: tlsProvider = jsse cannot take ticket keys (SunJSSE makes"
                    + " its own and has no API to set them); use tlsProvider = openssl");
        }
        Provider sunJsse = Security.getProvider("SunJSSE");
        if (sunJsse == null) {
            throw new GeneralSecurityException("the JDK's SunJSSE provider is not available");
        }
        // NewSunX509 picks the key by the TLS 1.3 signature scheme (RSA keys serve RSASSA-PSS too).
        EngineGroups groups = settings.namedGroups() == null ? null : JdkNamedGroups.get();
        return new SslContextTlsContext(NAME, settings, sunJsse, "NewSunX509", groups);
    }
}
