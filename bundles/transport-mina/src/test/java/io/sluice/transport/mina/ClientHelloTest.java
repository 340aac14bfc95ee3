package io.sluice.transport.mina;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import io.sluice.api.protocol.PlainChannel;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.junit.Test;

/** The ClientHello reader against ClientHellos of the JDK's TLS client, whole and cut up. */
public class ClientHelloTest {

    @Test
    public void readsTheServerNameAndKeepsEveryByte() throws Exception {
        byte[] hello = clientHello("www.example.org");
        ClientHello.Result result = ClientHello.read(new Pieces(hello, hello.length));
        assertEquals("www.example.org", result.serverName());
        assertArrayEquals(hello, result.consumed());
    }

    @Test
    public void oneByteAtATime() throws Exception {
        byte[] hello = clientHello("a.example");
        assertEquals("a.example", ClientHello.read(new Pieces(hello, 1)).serverName());
    }

    @Test
    public void aHandshakeMessageSplitOverSeveralRecords() throws Exception {
        byte[] hello = clientHello("split.example");
        byte[] body = Arrays.copyOfRange(hello, 5, hello.length);
        ByteArrayOutputStream records = new ByteArrayOutputStream();
        for (int start = 0; start < body.length; start += 7) {
            int length = Math.min(7, body.length - start);
            records.write(new byte[] {22, 3, 1, 0, (byte) length});
            records.write(body, start, length);
        }
        byte[] fragmented = records.toByteArray();
        ClientHello.Result result = ClientHello.read(new Pieces(fragmented, 3));
        assertEquals("split.example", result.serverName());
        assertArrayEquals(fragmented, result.consumed());
    }

    @Test
    public void noNameWhenTheClientSendsNone() throws Exception {
        assertNull(ClientHello.read(new Pieces(clientHello(null), 100)).serverName());
    }

    @Test
    public void plaintextAndGarbageGiveNoNameAndAreKeptForTheEngineToRefuse() throws Exception {
        byte[] http = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        ClientHello.Result result = ClientHello.read(new Pieces(http, http.length));
        assertNull(result.serverName());
        assertArrayEquals(Arrays.copyOf(http, 5), result.consumed());

        byte[] huge = {22, 3, 3, 0, 4, 1, 0x7f, (byte) 0xff, (byte) 0xff};
        assertNull("a hello longer than any real one", ClientHello.read(new Pieces(huge, 100)).serverName());
        byte[] notHello = {22, 3, 3, 0, 4, 2, 0, 0, 0};
        assertNull("a handshake message that is not a ClientHello", ClientHello.read(new Pieces(notHello, 100)).serverName());
    }

    @Test(expected = EOFException.class)
    public void aHelloCutShortIsTheEndOfTheConnection() throws Exception {
        byte[] hello = clientHello("cut.example");
        ClientHello.read(new Pieces(Arrays.copyOf(hello, hello.length / 2), 50));
    }

    private static byte[] clientHello(String serverName) throws Exception {
        SSLEngine engine = SSLContext.getDefault().createSSLEngine("peer", 443);
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setServerNames(serverName == null ? List.of() : List.of(new SNIHostName(serverName)));
        engine.setSSLParameters(parameters);
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(ByteBuffer.allocate(0), out);
        out.flip();
        byte[] bytes = new byte[out.remaining()];
        out.get(bytes);
        return bytes;
    }

    /** A channel handing out the bytes in pieces of at most {@code piece}. */
    private static final class Pieces implements PlainChannel {
        private final byte[] data;
        private final int piece;
        private int position;

        Pieces(byte[] data, int piece) {
            this.data = data;
            this.piece = piece;
        }

        @Override
        public int read(byte[] buffer, int offset, int len) throws EOFException {
            if (position == data.length) {
                throw new EOFException("end of stream");
            }
            int n = Math.min(Math.min(len, piece), data.length - position);
            System.arraycopy(data, position, buffer, offset, n);
            position += n;
            return n;
        }

        @Override
        public String readLine(int maxLength) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int peek(long timeoutMillis) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void write(byte[] data) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean hasBufferedInput() {
            return position < data.length;
        }
    }
}
