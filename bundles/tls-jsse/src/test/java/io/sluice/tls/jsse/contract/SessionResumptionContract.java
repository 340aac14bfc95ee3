package io.sluice.tls.jsse.contract;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import io.sluice.api.tls.TlsContext;
import javax.net.ssl.SSLEngine;
import org.junit.Test;

/**
 * Session resumption (stunnel's sessionResume, sessionCacheSize, sessionCacheTimeout): a second
 * connection of the same client and server contexts resumes the first one's session, and both
 * contexts say so through {@link TlsContext#resumed}, unless either side has sessionResume = no.
 */
public abstract class SessionResumptionContract extends ProviderContract {

    protected SessionResumptionContract(ProviderUnderTest under) {
        super(under);
    }

    /** What both sides said of one handshake. */
    private record Outcome(boolean clientResumed, boolean serverResumed, long serverCreated, long clientCreated) {
    }

    private static Outcome connect(TlsContext client, TlsContext server) throws Exception {
        long started = System.currentTimeMillis();
        // A millisecond apart from any earlier handshake, so that the creation-time rule is never a tie.
        Thread.sleep(2);
        started = Math.max(started, System.currentTimeMillis());
        SSLEngine c = client.newEngine("localhost", 4433);
        SSLEngine s = server.newEngine("127.0.0.1", 50000);
        Handshake.run(c, s).assertOk();
        return new Outcome(client.resumed(c, started), server.resumed(s, started),
                s.getSession().getCreationTime(), c.getSession().getCreationTime());
    }

    private void assertResumes(String version) throws Exception {
        TlsContext client = client().versions(version, version).context();
        TlsContext server = server().versions(version, version).context();

        Outcome first = connect(client, server);
        Outcome second = connect(client, server);

        assertFalse("first handshake: client says new", first.clientResumed());
        assertFalse("first handshake: server says new", first.serverResumed());
        assertTrue("second handshake: client says resumed", second.clientResumed());
        assertTrue("second handshake: server says resumed", second.serverResumed());
        // Independent of the rule: the resumed session is the first one, born at its first handshake.
        assertEquals("server session of the second handshake born at the first", first.serverCreated(), second.serverCreated());
    }

    @Test
    public void secondConnectionResumesOverTls13WhereTheProviderCan() throws Exception {
        if (under.resumesTls13()) {
            assertResumes("TLSv1.3");
            return;
        }
        // BCJSSE 1.84 resumes TLS 1.2 only: each TLS 1.3 handshake is new, and both sides must say so.
        TlsContext client = client().versions("TLSv1.3", "TLSv1.3").context();
        TlsContext server = server().versions("TLSv1.3", "TLSv1.3").context();
        connect(client, server);
        Outcome second = connect(client, server);
        assertFalse("client says new", second.clientResumed());
        assertFalse("server says new", second.serverResumed());
    }

    @Test
    public void secondConnectionResumesOverTls12() throws Exception {
        assertResumes("TLSv1.2");
    }

    /** Handshakes of {@code count} connections opened at once; how many of them each side says resumed. */
    private static int[] connectTogether(TlsContext client, TlsContext server, int count) throws Exception {
        Thread.sleep(2);
        long started = System.currentTimeMillis();
        SSLEngine[][] pairs = new SSLEngine[count][];
        for (int i = 0; i < count; i++) {
            pairs[i] = new SSLEngine[] {client.newEngine("localhost", 4433), server.newEngine("127.0.0.1", 50000 + i)};
        }
        int[] resumed = new int[2];
        for (Handshake.Result result : Handshake.runTogether(pairs)) {
            result.assertOk();
            resumed[0] += client.resumed(result.client(), started) ? 1 : 0;
            resumed[1] += server.resumed(result.server(), started) ? 1 : 0;
        }
        return resumed;
    }

    /**
     * stunnel's clients resume almost every connection of a burst; SunJSSE's client cache holds one
     * session per host and port, and a TLS 1.3 ticket is used once, so without more than one cached
     * session per target only one of several connections opened at once could resume.
     */
    private void assertConcurrentConnectionsResume(String version) throws Exception {
        TlsContext client = client().versions(version, version).context();
        TlsContext server = server().versions(version, version).context();
        assertArrayEquals("a first burst: all new", new int[] {0, 0}, connectTogether(client, server, 4));
        for (int burst = 2; burst <= 3; burst++) {
            assertArrayEquals("burst " + burst + " of 4 connections at once: resumed (client, server)",
                    new int[] {4, 4}, connectTogether(client, server, 4));
        }
    }

    @Test
    public void connectionsOpenedAtOnceAllResumeOverTls13WhereTheProviderCan() throws Exception {
        if (under.resumesTls13()) {
            assertConcurrentConnectionsResume("TLSv1.3");
        }
    }

    @Test
    public void connectionsOpenedAtOnceAllResumeOverTls12() throws Exception {
        assertConcurrentConnectionsResume("TLSv1.2");
    }

    private void assertNeverResumes(Settings client, Settings server) throws Exception {
        TlsContext c = client.context();
        TlsContext s = server.context();
        Outcome first = connect(c, s);
        for (int i = 0; i < 2; i++) {
            Outcome next = connect(c, s);
            assertFalse("client says new", next.clientResumed());
            assertFalse("server says new", next.serverResumed());
            if (under.sessionTimesInMillis()) {
                assertNotEquals("a new server session", first.serverCreated(), next.serverCreated());
            }
        }
    }

    @Test
    public void clientWithSessionResumeNoNeverOffersOverTls13() throws Exception {
        Settings client = client().versions("TLSv1.3", "TLSv1.3");
        client.sessionResume = false;
        assertNeverResumes(client, server());
    }

    @Test
    public void clientWithSessionResumeNoNeverOffersOverTls12() throws Exception {
        Settings client = client().versions("TLSv1.2", "TLSv1.2");
        client.sessionResume = false;
        assertNeverResumes(client, server());
    }

    @Test
    public void serverWithSessionResumeNoNeverResumesOverTls13() throws Exception {
        Settings server = server();
        server.sessionResume = false;
        assertNeverResumes(client().versions("TLSv1.3", "TLSv1.3"), server);
    }

    @Test
    public void serverWithSessionResumeNoNeverResumesOverTls12() throws Exception {
        Settings server = server();
        server.sessionResume = false;
        assertNeverResumes(client().versions("TLSv1.2", "TLSv1.2"), server);
    }

    @Test
    public void cacheSettingsReachTheSessionContexts() throws Exception {
        // sessionCacheTimeout = 1: a session two seconds old is not resumed.
        Settings clientSettings = client().versions("TLSv1.2", "TLSv1.2");
        Settings serverSettings = server();
        clientSettings.sessionCacheTimeout = 1;
        serverSettings.sessionCacheTimeout = 1;
        TlsContext client = clientSettings.context();
        TlsContext server = serverSettings.context();
        connect(client, server);
        Thread.sleep(2100);
        Outcome later = connect(client, server);
        assertFalse("expired session: server says new", later.serverResumed());
        assertFalse("expired session: client says new", later.clientResumed());
    }
}
