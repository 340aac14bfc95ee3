package io.sluice.tls.openssl;

import io.netty.handler.ssl.util.SimpleKeyManagerFactory;
import io.sluice.api.tls.KeyMaterial;
import java.net.Socket;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The tunnel's one key and chain, offered whatever the peer asks: a client with {@code cert} always
 * sends it, as stunnel (OpenSSL) does, even when the server's CertificateRequest names other CAs
 * (a JSSE key manager would then send none).
 */
final class FixedKeyManager extends X509ExtendedKeyManager {

    private static final String ALIAS = "tunnel";
    private final KeyMaterial material;

    FixedKeyManager(KeyMaterial material) {
        this.material = material;
    }

    /** As a factory, the form Netty's caching key material provider takes. */
    static SimpleKeyManagerFactory factory(KeyMaterial material) {
        KeyManager[] managers = {new FixedKeyManager(material)};
        return new SimpleKeyManagerFactory() {
            @Override
            protected void engineInit(KeyStore keyStore, char[] password) {
            }

            @Override
            protected void engineInit(ManagerFactoryParameters params) {
            }

            @Override
            protected KeyManager[] engineGetKeyManagers() {
                return managers;
            }
        };
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return ALIAS;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return ALIAS;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return new String[] {ALIAS};
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return ALIAS;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return new String[] {ALIAS};
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return ALIAS;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return ALIAS.equals(alias) ? material.chain().toArray(X509Certificate[]::new) : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return ALIAS.equals(alias) ? material.key() : null;
    }
}
