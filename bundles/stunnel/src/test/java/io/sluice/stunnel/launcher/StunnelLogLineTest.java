package io.sluice.stunnel.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class StunnelLogLineTest {

    @Test
    public void aConnectionEventTakesTheConnectionIdAndStunnelsLevelAndWording() {
        StunnelLogLine line = StunnelLogLine.of(7, "Service [web] #12 accepted connection from 192.0.2.7:50312", "ui");
        assertEquals(5, line.level());
        assertEquals("12", line.id());
        assertEquals("Service [web] accepted connection from 192.0.2.7:50312", line.text());
    }

    @Test
    public void eventsStunnelLogsWithoutTheServiceNameLoseTheTag() {
        assertEquals(new StunnelLogLine(5, "3", "Connection closed: 8 byte(s) sent to TLS, 7 byte(s) sent to socket"),
                StunnelLogLine.of(7, "Service [web] #3 Connection closed: 8 byte(s) sent to TLS, 7 byte(s) sent to socket", "ui"));
        assertEquals(new StunnelLogLine(6, "3", "s_connect: connecting 127.0.0.1:80"),
                StunnelLogLine.of(7, "Service [web] #3 s_connect: connecting 127.0.0.1:80", "ui"));
        assertEquals(new StunnelLogLine(3, "3", "SSL_accept: Received fatal alert: bad_certificate"),
                StunnelLogLine.of(7, "Service [web] #3 SSL_accept: Received fatal alert: bad_certificate", "ui"));
        assertEquals("stunnel 5.68's line for the key a PSK client used",
                new StunnelLogLine(5, "3", "Key configured for PSK identity \"bob\""),
                StunnelLogLine.of(7, "Service [web] #3 Key configured for PSK identity \"bob\"", "ui"));
        assertEquals(new StunnelLogLine(6, "3", "TLS accepted: PSK"),
                StunnelLogLine.of(7, "Service [web] #3 TLS accepted: PSK", "ui"));
        assertEquals("stunnel 5.68's line after it", new StunnelLogLine(6, "3",
                "TLSv1.3 ciphersuite: TLS_AES_128_GCM_SHA256 (128-bit encryption)"), StunnelLogLine.of(7,
                "Service [web] #3 TLSv1.3 ciphersuite: TLS_AES_128_GCM_SHA256 (128-bit encryption)", "ui"));
        assertEquals(new StunnelLogLine(6, "3", "PSK identity: bob"),
                StunnelLogLine.of(7, "Service [web] #3 PSK identity: bob", "ui"));
        assertEquals(new StunnelLogLine(7, "3", "side failed: reset"),
                StunnelLogLine.of(7, "Service [web] #3 side failed: reset", "ui"));
    }

    /** Levels as stunnel 5.68 logs them (observed: LOG6 for all three). */
    @Test
    public void execEventsAreInfoAsInStunnel() {
        assertEquals(new StunnelLogLine(6, "4", "Local mode child started (PID=4242)"),
                StunnelLogLine.of(7, "Service [sh] #4 Local mode child started (PID=4242)", "ui"));
        assertEquals(new StunnelLogLine(6, "4", "Child process 4242 finished with code 0"),
                StunnelLogLine.of(7, "Service [sh] #4 Child process 4242 finished with code 0", "ui"));
        assertEquals(new StunnelLogLine(6, "4", "Retrying an exec+connect section"),
                StunnelLogLine.of(7, "Service [sh] #4 Retrying an exec+connect section", "ui"));
        assertEquals(new StunnelLogLine(3, "4", "exec: cannot start /bin/nope: error=2, No such file or directory"),
                StunnelLogLine.of(7, "Service [sh] #4 exec: cannot start /bin/nope: error=2, No such file or directory", "ui"));
    }

    @Test
    public void certificatesAcceptedAreNoticesForThePeerItselfAndInfoAboveItRejectionsWarnings() {
        assertEquals(new StunnelLogLine(6, "2", "Certificate accepted at depth=1: C=DE, O=Test CA, CN=Test Root"),
                StunnelLogLine.of(7, "Service [out] #2 Certificate accepted at depth=1: C=DE, O=Test CA, CN=Test Root", "ui"));
        assertEquals(new StunnelLogLine(5, "2", "Certificate accepted at depth=0: O=Shop, CN=localhost"),
                StunnelLogLine.of(7, "Service [out] #2 Certificate accepted at depth=0: O=Shop, CN=localhost", "ui"));
        assertEquals(new StunnelLogLine(4, "3", "Rejected by CERT at depth=0: O=Shop, CN=localhost"),
                StunnelLogLine.of(7, "Service [out] #3 Rejected by CERT at depth=0: O=Shop, CN=localhost", "ui"));
    }

    @Test
    public void otherLinesKeepTheirLevelAndTakeTheThreadId() {
        assertEquals(new StunnelLogLine(5, "main", "Service [web] server mode, TLS by jsse, connecting 127.0.0.1:80"),
                StunnelLogLine.of(5, "Service [web] server mode, TLS by jsse, connecting 127.0.0.1:80", "main"));
        assertEquals(new StunnelLogLine(4, "ui", "Service [web] REFUSED by libwrap from 10.0.0.1:5 (/etc/hosts.deny:3)"),
                StunnelLogLine.of(5, "Service [web] REFUSED by libwrap from 10.0.0.1:5 (/etc/hosts.deny:3)", "ui"));
    }

    /** stunnel 5.68: "LOG6[ui]: Service [srv] (FD=8) bound to 127.0.0.1:17001", one line per address (observed). */
    @Test
    public void boundToLinesAreInfoAsInStunnel() {
        assertEquals(new StunnelLogLine(6, "ui", "Service [web] (FD=94) bound to 127.0.0.1:443"),
                StunnelLogLine.of(5, "Service [web] (FD=94) bound to 127.0.0.1:443", "ui"));
        assertEquals(new StunnelLogLine(6, "main", "Service [web] bound to 127.0.0.1:443"),
                StunnelLogLine.of(5, "Service [web] bound to 127.0.0.1:443", "main"));
        assertEquals(new StunnelLogLine(6, "ui", "Service [unix] (FD=12) bound to localhost:/run/web.sock"),
                StunnelLogLine.of(5, "Service [unix] (FD=12) bound to localhost:/run/web.sock", "ui"));
    }

    /** stunnel 5.68 with debug = 7: "LOG6[ui]: Accepting new connections" (observed): hidden at the default debug = 5. */
    @Test
    public void acceptingNewConnectionsIsInfoAsInStunnel() {
        assertEquals(new StunnelLogLine(6, "ui", "Accepting new connections"),
                StunnelLogLine.of(5, LauncherComponent.ACCEPTING, "ui"));
        assertEquals(new StunnelLogLine(6, "main", "Accepting new connections"),
                StunnelLogLine.of(5, LauncherComponent.ACCEPTING, "main"));
    }

    /** stunnel 5.68 with libwrap = yes on a Unix socket: "LOG6[0]: Libwrap is not supported on Unix sockets". */
    @Test
    public void libwrapOnAUnixSocketIsInfo() {
        assertEquals(new StunnelLogLine(6, "0", "Libwrap is not supported on Unix sockets"),
                StunnelLogLine.of(7, "Service [unix] #0 Libwrap is not supported on Unix sockets", "ui"));
        assertEquals(new StunnelLogLine(5, "0", "Service [unix] accepted connection from unnamed socket"),
                StunnelLogLine.of(7, "Service [unix] #0 accepted connection from unnamed socket", "ui"));
    }

    /** stunnel 5.68 binds and serves only after "Configuration successful" (observed with debug = 7). */
    @Test
    public void bindingAndConnectionLinesComeAfterTheVerdictOnTheFile() {
        assertTrue(StunnelLogLine.of(5, "Service [web] (FD=94) bound to 127.0.0.1:443", "ui").afterConfiguration("ui"));
        assertTrue(StunnelLogLine.of(5, "Service [web] bound to [::1]:443", "ui").afterConfiguration("ui"));
        assertTrue(StunnelLogLine.of(5, "Service [web] server mode, TLS by jsse, connecting 127.0.0.1:80", "ui")
                .afterConfiguration("ui"));
        assertTrue(StunnelLogLine.of(3, "Binding service [web] failed", "ui").afterConfiguration("ui"));
        assertTrue(StunnelLogLine.of(3, "Service [web]: cannot bind accept = 443: Address already in use", "ui")
                .afterConfiguration("ui"));
        assertTrue("a connection's line", StunnelLogLine.of(7, "Service [ec] #0 Local mode child started (PID=7)", "ui")
                .afterConfiguration("ui"));
        assertFalse(StunnelLogLine.of(5, "Reading configuration from file /etc/stunnel/a.conf", "ui").afterConfiguration("ui"));
        assertFalse(StunnelLogLine.of(4, "Service [out] needs authentication to prevent MITM attacks", "ui")
                .afterConfiguration("ui"));
        assertFalse(StunnelLogLine.of(5, "Service [web] closed", "main").afterConfiguration("main"));
    }

    /** stunnel 5.68 at debug = 7: "LOG7[ui]: Service [svc] closed" once a service's listener is closed. */
    @Test
    public void aServiceClosedIsDebugAsInStunnel() {
        assertEquals(new StunnelLogLine(7, "ui", "Service [web] closed"), StunnelLogLine.of(5, "Service [web] closed", "ui"));
        assertEquals(new StunnelLogLine(5, "ui", "Service [web] closed for good"),
                StunnelLogLine.of(5, "Service [web] closed for good", "ui"));
    }

    @Test
    public void readerMarksAreDroppedControlCharactersHiddenAndLongTextCut() {
        assertEquals("Configuration failed", StunnelLogLine.of(3, "[!] Configuration failed", "ui").text());
        assertEquals("a.b", StunnelLogLine.of(3, "a\nb", "ui").text());
        assertEquals(1024, StunnelLogLine.of(3, "x".repeat(5000), "ui").text().length());
    }

    @Test
    public void rendersStunnelsLayout() {
        String rendered = new StunnelLogLine(5, "7", "Connection closed").render(System.currentTimeMillis());
        assertTrue(rendered, rendered.matches("\\d{4}\\.\\d{2}\\.\\d{2} \\d{2}:\\d{2}:\\d{2} LOG5\\[7\\]: Connection closed"));
    }

    @Test
    public void sluiceLevelsMapToSyslogNumbers() {
        assertEquals(3, StunnelLogLine.syslogLevel("ERROR"));
        assertEquals(4, StunnelLogLine.syslogLevel("WARN"));
        assertEquals(5, StunnelLogLine.syslogLevel("INFO"));
        assertEquals(7, StunnelLogLine.syslogLevel("DEBUG"));
        assertEquals(7, StunnelLogLine.syslogLevel("TRACE"));
    }

    @Test
    public void scrTracingIsNotAnOperatorsLine() {
        assertTrue(StunnelLogAppender.isOperatorLine("io.sluice.core.TunnelComponent", "Service [a] closed"));
        assertFalse(StunnelLogAppender.isOperatorLine("io.sluice.core.TunnelComponent",
                "bundle io.sluice.core:0.1.0 (25)[io.sluice.core.TunnelComponent(3)] : Querying state"));
        assertFalse(StunnelLogAppender.isOperatorLine("org.apache.felix.fileinstall", "Updating configuration"));
    }
}
