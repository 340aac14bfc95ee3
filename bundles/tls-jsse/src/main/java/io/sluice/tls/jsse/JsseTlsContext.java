package io.sluice.tls.jsse;

import io.sluice.api.tls.KeyMaterial;
import io.sluice.api.tls.TlsContext;
import io.sluice.api.tls.TlsSettings;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;

/** One SSLContext per tunnel configuration; an engine per connection. */
final class JsseTlsContext implements TlsContext {

    private static final char[] IN_MEMORY_PASSWORD = "sluice".toCharArray();

    private final TlsSettings settings;
    private final SSLContext context;
    private final String[] protocols;
    private final String[] suites;

    JsseTlsContext(TlsSettings settings) throws GeneralSecurityException {
        this.settings = settings;
        if (!settings.client() && settings.keyMaterial() == null) {
            throw new GeneralSecurityException("a server-mode tunnel needs a certificate and key (cert)");
        }
        context = SSLContext.getInstance("TLS", "SunJSSE");
        context.init(keyManagers(settings.keyMaterial()),
                new TrustManager[] {PeerVerifier.create(settings)}, null);
        SSLEngine probe = context.createSSLEngine();
        protocols = Protocols.enabled(probe.getSupportedProtocols(), settings.versionMin(), settings.versionMax());
        suites = Suites.enabled(probe.getSupportedCipherSuites(), settings.ciphersuites(), settings.ciphers());
    }

    private static KeyManager[] keyManagers(KeyMaterial material) throws GeneralSecurityException {
        if (material == null) {
            return null;
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException("cannot create an in-memory key store", e);
        }
        store.setKeyEntry("key", material.key(), IN_MEMORY_PASSWORD,
                material.chain().toArray(new Certificate[0]));
        // NewSunX509 picks the key by the TLS 1.3 signature scheme (RSA keys serve RSASSA-PSS too).
        KeyManagerFactory factory = KeyManagerFactory.getInstance("NewSunX509");
        factory.init(store, IN_MEMORY_PASSWORD);
        return factory.getKeyManagers();
    }

    @Override
    public SSLEngine newEngine(String peerHost, int peerPort) {
        SSLEngine engine;
        SSLParameters params;
        if (settings.client()) {
            engine = context.createSSLEngine(peerHost, peerPort);
            engine.setUseClientMode(true);
            params = engine.getSSLParameters();
            String sni = settings.sni() == null ? peerHost : settings.sni();
            // RFC 6066 host_name has no trailing dot (SNIHostName refuses one): "host.example." sends "host.example".
            if (sni != null && sni.endsWith(".")) {
                sni = sni.substring(0, sni.length() - 1);
            }
            if (sni != null && !sni.isEmpty() && !HostMatcher.isIpLiteral(sni)) {
                params.setServerNames(List.of(new SNIHostName(sni)));
            }
        } else {
            engine = context.createSSLEngine();
            engine.setUseClientMode(false);
            params = engine.getSSLParameters();
            params.setUseCipherSuitesOrder(true);
            if (settings.requireCert() || settings.verifies()) {
                params.setNeedClientAuth(true);
            }
        }
        params.setProtocols(protocols);
        params.setCipherSuites(suites);
        engine.setSSLParameters(params);
        return engine;
    }

    @Override
    public String providerName() {
        return JsseTlsProvider.NAME;
    }
}
