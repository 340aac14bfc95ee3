package io.sluice.core;

import io.sluice.api.tls.KeyMaterial;
import io.sluice.api.tls.PreSharedKeys;
import io.sluice.api.tls.Revocation;
import io.sluice.api.tls.TlsSettings;
import io.sluice.pki.CrlFiles;
import io.sluice.pki.DefaultCertificate;
import io.sluice.pki.KeyFiles;
import io.sluice.pki.PkiException;
import io.sluice.pki.PskFiles;
import io.sluice.pki.TrustFiles;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a tunnel's TLS material from its {@link TlsFiles}: the key and chain, the trust anchors, the
 * CRLs and the pre-shared keys. The start runs it after the parse; a rotation runs it alone, on the
 * settings in force, whenever one of the files changes. A refusal names the key and value that
 * point at the file, as the parser's do.
 */
final class TlsMaterialLoader {

    private TlsMaterialLoader() {
    }

    /** The settings with the material their files hold now. */
    static TunnelSettings loaded(TunnelSettings settings) throws ConfigException {
        return settings.toBuilder().tls(load(settings)).build();
    }

    /** The TLS settings in force with the material their files hold now, all of it read again. */
    static TlsSettings load(TunnelSettings settings) throws ConfigException {
        TlsFiles files = settings.files();
        ConfigValues values = settings.values();
        PreSharedKeys psk = files.pskSecrets() == null ? null : preSharedKeys(files, values);
        KeyMaterial material = files.cert() == null ? null : keyMaterial(files, values);
        List<X509Certificate> anchors = trustAnchors(files, values);
        Revocation checks = settings.tls().revocation();
        Revocation revocation = new Revocation(crls(files, values), checks.ocspUrl(), checks.ocspAia(),
                checks.ocspRequire(), checks.ocspTimeout());
        return settings.tls().toBuilder().psk(psk).keyMaterial(material).trustAnchors(anchors).revocation(revocation)
                .build();
    }

    /** The TLS settings with the installation's default certificate (etc/sluice.crt) as their key. */
    static TlsSettings withDefaultCertificate(TlsSettings tls, DefaultCertificate certificate) throws PkiException {
        return tls.toBuilder().keyMaterial(KeyFiles.load(certificate.certificate(), certificate.key(), null)).build();
    }

    private static PreSharedKeys preSharedKeys(TlsFiles files, ConfigValues values) throws ConfigException {
        List<PreSharedKeys.Key> keys;
        try {
            keys = PskFiles.load(files.pskSecrets());
        } catch (PkiException e) {
            throw values.error("PSKsecrets", e.getMessage());
        }
        try {
            return new PreSharedKeys(keys, files.pskIdentity());
        } catch (IllegalArgumentException e) {
            throw values.error("PSKidentity", files.pskIdentity(), "not an identity of PSKsecrets " + files.pskSecrets());
        }
    }

    private static KeyMaterial keyMaterial(TlsFiles files, ConfigValues values) throws ConfigException {
        String password = Secrets.resolve("keyPassword", files.keyPassword(), values);
        try {
            return KeyFiles.load(files.cert(), files.key(), password == null ? null : password.toCharArray());
        } catch (PkiException e) {
            Path key = files.key();
            String culprit = key != null && e.getMessage().contains(key.toString()) ? "key" : "cert";
            throw values.error(culprit, e.getMessage());
        }
    }

    /** null without CAfile and CApath: the JDK's system trust store. */
    private static List<X509Certificate> trustAnchors(TlsFiles files, ConfigValues values) throws ConfigException {
        if (files.caFile() == null && files.caPath() == null) {
            return null;
        }
        List<X509Certificate> anchors = new ArrayList<>();
        try {
            if (files.caFile() != null) {
                anchors.addAll(TrustFiles.load(files.caFile()));
            }
        } catch (PkiException e) {
            throw values.error("CAfile", e.getMessage());
        }
        try {
            if (files.caPath() != null) {
                anchors.addAll(TrustFiles.loadDirectory(files.caPath()));
            }
        } catch (PkiException e) {
            throw values.error("CApath", e.getMessage());
        }
        return anchors;
    }

    private static List<X509CRL> crls(TlsFiles files, ConfigValues values) throws ConfigException {
        List<X509CRL> crls = new ArrayList<>();
        try {
            if (files.crlFile() != null) {
                crls.addAll(CrlFiles.load(files.crlFile()));
            }
        } catch (PkiException e) {
            throw values.error("CRLfile", e.getMessage());
        }
        try {
            if (files.crlPath() != null) {
                crls.addAll(CrlFiles.loadDirectory(files.crlPath()));
            }
        } catch (PkiException e) {
            throw values.error("CRLpath", e.getMessage());
        }
        return crls;
    }
}
