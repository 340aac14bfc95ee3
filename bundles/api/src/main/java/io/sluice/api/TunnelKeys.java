package io.sluice.api;

import static io.sluice.api.TunnelKey.NONE;
import static io.sluice.api.TunnelKey.REQUIRED;
import static io.sluice.api.TunnelKey.Type.ADDRESS;
import static io.sluice.api.TunnelKey.Type.BOOLEAN;
import static io.sluice.api.TunnelKey.Type.CHOICE;
import static io.sluice.api.TunnelKey.Type.INTEGER;
import static io.sluice.api.TunnelKey.Type.LIST;
import static io.sluice.api.TunnelKey.Type.PASSWORD;
import static io.sluice.api.TunnelKey.Type.PATH;
import static io.sluice.api.TunnelKey.Type.SECONDS;
import static io.sluice.api.TunnelKey.Type.STRING;
import static io.sluice.api.TunnelKey.client;
import static io.sluice.api.TunnelKey.of;
import static io.sluice.api.TunnelKey.server;

import java.util.List;
import java.util.Optional;

/**
 * The keys of a tunnel configuration: stunnel's option names, spelled as stunnel spells them.
 * The one list of them: the parser reads these, and the metatype (TunnelConfig), the console's
 * completion, the stunnel importer and the README table are derived from or tested against it.
 * Defaults are what the parser applies, in words where they depend on other keys.
 */
public interface TunnelKeys {

    List<TunnelKey> ALL = List.of(
            of("accept", ADDRESS, REQUIRED,
                    "Where to listen: PORT (all interfaces), HOST:PORT or [IPv6]:PORT, comma separated for several (every address of a host name); none for inetd mode, an exec+connect tunnel or an SNI secondary"),
            of("connect", LIST, REQUIRED,
                    "Where to connect: one or more [HOST:]PORT, comma separated (bare port: localhost); none when exec takes its place"),
            of("failover", CHOICE, "prio",
                    "prio (always start at the first target) or rr (round robin)"),
            of("client", BOOLEAN, "no",
                    "yes: plaintext in, TLS out; no: TLS in, plaintext out"),
            of("cert", PATH, "server: etc/sluice.crt",
                    "Certificate chain file: PEM (leaf first, may hold the key) or PKCS#12"),
            of("key", PATH, "the cert file",
                    "Private key file, PEM: PKCS#1, PKCS#8, EC, encrypted or not"),
            of("keyPassword", PASSWORD, NONE,
                    "Password of an encrypted key or of a PKCS#12 file (never logged)"),
            of("CAfile", PATH, "client: JDK trust store",
                    "Trusted certificates: a PEM or DER file"),
            of("CApath", PATH, "client: JDK trust store",
                    "Trusted certificates: a directory of PEM or DER files"),
            of("verifyChain", BOOLEAN, "client: yes, server: no",
                    "Verify the peer's certificate chain"),
            of("verifyPeer", BOOLEAN, "no",
                    "The peer's own certificate must be in CAfile/CApath"),
            server("requireCert", BOOLEAN, "yes when verifying",
                    "Server mode: refuse clients without a certificate"),
            of("checkHost", LIST, "client: the connect host",
                    "Host names the peer certificate must match (any one)"),
            of("checkIP", LIST, "client: the connect host",
                    "IP addresses the peer certificate must match (any one)"),
            of("sni", STRING, "client: the connect host name",
                    "Client: the server name to send, empty sends none; server: SERVICE:PATTERN, ... makes this tunnel an SNI secondary of SERVICE"),
            of("sslVersion", CHOICE, NONE,
                    "Sets both sslVersionMin and sslVersionMax: TLSv1.2 or TLSv1.3"),
            of("sslVersionMin", CHOICE, "TLSv1.2",
                    "Lowest TLS version: TLSv1.2 or TLSv1.3"),
            of("sslVersionMax", CHOICE, "TLSv1.3",
                    "Highest TLS version: TLSv1.2 or TLSv1.3"),
            of("ciphers", STRING, "AES-128-GCM first",
                    "TLS 1.2 cipher suites: an OpenSSL cipher string"),
            of("ciphersuites", STRING, "TLS_AES_128_GCM_SHA256 first",
                    "TLS 1.3 cipher suites, ':' or ',' separated"),
            of("curves", STRING, "the TLS provider's",
                    "Key exchange groups in preference order, ':' separated, OpenSSL's names: X25519, X448, P-256 (prime256v1), P-384 (secp384r1), P-521 (secp521r1), ffdhe2048 to ffdhe8192; tlsProvider jsse needs JDK 20 or later"),
            of("tlsProvider", STRING,
                    "openssl on Linux x86_64, else jsse; bc with PSKsecrets, openssl with ticketKeySecret; jsse where BoringSSL falls short: ciphersuites, ciphers or curves it lacks, a server's alpn, renegotiation = yes",
                    "TLS provider: jsse (the JDK's SunJSSE), bc (Bouncy Castle) or openssl (BoringSSL)"),
            of("protocol", STRING, NONE,
                    "Plaintext negotiation before TLS, by a protocol plugin (smtp, connect, ...)"),
            of("protocolHost", STRING, "smtp: localhost; connect and socks client: required",
                    "Protocol plugin: smtp: the EHLO name or greeting domain; connect client: the server's host:port behind the proxy; socks client: the host:port the SOCKS server connects to"),
            client("protocolUsername", STRING, NONE,
                    "Protocol plugin, client: connect: the proxy user (Basic authentication); smtp: the SMTP AUTH user"),
            client("protocolPassword", PASSWORD, NONE,
                    "Protocol plugin, client: connect: the proxy password; smtp: the SMTP AUTH password (never logged)"),
            client("protocolAuthentication", CHOICE, "connect: basic; smtp: plain",
                    "Protocol plugin, client: connect: the proxy authentication scheme, only basic; smtp: plain or login"),
            client("protocolHeader", STRING, NONE,
                    "Protocol plugin, connect client: extra 'Name: value' lines of the CONNECT request, in order, separated by line feeds (\\n in a .cfg file)"),
            client("protocolDomain", STRING, NONE,
                    "Protocol plugin: stunnel's NTLM domain; refused (NTLM is not supported)"),
            server("protocolAllow", LIST, "none: nothing allowed",
                    "Protocol plugin, connect and socks server: the host:port targets clients may ask for (*.domain:port for names below domain)"),
            server("protocolProxyVersion", CHOICE, "1",
                    "Protocol plugin, proxy server: the PROXY header sent to the target: 1 (text, as stunnel) or 2 (binary, with the TLS facts)"),
            of("libwrap", BOOLEAN, "no",
                    "yes: check hosts.allow / hosts.deny under the tunnel's name before TLS"),
            of("proxyProtocol", CHOICE, "no",
                    "accept: every connection starts with a PROXY v1/v2 header from a proxyFrom address, naming the real client (for libwrap, logs, exec and protocol = proxy); no: none"),
            of("proxyFrom", LIST, "required with proxyProtocol",
                    "The load balancers allowed to send a PROXY header: addresses or networks (10.0.0.0/8, ::1), comma separated; others are refused"),
            of("TIMEOUTconnect", SECONDS, "10",
                    "Seconds to connect to a target"),
            of("TIMEOUTidle", SECONDS, "43200",
                    "Seconds a connection may carry no data"),
            of("TIMEOUTclose", SECONDS, "60",
                    "Seconds to wait for the other side after one side closed; 0: close at once"),
            of("TIMEOUTbusy", SECONDS, "300",
                    "Seconds to wait for expected data during a protocol negotiation"),
            of("TIMEOUThandshake", SECONDS, "30",
                    "Seconds for the whole setup of a connection from accept: access check, negotiation, server name, DNS, dialing and the TLS handshake"),
            of("checkEmail", LIST, NONE,
                    "Email addresses the peer certificate must carry (any one, with checkHost/checkIP); needs verification"),
            of("allowCN", LIST, "anyone verified",
                    "Let in only a verified peer whose subject CN is one of these"),
            of("allowOU", LIST, "anyone verified",
                    "Let in only a verified peer with one of these subject OUs"),
            of("allowDNS", LIST, "anyone verified",
                    "Let in only a verified peer with one of these DNS SANs"),
            of("allowURI", LIST, "anyone verified",
                    "Let in only a verified peer with one of these URI SANs; a trailing /* takes any path below"),
            of("CRLfile", PATH, NONE,
                    "CRLs checked against the peer's chain: a PEM or DER file; needs verifyChain"),
            of("CRLpath", PATH, NONE,
                    "CRLs checked against the peer's chain: a directory (hashed .r0 names, .pem, .crl); needs verifyChain"),
            of("OCSP", STRING, NONE,
                    "OCSP responder URL (http://) asked about the peer's certificate; needs verifyChain"),
            of("OCSPaia", BOOLEAN, "no",
                    "yes: ask the OCSP responders named in the peer certificate; needs verifyChain"),
            of("OCSPrequire", BOOLEAN, "yes",
                    "yes (fail closed): refuse the peer when OCSP gives no answer; no: fail open"),
            of("TIMEOUTocsp", SECONDS, "5",
                    "Seconds to reach and hear from the OCSP responder"),
            of("delay", BOOLEAN, "no",
                    "yes: resolve connect host names for each connection, not once at start"),
            of("sessionCacheSize", INTEGER, "1000",
                    "TLS sessions kept for resumption; 0: unlimited"),
            of("sessionCacheTimeout", SECONDS, "300",
                    "Seconds a TLS session may be resumed; at most 604800 (7 days)"),
            of("sessionResume", BOOLEAN, "yes",
                    "yes: resume TLS sessions (client offers, server accepts); no: always a full handshake"),
            server("ticketKeySecret", PASSWORD, NONE,
                    "Session ticket encryption secret, 16 or 32 bytes of hex (colons allowed), with ticketMacSecret: servers with the same secrets resume each other's tickets; tlsProvider openssl"),
            server("ticketMacSecret", PASSWORD, NONE,
                    "Session ticket HMAC secret, 16 or 32 bytes of hex (colons allowed), with ticketKeySecret"),
            of("alpn", LIST, NONE,
                    "ALPN protocols in preference order, comma separated (h2,http/1.1)"),
            server("redirect", LIST, NONE,
                    "Server with verifyChain/verifyPeer: where clients that fail certificate verification are sent ([HOST:]PORT)"),
            of("PSKsecrets", PATH, NONE,
                    "TLS-PSK: a file of IDENTITY:KEY lines (hex or text key, 16-512 bytes); no certificates then, and tlsProvider bc"),
            client("PSKidentity", STRING, "the file's first",
                    "Client mode with PSKsecrets: the identity to present"),
            of("exec", PATH, NONE,
                    "A program in place of an endpoint, on its stdin/stdout: with accept, one per connection instead of connect; without accept, started with the tunnel and relayed to connect"),
            of("execArgs", STRING, "the exec program alone",
                    "The program's arguments, $0 first, split at white space (no quoting)"),
            of("retry", STRING, "no",
                    "exec+connect: start the program again after it ends: yes (1000 ms), no, or a delay in milliseconds"),
            of("inetd", BOOLEAN, "no",
                    "yes: stunnel's inetd mode, set by bin/sluice for a file without sections: the accept side is standard input and output"),
            of("maxConnections", INTEGER, "0",
                    "Connections open at once; more are refused at accept (0: no bound of the tunnel's own; the process allows half its file descriptors)"),
            of("maxSetups", INTEGER, "0",
                    "Connections still in setup (before the relay) at once; more are refused at accept (0: no bound)"),
            of("maxConnectionsPerSource", INTEGER, "0",
                    "Connections open at once from one client address; more are refused at accept (0: no bound)"),
            of("renegotiation", BOOLEAN, "no",
                    "yes: a peer may renegotiate TLS 1.2 on an established connection; no: that connection ends"),
            of("local", STRING, NONE,
                    "Source IP address (or host name, resolved at start) of the connections to targets"),
            of("reset", BOOLEAN, "no",
                    "yes: a connection ended by an error, a timeout or a kill is closed with a TCP RST (SO_LINGER 0); no: with a FIN"),
            of("socket", LIST, "l:SO_KEEPALIVE=yes, r:SO_KEEPALIVE=yes",
                    "Socket options, stunnel's a|l|r:OPTION=VALUE, comma separated: a (listening), l (accepted), r (connected); SO_KEEPALIVE, TCP_NODELAY, SO_RCVBUF, SO_SNDBUF, SO_LINGER, IP_TOS, TCP_KEEPIDLE, TCP_KEEPINTVL, TCP_KEEPCNT; a: SO_REUSEADDR"));

    /** The factory PID: {@code etc/io.sluice.tunnel-NAME.cfg} holds tunnel NAME. */
    String FACTORY_PID = "io.sluice.tunnel";

    /** What a tunnel name may be (it becomes part of a file name and of a PID). */
    String NAME_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]*";

    /** The name itself, or why it cannot be a tunnel's. */
    static String checkedName(String name) {
        if (name == null || !name.matches(NAME_PATTERN)) {
            throw new IllegalArgumentException("'" + name + "' is not a tunnel name: use letters, digits, '.', '_' and '-'");
        }
        return name;
    }

    /** The names of {@link #ALL}, in its order. */
    static List<String> names() {
        return ALL.stream().map(TunnelKey::name).toList();
    }

    /** The key called {@code name}, ignoring case as stunnel does. */
    static Optional<TunnelKey> find(String name) {
        return ALL.stream().filter(key -> key.is(name)).findFirst();
    }
}
