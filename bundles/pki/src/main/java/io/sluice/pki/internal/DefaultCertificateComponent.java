package io.sluice.pki.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sluice.api.tls.KeyMaterial;
import io.sluice.pki.Certificates;
import io.sluice.pki.DefaultCertificate;
import io.sluice.pki.KeyFiles;
import io.sluice.pki.PkiException;
import io.sluice.pki.SelfSigned;

/**
 * Makes sure a fresh installation has a certificate: {@code etc/sluice.crt} and
 * {@code etc/sluice.key}, generated self-signed on first start. The service is only registered
 * when the pair loads without a password, so tunnels that rely on it can count on it.
 */
@Component(immediate = true, configurationPid = "io.sluice.pki", service = DefaultCertificate.class)
@Designate(ocd = DefaultCertificateComponent.Config.class)
public class DefaultCertificateComponent implements DefaultCertificate {

    @ObjectClassDefinition(name = "Sluice default certificate",
            description = "The certificate used by tunnels that name none. Generated self-signed when neither file exists.")
    public @interface Config {

        @AttributeDefinition(required = false, description = "PEM certificate chain or PKCS#12 file; "
                + "relative to the Karaf etc directory. Default: sluice.crt")
        String cert() default "";

        @AttributeDefinition(required = false, description = "PEM private key; relative to the Karaf etc directory. "
                + "Default: sluice.key, or the cert file itself when only cert is set (as in stunnel)")
        String key() default "";
    }

    static final Duration VALIDITY = Duration.ofDays(825);

    private static final Logger LOG = LoggerFactory.getLogger(DefaultCertificateComponent.class);

    private Path certificate;
    private Path key;

    @Activate
    public void activate(Config config) throws PkiException {
        Path etc = Paths.get(System.getProperty("karaf.etc", "etc")).toAbsolutePath();
        certificate = etc.resolve(config.cert().isBlank() ? "sluice.crt" : config.cert().trim());
        key = !config.key().isBlank() ? etc.resolve(config.key().trim())
                : config.cert().isBlank() ? etc.resolve("sluice.key") : certificate;
        try {
            if (!Files.exists(certificate) && !Files.exists(key)) {
                generate();
            } else if (!Files.exists(certificate) || !Files.exists(key)) {
                // Generating now would overwrite the file that does exist, which may be the operator's.
                Path missing = Files.exists(certificate) ? key : certificate;
                Path present = missing == key ? certificate : key;
                throw new PkiException(missing + " is missing but " + present
                        + " exists; restore it, or remove " + present + " to have a new self-signed pair generated");
            } else {
                KeyMaterial material = KeyFiles.load(certificate, key, null);
                LOG.info("Default certificate is {} ({})", certificate, Certificates.describe(material.leaf()));
            }
        } catch (PkiException e) {
            LOG.error("No default certificate: {}", e.getMessage());
            throw e;
        }
    }

    private void generate() throws PkiException {
        String host = localHostName();
        List<String> names = new ArrayList<>(List.of("localhost"));
        if (!names.contains(host)) {
            names.add(host);
        }
        names.addAll(List.of("127.0.0.1", "::1"));
        KeyMaterial material = SelfSigned.generate(host, names, VALIDITY);
        try {
            SelfSigned.writePem(material, certificate, key);
        } catch (IOException e) {
            throw new PkiException("cannot write the self-signed certificate to " + certificate + " and " + key + ": " + e, e);
        }
        LOG.info("Generated self-signed certificate {} (SHA-256 {}) for {}",
                certificate, Certificates.sha256Fingerprint(material.leaf()), names);
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            LOG.warn("Cannot determine the local host name ({}); using localhost", e.getMessage());
            return "localhost";
        }
    }

    @Override
    public Path certificate() {
        return certificate;
    }

    @Override
    public Path key() {
        return key;
    }
}
