package io.sluice.access.hosts;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sluice.access.hosts.rules.Problem;
import io.sluice.access.hosts.rules.RuleSet;
import io.sluice.pki.FileStamp;

/**
 * Holds the rules in force and reloads them when hosts.allow, hosts.deny or a pattern file they
 * name changes on disk (polled by content: WatchService misses edits through symlinks and on some file systems).
 * The new rule set replaces the old one in one write, so a check sees either all old or all new rules.
 *
 * <p>A load with any bad line changes nothing: every bad line is logged with its file and line, and
 * the previous rules stay in force, since applying the good lines alone could let in whom the bad
 * line kept out. When there are no previous rules (first load), all connections are refused until
 * the files are fixed: access control fails closed.
 */
public final class RulesWatcher implements Supplier<RuleSet>, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RulesWatcher.class);

    private final RulesFile allowFile;
    private final RulesFile denyFile;
    private final Path allow;
    private final Path deny;
    private final ScheduledExecutorService poller;
    private volatile RuleSet current;
    private volatile Map<Path, FileStamp> stamps = Map.of();

    private RulesWatcher(RulesFile allow, RulesFile deny) {
        this.allowFile = allow;
        this.denyFile = deny;
        this.allow = allow.path();
        this.deny = deny.path();
        this.poller = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "sluice-libwrap-watch");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The default files (a missing one is empty): loads them now, then checks them every {@code interval}. */
    public static RulesWatcher start(Path allow, Path deny, Duration interval) {
        RulesFile[] defaults = RulesFile.defaults(allow, deny);
        return start(defaults[0], defaults[1], interval);
    }

    /** Loads the files now, then checks them for changes every {@code interval}. */
    static RulesWatcher start(RulesFile allow, RulesFile deny, Duration interval) {
        RulesWatcher watcher = new RulesWatcher(allow, deny);
        watcher.reload();
        watcher.poller.scheduleWithFixedDelay(watcher::poll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return watcher;
    }

    @Override
    public RuleSet get() {
        return current;
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }

    private void poll() {
        try {
            if (!stamps.equals(stampsOf(stamps.keySet()))) {
                reload();
            }
        } catch (RuntimeException e) {
            // A dead poller would silently freeze the rules; log and try again next time.
            LOG.error("Checking {} and {} for changes failed", allow, deny, e);
        }
    }

    private synchronized void reload() {
        // Stamps taken before reading: a write during the load then shows as a change at the next poll.
        Set<Path> known = new LinkedHashSet<>(List.of(allow, deny));
        known.addAll(stamps.keySet());
        Map<Path, FileStamp> before = stampsOf(known);
        RuleLoader.Loaded loaded = RuleLoader.load(allowFile, denyFile);
        Map<Path, FileStamp> next = new LinkedHashMap<>();
        for (Path file : loaded.files()) {
            next.put(file, before.containsKey(file) ? before.get(file) : FileStamp.of(file));
        }
        stamps = next;
        for (String warning : loaded.warnings()) {
            LOG.warn("libwrap: {}", warning);
        }
        if (!loaded.unavailable().isEmpty()) {
            // Access control denies on its own errors: a mistyped path must not read as "no rules".
            current = RuleSet.refusingAll("libwrap rules not loaded (" + loaded.unavailable().get(0) + ")");
            for (String unavailable : loaded.unavailable()) {
                LOG.error("libwrap: {}; refusing all connections of tunnels with libwrap = yes until it can be read",
                        unavailable);
            }
            return;
        }
        if (loaded.problems().isEmpty()) {
            current = loaded.rules();
            LOG.info("libwrap rules loaded: {} rule(s) from {} and {}", current.size(), allow, deny);
            return;
        }
        for (Problem problem : loaded.problems()) {
            LOG.error("libwrap: {}", problem);
        }
        String summary = loaded.problems().size() + " bad line(s), first " + loaded.problems().get(0);
        if (current == null || current.refusal() != null) {
            current = RuleSet.refusingAll("libwrap rules not loaded (" + summary + ")");
            LOG.error("libwrap: no valid rules yet ({}); refusing all connections of tunnels with libwrap = yes "
                    + "until {} and {} are fixed", summary, allow, deny);
        } else {
            LOG.error("libwrap: {} and {} not reloaded ({}); the previous rules stay in force", allow, deny, summary);
        }
    }

    private static Map<Path, FileStamp> stampsOf(Iterable<Path> files) {
        Map<Path, FileStamp> result = new LinkedHashMap<>();
        for (Path file : files) {
            result.put(file, FileStamp.of(file));
        }
        return result;
    }
}
