package io.sluice.pki;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real openssl command line in a working directory, so fixtures are what operators have. */
final class OpenSsl {

    private final Path directory;

    OpenSsl(Path directory) {
        this.directory = directory;
    }

    Path dir() {
        return directory;
    }

    Path file(String name) {
        return directory.resolve(name);
    }

    /** Runs {@code openssl args...}, fails the test unless it exits 0, and returns its output. */
    String run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("openssl timed out: " + command);
        }
        assertEquals("openssl failed: " + command + "\n" + output, 0, process.exitValue());
        return output;
    }

    /** A self-signed certificate for the key in {@code keyFile}, written to {@code certFile}. */
    Path selfSigned(String keyFile, String certFile, String commonName) throws IOException, InterruptedException {
        run("req", "-x509", "-new", "-key", keyFile, "-out", certFile, "-days", "30", "-subj", "/CN=" + commonName);
        return file(certFile);
    }
}
