package io.sluice.stunnel.launcher;

import io.sluice.api.ConnectionInfo;
import io.sluice.api.Tunnel;
import io.sluice.api.TunnelAdmin;
import io.sluice.api.TunnelCounters;
import io.sluice.api.TunnelState;
import io.sluice.api.TunnelStatus;
import io.sluice.stunnel.StunnelConfig;
import io.sluice.stunnel.imports.StunnelImport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process side of {@code bin/sluice stunnel.conf}: present only in a container started that way
 * (bin/sluice writes its configuration). Imports the file, logs in stunnel's format, writes the pid
 * file, and answers stunnel's signals. A configuration that does not start ends the process with
 * status 1, as stunnel's {@code Configuration failed} does; a port that cannot be bound does not.
 */
@Component(immediate = true, configurationPid = LauncherComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
public final class LauncherComponent {

    static final String PID = "io.sluice.stunnel.launcher";
    /** stunnel's verdicts on the file; the log writes the lines held during the start around them. */
    static final String SUCCESSFUL = "Configuration successful";
    static final String FAILED = "Configuration failed";
    static final String ACCEPTING = "Accepting new connections";

    @ObjectClassDefinition(name = "Sluice stunnel launcher", description = "Written by bin/sluice FILE")
    public @interface Config {
        @AttributeDefinition(description = "The stunnel configuration file")
        String file();

        @AttributeDefinition(required = false, description = "stunnel's pid: the pid file, empty for none")
        String pid() default "";

        @AttributeDefinition(required = false, description = "stunnel's output: the log file, empty for stderr")
        String output() default "";

        @AttributeDefinition(required = false, description = "stunnel's log = append (true) or overwrite")
        boolean appendLog() default true;

        @AttributeDefinition(required = false, description = "stunnel's debug level, 0 to 7")
        int debugLevel() default 5;

        @AttributeDefinition(required = false, description = "stunnel's foreground: yes, quiet or no")
        String foreground() default "yes";

        @AttributeDefinition(required = false, description = "Written with ok or failed once the tunnels started")
        String readyFile() default "";

        @AttributeDefinition(required = false, description = "Log to syslog (/dev/log) instead of output")
        boolean syslog() default false;

        @AttributeDefinition(required = false, description = "syslog's socket")
        String syslogSocket() default "/dev/log";

        @AttributeDefinition(required = false, description = "stunnel's service: the syslog ident")
        String syslogIdent() default "stunnel";

        @AttributeDefinition(required = false, description = "The syslog facility of stunnel's debug")
        String syslogFacility() default "daemon";

        @AttributeDefinition(required = false, description = "stunnel's inetd mode (a file without sections):"
                + " one connection on standard input and output, then the process ends")
        boolean inetd() default false;
    }

    private static final Logger LOG = LoggerFactory.getLogger(LauncherComponent.class);
    private static final long START_WAIT_MILLIS = 30_000;
    /** inetd mode: how often the one connection is checked for its end (the process exits then). */
    private static final long INETD_POLL_MILLIS = 20;

    @Reference
    private ConfigurationAdmin configurations;

    @Reference
    private TunnelAdmin tunnels;

    @Reference
    private LauncherLog log;

    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "sluice-stunnel-launcher");
        thread.setDaemon(true);
        return thread;
    });
    private final Signals signals = new Signals();
    private Config config;
    private Path file;
    private StunnelImport importer;
    /** inetd mode: the connection ended and the process is ending with it (nothing to announce). */
    private volatile boolean served;
    /** The start's verdict (successful or failed) was logged: once, by the start or by the end. */
    private final AtomicBoolean verdict = new AtomicBoolean();
    /** inetd mode: the one service, once the file is read. */
    private volatile String inetdService;

    @Activate
    void activate(Config config) throws IOException {
        this.config = config;
        file = Path.of(config.file());
        importer = new StunnelImport(configurations);
        // inetd mode: one connection, nothing to reload; a HUP (a closed terminal) must not end it.
        if (!signals.on("HUP", config.inetd() ? () -> { } : () -> worker.execute(this::reload)) && !config.inetd()) {
            LOG.warn("SIGHUP is ignored by this process (started under nohup, or by a parent that ignores it):"
                    + " the configuration cannot be reloaded by HUP");
        }
        signals.on("USR1", () -> worker.execute(this::reopenLog));
        signals.on("USR2", () -> worker.execute(this::listConnections));
        worker.execute(this::start);
    }

    @Deactivate
    void deactivate() throws IOException {
        signals.close();
        worker.shutdownNow();
        if (!served) {
            // inetd mode: the connection, there before the JVM, may be over and inetd's SIGTERM here
            // before the start looked; its lines wait for the verdict, which it has earned by serving.
            String service = inetdService;
            if (service != null && served(tunnels.tunnel(service)) && verdict.compareAndSet(false, true)) {
                LOG.info(SUCCESSFUL);
            }
            LOG.info("Terminated");
        }
        if (!config.pid().isEmpty()) {
            Files.deleteIfExists(Path.of(config.pid()));
        }
    }

    private void start() {
        LOG.info("Reading configuration from file {}", file);
        try {
            StunnelConfig read = importer.apply(file, config.inetd());
            if (read == null) {
                failed();
                return;
            }
            writePid();
            if (config.inetd()) {
                inetdService = read.services().keySet().iterator().next();
            }
            Started started = awaitStarted(read.services());
            if (started == Started.FAILED) {
                if (!Thread.currentThread().isInterrupted()) {
                    failed();
                }
                return;
            }
            if (!verdict.compareAndSet(false, true)) {
                return; // the process is ending and said it
            }
            LOG.info(SUCCESSFUL);
            if (started == Started.NOT_BOUND) {
                exit("failed", 1); // stunnel 5.68 ends so (status 1), its file being fine
                return;
            }
            if (config.inetd()) {
                ready("ok");
                serveOnce(inetdService);
                return;
            }
            LOG.info(ACCEPTING);
            ready("ok");
        } catch (IOException | RuntimeException e) {
            LOG.error("Cannot start {}: {}", file, e.toString());
            failed();
        }
    }

    /**
     * inetd mode: the tunnel's one connection began when it started (on standard input and output);
     * once it has ended the process ends, with status 0 as stunnel's.
     */
    private void serveOnce(String service) {
        while (true) {
            TunnelCounters counters = tunnels.tunnel(service).map(TunnelStatus::counters).orElse(TunnelCounters.ZERO);
            if (counters.totalConnections() > 0 && counters.activeConnections() == 0) {
                break;
            }
            try {
                TimeUnit.MILLISECONDS.sleep(INETD_POLL_MILLIS);
            } catch (InterruptedException e) {
                return; // the launcher stops: the JVM is ending anyway
            }
        }
        served = true;
        // The JVM ends without deactivating this component (Karaf's shutdown hook does not wait for it).
        try {
            if (!config.pid().isEmpty()) {
                Files.deleteIfExists(Path.of(config.pid()));
            }
        } catch (IOException e) {
            LOG.error("Cannot remove the pid file {}: {}", config.pid(), e.toString());
        }
        // Karaf's shutdown hook stops the container; this thread must not be the one it waits for.
        new Thread(() -> System.exit(0), "sluice-stunnel-exit").start();
    }

    /** How the services of a file started. */
    private enum Started { ALL, NOT_BOUND, FAILED }

    /**
     * Waits until every service runs the settings just written and left WAITING; a service that
     * failed for anything but its port, or still waits, means the configuration does not work.
     */
    private Started awaitStarted(Map<String, Map<String, String>> services) {
        long deadline = System.currentTimeMillis() + START_WAIT_MILLIS;
        Started started = Started.ALL;
        for (Map.Entry<String, Map<String, String>> service : services.entrySet()) {
            String name = service.getKey();
            Optional<TunnelStatus> status = tunnels.tunnel(name);
            while ((status.isEmpty() || status.get().state() == TunnelState.WAITING
                    || !applied(name, service.getValue())) && !served(status) && System.currentTimeMillis() < deadline) {
                if (!sleep()) {
                    return Started.FAILED;
                }
                status = tunnels.tunnel(name);
            }
            if (status.isPresent() && status.get().state() == TunnelState.WAITING && !served(status)) {
                // Its lines were held until the verdict: without this one the process would look fine and serve nothing.
                LOG.error("Service [{}] still waiting for {} after {} s", name, status.get().reason(),
                        START_WAIT_MILLIS / 1000);
                started = Started.FAILED;
            } else if (status.isPresent() && status.get().state() == TunnelState.FAILED) {
                if (status.get().reason().startsWith("cannot bind")) {
                    LOG.error("Binding service [{}] failed", name);
                    started = started == Started.FAILED ? started : Started.NOT_BOUND;
                } else {
                    started = Started.FAILED;
                }
            }
        }
        return started;
    }

    /**
     * It counted a connection, so it started: in inetd mode the one connection, there before the JVM, may
     * be over before the first look here (C1 alone and handshakes on the I/O thread made that common),
     * and its tunnel need not look RUNNING after it (InetdModeIT waited the whole 30 s once, in both modes).
     */
    private static boolean served(Optional<TunnelStatus> status) {
        return status.isPresent() && status.get().counters().totalConnections() > 0;
    }

    /** The tunnel took these settings (the core updates them and its state under one lock). */
    private boolean applied(String name, Map<String, String> settings) {
        Map<String, String> running = tunnels.find(name).map(Tunnel::configuration).orElse(Map.of());
        return settings.entrySet().stream().allMatch(setting -> setting.getKey().toLowerCase(Locale.ROOT)
                .contains("password") || setting.getValue().equals(running.get(setting.getKey())));
    }

    private void failed() {
        verdict.set(true);
        LOG.error(FAILED);
        exit("failed", 1);
    }

    private void exit(String readiness, int status) {
        ready(readiness);
        // Karaf's shutdown hook stops the container; this thread must not be the one it waits for.
        new Thread(() -> System.exit(status), "sluice-stunnel-exit").start();
    }

    /** SIGHUP: a file that does not read keeps the running services; unchanged ones stay bound. */
    private void reload() {
        LOG.info("Reading configuration from file {}", file);
        try {
            StunnelConfig read = importer.apply(file);
            if (read == null) {
                LOG.error("Failed to reload the configuration file");
                return;
            }
            LOG.info(SUCCESSFUL);
            awaitStarted(read.services());
        } catch (IOException | RuntimeException e) {
            LOG.error("Failed to reload the configuration file: {}", e.toString());
        }
    }

    private void reopenLog() {
        try {
            if (log.reopen()) {
                LOG.info("Log file reopened");
            }
        } catch (IOException e) {
            LOG.error("Cannot reopen the log file {}: {}", config.output(), e.toString());
        }
    }

    /** SIGUSR2, in stunnel's words and at its level 0 (always shown). */
    private void listConnections() {
        List<ConnectionInfo> open = tunnels.connections();
        log.write(0, "Active connections:");
        for (ConnectionInfo connection : open) {
            // In client mode the plaintext from the client goes into TLS; in server mode it comes out of it.
            boolean client = tunnels.tunnel(connection.tunnel()).map(TunnelStatus::client).orElse(false);
            long toTls = client ? connection.bytesIn() : connection.bytesOut();
            long toSocket = client ? connection.bytesOut() : connection.bytesIn();
            log.write(0, "Active connection " + connection.id() + ": Service [" + connection.tunnel() + "], "
                    + toTls + " byte(s) sent to TLS, " + toSocket + " byte(s) sent to socket");
        }
        log.write(0, "Listed " + open.size() + " active connection(s)");
    }

    private void writePid() throws IOException {
        if (!config.pid().isEmpty()) {
            Files.writeString(Path.of(config.pid()), ProcessHandle.current().pid() + "\n");
        }
    }

    private void ready(String state) {
        if (config.readyFile().isEmpty()) {
            return;
        }
        try {
            Files.writeString(Path.of(config.readyFile()), state + "\n");
        } catch (IOException e) {
            LOG.error("Cannot write {}: {}", config.readyFile(), e.toString());
        }
    }

    /** @return false when the launcher is being stopped */
    private static boolean sleep() {
        try {
            TimeUnit.MILLISECONDS.sleep(50);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
