package io.sluice.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * bin/sluice of the unpacked distribution, run as an operator runs it: in the foreground, log on
 * standard output, demo tunnel up with a freshly generated certificate, clean exit on SIGTERM.
 */
public class SluiceScriptIT {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Path home;
    private Path stdout;
    private Process sluice;
    private String sshPort;

    @Before
    public void copyDistribution() throws Exception {
        home = tmp.getRoot().toPath().resolve("sluice");
        Path assembly = Paths.get(System.getProperty("sluice.assembly"));
        run("cp", "-a", assembly.toString(), home.toString());
        // A fresh installation: no certificate yet, no data; free ports so nothing else collides.
        run("rm", "-rf", home.resolve("data").toString(), home.resolve("etc/sluice.crt").toString(),
                home.resolve("etc/sluice.key").toString());
        setKey("etc/io.sluice.tunnel-demo.cfg", "accept", "127.0.0.1:" + KarafOptions.freePort());
        // The console's and JMX's ports, in their one place.
        sshPort = KarafOptions.freePort();
        setKey("etc/custom.system.properties", "sluice.ssh.port", sshPort);
        setKey("etc/custom.system.properties", "sluice.jmx.registry.port", KarafOptions.freePort());
        setKey("etc/custom.system.properties", "sluice.jmx.server.port", KarafOptions.freePort());
        stdout = tmp.getRoot().toPath().resolve("stdout.log");
    }

    @After
    public void stop() throws InterruptedException {
        if (sluice != null && sluice.isAlive()) {
            sluice.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    public void runsInTheForegroundServesTheDemoTunnelAndExitsCleanlyOnSigterm() throws Exception {
        sluice = new ProcessBuilder(home.resolve("bin/sluice").toString())
                .redirectErrorStream(true).redirectOutput(stdout.toFile()).start();
        String bound = awaitLog("Service [demo] (FD=", 60);
        int port = Integer.parseInt(bound.replaceAll(".*bound to 127\\.0\\.0\\.1:(\\d+).*", "$1"));
        assertTrue("a certificate was generated on first start", Files.exists(home.resolve("etc/sluice.crt")));
        assertTrue(log().contains("Generated self-signed certificate " + home.resolve("etc/sluice.crt")));

        try (Backend backend = new Backend("demo")) {
            // The demo tunnel's target is 127.0.0.1:8080; point a copy at our backend instead.
            Files.writeString(home.resolve("etc/io.sluice.tunnel-check.cfg"),
                    "accept = 127.0.0.1:0\nconnect = 127.0.0.1:" + backend.port() + "\n", StandardCharsets.UTF_8);
            String check = awaitLog("Service [check] (FD=", 30);
            int checkPort = Integer.parseInt(check.replaceAll(".*bound to 127\\.0\\.0\\.1:(\\d+).*", "$1"));
            try (Clients.Line line = Clients.tls(checkPort, home.resolve("etc/sluice.crt"))) {
                assertEquals("demo:through bin/sluice", line.ask("through bin/sluice"));
            }
        }
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            assertTrue("the demo tunnel accepts", socket.isConnected());
        }

        sluice.destroy(); // SIGTERM
        assertTrue("exits within 30 s of SIGTERM", sluice.waitFor(30, TimeUnit.SECONDS));
        assertEquals("exit status after SIGTERM", 0, sluice.exitValue());
        assertTrue("tunnels are closed on the way out:\n" + log(), log().contains("Service [demo] closed"));
    }

    /**
     * What an operator sees on the terminal at start: stunnel's handful of lines (the version, the
     * tunnel bound, Configuration successful), none of Karaf's INFO detail (that is in karaf.log).
     */
    @Test
    public void printsAShortSummaryAtStartAndKeepsKarafsDetailInItsLog() throws Exception {
        sluice = new ProcessBuilder(home.resolve("bin/sluice").toString())
                .redirectErrorStream(true).redirectOutput(stdout.toFile()).start();
        awaitLog("Configuration successful", 60);
        String all = log();
        // The lines up to the summary's last (connections or a reload may follow it).
        String[] start = all.substring(0, all.indexOf("Configuration successful")).split("\n");
        assertTrue("a handful of lines up to 'Configuration successful', not Karaf's ~200:\n" + all,
                start.length >= 3 && start.length <= 10);
        assertTrue(all, all.matches("(?s).*INFO  Sluice \\d+\\.\\d+\\.\\d+\\S* on Java .*"));
        assertTrue(all, all.contains("INFO  Service [demo] (FD="));
        assertTrue(all, start[start.length - 1].matches("\\d{4}\\.\\d\\d\\.\\d\\d \\d\\d:\\d\\d:\\d\\d INFO  "));
        for (String karaf : new String[] {"Bundles to install", "Registering commands", "MBean", "Adding features",
            "java.rmi.server.hostname"}) {
            assertFalse("no '" + karaf + "' on standard output:\n" + all, all.contains(karaf));
        }
        String karafLog = Files.readString(home.resolve("data/log/karaf.log"), StandardCharsets.UTF_8);
        assertTrue("Karaf's INFO is in data/log/karaf.log", karafLog.contains("Registering commands for bundle"));
        assertTrue("Sluice's lines too", karafLog.contains("Configuration successful"));
    }

    /**
     * The files of etc/ are the truth, whatever ConfigurationAdmin stored under data/: a file deleted
     * while Sluice runs stops its tunnel, and one deleted while Sluice is stopped does not come back
     * from data/ at the next start. That start also follows new JMX ports (as a second instance's
     * operator sets them) without Karaf's warning about java.rmi.server.hostname, which it logged
     * when JMX started first on the stored ports and then again on the new ones.
     */
    @Test
    public void tunnelFilesDeletedWhileRunningOrStoppedStayGoneAfterARestart() throws Exception {
        Path early = home.resolve("etc/io.sluice.tunnel-early.cfg");
        Path late = home.resolve("etc/io.sluice.tunnel-late.cfg");
        Files.writeString(early, "accept = 127.0.0.1:0\nconnect = 127.0.0.1:9\n", StandardCharsets.UTF_8);
        sluice = new ProcessBuilder(home.resolve("bin/sluice").toString())
                .redirectErrorStream(true).redirectOutput(stdout.toFile()).start();
        awaitLog("Configuration successful", 60);
        assertTrue(log(), log().contains("INFO  Service [early] (FD="));
        Files.writeString(late, "accept = 127.0.0.1:0\nconnect = 127.0.0.1:9\n", StandardCharsets.UTF_8);
        awaitLog("Service [late] (FD=", 30);
        Files.delete(late);
        awaitLog("Service [late] closed", 30);
        sluice.destroy();
        assertTrue("exits within 30 s of SIGTERM", sluice.waitFor(30, TimeUnit.SECONDS));

        Files.delete(early);
        String registryPort = KarafOptions.freePort();
        setKey("etc/custom.system.properties", "sluice.jmx.registry.port", registryPort);
        setKey("etc/custom.system.properties", "sluice.jmx.server.port", KarafOptions.freePort());
        stdout = tmp.getRoot().toPath().resolve("stdout-2.log");
        sluice = new ProcessBuilder(home.resolve("bin/sluice").toString())
                .redirectErrorStream(true).redirectOutput(stdout.toFile()).start();
        awaitLog("Configuration successful", 60);
        String restarted = log();
        assertTrue(restarted, restarted.contains("INFO  Service [early] removed: its file " + early + " was deleted"));
        assertFalse(restarted, restarted.contains("Service [early] (FD="));
        assertFalse(restarted, restarted.contains("Service [late]"));
        assertTrue(restarted, restarted.contains("INFO  Service [demo] (FD="));
        assertFalse("no RMI hostname warning:\n" + restarted, restarted.contains("java.rmi.server.hostname"));
        try (Socket jmx = new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(registryPort))) {
            assertTrue("JMX's registry is on the new port", jmx.isConnected());
        }
        try (java.util.stream.Stream<Path> stored = Files.walk(home.resolve("data/cache"))) {
            assertEquals("nothing stored for the deleted tunnels", List.of(), stored
                    .map(path -> path.getFileName().toString())
                    .filter(name -> name.matches("tunnel%007e(early|late)\\.config")).toList());
        }
    }

    /** A tunnel that cannot start is named on the terminal with the reason, and the summary says so. */
    @Test
    public void theSummaryNamesATunnelThatDoesNotStart() throws Exception {
        Files.writeString(home.resolve("etc/io.sluice.tunnel-broken.cfg"),
                "accept = 127.0.0.1:0\nconnect = 127.0.0.1:9\nfailover = sometimes\n", StandardCharsets.UTF_8);
        sluice = new ProcessBuilder(home.resolve("bin/sluice").toString())
                .redirectErrorStream(true).redirectOutput(stdout.toFile()).start();
        String summary = awaitLog("Configuration partly failed", 60);
        assertTrue(summary, summary.endsWith("WARN  Configuration partly failed: 1 of 2 service(s) running"));
        assertTrue(log(), log().contains("WARN  Service [broken] failed: "));
        assertTrue(log(), log().contains("failover = sometimes: expected one of prio, rr"));
    }

    /**
     * The console from a script: the README's user setup (a user of the shipped admingroup), then
     * bin/client with the command as argument and standard input not a terminal prints the table
     * and exits 0 (a failing command: 1). A second instance on the same ports refuses to start
     * with one line.
     */
    @Test
    public void theConsoleAnswersScriptsAndASecondInstanceOnTheSamePortsGetsOneLine() throws Exception {
        sluice = new ProcessBuilder(home.resolve("bin/sluice").toString())
                .redirectErrorStream(true).redirectOutput(stdout.toFile()).start();
        awaitLog("Configuration successful", 60);
        Files.writeString(home.resolve("etc/users.properties"), "operator = a-long-test-password,_g_:admingroup\n",
                StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);

        String[] list = client("tunnel:list");
        assertEquals(list[1], "0", list[0]);
        assertTrue(list[1], list[1].matches("(?s)Name +\\| Mode .*\\ndemo +\\| server .*\\| running .*"));
        assertFalse(list[1], list[1].contains("Closed"));
        String[] missing = client("tunnel:info nosuch");
        assertEquals(missing[1], "1", missing[0]);
        assertTrue(missing[1], missing[1].contains("no tunnel named 'nosuch'"));
        String[] status = client("tunnel:status");
        assertEquals(status[1], "0", status[0]);
        assertEquals("ok: 1 tunnel(s) running\n", status[1]);
        Files.writeString(home.resolve("etc/io.sluice.tunnel-broken.cfg"),
                "accept = 127.0.0.1:0\nconnect = 127.0.0.1:9\nfailover = sometimes\n", StandardCharsets.UTF_8);
        awaitLog("Service [broken]", 30);
        String[] down = client("tunnel:status");
        for (int tries = 0; tries < 20 && "0".equals(down[0]); tries++) { // the file is read within a second
            Thread.sleep(500);
            down = client("tunnel:status");
        }
        assertEquals(down[1], "1", down[0]);
        assertTrue(down[1], down[1].contains("not running: broken failed ("));

        Path second = tmp.getRoot().toPath().resolve("second");
        run("cp", "-a", home.toString(), second.toString());
        run("rm", "-rf", second.resolve("data").toString());
        Process again = new ProcessBuilder(second.resolve("bin/sluice").toString())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).redirectErrorStream(true).start();
        assertTrue("the second instance gives up at once", again.waitFor(30, TimeUnit.SECONDS));
        String output = new String(again.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(output, 1, again.exitValue());
        assertEquals("[!] SSH console port 127.0.0.1:" + sshPort + " is in use (sluice.ssh.port in"
                + " etc/custom.system.properties); another Sluice or Karaf on this host? Give this instance ports"
                + " of its own there\n", output);
        assertTrue("the first instance still runs", sluice.isAlive());
    }

    /** bin/client -u operator COMMAND with /dev/null as standard input: {exit status, output}. */
    private String[] client(String command) throws Exception {
        Process client = new ProcessBuilder(home.resolve("bin/client").toString(), "-u", "operator",
                "-p", "a-long-test-password", "-r", "5", command)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).redirectErrorStream(true).start();
        assertTrue(command + " answers", client.waitFor(60, TimeUnit.SECONDS));
        String output = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                .replaceAll("\u001b\\[[0-9;]*m", "");
        return new String[] {String.valueOf(client.exitValue()), output};
    }

    @Test
    public void refusesArgumentsItDoesNotKnow() throws Exception {
        Process process = new ProcessBuilder(home.resolve("bin/sluice").toString(), "--bogus")
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(10, TimeUnit.SECONDS));
        assertEquals(2, process.exitValue());
        assertEquals("[!] Invalid option --bogus (try: sluice -help)\n", output);
    }

    private String awaitLog(String marker, int seconds) throws Exception {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        while (System.currentTimeMillis() < deadline) {
            for (String line : log().split("\n")) {
                if (line.contains(marker)) {
                    return line;
                }
            }
            if (!sluice.isAlive()) {
                fail("bin/sluice exited with " + sluice.exitValue() + ":\n" + log());
            }
            Thread.sleep(100);
        }
        fail("no '" + marker + "' on standard output within " + seconds + " s:\n" + log());
        return null;
    }

    private String log() throws IOException {
        return Files.exists(stdout) ? Files.readString(stdout, StandardCharsets.UTF_8) : "";
    }

    private void setKey(String file, String key, String value) throws IOException {
        Path path = home.resolve(file);
        String content = Files.readString(path, StandardCharsets.UTF_8);
        String replaced = content.replaceAll("(?m)^" + key + "\\s*=.*$", key + " = " + value);
        assertTrue(key + " set in " + file, !replaced.equals(content) || content.contains(key + " = " + value));
        Files.writeString(path, replaced, StandardCharsets.UTF_8);
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).inheritIO().start();
        assertEquals(String.join(" ", command), 0, process.waitFor());
    }
}
