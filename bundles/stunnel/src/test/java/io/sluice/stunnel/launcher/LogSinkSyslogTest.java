package io.sluice.stunnel.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * stunnel's syslog: lines reach a syslog socket through logger(1) with stunnel's ident, the
 * process's pid, the facility of {@code debug} and each line's own level. socat stands in for the
 * syslog daemon on a socket of the test's own (containers often have no /dev/log).
 */
public class LogSinkSyslogTest {

    @Rule
    public final TemporaryFolder dir = new TemporaryFolder();

    private Process receiver;

    @After
    public void stopReceiver() {
        if (receiver != null) {
            receiver.destroyForcibly();
        }
    }

    @Test(timeout = 30_000)
    public void linesReachSyslogWithIdentPidFacilityAndTheirLevel() throws Exception {
        assertTrue("socat is not installed (Debian package socat; .ci/run installs it)", LogSink.onPath("socat"));
        assertTrue("logger is not installed (Debian package bsdutils; .ci/run installs it)", LogSink.onPath("logger"));
        Path socket = dir.getRoot().toPath().resolve("log.sock");
        receiver = new ProcessBuilder("socat", "-u", "UNIX-RECV:" + socket, "STDOUT").start();
        while (!Files.exists(socket)) {
            Thread.sleep(20);
        }
        assertTrue(LogSink.syslogAvailable(socket));

        LogSink sink = LogSink.syslog(socket, "tunnels", "local3");
        long now = System.currentTimeMillis();
        sink.write(new StunnelLogLine(5, "main", "Configuration successful"), now);
        sink.write(new StunnelLogLine(3, "7", "Service [smtps] SSL_accept: wrong version number"), now);
        sink.close();

        String pid = String.valueOf(ProcessHandle.current().pid());
        List<String> messages = receive(receiver.getInputStream(), 2);
        // RFC 3164 as logger sends it locally: <PRI>TIMESTAMP IDENT[PID]: MESSAGE; local3 is 19.
        assertMessage(messages.get(0), 19 * 8 + 5, "tunnels[" + pid + "]: LOG5[main]: Configuration successful");
        assertMessage(messages.get(1), 19 * 8 + 3,
                "tunnels[" + pid + "]: LOG3[7]: Service [smtps] SSL_accept: wrong version number");
    }

    @Test
    public void anUnknownFacilityIsRefused() {
        try {
            LogSink.syslog(dir.getRoot().toPath().resolve("none"), "stunnel", "local9x");
            throw new AssertionError("accepted");
        } catch (IOException e) {
            // refused before anything was started
        }
    }

    @Test
    public void noSocketMeansNoSyslog() {
        assertEquals(false, LogSink.syslogAvailable(dir.getRoot().toPath().resolve("missing.sock")));
    }

    private static void assertMessage(String message, int priority, String rest) {
        assertTrue(message, message.startsWith("<" + priority + ">"));
        assertTrue(message, message.endsWith(rest));
    }

    /** Datagrams arrive back to back on socat's output: each starts with its <PRI>. */
    private static List<String> receive(InputStream in, int count) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        while (true) {
            List<String> messages = Stream.of(Pattern.compile("(?=<\\d{1,3}>)")
                    .split(all.toString(StandardCharsets.UTF_8))).filter(m -> !m.isEmpty()).toList();
            if (messages.size() >= count && messages.get(count - 1).contains("LOG3")) {
                return messages;
            }
            int n = in.read(buffer);
            if (n < 0) {
                throw new IOException("socat ended after: " + all);
            }
            all.write(buffer, 0, n);
        }
    }
}
