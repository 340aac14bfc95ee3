package io.sluice.protocol.connect;

import io.sluice.api.TunnelKey;
import io.sluice.api.protocol.NegotiationContext;
import io.sluice.api.protocol.ProtocolNegotiator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;

/**
 * {@code protocol = connect}: HTTP CONNECT. Client mode ({@link ConnectClient}): through a proxy
 * before TLS. Server mode ({@link ConnectServer}): Sluice is the proxy, inside TLS. Stateless,
 * so one service instance serves every tunnel and connection.
 */
@Component(service = ProtocolNegotiator.class, property = ProtocolNegotiator.PROTOCOL + "=connect")
public final class ConnectNegotiator implements ProtocolNegotiator {

    /** Client mode: the real server's host:port, asked of the proxy and checked by TLS. */
    static final String HOST = "protocolHost";
    static final String USERNAME = "protocolUsername";
    static final String PASSWORD = "protocolPassword";
    static final String AUTHENTICATION = "protocolAuthentication";
    /** Client mode: extra request header lines, separated by line feeds. */
    static final String HEADER = "protocolHeader";
    /** Server mode: the targets clients may ask for; none when unset. */
    static final String ALLOW = "protocolAllow";

    /** Set once the afterHandshake step chose a target, so that targetConnected answers 200. */
    static final String REQUESTED = ConnectNegotiator.class.getName() + ".requested";

    /** stunnel's NTLM proxy authentication, not implemented: refused rather than sent as basic. */
    private static final List<String> UNSUPPORTED = List.of("protocolDomain");

    @Override
    public List<TunnelKey> keys() {
        return ConnectOptions.KEYS;
    }

    @Override
    public void validate(boolean client, Map<String, String> options) {
        ConnectOptions.validate(client, options);
    }

    @Override
    public void negotiate(NegotiationContext context) throws IOException {
        if (!context.client()) {
            return; // the request comes inside TLS: afterHandshake
        }
        Map<String, String> options = context.options();
        for (String option : UNSUPPORTED) {
            if (options.containsKey(option)) {
                throw new IOException("connect: " + option + " is " + ConnectOptions.NTLM_REFUSED);
            }
        }
        if (!options.containsKey(HOST)) {
            throw new IOException("connect: client mode needs " + HOST + " = host:port of the server behind the proxy");
        }
        HostPort target = HostPort.parse(options.get(HOST), HOST);
        String authorization = basicAuthorization(options);
        List<String> headers;
        try {
            headers = ProtocolHeaders.parse(options.get(HEADER));
        } catch (IllegalArgumentException e) {
            throw new IOException("connect: " + HEADER + ": " + e.getMessage());
        }
        // Before anything is sent: a transport that cannot verify the real server must not try.
        context.tlsPeer(target.host(), target.port());
        ConnectClient.negotiate(context.tlsSide(), target, authorization, headers);
    }

    /** The request inside TLS names the target: no connect needed. */
    @Override
    public boolean choosesTarget() {
        return true;
    }

    @Override
    public void afterHandshake(NegotiationContext context) throws IOException {
        // Parsed per connection: the options may change with the configuration, and it is cheap.
        AllowList allowed = AllowList.parse(context.options().get(ALLOW));
        HostPort target = ConnectServer.readRequest(context.tlsSide(), allowed);
        context.connectTo(target.host(), target.port());
        context.attributes().put(REQUESTED, target);
    }

    @Override
    public void targetConnected(NegotiationContext context) throws IOException {
        if (context.attributes().containsKey(REQUESTED)) {
            ConnectServer.established(context.tlsSide());
        }
    }

    /** RFC 7617 Basic credentials, or null when none are configured. */
    static String basicAuthorization(Map<String, String> options) throws IOException {
        String scheme = options.getOrDefault(AUTHENTICATION, "basic");
        if (!"basic".equalsIgnoreCase(scheme)) {
            throw new IOException("connect: " + AUTHENTICATION + " = " + HttpLines.printable(scheme)
                    + " is " + ConnectOptions.schemeRefused(scheme));
        }
        String user = options.get(USERNAME);
        String password = options.get(PASSWORD);
        if (user == null && password == null) {
            return null;
        }
        if (user == null || password == null) {
            throw new IOException("connect: " + USERNAME + " and " + PASSWORD + " go together: set both or neither");
        }
        if (user.indexOf(':') >= 0) {
            throw new IOException("connect: " + USERNAME + " must not contain ':' (RFC 7617)");
        }
        // UTF-8, as RFC 7617 lets a server announce and as curl and browsers send today.
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
