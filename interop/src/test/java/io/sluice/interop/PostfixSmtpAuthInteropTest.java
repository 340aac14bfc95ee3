package io.sluice.interop;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.sluice.api.transport.Listener;
import io.sluice.interop.Interop.Identity;
import io.sluice.protocol.smtp.SmtpNegotiator;
import io.sluice.transport.mina.CountingObserver;
import io.sluice.transport.mina.LogCapture;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

/**
 * SMTP AUTH in client mode against a real mail server: swaks, in plaintext, through a Sluice smtp
 * tunnel with credentials to Postfix, which takes AUTH only inside TLS (checked by Dovecot) and
 * relays nothing without it. stunnel4's client section with the same credentials is the model.
 */
public class PostfixSmtpAuthInteropTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern QUEUED = Pattern.compile("<-  250 2\\.0\\.0 Ok: queued as (\\w+)");

    @Rule
    public final Interop interop = new Interop();

    @Rule
    public final LogCapture log = new LogCapture();

    private final CountingObserver observer = new CountingObserver();
    private Identity postfixIdentity;
    private Postfix postfix;

    @Before
    public void startPostfix() throws Exception {
        postfixIdentity = interop.identity("postfix");
        Daemons.Dovecot dovecot = Daemons.dovecot(interop, interop.identity("dovecot"));
        postfix = Postfix.start(interop, postfixIdentity, dovecot.authSocket());
    }

    @Test(timeout = 90_000)
    public void authPlainThroughSluiceGetsTheMailQueuedAndDelivered() throws Exception {
        assertDelivered(sluice(Daemons.PASSWORD, null), "PLAIN", "through sluice with PLAIN");
    }

    @Test(timeout = 90_000)
    public void authLoginThroughSluiceGetsTheMailQueuedAndDelivered() throws Exception {
        assertDelivered(sluice(Daemons.PASSWORD, "login"), "LOGIN", "through sluice with LOGIN");
    }

    @Test(timeout = 90_000)
    public void withoutAuthPostfixRelaysNothing() throws Exception {
        Listener sluice = interop.sluiceClient(List.of(postfixIdentity.certificate()), "localhost", postfix.port(),
                observer, new SmtpNegotiator(), Map.of());
        Peer swaks = swaks(sluice.boundAddress().getPort(), "no auth");
        assertEquals("swaks exit code (24: RCPT refused); log:\n" + swaks.logText(), 24, swaks.awaitExit(WAIT));
        assertTrue(swaks.logText(), swaks.logText().contains("<** 554 5.7.1 <" + Postfix.RECIPIENT
                + ">: Recipient address rejected: Access denied"));
    }

    @Test(timeout = 90_000)
    public void wrongPasswordIsLoggedAndEndsTheClientConnection() throws Exception {
        Peer swaks = swaks(sluice("wrong", null), "never sent");
        int exit = swaks.awaitExit(WAIT);
        String said = swaks.logText();
        assertTrue("swaks saw Postfix's greeting, then the end; log:\n" + said,
                said.contains("<-  220 mail.example.org ESMTP Postfix")
                        && said.contains("*** Remote host closed connection unexpectedly."));
        assertEquals("swaks exit code (6: the connection ended at EHLO); log:\n" + said, 6, exit);
        assertSluiceLogsTheRefusedAuth();
        assertTrue("no line shows the password", log.lines("wrong").isEmpty());
        assertEquals("refused connections: " + observer, 1, observer.refused.get());
        Interop.await("Postfix logs the failed AUTH:\n" + postfix.logText(),
                () -> postfix.logText().contains("SASL PLAIN authentication failed"), Duration.ofSeconds(5));
        assertEquals("nothing delivered", List.of(), postfix.delivered());
    }

    @Test(timeout = 90_000)
    public void stunnelClientWithTheSameCredentialsDoesTheSame() throws Exception {
        int stunnelGood = Interop.freePort();
        int stunnelWrong = Interop.freePort();
        interop.stunnel("stunnel-smtp-client", stunnelGood, """
                [good]
                client = yes
                accept = 127.0.0.1:%1$d
                connect = 127.0.0.1:%3$d
                protocol = smtp
                protocolUsername = %4$s
                protocolPassword = %5$s
                protocolAuthentication = login
                CAfile = %6$s
                verifyChain = yes
                checkHost = localhost

                [wrong]
                client = yes
                accept = 127.0.0.1:%2$d
                connect = 127.0.0.1:%3$d
                protocol = smtp
                protocolUsername = %4$s
                protocolPassword = wrong
                CAfile = %6$s
                verifyChain = yes
                checkHost = localhost
                """.formatted(stunnelGood, stunnelWrong, postfix.port(), Daemons.USER, Daemons.PASSWORD,
                postfixIdentity.cert()));
        assertDelivered(stunnelGood, "LOGIN", "through stunnel with LOGIN");

        // Sluice first: Dovecot delays each further failure from the same address (auth penalty),
        // beyond the fixture's 5 s TIMEOUTbusy, not beyond stunnel's 300 s.
        Peer bySluice = swaks(sluice("wrong", null), "never sent");
        int sluiceExit = bySluice.awaitExit(WAIT);
        assertSluiceLogsTheRefusedAuth();
        Peer byStunnel = swaks(stunnelWrong, "never sent");
        assertEquals("swaks ends as through Sluice; through Sluice:\n" + bySluice.logText() + "\nthrough stunnel:\n"
                + byStunnel.logText(), sluiceExit, byStunnel.awaitExit(WAIT));
        assertEquals(lastLine(byStunnel.logText()), lastLine(bySluice.logText()));
        String stunnelLog = Interop.read(interop.dir().resolve("stunnel-smtp-client.stunnel.log"));
        assertTrue(stunnelLog, stunnelLog.contains("Service [wrong]") && stunnelLog.contains("PLAIN Authentication Failed"));
    }

    // ---- helpers ------------------------------------------------------------------------------------

    /** A Sluice client tunnel to Postfix as alice; {@code mechanism} null: the default (PLAIN). Returns its port. */
    private int sluice(String password, String mechanism) throws Exception {
        Map<String, String> options = new HashMap<>(Map.of("protocolUsername", Daemons.USER, "protocolPassword", password));
        if (mechanism != null) {
            options.put("protocolAuthentication", mechanism);
        }
        Listener sluice = interop.sluiceClient(List.of(postfixIdentity.certificate()), "localhost", postfix.port(),
                observer, new SmtpNegotiator(), options);
        return sluice.boundAddress().getPort();
    }

    /** swaks in plaintext to 127.0.0.1:port, a mail for alice with {@code body}; its output goes to its log. */
    private Peer swaks(int port, String body) throws Exception {
        return interop.start("swaks-" + port, List.of(Interop.binary("swaks"), "--server", "127.0.0.1", "--port",
                String.valueOf(port), "--helo", "client.example", "--from", "bob@example.com", "--to", Postfix.RECIPIENT,
                "--header", "Subject: sasl", "--body", body, "--timeout", "20"), false);
    }

    /** swaks through {@code port} gets a 250 queued; Postfix logs who authenticated how, and delivers the body. */
    private void assertDelivered(int port, String mechanism, String body) throws Exception {
        Peer swaks = swaks(port, body);
        assertEquals("swaks exit code; log:\n" + swaks.logText(), 0, swaks.awaitExit(WAIT));
        Matcher queued = QUEUED.matcher(swaks.logText());
        assertTrue("Postfix queued the mail; swaks log:\n" + swaks.logText(), queued.find());
        String id = queued.group(1);
        Interop.await("Postfix logs " + id + " from alice by " + mechanism + ":\n" + postfix.logText(),
                () -> postfix.logText().contains(id + ": client=localhost[127.0.0.1], sasl_method=" + mechanism
                        + ", sasl_username=" + Daemons.USER), Duration.ofSeconds(5));
        Interop.await("Postfix delivers " + id + " to the Maildir:\n" + postfix.logText(),
                () -> postfix.logText().contains(id + ": to=<" + Postfix.RECIPIENT + ">")
                        && postfix.logText().contains("status=sent (delivered to maildir)"), Duration.ofSeconds(10));
        assertTrue(postfix.delivered().toString(), postfix.delivered().stream().anyMatch(m -> m.contains(body)));
    }

    /** Sluice's line for the connection that Postfix refused the AUTH of, quoting Postfix's answer. */
    private void assertSluiceLogsTheRefusedAuth() throws Exception {
        String line = " protocol negotiation failed: java.io.IOException: smtp: expected 235 to AUTH PLAIN, the server "
                + "answered '535 5.7.8 Error: authentication failed: (reason unavailable)'";
        Interop.await("Sluice logs" + line + ":\n" + String.join("\n", log.lines("Service [interop-client] #")),
                () -> log.lines("Service [interop-client] #").stream().anyMatch(l -> l.endsWith(line)), Duration.ofSeconds(5));
    }

    private static String lastLine(String text) {
        List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }
}
