package io.sluice.stunnel.launcher;

import io.sluice.stunnel.GlobalOptions;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Where the stunnel-format log goes: standard error in the foreground, the {@code output} file,
 * which SIGUSR1 closes and opens again (log rotation: the old file was moved away), or syslog.
 */
final class LogSink implements AutoCloseable {

    private final Path file;
    private OutputStream out;
    /** syslog: the logger(1) child the lines go through, and the facility's number; else null, -1. */
    private final Process logger;
    private final int facility;

    private LogSink(Path file, OutputStream out) {
        this(file, out, null, -1);
    }

    private LogSink(Path file, OutputStream out, Process logger, int facility) {
        this.file = file;
        this.out = out;
        this.logger = logger;
        this.facility = facility;
    }

    /**
     * stunnel's syslog (ident {@code service}, pid, facility of {@code debug}). A JVM has no Unix
     * datagram socket, so util-linux's logger(1) carries the lines, each with its own priority
     * ({@code --prio-prefix}), to {@code socket} (/dev/log).
     */
    static LogSink syslog(Path socket, String ident, String facilityName) throws IOException {
        int facility = GlobalOptions.facilityNumber(facilityName);
        if (facility < 0) {
            throw new IOException("unknown syslog facility " + facilityName);
        }
        Process logger = new ProcessBuilder("logger", "--prio-prefix", "--socket", socket.toString(),
                "--socket-errors=off", "--tag", ident, "--id=" + ProcessHandle.current().pid())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        return new LogSink(null, logger.getOutputStream(), logger, facility);
    }

    /** Whether syslog can be reached here: its socket exists and logger(1) is installed. */
    static boolean syslogAvailable(Path socket) {
        return Files.exists(socket) && onPath("logger");
    }

    static boolean onPath(String program) {
        return Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":"))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    }

    void write(StunnelLogLine line, long millis) {
        write(logger == null ? line.render(millis) : "<" + (facility * 8 + line.level()) + ">" + line.renderForSyslog());
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

    private synchronized void write(String line) {
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
        if (file != null || logger != null) {
            out.close();
        }
        if (logger != null) {
            try {
                // logger sends what it read before its input ended, then exits.
                logger.waitFor(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static OutputStream open(Path file, boolean append) throws IOException {
        return Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
    }
}
