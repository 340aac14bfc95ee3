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
        assertEquals(1, smtp.keys().size());
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
    public void refusesSmtpAuthKeysNamingTheKey() {
        assertRefused(Map.of("protocolUsername", "alice"),
                "protocolUsername = alice: not supported by smtp (SMTP AUTH is not implemented)");
        assertRefused(Map.of("protocolAuthentication", "plain"),
                "protocolAuthentication = plain: not supported by smtp (SMTP AUTH is not implemented)");
    }

    @Test
    public void neverShowsThePassword() {
        String message = refusal(Map.of("protocolPassword", "s3cret"));
        assertEquals("protocolPassword = ****: not supported by smtp (SMTP AUTH is not implemented)", message);
        assertFalse(message.contains("s3cret"));
    }

    @Test
    public void refusesKeysOfOtherProtocols() {
        assertRefused(Map.of("protocolAllow", "a:1"), "protocolAllow = a:1: not an option of smtp (it reads protocolHost only)");
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
