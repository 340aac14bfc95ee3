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
 * {@code protocol = socks}, as stunnel's. Server mode: a SOCKS 4, 4a and 5 server inside TLS
 * (CONNECT only, no authentication). Unlike stunnel, which connects wherever the client asks
 * (loopback aside), only the {@code protocolAllow} targets are connected: a TLS port that opens
 * any connection for anyone with a certificate, or for anyone at all, is an open proxy. Client
 * mode ({@link SocksClient}): after the handshake, a SOCKS 5 CONNECT to {@code protocolHost}.
 */
@Component(service = ProtocolNegotiator.class, property = ProtocolNegotiator.PROTOCOL + "=socks")
public final class SocksNegotiator implements ProtocolNegotiator {

    static final String ALLOW = "protocolAllow";
    /** Client mode: the target the SOCKS server connects to. */
    static final String HOST = "protocolHost";

    /** The request read inside TLS, answered once its target is connected. */
    static final String REQUEST = SocksNegotiator.class.getName() + ".request";

    static final List<TunnelKey> KEYS = List.of(TunnelKey.server(ALLOW, TunnelKey.Type.LIST, "none: nothing allowed",
            "the host:port targets clients may ask for; *.domain:port for any name below domain"),
            TunnelKey.client(HOST, TunnelKey.Type.ADDRESS, TunnelKey.REQUIRED,
                    "the host:port the SOCKS server connects to (a bare port: localhost)"));

    @Override
    public List<TunnelKey> keys() {
        return KEYS;
    }

    @Override
    public void validate(boolean client, Map<String, String> options) {
        String key = client ? HOST : ALLOW;
        try {
            if (client) {
                SocksClient.target(options.get(HOST));
            } else {
                AllowedTargets.parse(options.get(ALLOW));
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + " = " + (options.get(key) == null ? "" : options.get(key)) + ": "
                    + e.getMessage());
        }
    }

    @Override
    public void negotiate(NegotiationContext context) {
        // Both modes speak inside TLS: afterHandshake (server), afterClientHandshake (client).
    }

    @Override
    public void afterClientHandshake(NegotiationContext context) throws IOException {
        AllowedTargets.Entry target;
        try {
            target = SocksClient.target(context.options().get(HOST));
        } catch (IllegalArgumentException e) {
            throw new IOException("socks: " + HOST + ": " + e.getMessage());
        }
        SocksClient.connect(context.tlsSide(), target);
    }

    /** The request inside TLS names the target: no connect needed. */
    @Override
    public boolean choosesTarget() {
        return true;
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
