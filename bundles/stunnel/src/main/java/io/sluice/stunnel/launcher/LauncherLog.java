package io.sluice.stunnel.launcher;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import org.ops4j.pax.logging.spi.PaxAppender;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stunnel-format log of {@code bin/sluice FILE}, up as soon as the launcher's configuration is:
 * Sluice's loggers write only to it there (etc/org.ops4j.pax.logging.cfg of the instance), so what
 * the other bundles log while they start (a hosts.allow error, the handshake crypto provider) is
 * lost unless it is up first. The launcher itself waits for the tunnels' service; the stunnel
 * bundle starts before Sluice's others (its start level in the features).
 */
@Component(service = LauncherLog.class, immediate = true, configurationPid = LauncherComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
public final class LauncherLog {

    private static final Logger LOG = LoggerFactory.getLogger(LauncherLog.class);

    private LogSink sink;
    private StunnelLogAppender appender;
    private ServiceRegistration<PaxAppender> registration;

    @Activate
    void activate(BundleContext context, LauncherComponent.Config config) throws IOException {
        sink = openSink(config);
        appender = new StunnelLogAppender(sink, config.debugLevel(),
                "yes".equals(config.foreground()) || config.inetd() ? "ui" : "main", config.inetd());
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("org.ops4j.pax.logging.appender.name", "stunnel");
        registration = context.registerService(PaxAppender.class, appender, properties);
        LOG.info("Sluice {} on Java {} ({} {})", context.getBundle().getVersion(), Runtime.version(),
                System.getProperty("os.name"), System.getProperty("os.arch"));
    }

    @Deactivate
    void deactivate() throws IOException {
        registration.unregister();
        sink.close();
    }

    /** A line of the launcher's own that has no Sluice log level (stunnel's LOG0 connection list). */
    void write(int level, String text) {
        appender.write(level, text);
    }

    /** USR1: the log file again (after logrotate moved it); false where there is no file. */
    boolean reopen() throws IOException {
        return sink.reopen();
    }

    private static LogSink openSink(LauncherComponent.Config config) throws IOException {
        if (config.syslog()) {
            return LogSink.syslog(Path.of(config.syslogSocket()), config.syslogIdent(), config.syslogFacility());
        }
        if (!config.output().isEmpty()) {
            return LogSink.file(Path.of(config.output()), config.appendLog());
        }
        return "yes".equals(config.foreground()) ? LogSink.stderr() : LogSink.none();
    }
}
