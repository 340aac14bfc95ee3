package io.sluice.core;

import io.sluice.api.tls.KeyMaterial;
import io.sluice.api.tls.TlsContext;
import io.sluice.api.tls.TlsProvider;
import io.sluice.api.tls.TlsSettings;
import io.sluice.pki.Certificates;
import io.sluice.pki.DefaultCertificate;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS a running tunnel serves: the context its connections take engines from, replaced when
 * one of the TLS files changes (hot rotation: {@link TlsMaterialLoader} reads the material again,
 * nothing is parsed again), and a warning ahead of the served certificate's end. One per listener,
 * closed with it. Guarded by the tunnel's lock, which the watcher's callbacks take as well.
 */
final class ServedTls {

    /** The tunnel's log lines: operators follow a tunnel under one logger name. */
    private static final Logger LOG = LoggerFactory.getLogger(TunnelComponent.class);

    /** How far ahead the log warns about the end of the served certificate. */
    static final int EXPIRY_WARNING_DAYS = 30;

    private final Object lock;
    private final TlsProvider provider;
    /** Null unless the tunnel serves the installation's default certificate. */
    private final DefaultCertificate defaultCertificate;
    private final RotatingTlsContext context;
    private final Consumer<TunnelSettings> reloaded;
    private TunnelSettings settings;
    private KeyMaterial keyMaterial;
    private TlsFilesWatcher watcher;
    private boolean closed;

    private ServedTls(Object lock, TunnelSettings settings, TlsProvider provider, DefaultCertificate defaultCertificate,
            TlsSettings served, Consumer<TunnelSettings> reloaded) throws GeneralSecurityException {
        this.lock = lock;
        this.settings = settings;
        this.provider = provider;
        this.defaultCertificate = defaultCertificate;
        this.context = new RotatingTlsContext(provider.newContext(served));
        this.keyMaterial = served.keyMaterial();
        this.reloaded = reloaded;
    }

    /**
     * The caller holds {@code lock}.
     *
     * @param defaultCertificate the installation's, served when the settings need it
     * @param reloaded           told the settings in force after each rotation, under {@code lock}
     * @throws GeneralSecurityException the provider refused the settings, or the default certificate's
     *                                  files could not be read
     */
    static ServedTls start(Object lock, TunnelSettings settings, TlsProvider provider,
            DefaultCertificate defaultCertificate, Consumer<TunnelSettings> reloaded) throws GeneralSecurityException {
        DefaultCertificate served = settings.needsDefaultCertificate() ? defaultCertificate : null;
        return new ServedTls(lock, settings, provider, served, served(settings.tls(), served), reloaded);
    }

    private static TlsSettings served(TlsSettings tls, DefaultCertificate defaultCertificate)
            throws GeneralSecurityException {
        return defaultCertificate == null ? tls : TlsMaterialLoader.withDefaultCertificate(tls, defaultCertificate);
    }

    /** What the listener's connections get engines from. */
    TlsContext context() {
        return context;
    }

    /** The served key and chain; null for a client without one or a PSK tunnel. */
    KeyMaterial keyMaterial() {
        return keyMaterial;
    }

    /** The caller holds the lock and the listener runs: follow the TLS files, warn about expiry now and daily. */
    void follow() {
        List<Path> files = new ArrayList<>(settings.tlsFiles());
        if (defaultCertificate != null) {
            files.add(defaultCertificate.certificate());
            if (!defaultCertificate.key().equals(defaultCertificate.certificate())) {
                files.add(defaultCertificate.key());
            }
        }
        watcher = TlsFilesWatcher.start(settings.name(), files, this::filesChanged, this::warnIfExpiring);
    }

    /** The caller holds the lock; a callback still on its way does nothing. */
    void close() {
        closed = true;
        if (watcher != null) {
            watcher.close();
            watcher = null;
        }
    }

    /**
     * On the watcher's thread: reads the material again (checked there, with the same messages as at
     * the start) and gives new connections a context with it. Any failure keeps the material in
     * force and says why.
     */
    private void filesChanged() {
        synchronized (lock) {
            if (closed) {
                return; // a listener since replaced
            }
            String name = settings.name();
            TlsSettings tls;
            try {
                tls = TlsMaterialLoader.load(settings);
            } catch (ConfigException e) {
                LOG.error("{}; the certificate, key and trust files in force stay until this is fixed", e.getMessage());
                return;
            }
            TlsSettings served;
            TlsContext next;
            try {
                served = served(tls, defaultCertificate);
                next = provider.newContext(served);
            } catch (GeneralSecurityException e) { // PkiException too: the default certificate's files
                LOG.error("Service [{}]: the changed TLS files {} are refused: {}; the material in force stays",
                        name, settings.tlsFiles(), e.getMessage());
                return;
            }
            context.replace(next);
            settings = settings.toBuilder().tls(tls).build();
            keyMaterial = served.keyMaterial();
            reloaded.accept(settings);
            LOG.info("Service [{}] TLS files changed: new connections use them{}", name,
                    keyMaterial == null ? "" : " (certificate " + Certificates.describe(keyMaterial.leaf()) + ")");
            warnIfExpiring();
        }
    }

    /** The served certificate ends within {@value #EXPIRY_WARNING_DAYS} days: say so, ahead of time. */
    private void warnIfExpiring() {
        synchronized (lock) {
            KeyMaterial material = keyMaterial;
            if (material == null || closed) {
                return;
            }
            X509Certificate leaf = material.leaf();
            long days = Certificates.daysLeft(leaf, Instant.now());
            String subject = leaf.getSubjectX500Principal().getName();
            if (days < 0) {
                LOG.error("Service [{}] certificate {} has expired: {}", settings.name(), subject,
                        Certificates.expiry(leaf, Instant.now()));
            } else if (days <= EXPIRY_WARNING_DAYS) {
                LOG.warn("Service [{}] certificate {} expires {}", settings.name(), subject,
                        Certificates.expiry(leaf, Instant.now()));
            }
        }
    }
}
