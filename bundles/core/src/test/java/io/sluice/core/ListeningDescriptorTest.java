package io.sluice.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.junit.Test;

/** stunnel's "(FD=n)": the descriptor of this process's listening socket, read from Linux's /proc (Sluice's tests run on Linux, as CI does). */
public class ListeningDescriptorTest {

    private static InetSocketAddress bound(ServerSocketChannel channel) throws Exception {
        return (InetSocketAddress) channel.getLocalAddress();
    }

    /** Descriptor {@code fd} of this process is a socket. */
    private static void assertIsSocket(int fd) throws Exception {
        String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
        assertTrue(target, target.matches("socket:\\[\\d+\\]"));
    }

    @Test
    public void findsTheDescriptorOfEachListeningSocketAndNoneOnceClosed() throws Exception {
        ServerSocketChannel first = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        ServerSocketChannel second = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        ServerSocketChannel wildcard = ServerSocketChannel.open().bind(new InetSocketAddress(0));
        try {
            OptionalInt a = ListeningDescriptor.of(bound(first));
            OptionalInt b = ListeningDescriptor.of(bound(second));
            OptionalInt any = ListeningDescriptor.of(bound(wildcard));
            assertTrue(a.isPresent() && b.isPresent() && any.isPresent());
            assertIsSocket(a.getAsInt());
            assertIsSocket(any.getAsInt());
            assertNotEquals(a.getAsInt(), b.getAsInt());
            assertNotEquals(a.getAsInt(), any.getAsInt());
            // Same port on another address: not the loopback listener's.
            InetSocketAddress elsewhere = new InetSocketAddress(InetAddress.getByName("127.0.0.2"), bound(first).getPort());
            assertFalse(ListeningDescriptor.of(elsewhere).isPresent());
        } finally {
            wildcard.close();
            second.close();
        }
        InetSocketAddress gone = bound(first);
        first.close();
        assertEquals(OptionalInt.empty(), ListeningDescriptor.of(gone));
    }

    @Test
    public void aSocketOfAnotherProcessIsNotOurs() throws Exception {
        Process listener = new ProcessBuilder("python3", "-c", "import socket,sys,time\n"
                + "s=socket.socket(); s.bind(('127.0.0.1',0)); s.listen(); print(s.getsockname()[1], flush=True); time.sleep(30)")
                .start();
        try {
            int port = Integer.parseInt(new BufferedReader(new InputStreamReader(listener.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine().trim());
            assertFalse(ListeningDescriptor.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)).isPresent());
        } finally {
            listener.destroyForcibly();
        }
    }
}
