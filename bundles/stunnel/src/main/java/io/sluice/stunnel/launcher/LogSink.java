package io.sluice.stunnel.launcher;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Where the stunnel-format log goes: standard error in the foreground, or the {@code output} file,
 * which SIGUSR1 closes and opens again (log rotation: the old file was moved away).
 */
final class LogSink implements AutoCloseable {

    private final Path file;
    private OutputStream out;

    private LogSink(Path file, OutputStream out) {
        this.file = file;
        this.out = out;
    }

    static LogSink stderr() {
        return new LogSink(null, new FileOutputStream(FileDescriptor.err));
    }

    /** @param append stunnel's {@code log = append} (else overwrite) */
    static LogSink file(Path file, boolean append) throws IOException {
        return new LogSink(file, open(file, append));
    }

    /** Drops every line (stunnel's {@code foreground = quiet} without {@code output}). */
    static LogSink none() {
        return new LogSink(null, OutputStream.nullOutputStream());
    }

    synchronized void write(String line) {
        try {
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            // Nowhere left to report it: a full disk must not stop the tunnels.
        }
    }

    /** @return false when this sink is not a file */
    synchronized boolean reopen() throws IOException {
        if (file == null) {
            return false;
        }
        out.close();
        out = open(file, true);
        return true;
    }

    @Override
    public synchronized void close() throws IOException {
        if (file != null) {
            out.close();
        }
    }

    private static OutputStream open(Path file, boolean append) throws IOException {
        return Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
    }
}
