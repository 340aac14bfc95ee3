package io.sluice.tls.bc;

import io.sluice.api.tls.TlsContext;
import io.sluice.api.tls.TlsProvider;
import io.sluice.api.tls.TlsSettings;
import io.sluice.tls.bc.psk.PskTlsContext;
import io.sluice.tls.common.SslContextTlsContext;
import java.security.GeneralSecurityException;
import java.security.Provider;
import javax.net.ssl.SSLEngine;
import org.bouncycastle.jsse.BCSSLEngine;
import org.bouncycastle.jsse.BCSSLParameters;
import org.bouncycastle.jsse.provider.BouncyCastleJsseProvider;
import org.osgi.service.component.annotations.Component;

/**
 * Bouncy Castle's BCJSSE as a TLS provider, {@code tlsProvider = bc}. The same rules as the JDK
 * provider (the shared {@link SslContextTlsContext}); only the JSSE provider instance differs.
 * A tunnel with pre-shared keys (stunnel's PSKsecrets), which JSSE cannot do, gets engines over
 * Bouncy Castle's own TLS protocol instead ({@link PskTlsContext}).
 */
@Component(property = TlsProvider.NAME + "=" + BcTlsProvider.NAME)
public final class BcTlsProvider implements TlsProvider {

    public static final String NAME = "bc";

    /*
     * One instance per component, never Security.addProvider: the container's JVM-wide provider
     * list is not ours to change (BcHandshakeCrypto changes it only where the installation asks,
     * with its configuration file). Built once: a BCJSSE provider is costly to set up and immutable.
     */
    private final JdkAesGcmCryptoProvider crypto = new JdkAesGcmCryptoProvider();
    private final Provider jsse = new BouncyCastleJsseProvider(false, crypto);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public TlsContext newContext(TlsSettings settings) throws GeneralSecurityException {
        if (settings.ticketSecrets() != null) {
            throw new GeneralSecurityException("ticketKeySecret: tlsProvider = bc cannot take ticket keys (BCJSSE issues"
                    + " no session tickets); use tlsProvider = openssl");
        }
        if (settings.psk() != null) {
            return new PskTlsContext(NAME, settings, crypto);
        }
        // BCJSSE's "PKIX" key manager picks the key by the TLS 1.3 signature scheme, as NewSunX509 does.
        return new SslContextTlsContext(NAME, settings, jsse, "PKIX", BcTlsProvider::namedGroups);
    }

    /** BCJSSE has named groups per engine on every JDK, in its own parameters. */
    private static void namedGroups(SSLEngine engine, String[] groups) {
        BCSSLEngine bc = (BCSSLEngine) engine;
        BCSSLParameters params = bc.getParameters();
        params.setNamedGroups(groups);
        bc.setParameters(params);
    }
}
