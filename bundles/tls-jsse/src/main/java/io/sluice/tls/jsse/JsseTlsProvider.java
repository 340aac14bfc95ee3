package io.sluice.tls.jsse;

import io.sluice.api.tls.TlsContext;
import io.sluice.api.tls.TlsProvider;
import io.sluice.api.tls.TlsSettings;
import java.security.GeneralSecurityException;
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
        return new JsseTlsContext(settings);
    }
}
