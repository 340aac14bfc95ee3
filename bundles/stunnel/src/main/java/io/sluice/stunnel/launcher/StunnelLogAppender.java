package io.sluice.stunnel.launcher;

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
        write(StunnelLogLine.of(level, message, threadId), event.getTimeStamp());
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
