package io.sluice.tls.bc;

import java.security.Security;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public-key arithmetic of SunJSSE's handshakes from Bouncy Castle: on JDK 17 the JDK's P-256
 * and X25519 are pure Java, and they were most of a handshake's CPU in both tunnel ends (JFR;
 * bench/README.md, changes 9 and 10). SunJSSE asks the JVM-wide provider list for its signatures,
 * key pairs and key agreements, so this puts {@link HandshakeCryptoProvider} first in it. That list
 * is the installation's, so the component runs only with a configuration
 * ({@code etc/io.sluice.jca.bc.cfg}, which Sluice's own distribution has and a stock Karaf with the
 * sluice feature does not), and takes the provider out again when it stops.
 */
@Component(configurationPid = BcHandshakeCrypto.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
public final class BcHandshakeCrypto {

    static final String PID = "io.sluice.jca.bc";
    private static final Logger LOG = LoggerFactory.getLogger(BcHandshakeCrypto.class);

    @Activate
    void activate() {
        Security.removeProvider(HandshakeCryptoProvider.NAME); // a previous activation that did not deactivate (a crash of the component)
        Security.insertProviderAt(new HandshakeCryptoProvider(), 1);
        LOG.info("TLS handshake crypto by Bouncy Castle: ECDSA signatures, X25519, X448 and EC key exchange "
                + "(provider {} first, {})", HandshakeCryptoProvider.NAME, PID);
    }

    @Deactivate
    void deactivate() {
        Security.removeProvider(HandshakeCryptoProvider.NAME);
    }
}
