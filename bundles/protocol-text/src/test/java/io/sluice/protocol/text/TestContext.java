package io.sluice.protocol.text;

import io.sluice.api.protocol.NegotiationContext;
import io.sluice.api.protocol.PlainChannel;
import java.util.HashMap;
import java.util.Map;

/** A connection as the transport presents it to a negotiator, for the plugins' unit tests. */
public record TestContext(boolean client, Map<String, String> options, PlainChannel tlsSide, PlainChannel plainSide,
        Map<String, Object> attributes) implements NegotiationContext {

    public static TestContext server(PlainChannel client, Map<String, String> options) {
        return new TestContext(false, options, client, null, new HashMap<>());
    }

    public static TestContext client(PlainChannel server, PlainChannel localClient, Map<String, String> options) {
        return new TestContext(true, options, server, localClient, new HashMap<>());
    }

    /** The same connection in the step after the TLS handshake, with the target connected. */
    public TestContext targetConnected(PlainChannel target) {
        return new TestContext(false, options, null, target, attributes);
    }

    @Override
    public String tunnelName() {
        return "test";
    }
}
