package io.sluice.interop;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import io.sluice.api.tls.PreSharedKeys;
import io.sluice.api.tls.TlsSettings;
import io.sluice.api.transport.Listener;
import io.sluice.pki.PskFiles;
import io.sluice.tls.bc.BcTlsProvider;
import io.sluice.transport.mina.CountingObserver;
import io.sluice.transport.mina.LogCapture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

/**
 * TLS-PSK (stunnel's PSKsecrets / PSKidentity) between Sluice's bc provider and real peers:
 * openssl s_client / s_server with -psk, and stunnel4 reading the very same secrets file, in both
 * directions, TLS 1.3 and TLS 1.2.
 */
public class PskInteropTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int ONE_MB = 1 << 20;
    /** alice's key is hex; bob's is a passphrase, used as its ASCII bytes (stunnel's rule for non-hex keys). */
    private static final String ALICE_KEY = "00112233445566778899aabbccddeeff0011223344556677";
    private static final String BOB_KEY = "correct horse battery staple";

    @Rule
    public final Interop interop = new Interop(new BcTlsProvider());

    @Rule
    public final LogCapture log = new LogCapture();

    private String openssl;
    private Path secrets;
    private List<PreSharedKeys.Key> keys;

    @Before
    public void writeSecrets() throws Exception {
        openssl = Interop.binary("openssl");
        secrets = interop.dir().resolve("psk.txt");
        Files.writeString(secrets, "alice:" + ALICE_KEY + "\nbob:" + BOB_KEY + "\n");
        keys = PskFiles.load(secrets);
    }

    private static TlsSettings settings(boolean client, PreSharedKeys keys, String min, String max) {
        return TlsSettings.builder(client).versionMin(min).versionMax(max).psk(keys).build();
    }

    private Listener sluiceServer(int targetPort, CountingObserver observer, String min, String max) throws Exception {
        return interop.sluiceServer(settings(false, new PreSharedKeys(keys, null), min, max), targetPort, observer,
                null, Map.of());
    }

    private Listener sluiceClient(String identity, int targetPort, CountingObserver observer, String min, String max)
            throws Exception {
        return interop.sluiceClient(settings(true, new PreSharedKeys(keys, identity), min, max), "localhost",
                targetPort, observer, null, Map.of());
    }

    private static String hex(String ascii) {
        return HexFormat.of().formatHex(ascii.getBytes(StandardCharsets.US_ASCII));
    }

    private Peer sClient(String name, int port, String identity, String hexKey, String... extra) throws Exception {
        List<String> command = new ArrayList<>(List.of(openssl, "s_client", "-connect", "127.0.0.1:" + port,
                "-psk_identity", identity, "-psk", hexKey, "-brief", "-no_ign_eof"));
        command.addAll(List.of(extra));
        return interop.start(name, command, true);
    }

    // ---- openssl s_client -> Sluice server ---------------------------------------------------------

    @Test(timeout = 60_000)
    public void openSslClientTls13ReachesTheBackendAndSluiceLogsPsk() throws Exception {
        EchoServer echo = interop.echoServer();
        CountingObserver observer = new CountingObserver();
        Listener sluice = sluiceServer(echo.port(), observer, "TLSv1.2", "TLSv1.3");

        Peer client = sClient("s_client-13", sluice.boundAddress().getPort(), "bob", hex(BOB_KEY));
        client.writeLine("hello over psk");
        assertEquals("hello over psk", client.readLine(WAIT));
        client.closeStdin();
        assertEquals("s_client exit code; log:\n" + client.logText(), 0, client.awaitExit(WAIT));
        assertTrue("TLS 1.3; log:\n" + client.logText(), client.logText().contains("Protocol version: TLSv1.3"));
        Interop.await("Sluice logs stunnel's 'TLS accepted: PSK', then the identity on a line of its own",
                () -> log.lines("TLS accepted: PSK").stream().anyMatch(l -> l.endsWith("TLS accepted: PSK"))
                        && !log.lines("PSK identity: bob").isEmpty() && !log.lines("TLSv1.3 ciphersuite: ").isEmpty(),
                Duration.ofSeconds(5));
        assertFalse("and stunnel 5.68's notice of the key used", log.lines("Key configured for PSK identity \"bob\"").isEmpty());
    }

    @Test(timeout = 60_000)
    public void openSslClientTls12GetsAForwardSecretPskSuite() throws Exception {
        EchoServer echo = interop.echoServer();
        Listener sluice = sluiceServer(echo.port(), new CountingObserver(), "TLSv1.2", "TLSv1.3");

        Peer client = sClient("s_client-12", sluice.boundAddress().getPort(), "alice", ALICE_KEY, "-tls1_2");
        client.writeLine("hello over psk 1.2");
        assertEquals("hello over psk 1.2", client.readLine(WAIT));
        client.closeStdin();
        assertEquals("s_client exit code; log:\n" + client.logText(), 0, client.awaitExit(WAIT));
        String text = client.logText();
        assertTrue("TLS 1.2; log:\n" + text, text.contains("Protocol version: TLSv1.2"));
        assertTrue("ECDHE-PSK suite; log:\n" + text, text.contains("Ciphersuite: ECDHE-PSK-"));
    }

    @Test(timeout = 60_000)
    public void unknownIdentityAndWrongKeyCostOnlyTheirOwnConnection() throws Exception {
        EchoServer echo = interop.echoServer();
        CountingObserver observer = new CountingObserver();
        Listener sluice = sluiceServer(echo.port(), observer, "TLSv1.2", "TLSv1.3");
        int port = sluice.boundAddress().getPort();

        for (String version : List.of("-tls1_3", "-tls1_2")) {
            Peer stranger = sClient("s_client-mallory" + version, port, "mallory", ALICE_KEY, version);
            stranger.writeLine("must not arrive");
            stranger.closeStdin();
            assertEquals("application data received", "", stranger.readRest(WAIT));
            assertNotEquals("s_client exit code; log:\n" + stranger.logText(), 0, stranger.awaitExit(WAIT));

            Peer wrongKey = sClient("s_client-wrongkey" + version, port, "alice", hex(BOB_KEY), version);
            wrongKey.writeLine("must not arrive either");
            wrongKey.closeStdin();
            assertEquals("application data received", "", wrongKey.readRest(WAIT));
            assertNotEquals("s_client exit code; log:\n" + wrongKey.logText(), 0, wrongKey.awaitExit(WAIT));
        }
        Interop.await("4 failed handshakes counted: " + observer, () -> observer.handshakeFailed.get() == 4, WAIT);
        assertEquals("backend connections", 0, echo.accepted());
        assertFalse("Sluice names the unknown identity: " + log.lines("SSL_accept"),
                log.lines("unknown PSK identity 'mallory'").isEmpty());

        Peer good = sClient("s_client-alice", port, "alice", ALICE_KEY);
        good.writeLine("still serving");
        assertEquals("still serving", good.readLine(WAIT));
        good.closeStdin();
        assertEquals(0, good.awaitExit(WAIT));
    }

    // ---- Sluice client -> openssl s_server -------------------------------------------------------

    @Test(timeout = 60_000)
    public void sluiceClientToOpenSslServerInBothVersions() throws Exception {
        for (String version : List.of("TLSv1.3", "TLSv1.2")) {
            int serverPort = Interop.freePort();
            Peer server = interop.start("s_server-" + version, List.of(openssl, "s_server",
                    "-accept", "127.0.0.1:" + serverPort, "-nocert", "-psk_identity", "bob", "-psk", hex(BOB_KEY),
                    "-rev"), false);
            Interop.awaitPort(server, serverPort, Duration.ofSeconds(15));
            CountingObserver observer = new CountingObserver();
            Listener sluice = sluiceClient("bob", serverPort, observer, version, version);

            assertEquals(version, "ksp revo olleh", Interop.exchangeLine(sluice.boundAddress().getPort(), "hello over psk"));
            assertEquals("handshake failures: " + observer, 0, observer.handshakeFailed.get());
            Interop.await("s_server logs " + version, () -> server.logText().contains("Protocol version: " + version),
                    Duration.ofSeconds(5));
            server.destroy();
        }
    }

    @Test(timeout = 60_000)
    public void sluiceClientOfBothVersionsSettlesOnTls12WithATls12OnlyServer() throws Exception {
        int serverPort = Interop.freePort();
        Peer server = interop.start("s_server-tls1_2", List.of(openssl, "s_server", "-accept", "127.0.0.1:" + serverPort,
                "-nocert", "-psk_identity", "alice", "-psk", ALICE_KEY, "-tls1_2", "-rev"), false);
        Interop.awaitPort(server, serverPort, Duration.ofSeconds(15));
        Listener sluice = sluiceClient(null, serverPort, new CountingObserver(), "TLSv1.2", "TLSv1.3");

        assertEquals("ecnallaf", Interop.exchangeLine(sluice.boundAddress().getPort(), "fallance"));
        Interop.await("s_server logs TLS 1.2 with an ECDHE-PSK suite",
                () -> server.logText().contains("Protocol version: TLSv1.2")
                        && server.logText().contains("Ciphersuite: ECDHE-PSK-"), Duration.ofSeconds(5));
    }

    // ---- stunnel4 on the same secrets file, both directions -----------------------------------

    @Test(timeout = 90_000)
    public void stunnelClientToSluiceServerCarriesAMegabyteWithHalfClose() throws Exception {
        Interop.binary("stunnel4");
        EchoServer echo = interop.echoServer();
        CountingObserver observer = new CountingObserver();
        Listener sluice = sluiceServer(echo.port(), observer, "TLSv1.2", "TLSv1.3");
        int stunnelPort = Interop.freePort();
        interop.stunnel("stunnel-psk-client", stunnelPort, """
                [psk-client]
                client = yes
                accept = 127.0.0.1:%d
                connect = 127.0.0.1:%d
                PSKsecrets = %s
                PSKidentity = bob
                """.formatted(stunnelPort, sluice.boundAddress().getPort(), secrets));

        Interop.assertEchoes(stunnelPort, ONE_MB);
        Interop.await("Sluice counted 1 MB each way: " + observer,
                () -> observer.bytesIn.get() == ONE_MB && observer.bytesOut.get() == ONE_MB, Duration.ofSeconds(5));
        Interop.await("Sluice accepted bob's key", () -> !log.lines("PSK identity: bob").isEmpty(), Duration.ofSeconds(5));
        Path stunnelLog = interop.dir().resolve("stunnel-psk-client.stunnel.log");
        Interop.await("stunnel logs TLS 1.3", () -> Interop.read(stunnelLog).contains("TLSv1.3"), Duration.ofSeconds(5));
    }

    @Test(timeout = 90_000)
    public void sluiceClientToStunnelServerInBothVersions() throws Exception {
        Interop.binary("stunnel4");
        EchoServer echo = interop.echoServer();
        int stunnelPort = Interop.freePort();
        interop.stunnel("stunnel-psk-server", stunnelPort, """
                [psk-server]
                accept = 127.0.0.1:%d
                connect = 127.0.0.1:%d
                PSKsecrets = %s
                """.formatted(stunnelPort, echo.port(), secrets));
        Path stunnelLog = interop.dir().resolve("stunnel-psk-server.stunnel.log");

        for (String version : List.of("TLSv1.3", "TLSv1.2")) {
            CountingObserver observer = new CountingObserver();
            // No PSKidentity: the first of the file, alice.
            Listener sluice = sluiceClient(null, stunnelPort, observer, version, version);
            Interop.assertEchoes(sluice.boundAddress().getPort(), 300_000);
            assertEquals("handshake failures: " + observer, 0, observer.handshakeFailed.get());
            Interop.await("stunnel logs " + version, () -> Interop.read(stunnelLog).contains(version + " ciphersuite"),
                    Duration.ofSeconds(5));
        }
    }
}
