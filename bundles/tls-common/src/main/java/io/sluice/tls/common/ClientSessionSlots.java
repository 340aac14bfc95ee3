package io.sluice.tls.common;

import java.lang.ref.WeakReference;
import java.util.function.IntFunction;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;

/**
 * Which cached session a client-mode connection may offer. A JSSE client cache keeps one session
 * per host and port, and SunJSSE offers a TLS 1.3 ticket once: of several connections opened at the
 * same moment only one could resume, the others paid a full handshake (bench/README.md: 62% of a
 * burst resumed, stunnel's clients 92%). So each handshake in progress gets a cache entry of its
 * own, a slot: the port number with the slot in the bits above 16, because both providers use the
 * port only as part of the cache key (the host name check and SNI use the host). A finished
 * handshake leaves its slot holding the session it just got. The lowest free slot is taken, so
 * one connection at a time keeps using slot 0 and resumes exactly as without slots.
 */
public final class ClientSessionSlots {

    static final int SLOTS = 32;
    private static final String NO_SESSION = "SSL_NULL_WITH_NULL_NULL";

    @SuppressWarnings("unchecked")
    private final WeakReference<SSLEngine>[] holders = new WeakReference[SLOTS];
    /** When every slot is in a handshake: spread the rest over all of them. */
    private int overflow;

    /**
     * An engine from {@code create}, given the port to use for {@code peerPort}.
     */
    public synchronized SSLEngine engine(int peerPort, IntFunction<SSLEngine> create) {
        if (peerPort < 0 || peerPort > 0xffff) {
            return create.apply(peerPort); // no port, no cache entry to share
        }
        int slot = freeSlot();
        SSLEngine engine = create.apply(peerPort | slot << 16);
        holders[slot] = new WeakReference<>(engine);
        return engine;
    }

    private int freeSlot() {
        for (int slot = 0; slot < SLOTS; slot++) {
            SSLEngine holder = holders[slot] == null ? null : holders[slot].get();
            if (holder == null || handshakeOver(holder)) {
                return slot;
            }
        }
        overflow = (overflow + 1) % SLOTS;
        return overflow;
    }

    /** Finished (its session is in the cache) or given up; an engine not yet started counts as busy. */
    private static boolean handshakeOver(SSLEngine engine) {
        if (engine.isOutboundDone() || engine.isInboundDone()) {
            return true;
        }
        return engine.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING
                && !NO_SESSION.equals(engine.getSession().getCipherSuite());
    }
}
