package io.sluice.access.hosts;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.rules.ExternalResource;

/**
 * Sluice's log as an operator reads it: slf4j-simple writes to System.err, looked up at every line
 * (simplelogger.properties leaves cacheOutputStream off), so a tee of System.err during the test
 * sees every line Sluice logs, and the lines still reach the test's output file. (As transport-mina's,
 * which this bundle does not depend on.)
 */
final class LogCapture extends ExternalResource {

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream original;

    @Override
    protected void before() {
        original = System.err;
        OutputStream tee = new OutputStream() {
            @Override
            public void write(int b) {
                original.write(b);
                synchronized (captured) {
                    captured.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                original.write(b, off, len);
                synchronized (captured) {
                    captured.write(b, off, len);
                }
            }
        };
        System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
    }

    @Override
    protected void after() {
        System.setErr(original);
    }

    /** The lines logged so far that contain {@code text}. */
    List<String> lines(String text) {
        String all;
        synchronized (captured) {
            all = captured.toString(StandardCharsets.UTF_8);
        }
        return Arrays.stream(all.split("\n")).filter(line -> line.contains(text)).toList();
    }
}
