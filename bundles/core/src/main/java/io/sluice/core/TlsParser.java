package io.sluice.core;

import io.sluice.api.tls.TicketSecrets;
import io.sluice.api.tls.TlsSettings;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The TLS keys of a tunnel: which files hold its material ({@link TlsFiles}, not read here) and
 * the TLS settings but that material. Every combination that can be judged without the files is
 * judged here: a PSK tunnel takes no certificate option, verifyPeer needs CAfile or CApath, ...
 */
final class TlsParser {

    /** The provider that speaks TLS-PSK (JSSE cannot). */
    static final String PSK_PROVIDER = "bc";

    /** The provider that takes session ticket keys (SunJSSE has no API for them, BCJSSE issues no tickets). */
    static final String TICKET_KEY_PROVIDER = "openssl";

    /** RFC 8446's ticket lifetime limit: SunJSSE resumes nothing at all (TLS 1.2 neither) past it, so refuse. */
    static final int MAX_SESSION_CACHE_TIMEOUT = 7 * 24 * 3600;

    private static final List<String> VERSIONS = List.of("TLSv1.2", "TLSv1.3");

    /** Certificate options a PSK tunnel has no use for: the key alone authenticates both peers. */
    private static final List<String> CERTIFICATE_KEYS = List.of("cert", "key", "keyPassword", "CAfile", "CApath",
            "verifyChain", "verifyPeer", "requireCert", "checkHost", "checkIP", "checkEmail", "allowCN", "allowOU",
            "allowDNS", "allowURI", "CRLfile", "CRLpath", "OCSP", "OCSPaia", "redirect", "alpn");

    private final ConfigValues values;
    private final boolean client;

    TlsParser(ConfigValues values, boolean client) {
        this.values = values;
        this.client = client;
    }

    /**
     * cert, key, keyPassword, CAfile, CApath, CRLfile, CRLpath, PSKsecrets and PSKidentity. A PSK
     * tunnel authenticates by the key alone, so certificate options are refused rather than
     * half-applied ("no" is fine).
     */
    TlsFiles files() throws ConfigException {
        Path secrets = values.path("PSKsecrets");
        String identity = values.optional("PSKidentity");
        if (secrets == null && identity != null) {
            throw values.error("PSKidentity", identity, "has no effect without PSKsecrets");
        }
        if (secrets != null) {
            if (identity != null && !client) {
                throw values.error("PSKidentity", identity, "only a client presents an identity (client = yes); a"
                        + " server accepts every identity of PSKsecrets");
            }
            for (String key : CERTIFICATE_KEYS) {
                String value = values.optional(key);
                if (value != null && !List.of("no", "false", "off", "0").contains(value.toLowerCase(Locale.ROOT))) {
                    throw values.error(key, "not used with PSKsecrets: a PSK tunnel authenticates by the"
                            + " pre-shared key alone (no certificate, no ALPN)");
                }
            }
        }
        if (secrets != null && values.optional("curves") != null) {
            throw values.error("curves", "not supported with PSKsecrets yet (the PSK engine offers Bouncy Castle's"
                    + " default groups)");
        }
        if (values.path("key") != null && values.path("cert") == null) {
            throw values.error("key", "key without cert: set cert to the certificate chain");
        }
        return new TlsFiles(values.path("cert"), values.path("key"), values.optional("keyPassword"),
                values.path("CAfile"), values.path("CApath"), values.path("CRLfile"), values.path("CRLpath"),
                secrets, identity);
    }

    /**
     * Everything but the material of the files: no key, trust anchors, CRLs or pre-shared keys yet.
     *
     * @param redirects the tunnel has a redirect (stunnel's redirect)
     */
    TlsSettings settings(TlsFiles files, boolean redirects) throws ConfigException {
        boolean psk = files.pskSecrets() != null;
        boolean verifyPeer = values.bool("verifyPeer", false);
        // The secure default: a client verifies the server unless told otherwise (stunnel's is no).
        boolean verifyChain = values.bool("verifyChain", client && !verifyPeer && !psk);
        if (verifyPeer && files.caFile() == null && files.caPath() == null) {
            throw values.error("verifyPeer", "needs CAfile or CApath holding the peer certificates");
        }
        boolean requireCert = values.bool("requireCert", !client && (verifyChain || verifyPeer));
        List<String> checkHost = values.list("checkHost");
        List<String> checkIP = values.list("checkIP");
        for (String ip : checkIP) {
            if (!isIpLiteral(ip)) {
                throw values.error("checkIP", "'" + ip + "' is not an IP address");
            }
        }
        boolean checkConnectHost = client && verifyChain && checkHost.isEmpty() && checkIP.isEmpty();
        String sni = client && values.raw("sni") != null ? values.raw("sni").trim() : null;

        String fallback = values.optional("sslVersion") != null ? "sslVersion" : null;
        String versionMin = version("sslVersionMin", fallback, "TLSv1.2");
        String versionMax = version("sslVersionMax", fallback, "TLSv1.3");
        if (VERSIONS.indexOf(versionMin) > VERSIONS.indexOf(versionMax)) {
            throw values.error("sslVersionMin", versionMin, "is above sslVersionMax " + versionMax);
        }
        List<String> ciphers = psk ? PskCiphers.parse(values, values.optional("ciphers")) : suites("ciphers", false);
        List<String> ciphersuites = suites("ciphersuites", true);

        PeerChecksParser peerChecks = new PeerChecksParser(values, verifyChain || verifyPeer);
        return TlsSettings.builder(client).verifyChain(verifyChain).verifyPeer(verifyPeer).requireCert(requireCert)
                .checkHost(checkHost).checkIP(checkIP).checkConnectHost(checkConnectHost).sni(sni)
                .versionMin(versionMin).versionMax(versionMax).ciphers(ciphers).ciphersuites(ciphersuites)
                .checkEmail(peerChecks.emails()).allow(peerChecks.allow()).revocation(peerChecks.revocation(verifyChain))
                .sessionCacheSize(values.count("sessionCacheSize", TlsSettings.DEFAULT_SESSION_CACHE_SIZE))
                .sessionCacheTimeout(sessionCacheTimeout()).sessionResume(values.bool("sessionResume", true))
                .alpn(alpn()).redirectOnFailure(redirects).namedGroups(NamedGroups.parse(values)).ticketSecrets(ticketSecrets())
                .build();
    }

    /** stunnel's ticketKeySecret and ticketMacSecret: both or neither, a server's, 16 or 32 bytes each. */
    private TicketSecrets ticketSecrets() throws ConfigException {
        String key = Secrets.resolve("ticketKeySecret", values.optional("ticketKeySecret"), values);
        String mac = Secrets.resolve("ticketMacSecret", values.optional("ticketMacSecret"), values);
        if (key == null && mac == null) {
            return null;
        }
        String given = key != null ? "ticketKeySecret" : "ticketMacSecret";
        if (client) {
            throw values.error(given, "only a server issues session tickets (client = no)");
        }
        if (key == null || mac == null) {
            throw values.error(given, "needs " + (key == null ? "ticketKeySecret" : "ticketMacSecret")
                    + " too: the two secrets go together");
        }
        return new TicketSecrets(ticketSecret("ticketKeySecret", key), ticketSecret("ticketMacSecret", mac));
    }

    /** Hex digits, colons allowed between them, as stunnel reads them; the value itself never in the message. */
    private byte[] ticketSecret(String key, String value) throws ConfigException {
        String hex = value.replace(":", "");
        if (!hex.matches("([0-9a-fA-F]{2})+") || hex.length() != 32 && hex.length() != 64) {
            throw values.error(key, "expected 16 or 32 bytes as hex digits (colons allowed), e.g. the output of"
                    + " openssl rand -hex 32");
        }
        return HexFormat.of().parseHex(hex);
    }

    private int sessionCacheTimeout() throws ConfigException {
        long seconds = values.seconds("sessionCacheTimeout", TlsSettings.DEFAULT_SESSION_CACHE_TIMEOUT, 1).toSeconds();
        if (seconds > MAX_SESSION_CACHE_TIMEOUT) {
            throw values.error("sessionCacheTimeout", "at most " + MAX_SESSION_CACHE_TIMEOUT + " seconds (7 days, the"
                    + " longest a TLS 1.3 ticket may live; beyond it the JDK resumes no session at all)");
        }
        return (int) seconds;
    }

    /** ALPN protocol names (RFC 7301): 1 to 255 bytes; printable ASCII here, as IANA's registered names are. */
    private List<String> alpn() throws ConfigException {
        List<String> names = values.list("alpn");
        for (String name : names) {
            if (name.length() > 255 || !name.matches("[\\x21-\\x7e]+")) {
                throw values.error("alpn", "'" + name
                        + "' is not an ALPN protocol name (1 to 255 printable ASCII characters, e.g. h2, http/1.1)");
            }
        }
        if (names.stream().distinct().count() < names.size()) {
            throw values.error("alpn", "names a protocol twice");
        }
        return names;
    }

    private String version(String key, String fallbackKey, String defaultValue) throws ConfigException {
        String usedKey = values.optional(key) != null ? key : fallbackKey;
        if (usedKey == null) {
            return defaultValue;
        }
        String value = values.optional(usedKey);
        for (String known : VERSIONS) {
            if (known.equalsIgnoreCase(value)) {
                return known;
            }
        }
        throw values.error(usedKey, value, List.of("SSLv2", "SSLv3", "TLSv1", "TLSv1.1").stream()
                .anyMatch(value::equalsIgnoreCase) ? "not allowed: Sluice speaks TLSv1.2 and TLSv1.3 only"
                : "expected TLSv1.2 or TLSv1.3");
    }

    private List<String> suites(String key, boolean tls13) throws ConfigException {
        String value = values.optional(key);
        if (value == null) {
            return null;
        }
        try {
            return Ciphers.parse(value, tls13);
        } catch (IllegalArgumentException e) {
            throw values.error(key, value, e.getMessage());
        }
    }

    private static boolean isIpLiteral(String text) {
        return text.matches("[0-9.]+") && text.split("\\.").length == 4 || text.contains(":");
    }
}
