package io.sluice.shell;

import io.sluice.api.tls.KeyMaterial;
import io.sluice.pki.CertificateRequests;
import io.sluice.pki.Certificates;
import io.sluice.pki.SelfSigned;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "tunnel", name = "cert", description = "Generates a self-signed EC P-256 certificate and key into etc/NAME.crt and etc/NAME.key, or with --csr a key and a signing request etc/NAME.csr for a CA.",
        detailedDescription = "Use them with cert = NAME.crt and key = NAME.key in a tunnel. Existing files are never overwritten.")
@Service
public class CertCommand implements Action {

    @Argument(index = 0, name = "name", description = "The certificate's common name (also the file name)", required = true)
    private String name;

    @Option(name = "--san", description = "A DNS name or IP address the certificate is for (repeatable); default: the name", multiValued = true)
    private List<String> sans;

    @Option(name = "--csr", description = "Write a certificate signing request (etc/NAME.csr) instead of a self-signed certificate")
    private boolean csr;

    @Option(name = "--days", description = "Validity in days (self-signed only)")
    private int days = 825;

    @Override
    public Object execute() throws Exception {
        TunnelFiles.file(name); // the same naming rule as tunnels: no path tricks in a file name
        Path cert = TunnelFiles.etc().resolve(name + (csr ? ".csr" : ".crt"));
        Path key = TunnelFiles.etc().resolve(name + ".key");
        for (Path file : List.of(cert, key)) {
            if (Files.exists(file)) {
                throw new IllegalArgumentException(file + " exists already; remove it first to generate a new one");
            }
        }
        List<String> names = new ArrayList<>(sans == null || sans.isEmpty() ? List.of(name) : sans);
        if (csr) {
            CertificateRequests.write(name, names, cert, key);
            System.out.println("Wrote " + cert + " and " + key + " (have " + cert.getFileName() + " signed by your CA)");
            return null;
        }
        KeyMaterial material = SelfSigned.generate(name, names, Duration.ofDays(days));
        SelfSigned.writePem(material, cert, key);
        System.out.println("Wrote " + cert + " and " + key + " (" + Certificates.describe(material.leaf()) + ")");
        return null;
    }
}
