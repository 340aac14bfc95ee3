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
    private final boolean inetd;
    /**
     * Lines that stunnel writes after {@code Configuration successful}, held while the launcher starts
     * the services (Sluice binds and connects before it knows the whole file works); null once written.
     */
    private List<Held> held = new ArrayList<>();

    private record Held(StunnelLogLine line, long millis) {
    }

    StunnelLogAppender(LogSink sink, int maxLevel, String threadId, boolean inetd) {
        this.inetd = inetd;
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
        if (LauncherComponent.class.getName().equals(event.getLoggerName()) && (message.equals(LauncherComponent.SUCCESSFUL)
                || message.equals(LauncherComponent.FAILED) || message.equals(LauncherComponent.ACCEPTING))) {
            started(line, millis, message);
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

    /**
     * stunnel's order: the verdict on the file, binding, {@code Accepting new connections}, then the
     * connections (an exec+connect service's; in inetd mode, which accepts nothing, right after the
     * verdict); after a failure everything before the verdict.
     */
    private synchronized void started(StunnelLogLine verdict, long millis, String message) {
        if (held == null) {
            write(verdict, millis); // a reload's
            return;
        }
        boolean failed = message.equals(LauncherComponent.FAILED);
        if (!failed) {
            write(verdict, millis);
        }
        boolean all = failed || inetd || message.equals(LauncherComponent.ACCEPTING);
        List<Held> connections = new ArrayList<>();
        for (Held h : held) {
            if (h.line().id().equals(threadId)) {
                write(h, millis);
            } else {
                connections.add(h);
            }
        }
        if (all) {
            connections.forEach(h -> write(h, millis));
        }
        held = all ? null : connections;
        if (failed) {
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

    /** Stamped no earlier than the verdict that lets it out: the log's times never go backwards. */
    private void write(Held held, long notBefore) {
        write(held.line(), Math.max(held.millis(), notBefore));
    }

    private void write(StunnelLogLine line, long millis) {
        if (line.level() <= maxLevel) {
            sink.write(line, millis);
        }
    }
}
