package io.sluice.transport.mina;

import static org.junit.Assert.assertEquals;

import javax.security.auth.x500.X500Principal;
import org.junit.Test;

/** SSL_CLIENT_DN as stunnel 5.68 sets it (observed with stunnel4 and openssl s_client -cert, exec = /usr/bin/env). */
public class ProgramsTest {

    @Test
    public void namesAreInCertificateOrderWithOpenSslsOneLineQuotingAndMultiValuedRdns() {
        // openssl req -subj "/C=PL/O=Test Org, Inc/OU=Dev+OU=Ops/CN=client one/emailAddress=a@b.c"; stunnel printed:
        String stunnel = "C=PL, O=\"Test Org, Inc\", OU=Dev + OU=Ops, CN=client one, emailAddress=a@b.c";
        X500Principal subject = new X500Principal(
                "EMAILADDRESS=a@b.c, CN=client one, OU=Dev + OU=Ops, O=\"Test Org, Inc\", C=PL");
        assertEquals(stunnel, Programs.openSslName(subject));
    }

    @Test
    public void aPlainNameStaysPlain() {
        assertEquals("CN=exec client", Programs.openSslName(new X500Principal("CN=exec client")));
        assertEquals("DC=org, DC=example, CN=host", Programs.openSslName(new X500Principal("CN=host, DC=example, DC=org")));
    }
}
