package io.sluice.core;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The keys of {@code etc/io.sluice.tunnel-NAME.cfg}: stunnel's option names with stunnel's
 * meaning, so a stunnel.conf section maps onto them one to one. All values are text, parsed and
 * checked by {@link ConfigParser}, which names the tunnel, key and value of anything it refuses.
 */
@ObjectClassDefinition(id = "io.sluice.tunnel", name = "Sluice tunnel",
        description = "One TLS tunnel. Keys are stunnel's option names.")
public @interface TunnelConfig {

    @AttributeDefinition(required = false, description = "Where to listen: PORT (all interfaces), HOST:PORT or [IPv6]:PORT;"
            + " none for an exec+connect tunnel or an SNI secondary")
    String accept();

    @AttributeDefinition(required = false, description = "Where to connect: one or more [HOST:]PORT, comma separated;"
            + " none when exec takes its place")
    String connect();

    @AttributeDefinition(required = false, description = "prio (always start at the first target) or rr (round robin)")
    String failover() default "prio";

    @AttributeDefinition(required = false, description = "yes: plaintext in, TLS out; no: TLS in, plaintext out")
    String client() default "no";

    @AttributeDefinition(required = false, description = "Certificate chain file (PEM, or PKCS#12); required in server mode")
    String cert();

    @AttributeDefinition(required = false, description = "Private key file (PEM); defaults to the cert file")
    String key();

    @AttributeDefinition(required = false, type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD,
            description = "Password of an encrypted key or of a PKCS#12 file")
    String keyPassword();

    @AttributeDefinition(required = false, description = "Trusted CA certificates (PEM)")
    String CAfile();

    @AttributeDefinition(required = false, description = "Directory of trusted CA certificates")
    String CApath();

    @AttributeDefinition(required = false, description = "Verify the peer's chain; default yes in client mode, no in server mode")
    String verifyChain();

    @AttributeDefinition(required = false, description = "The peer's certificate must itself be in CAfile/CApath")
    String verifyPeer() default "no";

    @AttributeDefinition(required = false, description = "Server mode: refuse clients without a certificate")
    String requireCert() default "no";

    @AttributeDefinition(required = false, description = "Host names the peer certificate must match (any one)")
    String checkHost();

    @AttributeDefinition(required = false, description = "IP addresses the peer certificate must match (any one)")
    String checkIP();

    @AttributeDefinition(required = false, description = "Client mode: the server name to send; empty sends none; default the connect host")
    String sni();

    @AttributeDefinition(required = false, description = "Sets both sslVersionMin and sslVersionMax")
    String sslVersion();

    @AttributeDefinition(required = false, description = "Lowest TLS version: TLSv1.2 or TLSv1.3")
    String sslVersionMin() default "TLSv1.2";

    @AttributeDefinition(required = false, description = "Highest TLS version: TLSv1.2 or TLSv1.3")
    String sslVersionMax() default "TLSv1.3";

    @AttributeDefinition(required = false, description = "TLS 1.2 cipher suites, IANA or OpenSSL names, ':' or ',' separated")
    String ciphers();

    @AttributeDefinition(required = false, description = "TLS 1.3 cipher suites, ':' or ',' separated")
    String ciphersuites();

    @AttributeDefinition(required = false, description = "TLS provider: jsse or another provider's name")
    String tlsProvider() default "jsse";

    @AttributeDefinition(required = false, description = "Protocol negotiated before TLS (smtp, connect, ...)")
    String protocol();

    @AttributeDefinition(required = false, description = "yes: check hosts.allow / hosts.deny under the tunnel's name")
    String libwrap() default "no";

    @AttributeDefinition(required = false, description = "Seconds to connect to a target")
    String TIMEOUTconnect() default "10";

    @AttributeDefinition(required = false, description = "Seconds a connection may carry no data")
    String TIMEOUTidle() default "43200";

    @AttributeDefinition(required = false, description = "Seconds to wait for the other side after one side closed")
    String TIMEOUTclose() default "60";

    @AttributeDefinition(required = false, description = "Seconds to wait for expected data during a protocol negotiation")
    String TIMEOUTbusy() default "300";

    @AttributeDefinition(required = false, description = "Seconds for the whole TLS handshake")
    String TIMEOUThandshake() default "30";

    @AttributeDefinition(required = false, description = "Email addresses the peer certificate must carry (any one, with checkHost/checkIP)")
    String checkEmail();

    @AttributeDefinition(required = false, description = "Let in only peers whose subject CN is one of these")
    String allowCN();

    @AttributeDefinition(required = false, description = "Let in only peers with one of these subject OUs")
    String allowOU();

    @AttributeDefinition(required = false, description = "Let in only peers with one of these DNS SANs")
    String allowDNS();

    @AttributeDefinition(required = false, description = "Let in only peers with one of these URI SANs; a trailing /* takes any path below")
    String allowURI();

    @AttributeDefinition(required = false, description = "PEM file of CRLs checked against the peer's chain")
    String CRLfile();

    @AttributeDefinition(required = false, description = "Directory of CRLs (hashed .r0 names, .pem, .crl)")
    String CRLpath();

    @AttributeDefinition(required = false, description = "OCSP responder URL asked about the peer's certificate")
    String OCSP();

    @AttributeDefinition(required = false, description = "yes: ask the OCSP responder named in the peer certificate")
    String OCSPaia() default "no";

    @AttributeDefinition(required = false, description = "yes (fail closed): refuse the peer when OCSP gives no answer; no: fail open")
    String OCSPrequire() default "yes";

    @AttributeDefinition(required = false, description = "Seconds to reach and hear from the OCSP responder")
    String TIMEOUTocsp() default "5";

    @AttributeDefinition(required = false, description = "yes: resolve connect host names for each connection, not once at start")
    String delay() default "no";

    @AttributeDefinition(required = false, description = "TLS sessions kept for resumption; 0: unlimited")
    String sessionCacheSize() default "1000";

    @AttributeDefinition(required = false, description = "Seconds a TLS session may be resumed")
    String sessionCacheTimeout() default "300";

    @AttributeDefinition(required = false, description = "yes: resume TLS sessions (client offers, server accepts); no: always a full handshake")
    String sessionResume() default "yes";

    @AttributeDefinition(required = false, description = "ALPN protocols in preference order, comma separated (h2,http/1.1); empty: no ALPN")
    String alpn();

    @AttributeDefinition(required = false, description = "Server: where clients that fail certificate verification are sent ([HOST:]PORT)")
    String redirect();

    @AttributeDefinition(required = false, description = "TLS-PSK: file of IDENTITY:KEY lines (hex or text key, 16-512 bytes); "
            + "no certificates then, and tlsProvider bc")
    String PSKsecrets();

    @AttributeDefinition(required = false, description = "Client mode with PSKsecrets: the identity to present; default the file's first")
    String PSKidentity();

    @AttributeDefinition(required = false, description = "A program in place of an endpoint, on its stdin/stdout: with accept,"
            + " one per connection instead of connect; without accept, started with the tunnel and relayed to connect")
    String exec();

    @AttributeDefinition(required = false, description = "The program's arguments, $0 first, split at white space (no quoting)")
    String execArgs();

    @AttributeDefinition(required = false, description = "exec+connect: start the program again after it ends: yes (1000 ms),"
            + " no, or a delay in milliseconds")
    String retry() default "no";

    @AttributeDefinition(required = false, description = "yes: stunnel's inetd mode, set by bin/sluice for a file without"
            + " sections: the accept side is this process's standard input and output (one connection, no accept)")
    String inetd() default "no";
}
