package io.sluice.tls.jsse.contract;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;

/**
 * An in-memory pump between a client and a server SSLEngine: wrap, hand the bytes to the peer, unwrap,
 * run delegated tasks on this thread, until neither side makes progress. Each side also sends one
 * application message, so a rejection the server only makes after the client's Finished (TLS 1.3
 * client certificates) still reaches the client, and success means data went both ways.
 */
public final class Handshake {

    static final String CLIENT_HELLO = "ping from client";
    static final String SERVER_HELLO = "pong from server";

    /** What happened; each failure is the first SSLException its engine threw, or null. */
    public record Result(SSLEngine client, SSLEngine server, SSLException clientFailure, SSLException serverFailure,
            String clientReceived, String serverReceived) {

        /** Both sides completed the handshake and received the other's message. */
        public Result assertOk() {
            if (clientFailure != null || serverFailure != null) {
                AssertionError error = new AssertionError("handshake failed: client " + describe(clientFailure)
                        + "; server " + describe(serverFailure));
                if (clientFailure != null) {
                    error.addSuppressed(clientFailure);
                }
                if (serverFailure != null) {
                    error.addSuppressed(serverFailure);
                }
                throw error;
            }
            assertEquals("client received", SERVER_HELLO, clientReceived);
            assertEquals("server received", CLIENT_HELLO, serverReceived);
            return this;
        }

        /** The client failed, for a reason whose text (any cause) contains {@code reason}; no data went through. */
        public Result assertClientRejected(String reason) {
            assertRejected("client", clientFailure, reason);
            return this;
        }

        /** The server failed, for a reason whose text (any cause) contains {@code reason}; no data went through. */
        public Result assertServerRejected(String reason) {
            assertRejected("server", serverFailure, reason);
            return this;
        }

        /**
         * The client gave up without data: by an exception (SunJSSE), or by closing its inbound side
         * on the server's fatal alert, which is all BCJSSE's client engine does.
         */
        public Result assertClientClosed() {
            assertTrue("the client should have closed (failure " + describe(clientFailure) + ")",
                    clientFailure != null || client.isInboundDone());
            assertEquals("server received data", "", serverReceived);
            assertEquals("client received data", "", clientReceived);
            return this;
        }

        private void assertRejected(String side, SSLException failure, String reason) {
            assertNotNull("the " + side + " should have failed the handshake (server got \"" + serverReceived
                    + "\", client got \"" + clientReceived + "\")", failure);
            String text = describe(failure);
            assertTrue("the " + side + " failed, but not because of \"" + reason + "\": " + text,
                    text.contains(reason));
            assertEquals("server received data", "", serverReceived);
            assertEquals("client received data", "", clientReceived);
        }

        public ExtendedSSLSession serverSession() {
            return (ExtendedSSLSession) server.getSession();
        }

        public SSLSession clientSession() {
            return client.getSession();
        }

        private static String describe(Throwable failure) {
            StringBuilder text = new StringBuilder();
            for (Throwable t = failure; t != null; t = t.getCause()) {
                text.append(text.length() == 0 ? "" : " <- ").append(t);
            }
            return text.length() == 0 ? "ok" : text.toString();
        }
    }

    private Handshake() {
    }

    public static Result run(SSLEngine client, SSLEngine server) throws SSLException {
        return runTogether(new SSLEngine[][] {{client, server}}).get(0);
    }

    /**
     * Several client/server pairs in lock step, as connections opened at the same moment: every
     * client writes its ClientHello before any handshake completes.
     *
     * @param pairs each {client, server}
     */
    public static List<Result> runTogether(SSLEngine[]... pairs) throws SSLException {
        Side[][] sides = new Side[pairs.length][];
        for (int i = 0; i < pairs.length; i++) {
            sides[i] = new Side[] {new Side(pairs[i][0], CLIENT_HELLO), new Side(pairs[i][1], SERVER_HELLO)};
            pairs[i][0].beginHandshake();
            pairs[i][1].beginHandshake();
        }
        for (int round = 0; round < 200; round++) {
            boolean progress = false;
            for (Side[] pair : sides) {
                progress |= pair[0].wrap() | pair[1].wrap();
            }
            for (Side[] pair : sides) {
                progress |= pair[0].unwrap(pair[1].network) | pair[1].unwrap(pair[0].network);
            }
            if (!progress) {
                List<Result> results = new ArrayList<>();
                for (Side[] pair : sides) {
                    Side c = pair[0];
                    Side s = pair[1];
                    results.add(new Result(c.engine, s.engine, c.failure, s.failure, c.text(), s.text()));
                }
                return results;
            }
        }
        throw new AssertionError("the engines are still talking after 200 rounds");
    }

    private static final class Side {
        final SSLEngine engine;
        final ByteBuffer outgoing;
        /** Bytes this side produced, not yet read by the peer (write mode). */
        final ByteBuffer network;
        /** Application bytes received (write mode). */
        final ByteBuffer received;
        SSLException failure;

        Side(SSLEngine engine, String message) {
            this.engine = engine;
            outgoing = ByteBuffer.wrap(message.getBytes(StandardCharsets.UTF_8));
            network = ByteBuffer.allocate(engine.getSession().getPacketBufferSize() * 8);
            received = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize() * 2);
        }

        boolean wrap() {
            boolean progress = false;
            while (!engine.isOutboundDone()) {
                try {
                    SSLEngineResult result = engine.wrap(outgoing, network);
                    if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                        throw new AssertionError("network buffer too small: " + network);
                    }
                    boolean tasks = runTasks(result);
                    if (result.bytesProduced() == 0 && !tasks) {
                        break;
                    }
                    progress = true;
                } catch (SSLException e) {
                    fail(e);
                    progress = true;
                    break;
                }
            }
            return progress;
        }

        boolean unwrap(ByteBuffer peerNetwork) {
            boolean progress = false;
            peerNetwork.flip();
            try {
                while (!engine.isInboundDone()) {
                    try {
                        SSLEngineResult result = engine.unwrap(peerNetwork, received);
                        if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                            throw new AssertionError("application buffer too small: " + received);
                        }
                        boolean tasks = runTasks(result);
                        if (result.bytesConsumed() == 0 && !tasks) {
                            break;
                        }
                        progress = true;
                    } catch (SSLException e) {
                        fail(e);
                        progress = true;
                        break;
                    }
                }
            } finally {
                peerNetwork.compact();
            }
            return progress;
        }

        private boolean runTasks(SSLEngineResult result) {
            boolean ran = false;
            if (result.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
                for (Runnable task; (task = engine.getDelegatedTask()) != null; ) {
                    task.run();
                    ran = true;
                }
            }
            return ran;
        }

        private void fail(SSLException e) {
            if (failure == null) {
                failure = e;
            }
        }

        String text() {
            return new String(received.array(), 0, received.position(), StandardCharsets.UTF_8);
        }
    }
}
