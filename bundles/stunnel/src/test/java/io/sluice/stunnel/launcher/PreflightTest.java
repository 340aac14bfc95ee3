package io.sluice.stunnel.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class PreflightTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private Path home;

    @Before
    public void installation() throws IOException {
        home = tmp.newFolder("home").toPath();
        InstanceDirectoryTest.fakeEtc(home.resolve("etc"));
        Files.createDirectories(home.resolve("system/io/sluice/io.sluice.stunnel/1.2.3"));
    }

    @Test
    public void aBrokenFileEndsWithStunnelsMessagesAndStatus1() throws IOException {
        Path conf = write("bad.conf", "[a]\naccept = 1\n");
        assertEquals(1, run(conf.toString()));
        assertEquals("[!] Service [a]: " + conf + ":1: \"[a]\": Each service must define two endpoints\n"
                + "[!] Service [a]: " + conf + ":1: \"[a]\": TLS server needs a certificate\n"
                + "[!] Configuration failed\n", err());
        assertEquals("", out.toString(StandardCharsets.UTF_8));
        assertTrue("nothing prepared", !Files.exists(home.resolve("data")));
    }

    @Test
    public void aMissingFileIsNamed() {
        assertEquals(1, run("/nonexistent/stunnel.conf"));
        assertEquals("[!] Invalid configuration file name \"/nonexistent/stunnel.conf\"\n[!] Configuration failed\n", err());
    }

    @Test
    public void setuidToAnotherUserIsRefusedWithWhatToDoInstead() throws IOException {
        Path conf = write("uid.conf", "setuid = nobody-else\n[a]\nclient = yes\naccept = 1\nconnect = 2\n");
        assertEquals(1, run(conf.toString()));
        assertTrue(err(), err().startsWith("[!] setuid = nobody-else: Sluice cannot change its user after start (a JVM"
                + " cannot drop privileges after binding); run bin/sluice as nobody-else from the start:"
                + " lib/systemd/sluice@.service (User=, Group=, AmbientCapabilities=CAP_NET_BIND_SERVICE"));
        assertTrue(err(), err().endsWith("[!] Configuration failed\n"));
    }

    @Test
    public void aGoodFilePreparesTheInstanceAndTellsTheScript() throws IOException {
        Path conf = write("good.conf", "foreground = yes\n[a]\nclient = yes\naccept = 127.0.0.1:1\nconnect = 2\n");
        assertEquals(err(), 0, run(conf.toString()));
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(7, lines.length);
        assertTrue(lines[0], lines[0].matches("SLUICE_INSTANCE='.*/data/stunnel/[^/']+'"));
        assertEquals("SLUICE_FOREGROUND=yes", lines[1]);
        assertEquals("SLUICE_INETD=no", lines[2]);
        // Karaf's class path without bin/karaf; no installation jars in this test's home.
        assertEquals("SLUICE_CLASSPATH=''", lines[3]);
        assertTrue(lines[4], lines[4].matches("SLUICE_CDS='-Xshare:auto .* -XX:ArchiveClassesAtExit=.*/data/stunnel/cds/"
                + "karaf-[0-9]+-[0-9a-f]{16}\\.jsa\\.dump-[0-9]+-[0-9]+'"));
        // This test's JVM is the one the script would start Karaf with.
        assertEquals(Runtime.version().feature() >= 24 ? "SLUICE_JVM_OPTS='--sun-misc-unsafe-memory-access=allow'"
                : "SLUICE_JVM_OPTS=''", lines[5]);
        // A client section of the default provider: openssl where the distribution has its library.
        boolean nativeTls = System.getProperty("os.name").equals("Linux")
                && List.of("amd64", "x86_64").contains(System.getProperty("os.arch"));
        assertEquals("SLUICE_JIT_AUTO=" + (nativeTls ? "quick" : "full"), lines[6]);
        Path instance = Path.of(lines[0].substring("SLUICE_INSTANCE='".length(), lines[0].length() - 1));
        assertTrue(Files.readString(instance.resolve("etc/io.sluice.stunnel.launcher.cfg")).contains("file = " + conf));
    }

    @Test
    public void inTheBackgroundWithoutOutputTheLogGoesToSyslogOrWhereSyslogCannotBeReachedToAFileItNames()
            throws IOException {
        Path conf = write("bg.conf", "debug = local3.info\nservice = tunnels\n"
                + "[a]\nclient = yes\naccept = 127.0.0.1:1\nconnect = 2\n");
        assertEquals(err(), 0, run(conf.toString()));
        // Which one depends on the machine: containers often have no /dev/log.
        if (LogSink.syslogAvailable(InstanceDirectory.SYSLOG_SOCKET)) {
            assertEquals("[.] Logging to syslog (local3, ident tunnels)\n", err());
        } else {
            assertTrue(err(), err().matches("\\[\\.\\] Logging to .*/stunnel\\.log \\(syslog unreachable: no /dev/log"
                    + " or no logger; set output to choose the file\\)\n"));
        }
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("SLUICE_FOREGROUND=no"));
    }

    @Test
    public void syslogNoInTheBackgroundLogsToAFileWithoutExcuses() throws IOException {
        Path conf = write("nosyslog.conf", "syslog = no\n[a]\nclient = yes\naccept = 127.0.0.1:1\nconnect = 2\n");
        assertEquals(err(), 0, run(conf.toString()));
        assertTrue(err(), err().matches("\\[\\.\\] Logging to .*/stunnel\\.log\n"));
    }

    @Test
    public void anInetdFileSaysNothingOnStandardErrorWhichMayBeTheSocket() throws IOException {
        Path conf = write("inetd.conf", "debug = info\nclient = yes\nconnect = 127.0.0.1:2\n");
        assertEquals(err(), 0, run(conf.toString()));
        assertEquals("", err());
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals("SLUICE_FOREGROUND=no", lines[1]);
        assertEquals("SLUICE_INETD=yes", lines[2]);
        Path instance = Path.of(lines[0].substring("SLUICE_INSTANCE='".length(), lines[0].length() - 1));
        String launcher = Files.readString(instance.resolve("etc/io.sluice.stunnel.launcher.cfg"));
        assertTrue(launcher, launcher.contains("inetd = true\n"));
        assertTrue("the directory is claimed for bin/sluice's pid", Files.readString(instance.resolve("owner.pid"))
                .equals(ProcessHandle.current().pid() + "\n"));
    }

    @Test
    public void aBrokenInetdFileGivesStunnelsWordsOnStandardErrorAndNothingOnStandardOutput() throws IOException {
        Path conf = write("inetd-bad.conf", "client = yes\naccept = 8443\nconnect = 2\n");
        assertEquals(1, run(conf.toString()));
        assertEquals("[!] Inetd mode: " + conf + ":2: \"accept = 8443\": 'accept' option is only allowed in a [section]\n"
                + "[!] Configuration failed\n", err());
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    public void versionAndHelpGoToStandardErrorWithStatus0() {
        assertEquals(0, run("-version"));
        assertTrue(err(), err().startsWith("Sluice 1.2.3 on Java " + Runtime.version()));
        assertTrue(err(), err().contains("TLS providers: jsse (SunJSSE"));
        err.reset();
        assertEquals(0, run("-help"));
        assertTrue(err(), err().contains("sluice [<filename>]"));
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    public void unknownOptionsAndExtraArgumentsAreUsageErrors() {
        assertEquals(2, run("--bogus"));
        assertEquals("[!] Invalid option --bogus (try: sluice -help)\n", err());
        err.reset();
        assertEquals(2, run("a.conf", "b.conf"));
        assertTrue(err(), err().startsWith("[!] Usage: sluice [FILE | -fd N | -version | -help]"));
    }

    private int run(String... args) {
        return new Preflight(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true,
                StandardCharsets.UTF_8), home, home.resolve("etc"), ProcessHandle.current().pid()).run(args);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private Path write(String name, String content) throws IOException {
        Path file = tmp.getRoot().toPath().resolve(name);
        Files.writeString(file, content);
        return file;
    }
}
