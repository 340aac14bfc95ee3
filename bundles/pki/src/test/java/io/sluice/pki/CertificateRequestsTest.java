package io.sluice.pki;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class CertificateRequestsTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void opensslVerifiesTheRequestAndItsKeyIsTheWrittenKey() throws Exception {
        OpenSsl openssl = new OpenSsl(tmp.getRoot().toPath());
        CertificateRequests.write("mail.example.com", List.of("mail.example.com", "192.0.2.25"),
                openssl.file("mail.csr"), openssl.file("mail.key"));

        String text = openssl.run("req", "-in", "mail.csr", "-noout", "-verify", "-text");
        assertTrue(text, text.contains("verify OK"));
        assertTrue(text, text.contains("Subject: CN = mail.example.com"));
        assertTrue(text, text.contains("DNS:mail.example.com, IP Address:192.0.2.25"));
        assertEquals(openssl.run("pkey", "-in", "mail.key", "-pubout"),
                openssl.run("req", "-in", "mail.csr", "-noout", "-pubkey"));
    }
}
