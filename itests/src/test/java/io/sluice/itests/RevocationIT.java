package io.sluice.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.sluice.api.TunnelAdmin;
import io.sluice.api.TunnelState;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * A tunnel file with CRLpath in a running Sluice: a CA, client certificates and a CRL made by the openssl CLI
 * ({@code openssl ca -revoke}, {@code -gencrl}, stored under its hash name); openssl s_client with the revoked
 * certificate is refused and tunnel:info's reasons say why, the good one gets through.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RevocationIT {

    @Inject
    private TunnelAdmin admin;

    @Configuration
    public Option[] config() {
        return KarafOptions.distribution(KarafOptions.sluiceDistribution(), "Sluice").toArray(new Option[0]);
    }

    private static String run(Path dir, String... command) throws Exception {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(String.join(" ", command) + " did not finish", process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(String.join(" ", command) + ": " + output, 0, process.exitValue());
        return output.trim();
    }

    /** In etc/NAME: ca.pem, good.pem/key, revoked.pem/key, and crl.d/HASH.r0 holding the CA's CRL naming "revoked". */
    private static Path pki(String name) throws Exception {
        Path dir = Tunnels.etc().resolve(name);
        Files.createDirectories(dir.resolve("crl.d"));
        Files.writeString(dir.resolve("ca.cnf"), "[ca]\ndefault_ca = CA_default\n[CA_default]\ndatabase = index.txt\n"
                + "crlnumber = crlnumber\ndefault_md = sha256\ndefault_crl_days = 1\n");
        Files.writeString(dir.resolve("index.txt"), "");
        Files.writeString(dir.resolve("crlnumber"), "01\n");
        run(dir, "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "ca.key", "-out", "ca.pem", "-subj", "/CN=Revocation IT CA", "-days", "2");
        for (String client : List.of("good", "revoked")) {
            run(dir, "openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-keyout", client + ".key", "-out", client + ".csr", "-subj", "/CN=" + client);
            run(dir, "openssl", "x509", "-req", "-in", client + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                    "-CAcreateserial", "-out", client + ".pem", "-days", "1");
        }
        run(dir, "openssl", "ca", "-config", "ca.cnf", "-keyfile", "ca.key", "-cert", "ca.pem", "-revoke", "revoked.pem");
        run(dir, "openssl", "ca", "-config", "ca.cnf", "-keyfile", "ca.key", "-cert", "ca.pem", "-gencrl",
                "-out", "crl.pem");
        String hash = run(dir, "openssl", "crl", "-in", "crl.pem", "-hash", "-noout");
        Files.move(dir.resolve("crl.pem"), dir.resolve("crl.d").resolve(hash + ".r0"));
        return dir;
    }

    /** s_client with a client certificate, one line sent, stdin left open; what came back (null: nothing). */
    private static String sClient(int port, Path dir, String name) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port,
                "-CAfile", Tunnels.etc().resolve("sluice.crt").toString(), "-servername", "localhost",
                "-cert", dir.resolve(name + ".pem").toString(), "-key", dir.resolve(name + ".key").toString(), "-quiet"));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(("hello from " + name + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
            // A refused s_client reads Sluice's alert and exits: end of output, no line.
            return Clients.readLineWithin(new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)), 15);
        } finally {
            process.destroy();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    public void revokedClientIsRefusedWithItsReasonInTunnelInfo() throws Exception {
        Tunnels tunnels = new Tunnels(admin);
        Path dir = pki("crl-it");
        try (Backend backend = new Backend("R")) {
            Tunnels.write("crl", "accept = 127.0.0.1:0", "connect = 127.0.0.1:" + backend.port(),
                    "CAfile = crl-it/ca.pem", "verifyChain = yes", "CRLpath = crl-it/crl.d");
            int port = Tunnels.port(tunnels.awaitState("crl", TunnelState.RUNNING));

            assertEquals("R:hello from good", sClient(port, dir, "good"));
            assertEquals(null, sClient(port, dir, "revoked"));

            tunnels.await("crl", s -> s.counters().handshakeFailures() == 1, "one handshake failure");
            Map<String, Long> reasons = admin.find("crl").orElseThrow().handshakeFailuresByReason();
            assertEquals(reasons.toString(), 1, reasons.size());
            String reason = reasons.keySet().iterator().next();
            assertTrue(reason, reason.startsWith("certificate CN=revoked (serial ")
                    && reason.contains(") is revoked (CRL of CN=Revocation IT CA, since "));
        } finally {
            Tunnels.delete("crl");
        }
    }

    /** A leaf for localhost signed by ca.pem: NAME.pem (leaf, then the CA) and NAME.key; returns its serial in hex. */
    private static String serverCertificate(Path dir, String name) throws Exception {
        Files.writeString(dir.resolve("san.ext"), "subjectAltName = DNS:localhost\n");
        run(dir, "openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", name + ".key", "-out", name + ".csr", "-subj", "/CN=" + name);
        run(dir, "openssl", "x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                "-CAcreateserial", "-out", name + ".leaf", "-days", "1", "-extfile", "san.ext");
        Files.writeString(dir.resolve(name + ".pem"), Files.readString(dir.resolve(name + ".leaf"))
                + Files.readString(dir.resolve("ca.pem")));
        return run(dir, "openssl", "x509", "-in", name + ".leaf", "-noout", "-serial").replace("serial=", "");
    }

    @Test
    public void clientTunnelAsksAnOcspResponderAndRefusesTheRevokedServer() throws Exception {
        Tunnels tunnels = new Tunnels(admin);
        Path dir = pki("ocsp-it");
        String good = serverCertificate(dir, "srv-good");
        String revoked = serverCertificate(dir, "srv-revoked");
        // openssl ocsp's index: V(alid) and R(evoked) lines, expiry and revocation time as YYMMDDHHMMSSZ.
        Files.writeString(dir.resolve("ocsp-index.txt"), "V\t301231000000Z\t\t" + good + "\tunknown\t/CN=srv-good\n"
                + "R\t301231000000Z\t200101000000Z\t" + revoked + "\tunknown\t/CN=srv-revoked\n");
        Process responder = new ProcessBuilder("openssl", "ocsp", "-index", "ocsp-index.txt", "-port", "0",
                "-rsigner", "ca.pem", "-rkey", "ca.key", "-CA", "ca.pem", "-ndays", "1")
                .directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (Backend backend = new Backend("O")) {
            String accept = new BufferedReader(new InputStreamReader(responder.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(":(\\d+) PID=").matcher(String.valueOf(accept));
            assertTrue("openssl ocsp started: " + accept, m.find());
            String url = "http://127.0.0.1:" + m.group(1) + "/";
            for (String name : List.of("srv-good", "srv-revoked")) {
                Tunnels.write(name, "accept = 127.0.0.1:0", "connect = 127.0.0.1:" + backend.port(),
                        "cert = ocsp-it/" + name + ".pem", "key = ocsp-it/" + name + ".key");
                int serverPort = Tunnels.port(tunnels.awaitState(name, TunnelState.RUNNING));
                Tunnels.write("to-" + name, "client = yes", "accept = 127.0.0.1:0", "connect = localhost:" + serverPort,
                        "CAfile = ocsp-it/ca.pem", "OCSP = " + url);
            }
            int toGood = Tunnels.port(tunnels.awaitState("to-srv-good", TunnelState.RUNNING));
            int toRevoked = Tunnels.port(tunnels.awaitState("to-srv-revoked", TunnelState.RUNNING));
            try (Clients.Line plain = Clients.plain(toGood)) {
                assertEquals("O:asked the responder", plain.ask("asked the responder"));
            }
            try (Clients.Line plain = Clients.plain(toRevoked)) {
                assertEquals("a revoked server gets no data", null, plain.ask("secret"));
            }
            tunnels.await("to-srv-revoked", s -> s.counters().handshakeFailures() == 1, "one handshake failure");
            String reason = admin.find("to-srv-revoked").orElseThrow().handshakeFailuresByReason().keySet()
                    .iterator().next();
            assertTrue(reason, reason.startsWith("certificate CN=srv-revoked (serial ")
                    && reason.contains(") is revoked (OCSP responder " + url + ", since 2020-01-01T00:00:00Z)"));
        } finally {
            responder.destroy();
            for (String name : List.of("srv-good", "srv-revoked", "to-srv-good", "to-srv-revoked")) {
                Tunnels.delete(name);
            }
        }
    }
}
