package io.sluice.itests;

import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One {@code bin/sluice ARGS} process of a test installation, its standard error kept in a file. */
final class SluiceProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private SluiceProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static SluiceProcess start(Path home, Path log, String... args) throws IOException {
        return start(home, log, Map.of(), args);
    }

    /** As {@link #start(Path, Path, String...)}, with these variables added to the environment. */
    static SluiceProcess start(Path home, Path log, Map<String, String> environment, String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(home.resolve("bin/sluice").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        return new SluiceProcess(builder.start(), log);
    }

    /** Waits for a line of the log file matching the pattern; returns its match. */
    static Matcher awaitLine(Path file, String regex, int seconds, Process alive) throws Exception {
        Pattern pattern = Pattern.compile(regex);
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        while (System.currentTimeMillis() < deadline) {
            for (String line : read(file).split("\n")) {
                Matcher matcher = pattern.matcher(line);
                if (matcher.find()) {
                    return matcher;
                }
            }
            if (alive != null && !alive.isAlive()) {
                fail("bin/sluice exited with " + alive.exitValue() + " before /" + regex + "/:\n" + read(file));
            }
            Thread.sleep(100);
        }
        fail("no line /" + regex + "/ in " + file + " within " + seconds + " s:\n" + read(file));
        return null;
    }

    Matcher awaitLine(String regex, int seconds) throws Exception {
        return awaitLine(log, regex, seconds, process);
    }

    /** The port a service bound, from stunnel's "Service [NAME] (FD=n) bound to HOST:PORT" line. */
    int boundPort(String service) throws Exception {
        return Integer.parseInt(awaitLine("Service \\[" + Pattern.quote(service) + "\\] \\(FD=\\d+\\) bound to \\S*:(\\d+)", 60).group(1));
    }

    void signal(String name) throws Exception {
        Process kill = new ProcessBuilder("kill", "-s", name, String.valueOf(process.pid())).inheritIO().start();
        assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0);
    }

    long pid() {
        return process.pid();
    }

    int awaitExit(int seconds) throws InterruptedException {
        assertTrue("bin/sluice ends within " + seconds + " s", process.waitFor(seconds, TimeUnit.SECONDS));
        return process.exitValue();
    }

    String log() throws IOException {
        return read(log);
    }

    static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
