package io.sluice.core;

import io.sluice.api.tls.PeerAllowList;
import io.sluice.api.tls.Revocation;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;

/**
 * What a tunnel asks of its peer's verified certificate beyond the chain: checkEmail, allowCN, allowOU,
 * allowDNS, allowURI (all of them, and checkHost/checkIP, need verification), and revocation (OCSP, OCSPaia, OCSPrequire, TIMEOUTocsp; the CRLs of CRLfile and
 * CRLpath are read by {@link TlsMaterialLoader}).
 */
final class PeerChecksParser {

    private final ConfigValues values;
    private final boolean verifies;

    /** @param verifies the tunnel verifies its peers (verifyChain or verifyPeer) */
    PeerChecksParser(ConfigValues values, boolean verifies) {
        this.values = values;
        this.verifies = verifies;
    }

    List<String> emails() throws ConfigException {
        List<String> emails = values.list("checkEmail");
        for (String email : emails) {
            int at = email.lastIndexOf('@');
            if (at <= 0 || at == email.length() - 1 || email.indexOf(' ') >= 0) {
                throw values.error("checkEmail", "'" + email + "' is not an email address");
            }
        }
        return emails;
    }

    PeerAllowList allow() throws ConfigException {
        PeerAllowList allow = new PeerAllowList(values.list("allowCN"), values.list("allowOU"), values.list("allowDNS"),
                uris());
        // As stunnel refuses checkHost without verification: an unverified name proves nothing. Without this a
        // server would not even ask for a client certificate and every check would pass unchecked.
        for (String key : List.of("checkHost", "checkIP", "checkEmail", "allowCN", "allowOU", "allowDNS",
                "allowURI")) {
            if (!verifies && values.optional(key) != null) {
                throw values.error(key, "needs verifyChain or verifyPeer: an unverified certificate proves no identity");
            }
        }
        return allow;
    }

    private List<String> uris() throws ConfigException {
        List<String> uris = values.list("allowURI");
        for (String uri : uris) {
            try {
                URI parsed = new URI(uri.endsWith("/*") ? uri.substring(0, uri.length() - 1) : uri);
                if (parsed.getScheme() == null) {
                    throw new URISyntaxException(uri, "no scheme");
                }
            } catch (URISyntaxException e) {
                throw values.error("allowURI", "'" + uri + "' is not a URI such as spiffe://example.org/service");
            }
            if (uri.indexOf('*') >= 0 && (!uri.endsWith("/*") || uri.indexOf('*') != uri.length() - 1)) {
                throw values.error("allowURI", "'" + uri + "': '*' is only allowed as a last path segment '/*'");
            }
        }
        return uris;
    }

    /** The revocation checks without CRLs: those are the loader's, read from CRLfile and CRLpath. */
    Revocation revocation(boolean verifyChain) throws ConfigException {
        URI ocspUrl = null;
        String ocsp = values.optional("OCSP");
        if (ocsp != null) {
            try {
                ocspUrl = new URI(ocsp);
            } catch (URISyntaxException e) {
                ocspUrl = null;
            }
            if (ocspUrl == null || !"http".equalsIgnoreCase(ocspUrl.getScheme()) || ocspUrl.getHost() == null) {
                throw values.error("OCSP", ocsp, "expected the responder's http:// URL");
            }
        }
        boolean ocspAia = values.bool("OCSPaia", false);
        boolean ocspRequire = values.bool("OCSPrequire", true);
        Duration ocspTimeout = values.seconds("TIMEOUTocsp", 5, 1);
        // stunnel: "verifyChain" has to be enabled for OCSP support; CRLs likewise only make sense on a chain.
        for (String key : List.of("CRLfile", "CRLpath", "OCSP", "OCSPaia")) {
            if (!verifyChain && values.optional(key) != null && !(key.equals("OCSPaia") && !ocspAia)) {
                throw values.error(key, "needs verifyChain: revocation is checked on a verified chain");
            }
        }
        return new Revocation(List.of(), ocspUrl, ocspAia, ocspRequire, ocspTimeout);
    }
}
