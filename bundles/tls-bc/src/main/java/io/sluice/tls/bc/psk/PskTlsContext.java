package io.sluice.tls.bc.psk;

import io.sluice.api.tls.PreSharedKeys;
import io.sluice.api.tls.TlsContext;
import io.sluice.api.tls.TlsSettings;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLEngine;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;

/**
 * A PSK tunnel's context (stunnel's PSKsecrets): engines over Bouncy Castle's own TLS protocol,
 * which JSSE lacks. The peers authenticate each other by the key alone; no certificate is sent,
 * asked for or checked. TLS 1.2 (PSK and ECDHE_PSK suites) and TLS 1.3 (external PSK with
 * (EC)DHE), as sslVersionMin / sslVersionMax allow.
 *
 * <p>TLS 1.2 sessions are resumed by session ID (sessionCacheSize, sessionCacheTimeout,
 * sessionResume), a client's per identity and target. TLS 1.3 connections always make a full
 * handshake: Bouncy Castle's TLS 1.3 sends no NewSessionTicket as a server, discards those it
 * receives as a client ({@code TlsClientProtocol.receive13NewSessionTicket}), and accepts or offers
 * external PSKs only ({@code TlsServer.getExternalPSK}, {@code TlsClient.getExternalPSKs}).
 */
public final class PskTlsContext implements TlsContext {

    private final String providerName;
    private final boolean client;
    private final String sni;
    private final TlsCrypto crypto;
    private final PskPeers.Config config;
    private final String[] suiteNames;
    private final String[] protocolNames;

    /**
     * @param cryptoProvider makes the crypto (the JDK's AES-GCM under Bouncy Castle's other algorithms)
     * @throws GeneralSecurityException when a setting has no PSK meaning, naming the setting
     */
    public PskTlsContext(String providerName, TlsSettings settings, JcaTlsCryptoProvider cryptoProvider)
            throws GeneralSecurityException {
        PreSharedKeys keys = settings.psk();
        if (keys == null) {
            throw new GeneralSecurityException("PSKsecrets: no pre-shared keys");
        }
        if (settings.namedGroups() != null) {
            throw new GeneralSecurityException("curves: not supported with PSKsecrets yet (the PSK engine offers"
                    + " Bouncy Castle's default groups)");
        }
        this.providerName = providerName;
        this.client = settings.client();
        this.crypto = cryptoProvider.create(new SecureRandom());
        boolean with13 = "TLSv1.3".equals(settings.versionMax());
        boolean with12 = "TLSv1.2".equals(settings.versionMin());
        List<ProtocolVersion> versions = new ArrayList<>();
        if (with13) {
            versions.add(ProtocolVersion.TLSv13);
        }
        if (with12) {
            versions.add(ProtocolVersion.TLSv12);
        }
        if (versions.isEmpty()) {
            throw new GeneralSecurityException("sslVersionMin " + settings.versionMin() + " / sslVersionMax "
                    + settings.versionMax() + ": no protocol left");
        }
        int[] suites = PskSuites.select(crypto, settings.ciphersuites(), settings.ciphers(), with13, with12);
        PskSessionCache sessions = settings.sessionResume()
                ? new PskSessionCache(settings.sessionCacheSize(), settings.sessionCacheTimeout()) : null;
        this.config = new PskPeers.Config(keys, versions.toArray(ProtocolVersion[]::new), suites, sessions);
        this.suiteNames = Arrays.stream(suites).mapToObj(PskSuites::name).toArray(String[]::new);
        this.protocolNames = versions.stream().map(v -> v.getName().replace("TLS ", "TLSv")).toArray(String[]::new);
        String name = settings.sni();
        this.sni = name == null ? null : name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    @Override
    public SSLEngine newEngine(String peerHost, int peerPort) {
        if (client) {
            // As the certificate tunnels: the configured name, or else the host connected to (never an address).
            String name = sni != null ? sni : peerHost;
            if (name != null && (name.isEmpty() || name.matches("[0-9.]+") || name.contains(":"))) {
                name = null;
            }
            return new PskEngine(true, new PskPeers.Client(crypto, config, name, peerHost + ":" + peerPort), peerHost,
                    peerPort, suiteNames, protocolNames);
        }
        return new PskEngine(false, new PskPeers.Server(crypto, config), peerHost, peerPort, suiteNames, protocolNames);
    }

    @Override
    public boolean resumed(SSLEngine engine, long handshakeStartedMillis) {
        return engine instanceof PskEngine psk && psk.resumed();
    }

    /**
     * The secrets file changed: keep the previous context's sessions of the identities whose key is
     * the same (and, on a client, of the identity it still presents); a session of a key changed or
     * gone must not outlive it, as resuming it would authenticate the peer by the old key.
     */
    @Override
    public void takeOver(TlsContext previous) {
        if (previous instanceof PskTlsContext old && old.client == client && old.config.sessions() != null
                && config.sessions() != null) {
            Map<String, byte[]> before = old.config.byIdentity();
            Map<String, byte[]> now = config.byIdentity();
            String presented = config.keys().clientIdentity();
            config.sessions().takeOver(old.config.sessions(), identity -> before.containsKey(identity)
                    && now.containsKey(identity) && MessageDigest.isEqual(before.get(identity), now.get(identity))
                    && (!client || identity.equals(presented)));
        }
    }

    @Override
    public String pskIdentity(SSLEngine engine) {
        return engine instanceof PskEngine psk ? psk.pskIdentity() : null;
    }

    @Override
    public String providerName() {
        return providerName;
    }

    /** The suites engines of this context use, in order (IANA names). */
    public List<String> cipherSuites() {
        return List.of(suiteNames);
    }
}
