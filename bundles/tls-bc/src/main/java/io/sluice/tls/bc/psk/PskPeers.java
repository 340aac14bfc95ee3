package io.sluice.tls.bc.psk;

import io.sluice.api.tls.PreSharedKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.Vector;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.AlertLevel;
import org.bouncycastle.tls.BasicTlsPSKExternal;
import org.bouncycastle.tls.BasicTlsPSKIdentity;
import org.bouncycastle.tls.NameType;
import org.bouncycastle.tls.PRFAlgorithm;
import org.bouncycastle.tls.PSKTlsClient;
import org.bouncycastle.tls.PSKTlsServer;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.PskIdentity;
import org.bouncycastle.tls.ServerName;
import org.bouncycastle.tls.SecurityParameters;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsPSK;
import org.bouncycastle.tls.TlsPSKExternal;
import org.bouncycastle.tls.TlsPSKIdentityManager;
import org.bouncycastle.tls.TlsServerProtocol;
import org.bouncycastle.tls.TlsSession;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCrypto;

/**
 * Bouncy Castle's TLS peers for one PSK connection, and its protocol objects in non-blocking mode.
 * TLS 1.2 uses the PSK key exchanges (RFC 4279, 5489); TLS 1.3 the same key as an external PSK
 * with SHA-256 (RFC 8446 4.2.11), as OpenSSL's PSK callbacks provide it to stunnel.
 */
final class PskPeers {

    private PskPeers() {
    }

    /** What the engine needs to know from its peer object. */
    interface Peer {
        /** The identity the handshake authenticated; null before. */
        String identity();

        /** The negotiated protocol and suite, set when the handshake completes. */
        SecurityParameters parameters();

        /** Our own explanation of a failure (unknown identity), or null. */
        String failure();

        /** The last fatal alert we raised, with BC's detail, or null. */
        String alertRaised();

        void onHandshakeComplete(Runnable action);
    }

    /**
     * What all connections of a context share, built once.
     *
     * @param byIdentity the keys by identity, read-only (a server looks identities up here)
     * @param sessions   TLS 1.2 sessions to resume; null with sessionResume = no
     */
    record Config(PreSharedKeys keys, Map<String, byte[]> byIdentity, ProtocolVersion[] versions, int[] suites,
            PskSessionCache sessions) {

        Config(PreSharedKeys keys, ProtocolVersion[] versions, int[] suites, PskSessionCache sessions) {
            this(keys, java.util.Collections.unmodifiableMap(keys.byIdentity()), versions, suites, sessions);
        }

        /**
         * Keeps the session a handshake just made under {@code cacheKey} (a client's), or under its ID
         * (null: a server's): a TLS 1.2 full handshake's only, as Bouncy Castle resumes no TLS 1.3
         * session. A client's full handshake replaces (or, in TLS 1.3, drops) what it had offered.
         */
        void remember(TlsContext context, SecurityParameters parameters, String cacheKey, String identity) {
            if (sessions == null || parameters.isResumedSession()) {
                return;
            }
            TlsSession session = context.getResumableSession();
            if (session != null && !TlsUtils.isTLSv13(parameters.getNegotiatedVersion()) && identity != null) {
                sessions.put(cacheKey == null ? HexFormat.of().formatHex(session.getSessionID()) : cacheKey,
                        session, identity);
            } else if (cacheKey != null) {
                sessions.remove(cacheKey);
            }
        }
    }

    static final int PRF = PRFAlgorithm.tls13_hkdf_sha256;

    static final class Server extends PSKTlsServer implements Peer {
        private final Config config;
        private final Map<String, byte[]> keys;
        private volatile String identity;
        private volatile String failure;
        private volatile String alertRaised;
        private volatile SecurityParameters parameters;
        private Runnable complete = () -> { };

        Server(TlsCrypto crypto, Config config) {
            this(crypto, config, config.byIdentity());
        }

        private Server(TlsCrypto crypto, Config config, Map<String, byte[]> keys) {
            super(crypto, new IdentityManager(keys));
            this.config = config;
            this.keys = keys;
            ((IdentityManager) pskIdentityManager).server = this;
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return config.versions();
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return config.suites();
        }

        @Override
        protected boolean preferLocalCipherSuites() {
            return true; // ours: AES-GCM before ChaCha20
        }

        /** TLS 1.3: the first offered identity the file knows. */
        @Override
        public TlsPSKExternal getExternalPSK(Vector identities) {
            StringBuilder unknown = new StringBuilder();
            for (Object element : identities) {
                byte[] offered = ((PskIdentity) element).getIdentity();
                String name = new String(offered, StandardCharsets.UTF_8);
                byte[] key = keys.get(name);
                if (key != null) {
                    identity = name;
                    return new BasicTlsPSKExternal(offered, getCrypto().createSecret(key.clone()), PRF);
                }
                unknown.append(unknown.length() == 0 ? "" : ", ").append('\'').append(name).append('\'');
            }
            failure = identities.isEmpty() ? "the client offered no pre-shared key"
                    : "unknown PSK identity " + unknown;
            return null;
        }

        /** TLS 1.2: an ID makes the session resumable; none with sessionResume = no. */
        @Override
        public byte[] getNewSessionID() {
            return config.sessions() == null ? null : context.getNonceGenerator().generateNonce(32);
        }

        /**
         * TLS 1.2: a session of this tunnel's cache, which holds only sessions of identities whose key
         * is unchanged ({@link PskTlsContext#takeOver}); the resumed session brings its identity along.
         */
        @Override
        public TlsSession getSessionToResume(byte[] sessionID) {
            PskSessionCache.Entry entry = config.sessions() == null ? null
                    : config.sessions().get(HexFormat.of().formatHex(sessionID));
            return entry == null ? null : entry.session();
        }

        @Override
        public void notifyHandshakeComplete() throws IOException {
            super.notifyHandshakeComplete();
            parameters = context.getSecurityParametersConnection();
            if (identity == null && parameters.getPSKIdentity() != null) {
                identity = new String(parameters.getPSKIdentity(), StandardCharsets.UTF_8);
            }
            config.remember(context, parameters, null, identity);
            complete.run();
        }

        @Override
        public void notifyAlertRaised(short level, short description, String message, Throwable cause) {
            if (level == AlertLevel.fatal) {
                alertRaised = AlertDescription.getText(description) + (message == null ? "" : ": " + message);
            }
        }

        @Override
        public String identity() {
            return identity;
        }

        @Override
        public SecurityParameters parameters() {
            return parameters;
        }

        @Override
        public String failure() {
            return failure;
        }

        @Override
        public String alertRaised() {
            return alertRaised;
        }

        @Override
        public void onHandshakeComplete(Runnable action) {
            complete = action;
        }
    }

    /** TLS 1.2: the identity of the ClientKeyExchange. */
    private static final class IdentityManager implements TlsPSKIdentityManager {
        private final Map<String, byte[]> keys;
        private Server server;

        IdentityManager(Map<String, byte[]> keys) {
            this.keys = keys;
        }

        @Override
        public byte[] getHint() {
            return null; // stunnel sends no identity hint
        }

        @Override
        public byte[] getPSK(byte[] identity) {
            String name = new String(identity, StandardCharsets.UTF_8);
            byte[] key = keys.get(name);
            if (key == null) {
                server.failure = "unknown PSK identity '" + name + "'";
                return null;
            }
            server.identity = name;
            return key.clone(); // Bouncy Castle wipes the key it is given once used: never the shared one
        }
    }

    static final class Client extends PSKTlsClient implements Peer {
        private final Config config;
        private final PreSharedKeys.Key key;
        private final String sni;
        /** Where this client's sessions are kept: its identity and its target, never another's. */
        private final String cacheKey;
        private volatile String failure;
        private volatile String alertRaised;
        private volatile SecurityParameters parameters;
        private Runnable complete = () -> { };

        /**
         * @param sni    the server name to send, or null for none
         * @param target the target's host and port, which its sessions are kept under
         */
        Client(TlsCrypto crypto, Config config, String sni, String target) {
            this(crypto, config, config.keys().clientKey(), sni, target);
        }

        private Client(TlsCrypto crypto, Config config, PreSharedKeys.Key key, String sni, String target) {
            super(crypto, new BasicTlsPSKIdentity(key.identityBytes(), key.secret()));
            this.config = config;
            this.key = key;
            this.sni = sni;
            this.cacheKey = key.identity() + "@" + target;
        }

        /** TLS 1.2: the session of the last full handshake with this target, while it may be resumed. */
        @Override
        public TlsSession getSessionToResume() {
            PskSessionCache.Entry entry = config.sessions() == null ? null : config.sessions().get(cacheKey);
            return entry == null ? null : entry.session();
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return config.versions();
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return config.suites();
        }

        @Override
        protected Vector getSNIServerNames() {
            if (sni == null) {
                return null;
            }
            Vector<ServerName> names = new Vector<>();
            names.add(new ServerName(NameType.host_name, sni.getBytes(StandardCharsets.US_ASCII)));
            return names;
        }

        /** TLS 1.3: our key, offered as an external PSK. */
        @Override
        public Vector getExternalPSKs() {
            if (!ProtocolVersion.TLSv13.isEqualOrEarlierVersionOf(config.versions()[0])) {
                return null;
            }
            Vector<TlsPSKExternal> psks = new Vector<>();
            psks.add(new BasicTlsPSKExternal(key.identityBytes(), getCrypto().createSecret(key.secret()), PRF));
            return psks;
        }

        @Override
        public void notifySelectedPSK(TlsPSK selected) throws IOException {
            if (selected == null) {
                failure = "the server did not accept PSK identity '" + key.identity() + "'";
                throw new TlsFatalAlert(AlertDescription.handshake_failure, failure);
            }
        }

        /** A server that answers with a certificate did not take our key: a PSK tunnel trusts no certificate. */
        @Override
        public TlsAuthentication getAuthentication() throws IOException {
            failure = "the server did not accept PSK identity '" + key.identity() + "' (it sent a certificate)";
            throw new TlsFatalAlert(AlertDescription.handshake_failure, failure);
        }

        @Override
        public void notifyHandshakeComplete() throws IOException {
            super.notifyHandshakeComplete();
            parameters = context.getSecurityParametersConnection();
            config.remember(context, parameters, cacheKey, key.identity());
            complete.run();
        }

        @Override
        public void notifyAlertRaised(short level, short description, String message, Throwable cause) {
            if (level == AlertLevel.fatal) {
                alertRaised = AlertDescription.getText(description) + (message == null ? "" : ": " + message);
            }
        }

        @Override
        public String identity() {
            return parameters == null ? null : key.identity();
        }

        @Override
        public SecurityParameters parameters() {
            return parameters;
        }

        @Override
        public String failure() {
            return failure;
        }

        @Override
        public String alertRaised() {
            return alertRaised;
        }

        @Override
        public void onHandshakeComplete(Runnable action) {
            complete = action;
        }
    }

    /** What the engine needs of a protocol object beyond TlsProtocol. */
    interface HalfClosing {
        HalfClose halfClose();
    }

    /** A server's protocol object that half-closes ({@link HalfClose}). */
    static final class ServerProtocol extends TlsServerProtocol implements HalfClosing {
        private final HalfClose halfClose = new HalfClose(this, this::raiseAlertWarning);

        @Override
        protected void handleAlertWarningMessage(short description) throws IOException {
            halfClose.received(description, super::handleAlertWarningMessage);
        }

        @Override
        public HalfClose halfClose() {
            return halfClose;
        }
    }

    /** As {@link ServerProtocol}, for a client. */
    static final class ClientProtocol extends TlsClientProtocol implements HalfClosing {
        private final HalfClose halfClose = new HalfClose(this, this::raiseAlertWarning);

        @Override
        protected void handleAlertWarningMessage(short description) throws IOException {
            halfClose.received(description, super::handleAlertWarningMessage);
        }

        @Override
        public HalfClose halfClose() {
            return halfClose;
        }
    }
}
