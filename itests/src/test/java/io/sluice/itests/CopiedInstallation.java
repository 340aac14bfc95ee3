package io.sluice.itests;

import static io.sluice.itests.StunnelLauncherIT.run;
import static org.junit.Assert.assertFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.UUID;
import org.junit.rules.ExternalResource;

/**
 * A private copy of the built installation (without its data) and a certificate for localhost, for
 * tests that run {@code bin/sluice FILE} processes: they write into the installation's data/. A
 * class rule: made before the class's tests, removed after them.
 */
final class CopiedInstallation extends ExternalResource {

    private final String subjectAltNames;
    private final Path root;

    /**
     * The directory is named now (so that a test class can keep its paths in constants), made and
     * filled before the class's tests.
     *
     * @param subjectAltNames the certificate's, e.g. {@code DNS:localhost,IP:127.0.0.1}
     */
    CopiedInstallation(String prefix, String subjectAltNames) {
        this.subjectAltNames = subjectAltNames;
        // Only named here: other tests load the class (its helpers) without running its rule.
        root = Path.of(System.getProperty("java.io.tmpdir"), prefix + "-" + UUID.randomUUID());
    }

    @Override
    protected void before() throws Throwable {
        Files.createDirectory(root);
        run("cp", "-a", Paths.get(System.getProperty("sluice.assembly")).toString(), home().toString());
        run("rm", "-rf", home().resolve("data").toString());
        run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", key().toString(), "-out", cert().toString(), "-days", "2", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=" + subjectAltNames);
    }

    /**
     * Removes the copy once its processes are gone: a JVM may still be ending (an inetd-mode one
     * after socat, writing the class data sharing archive at exit) after its connection or its test
     * ended, and it would write into data/ again after an rm.
     */
    @Override
    protected void after() {
        try {
            long deadline = System.currentTimeMillis() + 60_000;
            while (running() && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
            }
            Process rm = new ProcessBuilder("rm", "-rf", root.toString()).redirectErrorStream(true).start();
            String said = new String(rm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            rm.waitFor();
            assertFalse("rm -rf " + root + ": " + said, Files.exists(root));
        } catch (Exception e) {
            throw new AssertionError("cannot remove " + root, e);
        }
    }

    /** Any process whose command line names the copy (bin/sluice's JVMs carry -Dkaraf.home=...). */
    private boolean running() throws Exception {
        return new ProcessBuilder("pgrep", "-f", root.toString()).start().waitFor() == 0;
    }

    Path root() {
        return root;
    }

    Path home() {
        return root.resolve("sluice");
    }

    Path cert() {
        return root.resolve("cert.pem");
    }

    Path key() {
        return root.resolve("key.pem");
    }
}
