package io.sluice.protocol.smtp;

import io.sluice.api.TunnelKey;
import io.sluice.api.protocol.NegotiationContext;
import io.sluice.api.protocol.ProtocolNegotiator;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.osgi.service.component.annotations.Component;

/**
 * {@code protocol = smtp}: STARTTLS before TLS, in client mode ({@link SmtpClient}) and server
 * mode ({@link SmtpServer}). Stateless, so one service instance serves every tunnel and connection.
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

    /** stunnel's SMTP AUTH after TLS (client mode), not implemented: refused rather than ignored. */
    private static final List<String> UNSUPPORTED = List.of("protocolUsername", "protocolPassword", "protocolAuthentication");

    /** The one option smtp reads, in both modes. */
    private static final List<TunnelKey> KEYS = List.of(TunnelKey.of(HOST, TunnelKey.Type.STRING, DEFAULT_HOST,
            "client: the name sent in EHLO; server: the domain in the greeting and the EHLO reply"));

    @Override
    public List<TunnelKey> keys() {
        return KEYS;
    }

    /** Refuses at configuration time what {@link #negotiate} would refuse on every connection. */
    @Override
    public void validate(boolean client, Map<String, String> options) {
        for (Map.Entry<String, String> option : options.entrySet()) {
            String key = option.getKey();
            String value = option.getValue();
            if (UNSUPPORTED.contains(key)) {
                throw refused(key, value, "not supported by smtp (SMTP AUTH is not implemented)");
            } else if (HOST.equals(key) && !HOST_NAME.matcher(value).matches()) {
                throw refused(key, value, "not a host name (a domain or an address literal)");
            } else if (!HOST.equals(key)) {
                throw refused(key, value, "not an option of smtp (it reads " + HOST + " only)");
            }
        }
    }

    @Override
    public void negotiate(NegotiationContext context) throws IOException {
        for (String option : UNSUPPORTED) {
            if (context.options().containsKey(option)) {
                throw new IOException("smtp: " + option + " (SMTP AUTH) is not supported");
            }
        }
        String host = host(context);
        if (context.client()) {
            SmtpClient.negotiate(context.tlsSide(), context.plainSide(), host);
        } else if (!SmtpServer.negotiate(context.tlsSide(), host)) {
            context.attributes().put(IMPLICIT_TLS, Boolean.TRUE);
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

    private static IllegalArgumentException refused(String key, String value, String problem) {
        String shown = key.toLowerCase(Locale.ROOT).contains("password") ? "****" : Lines.printable(value);
        return new IllegalArgumentException(key + " = " + shown + ": " + problem);
    }
}
