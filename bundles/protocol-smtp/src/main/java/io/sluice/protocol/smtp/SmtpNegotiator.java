package io.sluice.protocol.smtp;

import io.sluice.api.TunnelKey;
import io.sluice.api.protocol.NegotiationContext;
import io.sluice.api.protocol.ProtocolNegotiator;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Component;

/**
 * {@code protocol = smtp}: STARTTLS before TLS, in client mode ({@link SmtpClient}, then
 * {@link SmtpAuth} inside TLS when credentials are set) and server mode ({@link SmtpServer}).
 * Stateless, so one service instance serves every tunnel and connection.
 */
@Component(service = ProtocolNegotiator.class, property = ProtocolNegotiator.PROTOCOL + "=smtp")
public final class SmtpNegotiator implements ProtocolNegotiator {

    /** Client mode: the name sent in EHLO. Server mode: the domain in the greeting and the EHLO reply. */
    static final String HOST = "protocolHost";
    static final String DEFAULT_HOST = "localhost";

    /** Set when the client chose implicit TLS, so that the real server's greeting must reach it. */
    static final String IMPLICIT_TLS = SmtpNegotiator.class.getName() + ".implicitTls";

    /** A domain or address literal; anything else (spaces, CR LF) would corrupt the exchange. */
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9._:\\[\\]-]{1,255}");

    @Override
    public List<TunnelKey> keys() {
        return SmtpAuth.KEYS;
    }

    /** Refuses at configuration time what {@link #negotiate} would refuse on every connection. */
    @Override
    public void validate(boolean client, Map<String, String> options) {
        String host = options.get(HOST);
        if (host != null && !HOST_NAME.matcher(host).matches()) {
            throw new IllegalArgumentException(HOST + " = " + Lines.printable(host)
                    + ": not a host name (a domain or an address literal)");
        }
        if (client) {
            SmtpAuth.validate(options);
        }
    }

    @Override
    public void negotiate(NegotiationContext context) throws IOException {
        String host = host(context);
        if (context.client()) {
            SmtpClient.negotiate(context.tlsSide(), context.plainSide(), host);
        } else if (!SmtpServer.negotiate(context.tlsSide(), host)) {
            context.attributes().put(IMPLICIT_TLS, Boolean.TRUE);
        }
    }

    /** Client mode with credentials: stunnel's SMTP AUTH, inside TLS. */
    @Override
    public void afterClientHandshake(NegotiationContext context) throws IOException {
        SmtpAuth auth = SmtpAuth.of(context.options());
        if (auth != null) {
            auth.authenticate(context.tlsSide(), host(context));
        }
    }

    @Override
    public void targetConnected(NegotiationContext context) throws IOException {
        if (!context.attributes().containsKey(IMPLICIT_TLS)) {
            SmtpServer.consumeGreeting(context.plainSide());
        }
    }

    private static String host(NegotiationContext context) throws IOException {
        String host = context.options().getOrDefault(HOST, DEFAULT_HOST);
        if (!HOST_NAME.matcher(host).matches()) {
            throw new IOException("smtp: " + HOST + " = " + Lines.printable(host) + " is not a host name");
        }
        return host;
    }
}
