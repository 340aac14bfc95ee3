package io.sluice.tls.common;

import io.sluice.api.tls.Revocation;
import io.sluice.pki.OcspClient;
import io.sluice.pki.PkiException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.ByteBuffer;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * OCSP and OCSPaia for the peer's leaf, with OCSPrequire deciding what an inconclusive result means.
 * Answers are cached per tunnel configuration until the responder's nextUpdate (an answer without one is
 * not reused), so a responder is asked once per certificate per update period, not once per handshake.
 * The query runs where the TLS engine checks certificates: in SunJSSE's delegated tasks, inside BCJSSE's unwrap,
 * both on the transport's I/O thread today, which other connections share; it blocks for up to TIMEOUTocsp. So that a
 * responder that is down does not cost that wait at every handshake, it is not asked again for
 * {@link #RETRY_AFTER} (meanwhile its answer counts as missing, which OCSPrequire decides on as usual).
 */
final class OcspCheck {

    /** Beyond this many cached answers, expired ones are dropped, then all: memory stays bounded. */
    private static final int MAX_CACHED = 10_000;

    static final Duration RETRY_AFTER = Duration.ofSeconds(30);

    private record Key(ByteBuffer issuerKey, BigInteger serial, URI responder) {
    }

    private final Revocation settings;
    private final Map<Key, OcspClient.Answer> cache = new ConcurrentHashMap<>();
    private final Map<URI, Instant> unreachableUntil = new ConcurrentHashMap<>();

    OcspCheck(Revocation settings) {
        this.settings = settings;
    }

    void check(IssuerChain chain) throws CertificateException {
        if (chain.links().isEmpty()) {
            // The leaf is itself a trust anchor: there is no issuer to ask about it.
            return;
        }
        X509Certificate leaf = chain.links().get(0).cert();
        X509Certificate issuer = chain.links().get(0).issuer();
        List<URI> responders = new ArrayList<>();
        if (settings.ocspUrl() != null) {
            responders.add(settings.ocspUrl());
        }
        if (settings.ocspAia()) {
            responders.addAll(OcspClient.responders(leaf));
        }
        List<String> problems = new ArrayList<>();
        if (responders.isEmpty()) {
            problems.add("the certificate names no OCSP responder (OCSPaia) and OCSP is not set");
        }
        for (URI responder : responders) {
            OcspClient.Answer answer;
            try {
                answer = answer(responder, leaf, issuer);
            } catch (PkiException e) {
                problems.add(e.getMessage());
                continue;
            }
            switch (answer.status()) {
                case GOOD:
                    return;
                case REVOKED:
                    throw new CertificateException("certificate " + leaf.getSubjectX500Principal() + " (serial "
                            + leaf.getSerialNumber().toString(16) + ") is revoked (OCSP responder " + responder
                            + (answer.revokedAt() == null ? "" : ", since " + answer.revokedAt()) + ")");
                default:
                    problems.add("OCSP responder " + responder + " does not know the certificate (status unknown)");
            }
        }
        if (settings.ocspRequire()) {
            throw new CertificateException("no OCSP answer for certificate " + leaf.getSubjectX500Principal()
                    + " (OCSPrequire = yes): " + String.join("; ", problems));
        }
        // OCSPrequire = no: fail open, as configured.
    }

    private OcspClient.Answer answer(URI responder, X509Certificate leaf, X509Certificate issuer) throws PkiException {
        Key key = new Key(ByteBuffer.wrap(issuer.getPublicKey().getEncoded()), leaf.getSerialNumber(), responder);
        Instant now = Instant.now();
        OcspClient.Answer cached = cache.get(key);
        if (cached != null && cached.nextUpdate().isAfter(now)) {
            return cached;
        }
        Instant retry = unreachableUntil.get(responder);
        if (retry != null && retry.isAfter(now)) {
            throw new PkiException("OCSP responder " + responder + " was unreachable; not asked again before " + retry);
        }
        OcspClient.Answer fresh;
        try {
            fresh = OcspClient.query(responder, leaf, issuer, settings.ocspTimeout());
            unreachableUntil.remove(responder);
        } catch (OcspClient.UnreachableException e) {
            unreachableUntil.put(responder, now.plus(RETRY_AFTER));
            throw e;
        }
        if (fresh.nextUpdate() != null && fresh.nextUpdate().isAfter(now)) {
            if (cache.size() >= MAX_CACHED) {
                cache.values().removeIf(a -> !a.nextUpdate().isAfter(now));
                if (cache.size() >= MAX_CACHED) {
                    cache.clear();
                }
            }
            cache.put(key, fresh);
        } else {
            cache.remove(key);
        }
        return fresh;
    }
}
