package io.sluice.tls.jsse;

import io.sluice.api.tls.KeyMaterial;
import io.sluice.api.tls.TlsContext;
import io.sluice.api.tls.TlsSettings;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLEngine;

/** A mutable TlsSettings with stunnel's defaults for each role, built into a JsseTlsProvider context. */
final class Settings {

    boolean client;
    KeyMaterial keyMaterial;
    List<X509Certificate> trustAnchors;
    boolean verifyChain;
    boolean verifyPeer;
    boolean requireCert;
    List<String> checkHost = List.of();
    List<String> checkIP = List.of();
    boolean checkConnectHost;
    String sni;
    String versionMin;
    String versionMax;
    List<String> ciphers;
    List<String> ciphersuites;

    /** A client with Sluice's secure default: verifyChain against the test root, checkConnectHost. */
    static Settings client() {
        Settings s = new Settings();
        s.client = true;
        s.trustAnchors = List.of(TestCerts.ROOT.cert());
        s.verifyChain = true;
        s.checkConnectHost = true;
        return s;
    }

    /** A server with the localhost leaf, requesting no client certificate. */
    static Settings server() {
        Settings s = new Settings();
        s.keyMaterial = TestCerts.LOCALHOST.material();
        return s;
    }

    /** stunnel's verifyChain = no, verifyPeer = no: anything goes. */
    Settings insecure() {
        verifyChain = false;
        verifyPeer = false;
        checkConnectHost = false;
        return this;
    }

    /** verifyChain = no, verifyPeer = yes. */
    Settings verifyPeerOnly() {
        verifyChain = false;
        verifyPeer = true;
        return this;
    }

    Settings key(TestCerts.Issued issued) {
        keyMaterial = issued.material();
        return this;
    }

    Settings trust(TestCerts.Issued... anchors) {
        trustAnchors = Arrays.stream(anchors).map(TestCerts.Issued::cert).toList();
        return this;
    }

    Settings versions(String min, String max) {
        versionMin = min;
        versionMax = max;
        return this;
    }

    TlsSettings build() {
        return new TlsSettings(client, keyMaterial, trustAnchors, verifyChain, verifyPeer, requireCert, checkHost,
                checkIP, checkConnectHost, sni, versionMin, versionMax, ciphers, ciphersuites);
    }

    TlsContext context() throws GeneralSecurityException {
        return new JsseTlsProvider().newContext(build());
    }

    /** A fresh context and an engine from it; the port only keys the client's session cache. */
    SSLEngine engine(String peerHost) throws GeneralSecurityException {
        return context().newEngine(peerHost, 4433);
    }
}
