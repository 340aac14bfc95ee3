package io.sluice.stunnel.launcher;

import java.util.ArrayList;
import java.util.List;
import org.ops4j.pax.logging.spi.PaxAppender;
import org.ops4j.pax.logging.spi.PaxLoggingEvent;

/**
 * Receives every log event of the container (pax-logging's PaxOsgi appender hands them to PaxAppender
 * services) and writes Sluice's own in stunnel's format, filtered by stunnel's {@code debug} level.
 * Other loggers (Karaf, Felix) only show errors.
 */
final class StunnelLogAppender implements PaxAppender {

    private final LogSink sink;
    private final int maxLevel;
    private final String threadId;
    /**
     * Lines that stunnel writes after {@code Configuration successful}, held while the launcher starts
     * the services (Sluice binds and connects before it knows the whole file works); null once written.
     */
    private List<Held> held = new ArrayList<>();

    private record Held(StunnelLogLine line, long millis) {
    }

    StunnelLogAppender(LogSink sink, int maxLevel, String threadId) {
        this.sink = sink;
        this.maxLevel = maxLevel;
        this.threadId = threadId;
    }

    @Override
    public void doAppend(PaxLoggingEvent event) {
        int level = StunnelLogLine.syslogLevel(event.getLevel().toLevel().name());
        String message = String.valueOf(event.getRenderedMessage());
        if (level > 3 && !isOperatorLine(event.getLoggerName(), message)) {
            return;
        }
        StunnelLogLine line = StunnelLogLine.of(level, message, threadId);
        long millis = event.getTimeStamp();
        if (LauncherComponent.class.getName().equals(event.getLoggerName())
                && (message.equals(LauncherComponent.SUCCESSFUL) || message.equals(LauncherComponent.FAILED))) {
            started(line, millis, message.equals(LauncherComponent.SUCCESSFUL));
            return;
        }
        synchronized (this) {
            if (held != null && line.afterConfiguration(threadId)) {
                held.add(new Held(line, millis));
                return;
            }
        }
        write(line, millis);
    }

    /** stunnel's order: the verdict on the file, then binding and connections (after a failure, before it). */
    private synchronized void started(StunnelLogLine verdict, long millis, boolean successful) {
        if (successful) {
            write(verdict, millis);
        }
        if (held != null) {
            // stamped no earlier than the verdict: the log's times never go backwards
            held.forEach(h -> write(h.line(), Math.max(h.millis(), millis)));
            held = null;
        }
        if (!successful) {
            write(verdict, millis);
        }
    }

    /**
     * Sluice's own lines. Felix SCR traces each component under the component's name (so under
     * io.sluice loggers too), always starting "bundle BSN:VERSION (ID)": not an operator's log.
     */
    static boolean isOperatorLine(String logger, String message) {
        return logger != null && logger.startsWith("io.sluice.") && !message.startsWith("bundle ");
    }

    /** A line of the launcher's own that has no Sluice log level (stunnel's LOG0 connection list). */
    void write(int level, String text) {
        write(new StunnelLogLine(level, threadId, text), System.currentTimeMillis());
    }

    private void write(StunnelLogLine line, long millis) {
        if (line.level() <= maxLevel) {
            sink.write(line, millis);
        }
    }
}
