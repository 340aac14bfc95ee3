package io.sluice.itests;

import static io.sluice.itests.StunnelLauncherIT.run;
import static org.junit.Assert.assertFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * A private copy of the built installation (without its data) and a certificate for localhost, for
 * tests that run {@code bin/sluice FILE} processes: they write into the installation's data/.
 */
record CopiedInstallation(Path root, Path home, Path cert, Path key) {

    /** @param subjectAltNames the certificate's, e.g. {@code DNS:localhost,IP:127.0.0.1} */
    static CopiedInstallation create(String prefix, String subjectAltNames) throws Exception {
        Path root = Files.createTempDirectory(prefix);
        Path home = root.resolve("sluice");
        run("cp", "-a", Paths.get(System.getProperty("sluice.assembly")).toString(), home.toString());
        run("rm", "-rf", home.resolve("data").toString());
        Path cert = root.resolve("cert.pem");
        Path key = root.resolve("key.pem");
        run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", key.toString(), "-out", cert.toString(), "-days", "2", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=" + subjectAltNames);
        return new CopiedInstallation(root, home, cert, key);
    }

    /**
     * Removes the copy once its processes are gone: a JVM may still be ending (writing the class
     * data sharing archive at exit) just after its connection or its test ended.
     */
    void remove() throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (true) {
            Process rm = new ProcessBuilder("rm", "-rf", root.toString()).redirectErrorStream(true).start();
            String said = new String(rm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (rm.waitFor() == 0 || System.currentTimeMillis() > deadline) {
                assertFalse("rm -rf " + root + ": " + said, Files.exists(root));
                return;
            }
            Thread.sleep(500);
        }
    }
}
