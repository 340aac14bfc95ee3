package io.sluice.tls.jsse.contract;

import io.sluice.api.tls.KeyMaterial;
import io.sluice.api.tls.PeerAllowList;
import io.sluice.api.tls.Revocation;
import io.sluice.api.tls.TlsContext;
import io.sluice.api.tls.TlsProvider;
import io.sluice.api.tls.TlsSettings;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLEngine;

/** A mutable TlsSettings with stunnel's defaults for each role, built into a context of the provider under test. */
public final class Settings {

    private final TlsProvider provider;
    public boolean client;
    public KeyMaterial keyMaterial;
    public List<X509Certificate> trustAnchors;
    public boolean verifyChain;
    public boolean verifyPeer;
    public boolean requireCert;
    public List<String> checkHost = List.of();
    public List<String> checkIP = List.of();
    public boolean checkConnectHost;
    public String sni;
    public String versionMin;
    public String versionMax;
    public List<String> ciphers;
    public List<String> ciphersuites;
    public List<String> checkEmail = List.of();
    public PeerAllowList allow = PeerAllowList.ANY;
    public Revocation revocation = Revocation.NONE;
    public int sessionCacheSize = TlsSettings.DEFAULT_SESSION_CACHE_SIZE;
    public int sessionCacheTimeout = TlsSettings.DEFAULT_SESSION_CACHE_TIMEOUT;
    public boolean sessionResume = true;
    public List<String> alpn = List.of();

    /** A client with Sluice's secure default: verifyChain against the test root, checkConnectHost. */
    public static Settings client(TlsProvider provider) {
        Settings s = new Settings(provider);
        s.client = true;
        s.trustAnchors = List.of(TestCerts.ROOT.cert());
        s.verifyChain = true;
        s.checkConnectHost = true;
        return s;
    }

    /** A server with the localhost leaf, requesting no client certificate. */
    public static Settings server(TlsProvider provider) {
        Settings s = new Settings(provider);
        s.keyMaterial = TestCerts.LOCALHOST.material();
        return s;
    }

    private Settings(TlsProvider provider) {
        this.provider = provider;
    }

    /** stunnel's verifyChain = no, verifyPeer = no: anything goes. */
    public Settings insecure() {
        verifyChain = false;
        verifyPeer = false;
        checkConnectHost = false;
        return this;
    }

    /** verifyChain = no, verifyPeer = yes. */
    public Settings verifyPeerOnly() {
        verifyChain = false;
        verifyPeer = true;
        return this;
    }

    public Settings key(TestCerts.Issued issued) {
        keyMaterial = issued.material();
        return this;
    }

    public Settings trust(TestCerts.Issued... anchors) {
        trustAnchors = Arrays.stream(anchors).map(TestCerts.Issued::cert).toList();
        return this;
    }

    public Settings versions(String min, String max) {
        versionMin = min;
        versionMax = max;
        return this;
    }

    public TlsSettings build() {
        return TlsSettings.builder(client).keyMaterial(keyMaterial).trustAnchors(trustAnchors).verifyChain(verifyChain)
                .verifyPeer(verifyPeer).requireCert(requireCert).checkHost(checkHost).checkIP(checkIP)
                .checkConnectHost(checkConnectHost).sni(sni).versionMin(versionMin).versionMax(versionMax)
                .ciphers(ciphers).ciphersuites(ciphersuites).checkEmail(checkEmail).allow(allow).revocation(revocation)
                .sessionCacheSize(sessionCacheSize).sessionCacheTimeout(sessionCacheTimeout).sessionResume(sessionResume)
                .alpn(alpn).build();
    }

    public TlsContext context() throws GeneralSecurityException {
        return provider.newContext(build());
    }

    /** A fresh context and an engine from it; the port only keys the client's session cache. */
    public SSLEngine engine(String peerHost) throws GeneralSecurityException {
        return context().newEngine(peerHost, 4433);
    }
}
