package io.sluice.interop;

import io.sluice.api.transport.Listener;
import io.sluice.interop.Interop.Identity;
import io.sluice.tls.openssl.OpenSslTlsProvider;
import io.sluice.transport.mina.CountingObserver;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.Rule;
import org.junit.Test;

/**
 * A client and a server tunnel with tlsProvider = openssl, and between them TCP that cuts every
 * TLS record 10 bytes in (header and 5 bytes, a pause, the rest), as a busy network may (issue 21:
 * iperf3 through an openssl pair, "control socket has closed unexpectedly"). A read that ended
 * there held too little of a full 16 KB record for Netty's engine, which asked for more room
 * instead of more input, and the tunnel reset the connection after a few hundred megabytes.
 */
public class NativeTunnelPairSplitRecordsTest {

    private static final int FOUR_MB = 4 << 20;
    /** The header and this many bytes of the record's body go first: less than its tag. */
    private static final int BODY_FIRST = 5;

    @Rule
    public final Interop interop = new Interop(new OpenSslTlsProvider());

    @Test(timeout = 120_000)
    public void fullRecordsCutAfterTheirFirstBytesGoThroughBothWays() throws Exception {
        Identity identity = interop.identity("server");
        EchoServer echo = interop.echoServer();
        Listener server = interop.sluiceServer(identity, echo.port(), new CountingObserver());
        RecordCutter cutter = new RecordCutter(server.boundAddress().getPort());
        interop.onStop(cutter);
        Listener client = interop.sluiceClient(List.of(identity.certificate()), "localhost", cutter.port(),
                new CountingObserver());

        Interop.assertEchoes(client.boundAddress().getPort(), FOUR_MB, true);
    }

    /** Relays one connection to a TLS port, writing each record in two pieces, both ways. */
    private static final class RecordCutter implements Closeable {
        private final ServerSocket listening = new ServerSocket(0, 1, Interop.LOOPBACK);
        private final int target;
        private final List<Socket> relayed = new CopyOnWriteArrayList<>();

        RecordCutter(int target) throws IOException {
            this.target = target;
            Thread acceptor = new Thread(this::relayOne, "record-cutter");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return listening.getLocalPort();
        }

        private void relayOne() {
            try {
                Socket from = listening.accept();
                relayed.add(from);
                Socket to = new Socket(Interop.LOOPBACK, target);
                relayed.add(to);
                from.setTcpNoDelay(true);
                to.setTcpNoDelay(true);
                pumpOnOwnThread(to, from);
                cut(from, to);
            } catch (IOException | InterruptedException e) {
                // The test sees the connection fail.
            }
        }

        private static void pumpOnOwnThread(Socket from, Socket to) {
            Thread pump = new Thread(() -> {
                try {
                    cut(from, to);
                } catch (IOException | InterruptedException e) {
                    // As above.
                }
            }, "record-cutter-back");
            pump.setDaemon(true);
            pump.start();
        }

        /** Copies records until the end of from's stream, which goes on as a FIN. */
        private static void cut(Socket from, Socket to) throws IOException, InterruptedException {
            DataInputStream in = new DataInputStream(from.getInputStream());
            OutputStream out = to.getOutputStream();
            byte[] record = new byte[5 + 65535];
            while (true) {
                try {
                    in.readFully(record, 0, 5);
                } catch (EOFException end) {
                    to.shutdownOutput();
                    return;
                }
                int length = (record[3] & 0xff) << 8 | record[4] & 0xff;
                in.readFully(record, 5, length);
                int first = 5 + Math.min(BODY_FIRST, length);
                out.write(record, 0, first);
                out.flush();
                // The receiving tunnel reads the cut piece on its own before the rest arrives.
                Thread.sleep(3);
                out.write(record, first, 5 + length - first);
                out.flush();
            }
        }

        @Override
        public void close() throws IOException {
            listening.close();
            for (Socket socket : relayed) {
                socket.close();
            }
        }
    }
}
