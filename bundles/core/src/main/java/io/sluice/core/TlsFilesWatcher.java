package io.sluice.core;

import io.sluice.pki.FileStamp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls a running tunnel's certificate, key and trust files by content (like access-hosts'
 * RulesWatcher: WatchService misses edits through symlinks, as Kubernetes secrets and certbot's
 * live/ links make them) and says when they changed; also runs a daily task (the expiry warning).
 *
 * <p>A change is reported once the files have been the same for two polls in a row, so that a
 * certificate and its key written one after the other are loaded together, not half-way. It is
 * reported once per change: a bad file is not retried every second, only when it changes again.
 */
final class TlsFilesWatcher implements AutoCloseable {

    static final Duration POLL = Duration.ofSeconds(1);
    static final Duration DAILY = Duration.ofDays(1);

    private static final Logger LOG = LoggerFactory.getLogger(TlsFilesWatcher.class);

    private final String tunnel;
    private final List<Path> files;
    private final Runnable changed;
    private final ScheduledExecutorService poller;
    /** The files as they were when the material in force was read (or last reported). */
    private Map<Path, FileStamp> reported;
    private Map<Path, FileStamp> previous;

    private TlsFilesWatcher(String tunnel, List<Path> files, Runnable changed) {
        this.tunnel = tunnel;
        this.files = List.copyOf(files);
        this.changed = changed;
        this.poller = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "sluice-tls-files-" + tunnel);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts polling {@code files}; {@code daily} runs now and then once a day. */
    static TlsFilesWatcher start(String tunnel, List<Path> files, Runnable changed, Runnable daily) {
        TlsFilesWatcher watcher = new TlsFilesWatcher(tunnel, files, changed);
        watcher.reported = watcher.stamps();
        watcher.previous = watcher.reported;
        if (!files.isEmpty()) {
            watcher.poller.scheduleWithFixedDelay(watcher::poll, POLL.toMillis(), POLL.toMillis(), TimeUnit.MILLISECONDS);
        }
        watcher.poller.scheduleAtFixedRate(() -> watcher.guarded("expiry check", daily), 0, DAILY.toMillis(),
                TimeUnit.MILLISECONDS);
        return watcher;
    }

    private void poll() {
        guarded("checking " + files + " for changes", () -> {
            Map<Path, FileStamp> now = stamps();
            boolean settled = now.equals(previous);
            previous = now;
            if (settled && !now.equals(reported)) {
                reported = now;
                changed.run();
            }
        });
    }

    /** A dead poller would silently freeze the material; log and go on. */
    private void guarded(String what, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.error("Service [{}] {} failed", tunnel, what, e);
        }
    }

    private Map<Path, FileStamp> stamps() {
        Map<Path, FileStamp> result = new LinkedHashMap<>();
        for (Path file : files) {
            result.put(file, FileStamp.of(file));
        }
        return result;
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
