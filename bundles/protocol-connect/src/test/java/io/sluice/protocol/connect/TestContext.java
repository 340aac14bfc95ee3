package io.sluice.protocol.connect;

import io.sluice.api.protocol.NegotiationContext;
import io.sluice.api.protocol.PlainChannel;
import java.util.HashMap;
import java.util.Map;

/** A connection as the transport presents it to a negotiator; keeps the TLS peer and target it is told. */
final class TestContext implements NegotiationContext {

    private final boolean client;
    private final Map<String, String> options;
    private final PlainChannel tlsSide;
    private final PlainChannel plainSide;
    private final Map<String, Object> attributes = new HashMap<>();
    private String tlsPeer;
    private String connectTo;

    private TestContext(boolean client, Map<String, String> options, PlainChannel tlsSide, PlainChannel plainSide) {
        this.client = client;
        this.options = options;
        this.tlsSide = tlsSide;
        this.plainSide = plainSide;
    }

    static TestContext client(PlainChannel proxy, PlainChannel localClient, Map<String, String> options) {
        return new TestContext(true, options, proxy, localClient);
    }

    static TestContext server(PlainChannel client, Map<String, String> options) {
        return new TestContext(false, options, client, null);
    }

    /** host:port as named by {@link #tlsPeer(String, int)}, or null. */
    String namedTlsPeer() {
        return tlsPeer;
    }

    /** host:port as chosen by {@link #connectTo(String, int)}, or null. */
    String chosenTarget() {
        return connectTo;
    }

    @Override
    public void connectTo(String host, int port) {
        connectTo = host + ":" + port;
    }

    @Override
    public void tlsPeer(String host, int port) {
        tlsPeer = host + ":" + port;
    }

    @Override
    public String tunnelName() {
        return "test";
    }

    @Override
    public boolean client() {
        return client;
    }

    @Override
    public Map<String, String> options() {
        return options;
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
}
