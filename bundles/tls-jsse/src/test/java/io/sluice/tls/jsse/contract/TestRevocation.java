package io.sluice.tls.jsse.contract;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Revocation material for tests: CRLs signed with Bouncy Castle, PEM files, and a real OpenSSL OCSP responder. */
public final class TestRevocation {

    private TestRevocation() {
    }

    /** A CRL of {@code issuer} listing {@code revoked}, valid from {@code thisUpdate} to {@code nextUpdate}. */
    public static X509CRL crl(TestCerts.Issued issuer, Instant thisUpdate, Instant nextUpdate, X509Certificate... revoked) {
        try {
            X509v2CRLBuilder builder = new X509v2CRLBuilder(
                    X500Name.getInstance(issuer.cert().getSubjectX500Principal().getEncoded()), Date.from(thisUpdate));
            builder.setNextUpdate(Date.from(nextUpdate));
            for (X509Certificate cert : revoked) {
                builder.addCRLEntry(cert.getSerialNumber(), Date.from(thisUpdate), CRLReason.keyCompromise);
            }
            return new JcaX509CRLConverter().getCRL(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.keys().getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A current CRL (yesterday to tomorrow). */
    public static X509CRL crl(TestCerts.Issued issuer, X509Certificate... revoked) {
        return crl(issuer, Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(1)), revoked);
    }

    /**
     * A responder certificate issued by {@code ca}: with {@code ocspSigning} it carries id-kp-OCSPSigning (RFC 6960
     * delegation), without it it is an ordinary leaf of that CA, which must not be believed about its siblings.
     */
    public static TestCerts.Issued responderCert(TestCerts.Issued ca, boolean ocspSigning) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair keys = generator.generateKeyPair();
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    X500Name.getInstance(ca.cert().getSubjectX500Principal().getEncoded()),
                    BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(Duration.ofDays(1))), new X500Name("CN=OCSP responder"), keys.getPublic());
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                    ocspSigning ? KeyPurposeId.id_kp_OCSPSigning : KeyPurposeId.id_kp_clientAuth));
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(ca.keys().getPrivate())));
            return new TestCerts.Issued(keys, List.of(cert));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    public static Path writeCrls(Path file, X509CRL... crls) throws Exception {
        StringBuilder text = new StringBuilder();
        for (X509CRL crl : crls) {
            text.append(pem("X509 CRL", crl.getEncoded()));
        }
        return Files.writeString(file, text.toString());
    }

    /** The certificate (or chain) and the PKCS#8 key of {@code issued}, as PEM files. */
    public static void writePem(TestCerts.Issued issued, Path certFile, Path keyFile) throws Exception {
        StringBuilder chain = new StringBuilder();
        for (X509Certificate cert : issued.chain()) {
            chain.append(pem("CERTIFICATE", cert.getEncoded()));
        }
        Files.writeString(certFile, chain.toString());
        if (keyFile != null) {
            Files.writeString(keyFile, pem("PRIVATE KEY", issued.keys().getPrivate().getEncoded()));
        }
    }

    /**
     * {@code openssl ocsp} answering for {@code ca} from an index: {@code good} as valid, {@code revoked} as
     * revoked, anything else as unknown; it signs with the CA's own key and gives a nextUpdate a day ahead.
     */
    public static final class OcspResponder implements AutoCloseable {

        private static final Pattern ACCEPT = Pattern.compile("ACCEPT .*:(\\d+) PID=");
        private static final DateTimeFormatter INDEX_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'")
                .withZone(ZoneOffset.UTC);

        private final Process process;
        private final int port;
        private final Path log;

        /**
         * @param port     0: one the system chooses
         * @param requests after this many requests the responder exits (openssl's -nrequest); 0: never
         */
        public OcspResponder(Path dir, TestCerts.Issued ca, List<X509Certificate> good, List<X509Certificate> revoked,
                int port, int requests) throws Exception {
            this(dir, ca, ca, good, revoked, port, requests);
        }

        /**
         * @param signer the key and certificate that sign the answers (openssl's -rsigner/-rkey): the CA itself,
         *               a responder it delegated to, or an impostor
         */
        public OcspResponder(Path dir, TestCerts.Issued ca, TestCerts.Issued signer, List<X509Certificate> good,
                List<X509Certificate> revoked, int port, int requests) throws Exception {
            Files.createDirectories(dir);
            Path caPem = dir.resolve("ocsp-ca.pem");
            writePem(new TestCerts.Issued(ca.keys(), List.of(ca.cert())), caPem, null);
            Path signerPem = dir.resolve("ocsp-signer.pem");
            Path signerKey = dir.resolve("ocsp-signer.key");
            writePem(new TestCerts.Issued(signer.keys(), List.of(signer.cert())), signerPem, signerKey);
            StringBuilder index = new StringBuilder();
            for (X509Certificate cert : good) {
                index.append(line("V", cert, ""));
            }
            for (X509Certificate cert : revoked) {
                index.append(line("R", cert, INDEX_TIME.format(Instant.now().minus(Duration.ofHours(1)))));
            }
            Path indexFile = Files.writeString(dir.resolve("index.txt"), index.toString());
            log = dir.resolve("ocsp.log");
            List<String> command = new ArrayList<>(List.of("openssl", "ocsp", "-index", indexFile.toString(),
                    "-port", String.valueOf(port), "-rsigner", signerPem.toString(), "-rkey", signerKey.toString(), "-CA", caPem.toString(),
                    "-ndays", "1"));
            if (requests > 0) {
                command.addAll(List.of("-nrequest", String.valueOf(requests)));
            }
            process = new ProcessBuilder(command).redirectError(log.toFile()).start();
            this.port = readPort();
        }

        private int readPort() throws IOException {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            Matcher m = line == null ? null : ACCEPT.matcher(line);
            if (m == null || !m.find()) {
                process.destroyForcibly();
                throw new IOException("openssl ocsp did not start: " + line + "; " + Files.readString(log));
            }
            return Integer.parseInt(m.group(1));
        }

        private static String line(String status, X509Certificate cert, String revokedAt) {
            String serial = cert.getSerialNumber().toString(16).toUpperCase();
            if (serial.length() % 2 == 1) {
                serial = "0" + serial;
            }
            return status + "\t" + INDEX_TIME.format(cert.getNotAfter().toInstant()) + "\t" + revokedAt + "\t" + serial
                    + "\tunknown\t" + cert.getSubjectX500Principal().getName() + "\n";
        }

        public String url() {
            return "http://127.0.0.1:" + port + "/";
        }

        public int port() {
            return port;
        }

        /** Whether the responder still runs (it exits after -nrequest answers). */
        public boolean alive() {
            return process.isAlive();
        }

        public boolean awaitExit(Duration timeout) throws InterruptedException {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
