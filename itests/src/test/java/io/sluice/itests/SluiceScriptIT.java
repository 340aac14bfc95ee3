package io.sluice.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
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

    @Before
    public void copyDistribution() throws Exception {
        home = tmp.getRoot().toPath().resolve("sluice");
        Path assembly = Paths.get(System.getProperty("sluice.assembly"));
        run("cp", "-a", assembly.toString(), home.toString());
        // A fresh installation: no certificate yet, no data; free ports so nothing else collides.
        run("rm", "-rf", home.resolve("data").toString(), home.resolve("etc/sluice.crt").toString(),
                home.resolve("etc/sluice.key").toString());
        setKey("etc/io.sluice.tunnel-demo.cfg", "accept", "127.0.0.1:" + KarafOptions.freePort());
        setKey("etc/org.apache.karaf.shell.cfg", "sshPort", KarafOptions.freePort());
        setKey("etc/org.apache.karaf.management.cfg", "rmiRegistryPort", KarafOptions.freePort());
        setKey("etc/org.apache.karaf.management.cfg", "rmiServerPort", KarafOptions.freePort());
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
