package io.sluice.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Each key exchange group a TLS peer may settle on, through {@code bin/sluice FILE} of the
 * distribution, where Bouncy Castle makes Sluice's key shares and agreements
 * (etc/io.sluice.jca.bc.cfg): openssl s_client offering one group at a time to a server section,
 * and client sections reaching openssl s_server that accepts one group each. SunJSSE sends shares
 * for X25519 and P-256 only, so for the others the server asks again (HelloRetryRequest).
 */
public class KeyExchangeGroupsIT {

    private static final String[] GROUPS = {"X25519", "P-256", "P-384", "P-521", "X448"};

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @ClassRule
    public static final CopiedInstallation installation = new CopiedInstallation("sluice-groups-it", "DNS:localhost,IP:127.0.0.1");

    @Test
    public void aServerSectionAgreesOnEveryGroupOpensslOffersOneAtATime() throws Exception {
        try (Backend backend = new Backend("kx")) {
            Path conf = StunnelLauncherIT.write(tmp.getRoot().toPath().resolve("server.conf"), "foreground = yes", "debug = info",
                    "[in]", "accept = 127.0.0.1:0", "connect = 127.0.0.1:" + backend.port(),
                    "cert = " + installation.cert(), "key = " + installation.key(),
                    // SunJSSE with the distribution's Bouncy Castle arithmetic; BoringSSL (the default) has no X448.
                    "tlsProvider = jsse");
            try (SluiceProcess sluice = SluiceProcess.start(installation.home(), tmp.getRoot().toPath().resolve("server.log"),
                    conf.toString())) {
                int port = sluice.boundPort("in");
                for (String group : GROUPS) {
                    assertEquals("TLS 1.3 over " + group, "kx:" + group,
                            Clients.opensslLine(port, installation.cert(), group, "-groups", group));
                }
                assertEquals("TLS 1.2 over P-256", "kx:1.2", Clients.opensslLine(port, installation.cert(), "1.2",
                        "-tls1_2", "-groups", "P-256"));
                sluice.awaitLine("LOG5\\[ui\\]: TLS handshake crypto by Bouncy Castle", 5); // with the distribution's file
            }
        }
    }

    @Test
    public void aBcServerSectionWithCurvesSecp384r1KeysOverItWhereOpensslWouldPickX25519() throws Exception {
        // A P-384 certificate: BCJSSE signs with ECDSA only over curves among the section's groups.
        Path cert = tmp.getRoot().toPath().resolve("p384.crt");
        Path key = tmp.getRoot().toPath().resolve("p384.key");
        StunnelLauncherIT.run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-384", "-nodes",
                "-keyout", key.toString(), "-out", cert.toString(), "-days", "2", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1");
        try (Backend backend = new Backend("kx")) {
            Path conf = StunnelLauncherIT.write(tmp.getRoot().toPath().resolve("curves.conf"), "foreground = yes",
                    "debug = info", "[in]", "accept = 127.0.0.1:0", "connect = 127.0.0.1:" + backend.port(),
                    "cert = " + cert, "key = " + key, "curves = secp384r1", "tlsProvider = bc");
            try (SluiceProcess sluice = SluiceProcess.start(installation.home(), tmp.getRoot().toPath().resolve("curves.log"),
                    conf.toString())) {
                String said = sClientSays(sluice.boundPort("in"), cert, "over P-384", "-groups", "X25519:secp384r1");
                assertTrue("the line went through; s_client said:\n" + said, said.contains("\nkx:over P-384\n"));
                assertTrue("P-384, not s_client's first choice X25519; s_client said:\n" + said,
                        said.contains("Server Temp Key: ECDH, secp384r1, 384 bits\n"));
            }
        }
    }

    /** openssl s_client's whole output (not -quiet: it prints the key exchange) up to the backend's answer to line. */
    private static String sClientSays(int port, Path caFile, String line, String... extra) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port,
                "-CAfile", caFile.toString(), "-verify_return_error", "-servername", "localhost"));
        command.addAll(List.of(extra));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        StringBuilder said = new StringBuilder();
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            for (String read = Clients.readLineWithin(out, 15); read != null; read = Clients.readLineWithin(out, 15)) {
                said.append(read).append('\n');
                if (read.endsWith(":" + line)) {
                    break;
                }
            }
        } catch (java.util.concurrent.TimeoutException e) {
            said.append("(nothing more within 15 seconds)\n");
        } finally {
            process.destroy();
            process.waitFor(5, TimeUnit.SECONDS);
        }
        return said.toString();
    }

    @Test
    public void clientSectionsAgreeWithServersThatAcceptOneGroupEach() throws Exception {
        List<Process> servers = new ArrayList<>();
        List<String> lines = new ArrayList<>(List.of("foreground = yes", "debug = info", "CAfile = " + installation.cert(),
                "verifyChain = yes", "checkHost = localhost"));
        try {
            for (String group : GROUPS) {
                String port = KarafOptions.freePort();
                servers.add(new ProcessBuilder("openssl", "s_server", "-accept", "127.0.0.1:" + port,
                        "-cert", installation.cert().toString(), "-key", installation.key().toString(),
                        "-groups", group, "-rev", "-quiet").redirectErrorStream(true)
                        .redirectOutput(tmp.getRoot().toPath().resolve("s_server-" + group + ".log").toFile()).start());
                lines.addAll(List.of("[to-" + group + "]", "client = yes", "tlsProvider = jsse", "accept = 127.0.0.1:0",
                        "connect = 127.0.0.1:" + port));
            }
            Path conf = StunnelLauncherIT.write(tmp.getRoot().toPath().resolve("client.conf"), lines.toArray(new String[0]));
            try (SluiceProcess sluice = SluiceProcess.start(installation.home(), tmp.getRoot().toPath().resolve("client.log"),
                    conf.toString())) {
                for (String group : GROUPS) {
                    try (Clients.Line line = Clients.plain(sluice.boundPort("to-" + group))) {
                        assertEquals("s_server -groups " + group + " answers; log:\n" + sluice.log(),
                                new StringBuilder(group).reverse().toString(), line.ask(group));
                    }
                }
            }
        } finally {
            for (Process server : servers) {
                server.destroy();
                server.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
