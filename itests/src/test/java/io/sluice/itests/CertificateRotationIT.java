package io.sluice.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.sluice.api.TunnelAdmin;
import io.sluice.api.TunnelState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
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
 * In the distribution: a tunnel's cert and key files replaced by openssl-made ones while a
 * connection is open; new connections are shown the new certificate, the open one carries on.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CertificateRotationIT {

    @Inject
    private TunnelAdmin admin;

    @Configuration
    public Option[] config() {
        return KarafOptions.distribution(KarafOptions.sluiceDistribution(), "Sluice").toArray(new Option[0]);
    }

    /** A self-signed EC certificate for localhost with common name {@code cn}, by openssl, as NAME.crt and NAME.key. */
    private static Path openssl(String name, String cn) throws Exception {
        Path cert = Tunnels.etc().resolve(name + ".crt");
        Process process = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec",
                "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "200", "-subj", "/CN=" + cn,
                "-addext", "subjectAltName=DNS:localhost", "-keyout", Tunnels.etc().resolve(name + ".key").toString(),
                "-out", cert.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue("openssl req did not finish", process.waitFor(30, TimeUnit.SECONDS));
        assertEquals("openssl req: " + output, 0, process.exitValue());
        return cert;
    }

    /** Replaces a file in one step, as certbot's and Kubernetes' renames do. */
    private static void replace(Path from, Path to) throws Exception {
        Path temporary = to.resolveSibling("." + to.getFileName() + ".tmp");
        Files.copy(from, temporary, StandardCopyOption.REPLACE_EXISTING);
        Files.move(temporary, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    public void newConnectionsAreShownTheNewCertificateAndAnOpenOneCarriesOn() throws Exception {
        Path first = openssl("rotation-first", "first.localhost");
        Path second = openssl("rotation-second", "second.localhost");
        Path cert = Tunnels.etc().resolve("rotation.crt");
        Path key = Tunnels.etc().resolve("rotation.key");
        replace(first, cert);
        replace(Tunnels.etc().resolve("rotation-first.key"), key);
        try (Backend backend = new Backend("R")) {
            Tunnels.write("rotation", "accept = 127.0.0.1:0", "connect = 127.0.0.1:" + backend.port(),
                    "cert = rotation.crt", "key = rotation.key");
            int port = Tunnels.port(new Tunnels(admin).awaitState("rotation", TunnelState.RUNNING));
            try (Clients.Line open = Clients.tls(port, first)) {
                assertEquals("R:before", open.ask("before"));

                replace(second, cert);
                replace(Tunnels.etc().resolve("rotation-second.key"), key);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (true) {
                    // Trusting only the second certificate: the handshake fails while the first is served.
                    try (Clients.Line fresh = Clients.tls(port, second)) {
                        assertEquals("R:after", fresh.ask("after"));
                        break;
                    } catch (javax.net.ssl.SSLException stillFirst) {
                        if (System.nanoTime() > deadline) {
                            fail("new connections still get the first certificate after 20 s: " + stillFirst);
                        }
                        Thread.sleep(200);
                    }
                }
                assertEquals("the connection opened before carries on", "R:still here", open.ask("still here"));
            }
            String subject = admin.find("rotation").orElseThrow().certificate().getSubjectX500Principal().getName();
            assertEquals("tunnel:info shows the certificate in force", "CN=second.localhost", subject);
        } finally {
            Tunnels.delete("rotation");
            for (String file : List.of("rotation", "rotation-first", "rotation-second")) {
                Files.deleteIfExists(Tunnels.etc().resolve(file + ".crt"));
                Files.deleteIfExists(Tunnels.etc().resolve(file + ".key"));
            }
        }
    }
}
