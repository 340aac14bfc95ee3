package io.sluice.protocol.socks;

import io.sluice.api.TunnelKey;
import io.sluice.api.protocol.AllowedTargets;
import io.sluice.api.protocol.NegotiationContext;
import io.sluice.api.protocol.ProtocolNegotiator;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;

/**
 * {@code protocol = socks}, server mode: a SOCKS 4, 4a and 5 server inside TLS, as stunnel's
 * (CONNECT only, no authentication). Unlike stunnel, which connects wherever the client asks
 * (loopback aside), only the {@code protocolAllow} targets are connected: a TLS port that opens
 * any connection for anyone with a certificate, or for anyone at all, is an open proxy.
 */
@Component(service = ProtocolNegotiator.class, property = ProtocolNegotiator.PROTOCOL + "=socks")
public final class SocksNegotiator implements ProtocolNegotiator {

    static final String ALLOW = "protocolAllow";

    /** The request read inside TLS, answered once its target is connected. */
    static final String REQUEST = SocksNegotiator.class.getName() + ".request";

    static final List<TunnelKey> KEYS = List.of(TunnelKey.server(ALLOW, TunnelKey.Type.LIST, "none: nothing allowed",
            "the host:port targets clients may ask for; *.domain:port for any name below domain"));

    @Override
    public List<TunnelKey> keys() {
        return KEYS;
    }

    @Override
    public void validate(boolean client, Map<String, String> options) {
        if (client) {
            // stunnel's client side speaks SOCKS to a stunnel server; Sluice has the server side only.
            throw new IllegalArgumentException("The configured protocol is not supported in the client mode");
        }
        try {
            AllowedTargets.parse(options.get(ALLOW));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(ALLOW + " = " + options.get(ALLOW) + ": " + e.getMessage());
        }
    }

    @Override
    public void negotiate(NegotiationContext context) throws IOException {
        if (context.client()) {
            throw new IOException("socks: The configured protocol is not supported in the client mode");
        }
        // Server mode: the request comes inside TLS (afterHandshake).
    }

    @Override
    public void afterHandshake(NegotiationContext context) throws IOException {
        AllowedTargets allowed = AllowedTargets.parse(context.options().get(ALLOW));
        SocksRequest request = SocksServer.readRequest(context.tlsSide(), allowed);
        context.connectTo(request.host(), request.port());
        context.attributes().put(REQUEST, request);
    }

    @Override
    public void targetConnected(NegotiationContext context) throws IOException {
        Object request = context.attributes().get(REQUEST);
        if (request instanceof SocksRequest r) {
            context.tlsSide().write(r.granted());
        }
    }
}
