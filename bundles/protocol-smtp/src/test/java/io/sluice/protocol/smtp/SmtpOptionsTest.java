package io.sluice.protocol.smtp;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.fail;

import io.sluice.api.TunnelKey;
import java.util.Map;
import org.junit.Test;

/** What smtp declares and refuses when a tunnel is configured, before any connection. */
public class SmtpOptionsTest {

    private final SmtpNegotiator smtp = new SmtpNegotiator();

    @Test
    public void declaresProtocolHostInBothModesWithItsDefault() {
        TunnelKey host = smtp.keys().get(0);
        assertEquals("protocolHost", host.name());
        assertEquals("localhost", host.defaultValue());
        assertEquals(2, host.modes().size());
    }

    @Test
    public void acceptsNoOptionsAndAHostName() {
        smtp.validate(true, Map.of());
        smtp.validate(false, Map.of("protocolHost", "mail.example.org"));
        smtp.validate(true, Map.of("protocolHost", "[192.0.2.1]"));
    }

    @Test
    public void takesSmtpAuthCredentialsInPairsWithAKnownMechanism() {
        smtp.validate(true, Map.of("protocolUsername", "alice", "protocolPassword", "s3cret"));
        smtp.validate(true, Map.of("protocolUsername", "alice", "protocolPassword", "s3cret", "protocolAuthentication", "LOGIN"));
        smtp.validate(true, Map.of("protocolUsername", "alice", "protocolPassword", "s3cret", "protocolAuthentication", "basic"));
        assertRefused(Map.of("protocolUsername", "alice"),
                "protocolUsername = alice: set protocolPassword too (SMTP AUTH needs both)");
        assertRefused(Map.of("protocolUsername", "alice", "protocolPassword", "s3cret", "protocolAuthentication", "cram-md5"),
                "protocolAuthentication = cram-md5: expected one of plain, login");
        assertRefused(Map.of("protocolAuthentication", "login"),
                "protocolAuthentication = login: needs protocolUsername and protocolPassword");
        assertRefused(Map.of("protocolUsername", "alice\r\nRCPT", "protocolPassword", "x"),
                "protocolUsername = alice??RCPT: must not be empty nor hold NUL, CR or LF");
    }

    @Test
    public void neverShowsThePassword() {
        String message = refusal(Map.of("protocolPassword", "s3cret"));
        assertEquals("protocolPassword = ****: set protocolUsername too (SMTP AUTH needs both)", message);
        assertFalse(message.contains("s3cret"));
        assertFalse(SmtpAuth.of(Map.of("protocolUsername", "a", "protocolPassword", "s3cret")).toString().contains("s3cret"));
    }

    /** The keys it declares; the tunnel refuses any other protocol* key, and these in server mode. */
    @Test
    public void declaresTheHostInBothModesAndAuthInClientMode() {
        assertEquals("[protocolHost [CLIENT, SERVER], protocolUsername [CLIENT], protocolPassword [CLIENT],"
                + " protocolAuthentication [CLIENT]]", smtp.keys().stream()
                .map(k -> k.name() + " " + new java.util.TreeSet<>(k.modes())).toList().toString());
    }

    @Test
    public void refusesAHostThatWouldCorruptTheExchange() {
        assertRefused(Map.of("protocolHost", "mail example"),
                "protocolHost = mail example: not a host name (a domain or an address literal)");
        assertRefused(Map.of("protocolHost", "evil\r\nRCPT"),
                "protocolHost = evil??RCPT: not a host name (a domain or an address literal)");
    }

    private void assertRefused(Map<String, String> options, String expected) {
        assertEquals(expected, refusal(options));
    }

    private String refusal(Map<String, String> options) {
        try {
            smtp.validate(true, options);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        fail("accepted: " + options);
        return null;
    }
}
