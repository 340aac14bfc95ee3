package io.sluice.transport.mina;

import io.sluice.api.protocol.ConnectionFacts;
import io.sluice.api.protocol.NegotiationContext;
import io.sluice.api.protocol.PlainChannel;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** What one negotiator step sees: its channels, the tunnel's protocol options, the connection's attributes. */
final class NegotiationScope implements NegotiationContext {

    private final Connection connection;
    private final PlainChannel tlsSide;
    private final PlainChannel plainSide;
    private final Map<String, Object> attributes;
    /** Only during afterHandshake. */
    private volatile boolean mayConnect;
    private volatile InetSocketAddress chosenTarget;

    private NegotiationScope(Connection connection, PlainChannel tlsSide, PlainChannel plainSide,
            Map<String, Object> attributes, boolean mayConnect) {
        this.connection = connection;
        this.tlsSide = tlsSide;
        this.plainSide = plainSide;
        this.attributes = attributes;
        this.mayConnect = mayConnect;
    }

    /** Caller holds the connection's lock. {@code mayConnect}: the step may choose the target (afterHandshake). */
    static NegotiationScope of(Connection c, PlainChannel tlsSide, PlainChannel plainSide, boolean mayConnect) {
        if (c.negotiationAttributes == null) {
            c.negotiationAttributes = new ConcurrentHashMap<>();
        }
        return new NegotiationScope(c, tlsSide, plainSide, c.negotiationAttributes, mayConnect);
    }

    void closeConnectTo() {
        mayConnect = false;
    }

    /** The target the step chose with connectTo, unresolved; null: the tunnel's connect list. */
    InetSocketAddress chosenTarget() {
        return chosenTarget;
    }

    @Override
    public String tunnelName() {
        return connection.spec.name();
    }

    @Override
    public boolean client() {
        return connection.spec.client();
    }

    @Override
    public Map<String, String> options() {
        return connection.spec.protocolOptions();
    }

    @Override
    public PlainChannel tlsSide() {
        return tlsSide;
    }

    @Override
    public PlainChannel plainSide() {
        return plainSide;
    }

    @Override
    public Map<String, Object> attributes() {
        return attributes;
    }

    @Override
    public ConnectionFacts facts() {
        ConnectionFacts tls = connection.tlsFacts;
        if (tls == null) {
            return new ConnectionFacts(connection.peer(), connection.local(), null, null, null, null, false, false, null);
        }
        return new ConnectionFacts(connection.peer(), connection.local(), tls.tlsVersion(), tls.cipherSuite(),
                tls.serverName(), tls.alpn(), tls.peerCertificate(), tls.peerVerified(), tls.peerCommonName());
    }

    @Override
    public void tlsPeer(String host, int port) {
        if (!connection.spec.client() || tlsSide == null) {
            throw new IllegalStateException("tlsPeer: no TLS client handshake follows this step");
        }
        // Unresolved: the name is what TLS checks and sends; nothing is connected to it here.
        connection.tlsPeer = InetSocketAddress.createUnresolved(host, checkedPort("tlsPeer", host, port));
    }

    @Override
    public void connectTo(String host, int port) {
        if (!mayConnect) {
            throw new IllegalStateException("connectTo: only in the afterHandshake step of server mode");
        }
        chosenTarget = InetSocketAddress.createUnresolved(host, checkedPort("connectTo", host, port));
    }

    private static int checkedPort(String method, String host, int port) {
        if (host == null || host.isEmpty() || port < 1 || port > 65535) {
            throw new IllegalArgumentException(method + ": bad host or port: " + host + ":" + port);
        }
        return port;
    }
}
