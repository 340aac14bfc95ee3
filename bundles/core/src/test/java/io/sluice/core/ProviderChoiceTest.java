package io.sluice.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import io.sluice.api.TunnelState;
import io.sluice.api.tls.TlsContext;
import io.sluice.api.tls.TlsProvider;
import io.sluice.api.tls.TlsSettings;
import io.sluice.pki.SelfSigned;
import io.sluice.tls.jsse.JsseTlsProvider;
import io.sluice.transport.mina.LogCapture;
import io.sluice.transport.mina.MinaTransport;
import java.lang.reflect.Proxy;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.osgi.framework.BundleContext;

/**
 * The provider of a tunnel without tlsProvider (issue 21): openssl where its native library exists,
 * unless the tunnel asks for what BoringSSL refuses or does otherwise; jsse elsewhere; bc with PSK.
 */
public class ProviderChoiceTest {

    private static final String KEY = "00".repeat(16);

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    @Rule
    public final LogCapture log = new LogCapture();

    private TunnelConfigs configs() {
        return new TunnelConfigs(tmp.getRoot().toPath(), "accept", "8443", "connect", "8080");
    }

    /** The default on a platform with (true) or without (false) the native library. */
    private String chosen(boolean nativePlatform, String... keyValues) throws Exception {
        TunnelSettings s = configs().parse(keyValues);
        return ProviderChoice.of(s.client(), s.tls(), s.files(), s.policy().renegotiation(), nativePlatform);
    }

    @Test
    public void opensslOnLinuxX8664AndJsseElsewhere() throws Exception {
        assertEquals("openssl", chosen(true));
        assertEquals("openssl", chosen(true, "client", "yes", "connect", "localhost:443"));
        assertEquals("jsse", chosen(false));
        assertTrue(ProviderChoice.nativePlatform("Linux", "amd64"));
        assertTrue(ProviderChoice.nativePlatform("Linux", "x86_64"));
        assertFalse(ProviderChoice.nativePlatform("Linux", "aarch64"));
        assertFalse(ProviderChoice.nativePlatform("Mac OS X", "x86_64"));
        assertFalse(ProviderChoice.nativePlatform("Windows 11", "amd64"));
    }

    @Test
    public void theParserUsesThisMachinesPlatform() throws Exception {
        boolean here = ProviderChoice.nativePlatform(System.getProperty("os.name"), System.getProperty("os.arch"));
        assertEquals(here ? "openssl" : "jsse", configs().parse().tlsProvider());
    }

    @Test
    public void whatBoringSslRefusesOrDoesOtherwiseGetsJsse() throws Exception {
        assertEquals("jsse", chosen(true, "ciphersuites", "TLS_AES_256_GCM_SHA384"));
        assertEquals("no DHE in BoringSSL", "jsse", chosen(true, "ciphers", "HIGH:!aNULL"));
        assertEquals("no CBC with SHA-2", "jsse", chosen(true, "ciphers", "ECDHE-RSA-AES128-SHA256"));
        assertEquals("jsse", chosen(true, "curves", "X448:X25519"));
        assertEquals("jsse", chosen(true, "curves", "ffdhe2048"));
        assertEquals("a server refuses a client without a common protocol", "jsse", chosen(true, "alpn", "h2"));
        assertEquals("BoringSSL never renegotiates", "jsse", chosen(true, "renegotiation", "yes"));
    }

    @Test
    public void whatBoringSslDoesAlikeKeepsOpenssl() throws Exception {
        assertEquals("openssl", chosen(true, "ciphers", "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-CHACHA20-POLY1305"));
        assertEquals("stunnel's default string without DH", "openssl",
                chosen(true, "ciphers", "HIGH:!aNULL:!SSLv2:!DH:!kDHEPSK:!SHA256:!SHA384"));
        assertEquals("openssl", chosen(true, "curves", "X25519:P-256:P-384:P-521"));
        assertEquals("openssl", chosen(true, "renegotiation", "no"));
        assertEquals("jsse", chosen(true, "client", "yes", "connect", "localhost:443", "renegotiation", "yes"));
        assertEquals("a client offers, never refuses", "openssl",
                chosen(true, "client", "yes", "connect", "localhost:443", "alpn", "h2"));
    }

    @Test
    public void pskGetsBcAndTicketKeysGetOpensslOnAnyPlatform() throws Exception {
        java.nio.file.Files.writeString(tmp.getRoot().toPath().resolve("psk.txt"), "alice:" + "ab".repeat(16) + "\n");
        for (boolean nativePlatform : new boolean[] {true, false}) {
            assertEquals("bc", chosen(nativePlatform, "PSKsecrets", "psk.txt"));
            assertEquals("openssl", chosen(nativePlatform, "ticketKeySecret", KEY, "ticketMacSecret", KEY));
        }
    }

    @Test
    public void anExplicitProviderIsNeverChanged() throws Exception {
        assertEquals("jsse", configs().parse("tlsProvider", "jsse").tlsProvider());
        assertEquals("openssl", configs().parse("tlsProvider", "openssl", "alpn", "h2").tlsProvider());
        assertEquals("bc", configs().parse("tlsProvider", "bc", "ciphersuites", "TLS_AES_128_GCM_SHA256").tlsProvider());
    }

    @Test
    public void aDefaultOpensslThatCannotRunHereGivesWayToJsseSaidAtInfo() throws Exception {
        TunnelSettings s = configs().parse().toBuilder().tlsProvider("openssl").build();
        TunnelSettings given = ProviderChoice.giveWay(s, new Unavailable());
        assertEquals("jsse", given.tlsProvider());
        List<String> lines = log.lines("Service [t] TLS by jsse instead of the default openssl: no library here");
        assertEquals(1, lines.size());
        assertTrue(lines.get(0), lines.get(0).contains(" INFO "));
        assertSame("a provider that runs is kept", s, ProviderChoice.giveWay(s, new JsseTlsProvider()));
        assertSame("none yet: the tunnel waits for it", s, ProviderChoice.giveWay(s, null));
    }

    @Test
    public void anOpensslAskedForOrNeededIsKeptAndFailsWithTheReason() throws Exception {
        TunnelSettings named = configs().parse("tlsProvider", "openssl");
        assertSame(named, ProviderChoice.giveWay(named, new Unavailable()));
        TunnelSettings tickets = configs().parse("ticketKeySecret", KEY, "ticketMacSecret", KEY);
        assertEquals("openssl", tickets.tlsProvider());
        assertSame("jsse cannot take ticket keys", tickets, ProviderChoice.giveWay(tickets, new Unavailable()));
        assertEquals(0, log.lines("instead of the default").size());
    }

    /** Through the component: the tunnel runs with jsse, and its status says so. */
    @Test
    public void aTunnelWithoutTlsProviderRunsWithJsseWhereOpensslCannot() throws Exception {
        MinaTransport transport = new MinaTransport();
        transport.activate();
        TunnelComponent tunnel = new TunnelComponent();
        try {
            Wiring.transport(tunnel, transport);
            tunnel.addTlsProvider(new Unavailable(), Map.of(TlsProvider.NAME, "openssl"));
            tunnel.addTlsProvider(new JsseTlsProvider(), Map.of(TlsProvider.NAME, "jsse"));
            SelfSigned.writePem(SelfSigned.generate("web", List.of("localhost"), Duration.ofDays(1)),
                    tmp.getRoot().toPath().resolve("s.pem"), tmp.getRoot().toPath().resolve("s.key"));
            Map<String, Object> properties = new HashMap<>();
            properties.put("service.pid", "io.sluice.tunnel~web");
            properties.put("accept", "127.0.0.1:0");
            properties.put("connect", "127.0.0.1:9");
            properties.put("cert", tmp.getRoot().toPath().resolve("s.pem").toString());
            properties.put("key", tmp.getRoot().toPath().resolve("s.key").toString());
            BundleContext context = (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {BundleContext.class}, (proxy, method, args) -> null);
            tunnel.activate(context, properties);
            if (!ProviderChoice.NATIVE_PLATFORM) {
                assertEquals("jsse", tunnel.status().tlsProvider());
                return;
            }
            assertEquals(tunnel.status().reason(), TunnelState.RUNNING, tunnel.status().state());
            assertEquals("jsse", tunnel.status().tlsProvider());
            assertEquals(1, log.lines("Service [web] server mode, TLS by jsse, connecting 127.0.0.1:9").size());
            assertEquals(1, log.lines("Service [web] TLS by jsse instead of the default openssl").size());
        } finally {
            tunnel.deactivate(0);
            transport.deactivate();
        }
    }

    /** An openssl provider whose library does not load, as on a machine without it. */
    private static final class Unavailable implements TlsProvider {
        @Override
        public String name() {
            return "openssl";
        }

        @Override
        public TlsContext newContext(TlsSettings settings) throws GeneralSecurityException {
            throw new GeneralSecurityException("tlsProvider = openssl: " + unavailable());
        }

        @Override
        public String unavailable() {
            return "no library here";
        }
    }
}
