package io.sluice.core;

import io.sluice.api.TunnelAdmin;
import io.sluice.api.TunnelKeys;
import io.sluice.api.TunnelState;
import io.sluice.api.TunnelStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * stunnel's few start lines for the distribution (bin/sluice): the version, then, once every
 * configured tunnel has left WAITING (or the wait is over), why any of them does not run and
 * {@code Configuration successful}. The "bound to" lines come from the tunnels themselves. Switched
 * on by etc/io.sluice.summary.cfg, so a Karaf that only installs the feature, and the private
 * instance of {@code bin/sluice FILE} (whose launcher says all this in stunnel's format), stay as they are.
 */
@Component(immediate = true, configurationPid = StartupSummary.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = StartupSummary.Config.class)
public final class StartupSummary {

    static final String PID = "io.sluice.summary";

    @ObjectClassDefinition(name = "Sluice start summary", description = "The version and the tunnels' states at start")
    public @interface Config {
        @AttributeDefinition(description = "Seconds to wait for the tunnels to leave WAITING before the summary")
        int waitSeconds() default 10;
    }

    private static final Logger LOG = LoggerFactory.getLogger(StartupSummary.class);
    private static final long POLL_MILLIS = 50;

    @Reference
    private TunnelAdmin tunnels;

    @Reference
    private ConfigurationAdmin configurations;

    private Thread summary;

    @Activate
    void activate(BundleContext context, Config config) {
        LOG.info("Sluice {} on Java {} ({} {})", context.getBundle().getVersion(), Runtime.version(),
                System.getProperty("os.name"), System.getProperty("os.arch"));
        long deadline = System.currentTimeMillis() + config.waitSeconds() * 1000L;
        // Not on the activating thread: the tunnels start while the features are still being installed.
        summary = new Thread(() -> summarise(deadline), "sluice-start-summary");
        summary.setDaemon(true);
        summary.start();
    }

    @Deactivate
    void deactivate() {
        summary.interrupt();
    }

    private void summarise(long deadline) {
        List<String> names = configured();
        List<TunnelStatus> states = states(names);
        while (states.stream().anyMatch(s -> s.state() == TunnelState.WAITING) || states.size() < names.size()) {
            if (System.currentTimeMillis() >= deadline) {
                break;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return; // stopping: no summary
            }
            names = configured();
            states = states(names);
        }
        for (String line : problems(names, states)) {
            LOG.warn(line);
        }
        if (names.isEmpty()) {
            LOG.info("No tunnel configured: add etc/io.sluice.tunnel-NAME.cfg files");
        }
        long running = states.stream().filter(s -> !s.down()).count();
        if (running == names.size()) {
            LOG.info("Configuration successful");
        } else {
            LOG.warn("Configuration partly failed: {} of {} service(s) running", running, names.size());
        }
    }

    /** One line per tunnel that should run and does not, saying why. */
    static List<String> problems(List<String> names, List<TunnelStatus> states) {
        List<String> lines = new ArrayList<>();
        for (String name : names) {
            Optional<TunnelStatus> status = states.stream().filter(s -> s.name().equals(name)).findFirst();
            if (status.isEmpty()) {
                lines.add("Service [" + name + "] has not started");
            } else if (status.get().down()) {
                lines.add("Service [" + name + "] " + status.get().state().name().toLowerCase(Locale.ROOT)
                        + ": " + status.get().reason());
            }
        }
        return lines;
    }

    private List<TunnelStatus> states(List<String> names) {
        return tunnels.tunnels().stream().filter(s -> names.contains(s.name())).toList();
    }

    /** The tunnels configuration admin holds (files of etc/ and imported stunnel services), by name. */
    private List<String> configured() {
        TreeSet<String> names = new TreeSet<>();
        try {
            Configuration[] found = configurations.listConfigurations(
                    "(service.factoryPid=" + TunnelKeys.FACTORY_PID + ")");
            for (Configuration configuration : found == null ? new Configuration[0] : found) {
                Map<String, Object> properties = new HashMap<>();
                Dictionary<String, Object> dictionary = configuration.getProperties();
                for (String key : dictionary == null ? List.<String>of() : Collections.list(dictionary.keys())) {
                    properties.put(key, dictionary.get(key));
                }
                properties.put("service.pid", configuration.getPid());
                names.add(ConfigParser.tunnelName(properties));
            }
        } catch (IOException | InvalidSyntaxException e) {
            LOG.warn("Cannot list the tunnel configurations: {}", e.toString());
        }
        return new ArrayList<>(names);
    }
}
