package io.sluice.interop;

import static org.junit.Assert.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A peer program (stunnel4, openssl) run as a child process. Its stderr, and its stdout unless the
 * test talks to it, go to a log file in the test's directory; {@link Interop} prints the logs when a
 * test fails and destroys the process after every test.
 */
final class Peer {

    private final String name;
    private final List<String> command;
    private final Process process;
    private final Path log;
    private final boolean piped;
    private BufferedReader stdout;

    private Peer(String name, List<String> command, Process process, Path log, boolean piped) {
        this.name = name;
        this.command = command;
        this.process = process;
        this.log = log;
        this.piped = piped;
    }

    /**
     * @param piped the test reads the process's stdout and writes its stdin; otherwise stdout goes
     *              to the log too and stdin stays open and empty
     */
    static Peer start(String name, List<String> command, Path directory, boolean piped) throws IOException {
        Path log = directory.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        if (piped) {
            builder.redirectError(log.toFile());
        } else {
            builder.redirectErrorStream(true).redirectOutput(log.toFile());
        }
        return new Peer(name, List.copyOf(command), builder.start(), log, piped);
    }

    String name() {
        return name;
    }

    List<String> command() {
        return command;
    }

    Path log() {
        return log;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The log so far (stderr, and stdout when not piped). */
    String logText() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    /** Writes a line to the process's stdin and flushes it. */
    void writeLine(String line) throws IOException {
        requirePiped();
        OutputStream in = process.getOutputStream();
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** Closes the process's stdin: the program sees end of file. */
    void closeStdin() throws IOException {
        process.getOutputStream().close();
    }

    /** The next line of stdout, or null at its end; fails the test when none comes in time. */
    String readLine(Duration timeout) throws InterruptedException {
        requirePiped();
        BufferedReader reader = stdout();
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return reader.readLine();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, this::onOwnThread);
        try {
            return line.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(name + " wrote no line to stdout within " + timeout + "; log:\n" + logText());
        } catch (ExecutionException e) {
            throw new AssertionError(name + ": cannot read stdout: " + e.getCause(), e.getCause());
        }
    }

    /** Everything left on stdout until the process closes it. */
    String readRest(Duration timeout) throws InterruptedException {
        requirePiped();
        BufferedReader reader = stdout();
        CompletableFuture<String> rest = CompletableFuture.supplyAsync(() -> {
            StringBuilder text = new StringBuilder();
            char[] buffer = new char[4096];
            try {
                int n;
                while ((n = reader.read(buffer)) >= 0) {
                    text.append(buffer, 0, n);
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return text.toString();
        }, this::onOwnThread);
        try {
            return rest.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(name + " did not close stdout within " + timeout + "; log:\n" + logText());
        } catch (ExecutionException e) {
            throw new AssertionError(name + ": cannot read stdout: " + e.getCause(), e.getCause());
        }
    }

    /** Waits for the process to exit by itself and returns its exit code. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            fail(name + " did not exit within " + timeout + ": " + command + "\nlog:\n" + logText());
        }
        return process.exitValue();
    }

    /** Asks the process to terminate (SIGTERM), then kills it if it does not. */
    void destroy() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Blocking reads get their own thread: the common pool has one thread on two cores. */
    private void onOwnThread(Runnable task) {
        Thread thread = new Thread(task, name + "-stdout");
        thread.setDaemon(true);
        thread.start();
    }

    private synchronized BufferedReader stdout() {
        if (stdout == null) {
            stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }
        return stdout;
    }

    private void requirePiped() {
        if (!piped) {
            throw new IllegalStateException(name + " was not started with piped stdio");
        }
    }

    @Override
    public String toString() {
        return name + " " + command;
    }
}
