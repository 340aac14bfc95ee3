package io.sluice.core;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The metatype of {@code etc/io.sluice.tunnel-NAME.cfg}, for configuration UIs. All values are
 * text, parsed and checked by {@link ConfigParser}. An annotation cannot be computed, so this
 * repeats {@link io.sluice.api.TunnelKeys#ALL}: TunnelConfigTest fails when the two differ.
 * A default that depends on other keys ("yes when verifying") is said in the description, never
 * declared: a UI would write a declared default into the file and pin it.
 */
@ObjectClassDefinition(id = "io.sluice.tunnel", name = "Sluice tunnel",
        description = "One TLS tunnel. Keys are stunnel's option names.")
public @interface TunnelConfig {

    @AttributeDefinition(required = false, description = "Where to listen: PORT (all interfaces), HOST:PORT or "
            + "[IPv6]:PORT, comma separated for several (every address of a host name); none for inetd mode, an "
            + "exec+connect tunnel or an SNI secondary (default: required)")
    String accept();

    @AttributeDefinition(required = false, description = "Where to connect: one or more [HOST:]PORT, comma separated "
            + "(bare port: localhost); none when exec takes its place (default: required)")
    String connect();

    @AttributeDefinition(required = false, description = "prio (always start at the first target) or rr (round robin)")
    String failover() default "prio";

    @AttributeDefinition(required = false, description = "yes: plaintext in, TLS out; no: TLS in, plaintext out")
    String client() default "no";

    @AttributeDefinition(required = false, description = "Certificate chain file: PEM (leaf first, may hold the key) "
            + "or PKCS#12 (default: server: etc/sluice.crt)")
    String cert();

    @AttributeDefinition(required = false, description = "Private key file, PEM: PKCS#1, PKCS#8, EC, encrypted or not "
            + "(default: the cert file)")
    String key();

    @AttributeDefinition(required = false, type = AttributeType.PASSWORD, description = "Password of an encrypted key "
            + "or of a PKCS#12 file (never logged) (default: none)")
    String keyPassword();

    @AttributeDefinition(required = false, description = "Trusted certificates: a PEM or DER file (default: client: "
            + "JDK trust store)")
    String CAfile();

    @AttributeDefinition(required = false, description = "Trusted certificates: a directory of PEM or DER files "
            + "(default: client: JDK trust store)")
    String CApath();

    @AttributeDefinition(required = false, description = "Verify the peer's certificate chain (default: client: yes, "
            + "server: no)")
    String verifyChain();

    @AttributeDefinition(required = false, description = "The peer's own certificate must be in CAfile/CApath")
    String verifyPeer() default "no";

    @AttributeDefinition(required = false, description = "Server mode: refuse clients without a certificate (default: "
            + "yes when verifying)")
    String requireCert();

    @AttributeDefinition(required = false, description = "Host names the peer certificate must match (any one) "
            + "(default: client: the connect host)")
    String checkHost();

    @AttributeDefinition(required = false, description = "IP addresses the peer certificate must match (any one) "
            + "(default: client: the connect host)")
    String checkIP();

    @AttributeDefinition(required = false, description = "Client: the server name to send, empty sends none; server: "
            + "SERVICE:PATTERN, ... makes this tunnel an SNI secondary of SERVICE (default: client: the connect "
            + "host name)")
    String sni();

    @AttributeDefinition(required = false, description = "Sets both sslVersionMin and sslVersionMax: TLSv1.2 or "
            + "TLSv1.3 (default: none)")
    String sslVersion();

    @AttributeDefinition(required = false, description = "Lowest TLS version: TLSv1.2 or TLSv1.3")
    String sslVersionMin() default "TLSv1.2";

    @AttributeDefinition(required = false, description = "Highest TLS version: TLSv1.2 or TLSv1.3")
    String sslVersionMax() default "TLSv1.3";

    @AttributeDefinition(required = false, description = "TLS 1.2 cipher suites: an OpenSSL cipher string (default: "
            + "AES-128-GCM first)")
    String ciphers();

    @AttributeDefinition(required = false, description = "TLS 1.3 cipher suites, ':' or ',' separated (default: "
            + "TLS_AES_128_GCM_SHA256 first)")
    String ciphersuites();

    @AttributeDefinition(required = false, description = "Key exchange groups in preference order, ':' separated, "
            + "OpenSSL's names: X25519, X448, P-256 (prime256v1), P-384 (secp384r1), P-521 (secp521r1), ffdhe2048 to "
            + "ffdhe8192; tlsProvider jsse needs JDK 20 or later (default: the TLS provider's)")
    String curves();

    @AttributeDefinition(required = false, description = "TLS provider: jsse (the JDK's SunJSSE), bc (Bouncy Castle) or openssl (BoringSSL) "
            + "(default: openssl on Linux x86_64, else jsse; bc with PSKsecrets, openssl with ticketKeySecret; jsse where "
            + "BoringSSL falls short: ciphersuites, ciphers or curves it lacks, a server's alpn, renegotiation = yes)")
    String tlsProvider();

    @AttributeDefinition(required = false, description = "Plaintext negotiation before TLS, by a protocol plugin "
            + "(smtp, connect, ...) (default: none)")
    String protocol();

    @AttributeDefinition(required = false, description = "Protocol plugin: smtp: the EHLO name or greeting domain; "
            + "connect client: the server's host:port behind the proxy; socks client: the host:port the SOCKS server "
            + "connects to (default: smtp: localhost; connect and socks client: required)")
    String protocolHost();

    @AttributeDefinition(required = false, description = "Protocol plugin, client: connect: the proxy user (Basic "
            + "authentication); smtp: the SMTP AUTH user (default: none)")
    String protocolUsername();

    @AttributeDefinition(required = false, type = AttributeType.PASSWORD, description = "Protocol plugin, client: "
            + "connect: the proxy password; smtp: the SMTP AUTH password (never logged) (default: none)")
    String protocolPassword();

    @AttributeDefinition(required = false, description = "Protocol plugin, client: connect: the proxy authentication "
            + "scheme, only basic; smtp: plain or login (default: connect: basic; smtp: plain)")
    String protocolAuthentication();

    @AttributeDefinition(required = false, description = "Protocol plugin, connect client: extra 'Name: value' lines "
            + "of the CONNECT request, in order, separated by line feeds (\\n in a .cfg file) (default: none)")
    String protocolHeader();

    @AttributeDefinition(required = false, description = "Protocol plugin: stunnel's NTLM domain; refused (NTLM is not "
            + "supported) (default: none)")
    String protocolDomain();

    @AttributeDefinition(required = false, description = "Protocol plugin, connect and socks server: the host:port "
            + "targets clients may ask for (*.domain:port for names below domain) (default: none: nothing allowed)")
    String protocolAllow();

    @AttributeDefinition(required = false, description = "Protocol plugin, proxy server: the PROXY header sent to the "
            + "target: 1 (text, as stunnel) or 2 (binary, with the TLS facts)")
    String protocolProxyVersion() default "1";

    @AttributeDefinition(required = false, description = "yes: check hosts.allow / hosts.deny under the tunnel's name "
            + "before TLS")
    String libwrap() default "no";

    @AttributeDefinition(required = false, description = "accept: every connection starts with a PROXY v1/v2 header "
            + "from a proxyFrom address, naming the real client (for libwrap, logs, exec and protocol = proxy); no: "
            + "none")
    String proxyProtocol() default "no";

    @AttributeDefinition(required = false, description = "The load balancers allowed to send a PROXY header: "
            + "addresses or networks (10.0.0.0/8, ::1), comma separated; others are refused (default: required with "
            + "proxyProtocol)")
    String proxyFrom();

    @AttributeDefinition(required = false, description = "Seconds to connect to a target")
    String TIMEOUTconnect() default "10";

    @AttributeDefinition(required = false, description = "Seconds a connection may carry no data")
    String TIMEOUTidle() default "43200";

    @AttributeDefinition(required = false, description = "Seconds to wait for the other side after one side closed; 0: "
            + "close at once")
    String TIMEOUTclose() default "60";

    @AttributeDefinition(required = false, description = "Seconds to wait for expected data during a protocol "
            + "negotiation")
    String TIMEOUTbusy() default "300";

    @AttributeDefinition(required = false, description = "Seconds for the whole setup of a connection from accept: "
            + "access check, negotiation, server name, DNS, dialing and the TLS handshake")
    String TIMEOUThandshake() default "30";

    @AttributeDefinition(required = false, description = "Email addresses the peer certificate must carry (any one, "
            + "with checkHost/checkIP); needs verification (default: none)")
    String checkEmail();

    @AttributeDefinition(required = false, description = "Let in only a verified peer whose subject CN is one of these "
            + "(default: anyone verified)")
    String allowCN();

    @AttributeDefinition(required = false, description = "Let in only a verified peer with one of these subject OUs "
            + "(default: anyone verified)")
    String allowOU();

    @AttributeDefinition(required = false, description = "Let in only a verified peer with one of these DNS SANs "
            + "(default: anyone verified)")
    String allowDNS();

    @AttributeDefinition(required = false, description = "Let in only a verified peer with one of these URI SANs; a "
            + "trailing /* takes any path below (default: anyone verified)")
    String allowURI();

    @AttributeDefinition(required = false, description = "CRLs checked against the peer's chain: a PEM or DER file; "
            + "needs verifyChain (default: none)")
    String CRLfile();

    @AttributeDefinition(required = false, description = "CRLs checked against the peer's chain: a directory (hashed "
            + ".r0 names, .pem, .crl); needs verifyChain (default: none)")
    String CRLpath();

    @AttributeDefinition(required = false, description = "OCSP responder URL (http://) asked about the peer's "
            + "certificate; needs verifyChain (default: none)")
    String OCSP();

    @AttributeDefinition(required = false, description = "yes: ask the OCSP responders named in the peer certificate; "
            + "needs verifyChain")
    String OCSPaia() default "no";

    @AttributeDefinition(required = false, description = "yes (fail closed): refuse the peer when OCSP gives no "
            + "answer; no: fail open")
    String OCSPrequire() default "yes";

    @AttributeDefinition(required = false, description = "Seconds to reach and hear from the OCSP responder")
    String TIMEOUTocsp() default "5";

    @AttributeDefinition(required = false, description = "yes: resolve connect host names for each connection, not "
            + "once at start")
    String delay() default "no";

    @AttributeDefinition(required = false, description = "TLS sessions kept for resumption; 0: unlimited")
    String sessionCacheSize() default "1000";

    @AttributeDefinition(required = false, description = "Seconds a TLS session may be resumed; at most 604800 (7 "
            + "days)")
    String sessionCacheTimeout() default "300";

    @AttributeDefinition(required = false, description = "yes: resume TLS sessions (client offers, server accepts); "
            + "no: always a full handshake")
    String sessionResume() default "yes";

    @AttributeDefinition(required = false, type = AttributeType.PASSWORD, description = "Session ticket encryption "
            + "secret, 16 or 32 bytes of hex (colons allowed), with ticketMacSecret: servers with the same secrets "
            + "resume each other's tickets; tlsProvider openssl (default: none)")
    String ticketKeySecret();

    @AttributeDefinition(required = false, type = AttributeType.PASSWORD, description = "Session ticket HMAC secret, "
            + "16 or 32 bytes of hex (colons allowed), with ticketKeySecret (default: none)")
    String ticketMacSecret();

    @AttributeDefinition(required = false, description = "ALPN protocols in preference order, comma separated "
            + "(h2,http/1.1) (default: none)")
    String alpn();

    @AttributeDefinition(required = false, description = "Server with verifyChain/verifyPeer: where clients that fail "
            + "certificate verification are sent ([HOST:]PORT) (default: none)")
    String redirect();

    @AttributeDefinition(required = false, description = "TLS-PSK: a file of IDENTITY:KEY lines (hex or text key, "
            + "16-512 bytes); no certificates then, and tlsProvider bc (default: none)")
    String PSKsecrets();

    @AttributeDefinition(required = false, description = "Client mode with PSKsecrets: the identity to present "
            + "(default: the file's first)")
    String PSKidentity();

    @AttributeDefinition(required = false, description = "A program in place of an endpoint, on its stdin/stdout: with "
            + "accept, one per connection instead of connect; without accept, started with the tunnel and relayed "
            + "to connect (default: none)")
    String exec();

    @AttributeDefinition(required = false, description = "The program's arguments, $0 first, split at white space (no "
            + "quoting) (default: the exec program alone)")
    String execArgs();

    @AttributeDefinition(required = false, description = "exec+connect: start the program again after it ends: yes "
            + "(1000 ms), no, or a delay in milliseconds")
    String retry() default "no";

    @AttributeDefinition(required = false, description = "yes: stunnel's inetd mode, set by bin/sluice for a file "
            + "without sections: the accept side is standard input and output")
    String inetd() default "no";

    @AttributeDefinition(required = false, description = "Connections open at once; more are refused at accept (0: "
            + "no bound of the tunnel's own; the process allows half its file descriptors)")
    String maxConnections() default "0";

    @AttributeDefinition(required = false, description = "Connections still in setup (before the relay) at once; "
            + "more are refused at accept (0: no bound)")
    String maxSetups() default "0";

    @AttributeDefinition(required = false, description = "Connections open at once from one client address; more "
            + "are refused at accept (0: no bound)")
    String maxConnectionsPerSource() default "0";

    @AttributeDefinition(required = false, description = "yes: a peer may renegotiate TLS 1.2 on an established "
            + "connection; no: that connection ends")
    String renegotiation() default "no";

    @AttributeDefinition(required = false, description = "Socket options, stunnel's a|l|r:OPTION=VALUE, comma "
            + "separated: a (listening), l (accepted), r (connected); SO_KEEPALIVE, TCP_NODELAY, SO_RCVBUF, SO_SNDBUF, "
            + "SO_LINGER, IP_TOS, TCP_KEEPIDLE, TCP_KEEPINTVL, TCP_KEEPCNT; a: SO_REUSEADDR (default: "
            + "l:SO_KEEPALIVE=yes, r:SO_KEEPALIVE=yes)")
    String socket();

    @AttributeDefinition(required = false, description = "Source IP address (or host name, resolved at start) of the "
            + "connections to targets (default: none)")
    String local();

    @AttributeDefinition(required = false, description = "yes: a connection ended by an error, a timeout or a kill is "
            + "closed with a TCP RST (SO_LINGER 0); no: with a FIN")
    String reset() default "no";
}
