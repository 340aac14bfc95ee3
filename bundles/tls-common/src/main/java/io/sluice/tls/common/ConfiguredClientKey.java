package io.sluice.tls.common;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;

/**
 * A client tunnel's key manager: the configured certificate is sent whatever CA names the
 * server's CertificateRequest lists, as OpenSSL (stunnel) does. SunJSSE's own key manager picks a
 * key by those names and sends none when the certificate's issuer is not among them, so a server
 * whose CAfile holds peer certificates (verifyPeer) saw no client certificate. BCJSSE 1.84's sent
 * it in the same test; its managers are wrapped all the same, so neither depends on the CA list.
 * The key type (RSA, EC...) and the signature schemes still decide: the provider's manager does
 * that part, only the issuer list is taken away.
 */
final class ConfiguredClientKey extends X509ExtendedKeyManager {

    private final X509KeyManager delegate;

    private ConfiguredClientKey(X509KeyManager delegate) {
        this.delegate = delegate;
    }

    /** The managers of a client tunnel, each X.509 one wrapped; a server's are left as they are. */
    static KeyManager[] forClient(KeyManager[] managers) {
        if (managers == null) {
            return null;
        }
        KeyManager[] wrapped = managers.clone();
        for (int i = 0; i < wrapped.length; i++) {
            if (wrapped[i] instanceof X509KeyManager x509) {
                wrapped[i] = new ConfiguredClientKey(x509);
            }
        }
        return wrapped;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        return delegate instanceof X509ExtendedKeyManager extended
                ? extended.chooseEngineClientAlias(keyType, null, engine)
                : delegate.chooseClientAlias(keyType, null, null);
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return delegate.chooseClientAlias(keyType, null, socket);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return delegate.getClientAliases(keyType, null);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return delegate instanceof X509ExtendedKeyManager extended
                ? extended.chooseEngineServerAlias(keyType, issuers, engine)
                : delegate.chooseServerAlias(keyType, issuers, null);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return delegate.chooseServerAlias(keyType, issuers, socket);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return delegate.getServerAliases(keyType, issuers);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return delegate.getCertificateChain(alias);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return delegate.getPrivateKey(alias);
    }
}
