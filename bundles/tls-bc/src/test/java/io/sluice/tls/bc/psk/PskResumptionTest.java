package io.sluice.tls.bc.psk;

import static io.sluice.tls.bc.psk.PskEngineTest.KEY;
import static io.sluice.tls.bc.psk.PskEngineTest.OTHER_KEY;
import static io.sluice.tls.bc.psk.PskEngineTest.key;
import static io.sluice.tls.bc.psk.PskEngineTest.keys;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.sluice.api.tls.PreSharedKeys;
import io.sluice.api.tls.TlsContext;
import io.sluice.api.tls.TlsSettings;
import io.sluice.tls.bc.BcTlsProvider;
import io.sluice.tls.jsse.contract.Handshake;
import javax.net.ssl.SSLEngine;
import org.junit.Test;

/**
 * TLS 1.2 session resumption between Sluice's PSK client and server contexts in memory: what the
 * cache bound, the timeout, sessionResume, the target and a changed secrets file do to it. The
 * real peers (openssl, stunnel4) are in the interop module's PskResumptionInteropTest.
 */
public class PskResumptionTest {

    private static final PreSharedKeys ALICE_AND_BOB = keys(null, key("alice", KEY), key("bob", OTHER_KEY));

    private static TlsContext context(boolean client, PreSharedKeys keys, String max, int size, int timeout,
            boolean resume) throws Exception {
        return new BcTlsProvider().newContext(TlsSettings.builder(client).versionMin("TLSv1.2").versionMax(max)
                .psk(keys).sessionCacheSize(size).sessionCacheTimeout(timeout).sessionResume(resume).build());
    }

    private static TlsContext context(boolean client, PreSharedKeys keys) throws Exception {
        return context(client, keys, "TLSv1.2", 1000, 300, true);
    }

    /** One connection; whether both sides say it resumed (they must agree), and the identity the server saw. */
    private static boolean connect(TlsContext client, TlsContext server, String host, String identity) throws Exception {
        SSLEngine serverEngine = server.newEngine("127.0.0.1", 40000);
        SSLEngine clientEngine = client.newEngine(host, 443);
        Handshake.run(clientEngine, serverEngine).assertOk();
        boolean resumed = server.resumed(serverEngine, 0);
        assertEquals("client and server agree on resumption", resumed, client.resumed(clientEngine, 0));
        assertEquals("the server knows the identity, resumed or not", identity, server.pskIdentity(serverEngine));
        assertEquals(identity, client.pskIdentity(clientEngine));
        return resumed;
    }

    @Test
    public void secondConnectionToTheSameTargetResumesAndAnotherTargetDoesNot() throws Exception {
        TlsContext server = context(false, ALICE_AND_BOB);
        TlsContext client = context(true, ALICE_AND_BOB);
        assertFalse("first: full handshake", connect(client, server, "a.example", "alice"));
        assertTrue("second: resumed", connect(client, server, "a.example", "alice"));
        assertTrue("and again", connect(client, server, "a.example", "alice"));
        assertFalse("another target has no session of its own yet", connect(client, server, "b.example", "alice"));
    }

    @Test
    public void sessionResumeNoMakesAFullHandshakeEveryTime() throws Exception {
        TlsContext server = context(false, ALICE_AND_BOB, "TLSv1.2", 1000, 300, false);
        TlsContext client = context(true, ALICE_AND_BOB);
        assertFalse(connect(client, server, "a.example", "alice"));
        assertFalse("the server issues no session ID", connect(client, server, "a.example", "alice"));

        TlsContext resumingServer = context(false, ALICE_AND_BOB);
        TlsContext noClient = context(true, ALICE_AND_BOB, "TLSv1.2", 1000, 300, false);
        assertFalse(connect(noClient, resumingServer, "a.example", "alice"));
        assertFalse("the client offers none", connect(noClient, resumingServer, "a.example", "alice"));
    }

    @Test
    public void sessionCacheSizeDropsTheOldestSession() throws Exception {
        TlsContext server = context(false, ALICE_AND_BOB, "TLSv1.2", 1, 300, true);
        TlsContext client = context(true, ALICE_AND_BOB);
        assertFalse(connect(client, server, "a.example", "alice"));
        assertFalse(connect(client, server, "b.example", "alice"));
        assertTrue("b's session is the one the server kept", connect(client, server, "b.example", "alice"));
        assertFalse("a's was dropped for it", connect(client, server, "a.example", "alice"));
    }

    @Test
    public void sessionCacheTimeoutEndsResumption() throws Exception {
        TlsContext server = context(false, ALICE_AND_BOB, "TLSv1.2", 1000, 1, true);
        TlsContext client = context(true, ALICE_AND_BOB);
        assertFalse(connect(client, server, "a.example", "alice"));
        assertTrue("within the second", connect(client, server, "a.example", "alice"));
        Thread.sleep(1100);
        assertFalse("a second later, counted from the full handshake", connect(client, server, "a.example", "alice"));
    }

    @Test
    public void tls13NeverResumesAndLeavesNoSessionBehind() throws Exception {
        TlsContext server = context(false, ALICE_AND_BOB, "TLSv1.3", 1000, 300, true);
        TlsContext client = context(true, ALICE_AND_BOB, "TLSv1.3", 1000, 300, true);
        assertFalse(connect(client, server, "a.example", "alice"));
        assertFalse("Bouncy Castle resumes no TLS 1.3 session", connect(client, server, "a.example", "alice"));
    }

    @Test
    public void aTls12SessionOfferedToAServerNowOnTls13CostsNothingAndIsForgotten() throws Exception {
        TlsContext client = context(true, ALICE_AND_BOB, "TLSv1.3", 1000, 300, true);
        assertFalse(connect(client, context(false, ALICE_AND_BOB), "a.example", "alice"));
        TlsContext upgraded = context(false, ALICE_AND_BOB, "TLSv1.3", 1000, 300, true);
        SSLEngine clientEngine = client.newEngine("a.example", 443);
        Handshake.run(clientEngine, upgraded.newEngine("127.0.0.1", 40000)).assertOk();
        assertEquals("TLSv1.3", clientEngine.getSession().getProtocol());
        assertFalse(client.resumed(clientEngine, 0));
        assertFalse("and again, with nothing left to offer", connect(client, upgraded, "a.example", "alice"));
    }

    @Test
    public void changedSecretsKeepTheSessionsOfUnchangedKeysOnly() throws Exception {
        TlsContext server = context(false, ALICE_AND_BOB);
        TlsContext alice = context(true, ALICE_AND_BOB);
        TlsContext bob = context(true, keys("bob", key("alice", KEY), key("bob", OTHER_KEY)));
        assertFalse(connect(alice, server, "a.example", "alice"));
        assertFalse(connect(bob, server, "a.example", "bob"));

        // The file now gives alice another key; bob's is unchanged.
        PreSharedKeys changed = keys(null, key("alice", "another key of 16+ bytes".getBytes()), key("bob", OTHER_KEY));
        TlsContext reloaded = context(false, changed);
        reloaded.takeOver(server);
        assertTrue("bob's session survives the reload", connect(bob, reloaded, "a.example", "bob"));
        TlsContext aliceReloaded = context(true, changed);
        aliceReloaded.takeOver(alice);
        assertFalse("alice's is gone on both sides", connect(aliceReloaded, reloaded, "a.example", "alice"));
        // Alice's old client still offers her old session: the server no longer has it, and the old key fails.
        Handshake.run(alice.newEngine("a.example", 443), reloaded.newEngine("127.0.0.1", 40000))
                .assertServerRejected("do both sides hold the same pre-shared key?");

        TlsContext bobGone = context(false, keys(null, key("alice", KEY)));
        bobGone.takeOver(reloaded);
        Handshake.run(bob.newEngine("a.example", 443), bobGone.newEngine("127.0.0.1", 40000))
                .assertServerRejected("unknown PSK identity 'bob'");
    }

    @Test
    public void aClientPresentingAnotherIdentityAfterTheReloadOffersNoOldSession() throws Exception {
        TlsContext server = context(false, ALICE_AND_BOB);
        TlsContext alice = context(true, ALICE_AND_BOB);
        assertFalse(connect(alice, server, "a.example", "alice"));
        TlsContext nowBob = context(true, keys("bob", key("alice", KEY), key("bob", OTHER_KEY)));
        nowBob.takeOver(alice);
        assertFalse("bob makes his own full handshake", connect(nowBob, server, "a.example", "bob"));
        assertTrue(connect(nowBob, server, "a.example", "bob"));
    }
}
