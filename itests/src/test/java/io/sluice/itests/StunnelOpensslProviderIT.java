package io.sluice.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * {@code bin/sluice FILE} with a section naming {@code tlsProvider = openssl}, whose feature the
 * distribution holds but does not boot (issue 21: the section waited for it in silence and was
 * never bound): the launcher boots the feature for it.
 */
public class StunnelOpensslProviderIT {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @ClassRule
    public static final CopiedInstallation installation = new CopiedInstallation("sluice-openssl-it", "DNS:localhost,IP:127.0.0.1");

    @Test
    public void aServerSectionAskingForTheOpensslProviderIsBoundAndServesOpensslsClient() throws Exception {
        Path cert = installation.cert();
        try (Backend web = new Backend("web")) {
            Path conf = StunnelLauncherIT.write(tmp.getRoot().toPath().resolve("openssl.conf"), "foreground = yes",
                    "debug = 6", "", "[web]", "accept = 127.0.0.1:0", "connect = 127.0.0.1:" + web.port(),
                    "cert = " + cert, "key = " + installation.key(), "tlsProvider = openssl");
            try (SluiceProcess sluice = SluiceProcess.start(installation.home(), tmp.getRoot().toPath().resolve("stderr.log"),
                    conf.toString())) {
                int port = sluice.boundPort("web");
                sluice.awaitLine("Service \\[web\\] server mode, TLS by openssl, connecting \\S+:" + web.port(), 5);
                sluice.awaitLine("LOG5\\[ui\\]: Configuration successful", 5);
                assertEquals("web:through boringssl", Clients.opensslLine(port, cert, "through boringssl"));
                sluice.signal("TERM");
                assertEquals(0, sluice.awaitExit(30));
                assertTrue(sluice.log(), !sluice.log().contains("waiting for"));
            }
        }
    }
}
