package io.sluice.tls.bc.psk;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.bouncycastle.tls.TlsSession;

/**
 * The TLS 1.2 sessions of one PSK tunnel (sessionCacheSize, sessionCacheTimeout): a server's by
 * session ID, a client's by identity and target. Each session remembers the identity whose key
 * made it, so that a changed secrets file can drop exactly the sessions its keys no longer vouch for.
 * Oldest first: the timeout counts from a session's full handshake, as OpenSSL's cache does, so
 * the expired ones are always at the head.
 */
final class PskSessionCache {

    /** A cached session and what it was made with. */
    record Entry(TlsSession session, String identity, long createdMillis) {
    }

    private final int maxSize;
    private final long timeoutMillis;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();

    /**
     * @param maxSize        sessions kept, the oldest dropped first; 0: unlimited
     * @param timeoutSeconds how long a session may be resumed after its full handshake
     */
    PskSessionCache(int maxSize, int timeoutSeconds) {
        this.maxSize = maxSize;
        this.timeoutMillis = timeoutSeconds * 1000L;
    }

    /** The session under {@code key} while it may still be resumed; null otherwise. */
    synchronized Entry get(String key) {
        dropExpired();
        Entry entry = entries.get(key);
        if (entry != null && !entry.session().isResumable()) {
            entries.remove(key);
            return null;
        }
        return entry;
    }

    /** Keeps a session a full handshake just made (a resumed one keeps its first entry and time). */
    synchronized void put(String key, TlsSession session, String identity) {
        dropExpired();
        entries.remove(key); // re-inserted last: a newer session of the same target
        entries.put(key, new Entry(session, identity, System.currentTimeMillis()));
        if (maxSize > 0 && entries.size() > maxSize) {
            entries.remove(entries.keySet().iterator().next());
        }
    }

    synchronized void remove(String key) {
        entries.remove(key);
    }

    synchronized int size() {
        dropExpired();
        return entries.size();
    }

    /** Takes over the sessions of {@code previous} whose identity {@code stillValid} accepts, oldest first. */
    void takeOver(PskSessionCache previous, Predicate<String> stillValid) {
        Map<String, Entry> kept = new LinkedHashMap<>();
        synchronized (previous) {
            previous.dropExpired();
            previous.entries.forEach((key, entry) -> {
                if (stillValid.test(entry.identity())) {
                    kept.put(key, entry);
                }
            });
        }
        synchronized (this) {
            kept.putAll(entries);
            entries.clear();
            entries.putAll(kept);
            while (maxSize > 0 && entries.size() > maxSize) {
                entries.remove(entries.keySet().iterator().next());
            }
        }
    }

    private void dropExpired() {
        long oldest = System.currentTimeMillis() - timeoutMillis;
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
            if (it.next().createdMillis() > oldest) {
                return;
            }
            it.remove();
        }
    }
}
