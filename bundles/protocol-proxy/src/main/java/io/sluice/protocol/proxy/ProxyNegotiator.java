package io.sluice.protocol.proxy;

import io.sluice.api.TunnelKey;
import io.sluice.api.protocol.NegotiationContext;
import io.sluice.api.protocol.ProtocolNegotiator;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;

/**
 * {@code protocol = proxy}, server mode: once the target is connected and before anything is
 * relayed, the PROXY protocol header tells it who the client is: v1 exactly as stunnel writes it,
 * or v2 with the TLS facts HAProxy's {@code send-proxy-v2-ssl} sends ({@code protocolProxyVersion}).
 * The client is the one a load balancer named when the tunnel itself accepts PROXY headers.
 */
@Component(service = ProtocolNegotiator.class, property = ProtocolNegotiator.PROTOCOL + "=proxy")
public final class ProxyNegotiator implements ProtocolNegotiator {

    static final String VERSION = "protocolProxyVersion";

    static final List<TunnelKey> KEYS = List.of(TunnelKey.server(VERSION, TunnelKey.Type.CHOICE, "1",
            "the PROXY header sent to the target: 1 (text, as stunnel) or 2 (binary, with the TLS facts)"));

    @Override
    public List<TunnelKey> keys() {
        return KEYS;
    }

    @Override
    public void validate(boolean client, Map<String, String> options) {
        if (client) {
            // stunnel's words: the header describes a TLS client to a plaintext server.
            throw new IllegalArgumentException("The configured protocol is not supported in the client mode");
        }
        String version = options.get(VERSION);
        if (version != null && !version.equals("1") && !version.equals("2")) {
            throw new IllegalArgumentException(VERSION + " = " + version + ": expected 1 or 2");
        }
    }

    @Override
    public void negotiate(NegotiationContext context) throws IOException {
        if (context.client()) {
            throw new IOException("proxy: The configured protocol is not supported in the client mode");
        }
        // Server mode: nothing before TLS; the header goes to the target once it is connected.
    }

    @Override
    public void targetConnected(NegotiationContext context) throws IOException {
        byte[] header = "2".equals(context.options().get(VERSION)) ? ProxyV2.header(context.facts())
                : ProxyV1.header(context.facts().client(), context.facts().local());
        context.plainSide().write(header);
    }
}
