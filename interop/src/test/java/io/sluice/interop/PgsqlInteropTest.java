package io.sluice.interop;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.sluice.api.transport.Listener;
import io.sluice.interop.Daemons.Postgres;
import io.sluice.interop.Interop.Identity;
import io.sluice.protocol.pgsql.PgsqlNegotiator;
import io.sluice.transport.mina.CountingObserver;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

/**
 * PostgreSQL's SSLRequest against real peers: a PostgreSQL server (role tester: TLS only; role
 * plain: plaintext only), psql and openssl s_client -starttls postgres as clients, stunnel4 on
 * the other end in both directions.
 */
public class PgsqlInteropTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String WHETHER_TLS = "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()";

    @Rule
    public final Interop interop = new Interop();

    private Identity postgresIdentity;
    private Identity sluiceIdentity;
    private Postgres postgres;
    private final CountingObserver observer = new CountingObserver();

    @Before
    public void startPostgres() throws Exception {
        postgresIdentity = interop.identity("postgres");
        sluiceIdentity = interop.identity("sluice");
        postgres = Daemons.postgres(interop, postgresIdentity);
    }

    /** psql in plaintext to a client tunnel; the server, which takes tester over TLS only, sees TLS. */
    @Test(timeout = 90_000)
    public void psqlThroughASluiceClientToAServerRequiringTls() throws Exception {
        Listener sluice = interop.sluiceClient(List.of(postgresIdentity.certificate()), "localhost", postgres.port(),
                observer, new PgsqlNegotiator(), Map.of());
        assertEquals("t", psql(0, "port=" + sluice.boundAddress().getPort() + " user=tester sslmode=disable gssencmode=disable"));
    }

    /** psql verifying Sluice's certificate (verify-full); the server behind it sees plaintext. */
    @Test(timeout = 90_000)
    public void psqlWithVerifyFullThroughASluiceServer() throws Exception {
        int port = sluiceServer();
        assertEquals("f", psql(0, "host=localhost port=" + port + " user=plain sslmode=verify-full sslrootcert="
                + sluiceIdentity.cert()));
    }

    @Test(timeout = 90_000)
    public void opensslStartTlsPostgresHandshakesWithASluiceServer() throws Exception {
        Peer client = interop.start("s_client", List.of(Interop.binary("openssl"), "s_client", "-connect",
                "127.0.0.1:" + sluiceServer(), "-starttls", "postgres", "-CAfile", sluiceIdentity.cert().toString(),
                "-verify_return_error", "-verify_hostname", "localhost", "-brief"), true);
        client.closeStdin();
        assertEquals("s_client exit code; log:\n" + client.logText(), 0, client.awaitExit(WAIT));
        assertTrue(client.logText(), client.logText().contains("Verification: OK"));
    }

    /** A client that does not ask for TLS gets an error psql prints, and the exit status of a failed connection. */
    @Test(timeout = 90_000)
    public void psqlWithoutTlsIsToldWhy() throws Exception {
        int port = sluiceServer();
        String log = psqlFails("port=" + port + " user=plain sslmode=disable gssencmode=disable");
        assertTrue(log, log.contains("this server requires TLS: connect with sslmode=require"));
        Interop.await("one refused connection: " + observer, () -> observer.refused.get() == 1, Duration.ofSeconds(5));
    }

    /** Plaintext behind the SSLRequest, in the same packet, gets an error and no S (CVE-2021-23214's attack). */
    @Test(timeout = 90_000)
    public void plaintextBehindTheSslRequestIsRefused() throws Exception {
        FakeSmtpServer target = interop.smtpServer(); // counts connections: none may come
        int port = interop.sluiceServer(sluiceIdentity, target.port(), observer, new PgsqlNegotiator(), Map.of())
                .boundAddress().getPort();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(Interop.LOOPBACK, port), 5000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(new byte[] {0, 0, 0, 8, 0x04, (byte) 0xd2, 0x16, 0x2f, 0, 0, 0, 9, 0, 3, 0, 0, 0});
            InputStream in = socket.getInputStream();
            byte[] answer = in.readAllBytes();
            assertEquals("an ErrorResponse, not S: " + Arrays.toString(answer), 'E', answer[0]);
        }
        Interop.await("one refused connection: " + observer, () -> observer.refused.get() == 1, Duration.ofSeconds(5));
        assertEquals(0, target.accepted());
    }

    @Test(timeout = 90_000)
    public void stunnelClientToASluiceServer() throws Exception {
        int sluice = sluiceServer();
        int stunnelPort = Interop.freePort();
        interop.stunnel("stunnel-pgsql", stunnelPort, """
                [pgsql]
                client = yes
                accept = 127.0.0.1:%d
                connect = 127.0.0.1:%d
                protocol = pgsql
                verifyChain = yes
                CAfile = %s
                checkHost = localhost
                """.formatted(stunnelPort, sluice, sluiceIdentity.cert()));
        assertEquals("f", psql(0, "port=" + stunnelPort + " user=plain sslmode=disable gssencmode=disable"));
    }

    @Test(timeout = 90_000)
    public void sluiceClientToAStunnelServer() throws Exception {
        Identity stunnelIdentity = interop.identity("stunnel");
        int stunnelPort = Interop.freePort();
        interop.stunnel("stunnel-pgsql", stunnelPort, """
                [pgsql]
                accept = 127.0.0.1:%d
                connect = 127.0.0.1:%d
                protocol = pgsql
                cert = %s
                key = %s
                """.formatted(stunnelPort, postgres.port(), stunnelIdentity.cert(), stunnelIdentity.key()));
        Listener sluice = interop.sluiceClient(List.of(stunnelIdentity.certificate()), "localhost", stunnelPort, observer,
                new PgsqlNegotiator(), Map.of());
        assertEquals("f", psql(0, "port=" + sluice.boundAddress().getPort() + " user=plain sslmode=disable gssencmode=disable"));
        assertEquals("handshake failures: " + observer, 0, observer.handshakeFailed.get());
    }

    private int sluiceServer() throws Exception {
        return interop.sluiceServer(sluiceIdentity, postgres.port(), observer, new PgsqlNegotiator(), Map.of())
                .boundAddress().getPort();
    }

    /** psql -At with WHETHER_TLS; its output, trimmed, after checking its exit status. */
    private String psql(int status, String conninfo) throws Exception {
        Peer psql = psqlPeer(conninfo);
        String out = psql.readRest(WAIT).trim();
        assertEquals("psql exit code; log:\n" + psql.logText(), status, psql.awaitExit(WAIT));
        return out;
    }

    /** psql failing to connect (status 2); what it printed on standard error. */
    private String psqlFails(String conninfo) throws Exception {
        Peer psql = psqlPeer(conninfo);
        psql.readRest(WAIT);
        assertEquals("psql exit code; log:\n" + psql.logText(), 2, psql.awaitExit(WAIT));
        return psql.logText();
    }

    private Peer psqlPeer(String conninfo) throws Exception {
        String full = (conninfo.contains("host=") ? "" : "host=127.0.0.1 ") + "dbname=postgres connect_timeout=10 " + conninfo;
        List<String> command = new ArrayList<>(List.of(Interop.binary("psql"), "-X", "-At", "-c", WHETHER_TLS, full));
        return interop.start("psql", command, true);
    }
}
