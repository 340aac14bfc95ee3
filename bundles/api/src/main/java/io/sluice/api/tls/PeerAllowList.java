package io.sluice.api.tls;

import java.util.List;

/**
 * Authorization of a verified peer by its certificate identity, as ghostunnel's --allow-* flags do.
 * When any list is non-empty, the peer's leaf must match at least one entry of any list.
 *
 * @param commonNames   the subject CN equals one of these (allowCN)
 * @param orgUnits      one of the subject's OUs equals one of these (allowOU)
 * @param dnsNames      a DNS SAN equals one of these, case-insensitively, no wildcard expansion (allowDNS)
 * @param uris          a URI SAN equals one of these; an entry ending in {@code /*} matches any URI
 *                      below that path, e.g. {@code spiffe://example.org/*} (allowURI)
 */
public record PeerAllowList(List<String> commonNames, List<String> orgUnits, List<String> dnsNames, List<String> uris) {

    public static final PeerAllowList ANY = new PeerAllowList(List.of(), List.of(), List.of(), List.of());

    public PeerAllowList {
        commonNames = List.copyOf(commonNames);
        orgUnits = List.copyOf(orgUnits);
        dnsNames = List.copyOf(dnsNames);
        uris = List.copyOf(uris);
    }

    /** False when every list is empty: any verified peer is allowed. */
    public boolean restricts() {
        return !commonNames.isEmpty() || !orgUnits.isEmpty() || !dnsNames.isEmpty() || !uris.isEmpty();
    }
}
