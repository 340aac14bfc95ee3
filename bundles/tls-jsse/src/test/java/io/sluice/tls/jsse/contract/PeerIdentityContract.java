package io.sluice.tls.jsse.contract;

import static io.sluice.tls.jsse.contract.TestCerts.INTERMEDIATE;
import static io.sluice.tls.jsse.contract.TestCerts.ROOT;

import io.sluice.api.tls.PeerAllowList;
import java.util.List;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.Test;

/**
 * checkEmail (stunnel) and allowCN / allowOU / allowDNS / allowURI (ghostunnel's --allow-*): a verified peer
 * is let in only when its certificate carries an allowed identity, on either side of the handshake.
 */
public abstract class PeerIdentityContract extends ProviderContract {

    protected PeerIdentityContract(ProviderUnderTest under) {
        super(under);
    }

    /** A workload identity: OU, a DNS name, a SPIFFE ID and an email address. */
    private static final TestCerts.Issued PAYMENTS = TestCerts.leaf("CN=payments-api,OU=payments,O=Example",
            List.of(new GeneralName(GeneralName.dNSName, "payments.internal"),
                    new GeneralName(GeneralName.uniformResourceIdentifier, "spiffe://example.org/ns/prod/sa/payments"),
                    new GeneralName(GeneralName.rfc822Name, "Ops@Example.org")), INTERMEDIATE, null);
    /** The email address only in the subject (no rfc822Name SAN): OpenSSL's fallback. */
    private static final TestCerts.Issued SUBJECT_EMAIL = TestCerts.leaf(
            "CN=legacy,E=legacy@example.org", List.of(), INTERMEDIATE, null);

    private Settings verifyingServer() {
        Settings server = server().trust(ROOT);
        server.verifyChain = true;
        return server;
    }

    private static PeerAllowList allow(List<String> cn, List<String> ou, List<String> dns, List<String> uri) {
        return new PeerAllowList(cn, ou, dns, uri);
    }

    private Handshake.Result clientWith(Settings server, TestCerts.Issued cert) throws Exception {
        return Handshake.run(client().key(cert).engine("localhost"), server.engine("127.0.0.1"));
    }

    private Handshake.Result serverWith(Settings client, TestCerts.Issued cert) throws Exception {
        return Handshake.run(client.engine("localhost"), server().key(cert).engine("127.0.0.1"));
    }

    @Test
    public void checkEmailMatchesTheEmailSanWithTheDomainInAnyCase() throws Exception {
        Settings server = verifyingServer();
        server.checkEmail = List.of("Ops@example.ORG");
        clientWith(server, PAYMENTS).assertOk();
        server.checkEmail = List.of("ops@example.org");
        clientWith(server, PAYMENTS).assertServerRejected("does not match ops@example.org");
    }

    @Test
    public void checkEmailFallsBackToTheSubjectEmailAddress() throws Exception {
        Settings server = verifyingServer();
        server.checkEmail = List.of("legacy@example.org");
        clientWith(server, SUBJECT_EMAIL).assertOk();
        server.checkEmail = List.of("other@example.org");
        clientWith(server, SUBJECT_EMAIL).assertServerRejected("does not match other@example.org");
    }

    @Test
    public void checkEmailIsOneMoreAlternativeBesideCheckHost() throws Exception {
        Settings server = verifyingServer();
        server.checkHost = List.of("nobody.example");
        server.checkEmail = List.of("Ops@example.org");
        clientWith(server, PAYMENTS).assertOk();
    }

    @Test
    public void allowCnLetsInOnlyThatCommonName() throws Exception {
        Settings server = verifyingServer();
        server.allow = allow(List.of("billing", "payments-api"), List.of(), List.of(), List.of());
        clientWith(server, PAYMENTS).assertOk();
        server.allow = allow(List.of("billing"), List.of(), List.of(), List.of());
        clientWith(server, PAYMENTS).assertServerRejected(
                "peer certificate " + PAYMENTS.cert().getSubjectX500Principal() + " (DNS [payments.internal], URI "
                        + "[spiffe://example.org/ns/prod/sa/payments]) is not allowed (allowCN/allowOU/allowDNS/allowURI: "
                        + "CN=billing)");
    }

    @Test
    public void allowOuAndAllowDnsLetIn() throws Exception {
        Settings server = verifyingServer();
        server.allow = allow(List.of("billing"), List.of("payments"), List.of(), List.of());
        clientWith(server, PAYMENTS).assertOk();
        server.allow = allow(List.of(), List.of(), List.of("PAYMENTS.internal"), List.of());
        clientWith(server, PAYMENTS).assertOk();
        server.allow = allow(List.of(), List.of("Payments"), List.of("billing.internal"), List.of());
        clientWith(server, PAYMENTS).assertServerRejected("is not allowed");
    }

    @Test
    public void allowUriTakesSpiffeIdsExactlyOrBelowAPath() throws Exception {
        Settings server = verifyingServer();
        for (String allowed : List.of("spiffe://example.org/ns/prod/sa/payments", "spiffe://example.org/*",
                "spiffe://EXAMPLE.org/ns/prod/*")) {
            server.allow = allow(List.of(), List.of(), List.of(), List.of(allowed));
            clientWith(server, PAYMENTS).assertOk();
        }
        for (String refused : List.of("spiffe://example.org/ns/prod/sa/pay", "spiffe://example.org/ns/dev/*",
                "spiffe://example.org.evil/*", "spiffe://example.org/ns/prod/sa/payments/*",
                "spiffe://example.org/NS/prod/*")) {
            server.allow = allow(List.of(), List.of(), List.of(), List.of(refused));
            clientWith(server, PAYMENTS).assertServerRejected("URI:" + refused);
        }
    }

    @Test
    public void clientAppliesTheAllowListToTheServer() throws Exception {
        Settings client = client();
        client.checkHost = List.of("payments.internal");
        client.allow = allow(List.of(), List.of(), List.of(), List.of("spiffe://example.org/ns/prod/*"));
        serverWith(client, PAYMENTS).assertOk();
        client.allow = allow(List.of(), List.of("billing"), List.of(), List.of());
        serverWith(client, PAYMENTS).assertClientRejected("is not allowed (allowCN/allowOU/allowDNS/allowURI: OU=billing)");
    }

    @Test
    public void allowListStillNeedsAVerifiedChain() throws Exception {
        // The impostor carries an allowed name but no trusted chain: the allow list never rescues it.
        Settings server = verifyingServer();
        server.allow = allow(List.of("localhost"), List.of(), List.of(), List.of());
        clientWith(server, TestCerts.IMPOSTOR_LEAF).assertServerRejected("(verifyChain)");
    }
}
