package io.sluice.api;

import java.util.List;

/** The keys of a tunnel configuration: stunnel's option names, spelled as stunnel spells them. */
public interface TunnelKeys {

    List<String> ALL = List.of(
            "accept", "connect", "failover", "client", "cert", "key", "keyPassword", "CAfile", "CApath",
            "verifyChain", "verifyPeer", "requireCert", "checkHost", "checkIP", "sni", "sslVersion",
            "sslVersionMin", "sslVersionMax", "ciphers", "ciphersuites", "tlsProvider", "protocol",
            "protocolHost", "protocolUsername", "protocolPassword", "protocolAuthentication", "protocolDomain",
            "protocolAllow", "libwrap", "TIMEOUTconnect", "TIMEOUTidle", "TIMEOUTclose", "TIMEOUTbusy",
            "TIMEOUThandshake", "checkEmail", "allowCN", "allowOU", "allowDNS", "allowURI", "CRLfile", "CRLpath",
            "OCSP", "OCSPaia", "OCSPrequire", "TIMEOUTocsp", "delay", "sessionCacheSize", "sessionCacheTimeout",
            "sessionResume", "alpn", "redirect", "PSKsecrets", "PSKidentity", "exec", "execArgs", "retry", "inetd");

    /** The factory PID: {@code etc/io.sluice.tunnel-NAME.cfg} holds tunnel NAME. */
    String FACTORY_PID = "io.sluice.tunnel";
}
