package io.sluice.transport.mina;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;

import org.junit.Test;

/** Names a peer chose (SNI, PSK identity, certificate names) cannot forge a log line or drive a terminal. */
public class LoggedTest {

    @Test
    public void controlCharactersAreEscaped() {
        assertEquals("evil\\x0a2026.12.07 LOG5[1]: Service [web] accepted",
                Logged.text("evil\n2026.12.07 LOG5[1]: Service [web] accepted"));
        assertEquals("\\x1b[2Jname\\x7f\\x85", Logged.text("\u001b[2Jname\u007f\u0085"));
    }

    @Test
    public void cleanTextIsUnchangedAndLongTextIsCut() {
        String clean = "CN=app, O=Example, Inc, émail";
        assertSame(clean, Logged.text(clean));
        String longName = "a".repeat(10_000);
        assertEquals(Logged.MAX_LENGTH + 3, Logged.text(longName).length());
        assertEquals(null, Logged.text(null));
    }
}
