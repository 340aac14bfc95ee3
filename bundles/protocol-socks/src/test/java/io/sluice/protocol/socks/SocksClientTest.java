package io.sluice.protocol.socks;

import static io.sluice.protocol.socks.Scripted.bytes;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.io.IOException;
import org.junit.Test;

/** Client mode against a scripted SOCKS server: the bytes stunnel sends, and each reply's outcome. */
public class SocksClientTest {

    /** 05 01 00, then CONNECT with ATYP 3: "www.example.org", port 80. */
    private static final byte[] REQUEST = bytes(5, 1, 0, 5, 1, 0, 3, 15, 'w', 'w', 'w', '.', 'e', 'x', 'a', 'm', 'p',
            'l', 'e', '.', 'o', 'r', 'g', 0, 80);

    private static void connect(Scripted server, String protocolHost) throws IOException {
        SocksClient.connect(server, SocksClient.target(protocolHost));
    }

    @Test
    public void connectsByNameAndReadsExactlyTheReply() throws Exception {
        // Method accepted, success with an IPv4 bound address, then the target's first byte, left unread.
        Scripted server = new Scripted(bytes(5, 0, 5, 0, 0, 1, 0, 0, 0, 0, 0, 0, 'x'));
        connect(server, "www.example.org:80");
        assertArrayEquals(REQUEST, server.written.toByteArray());
        assertEquals("the target's data stays for the relay", true, server.hasBufferedInput());

        Scripted v6 = new Scripted(bytes(5, 0, 5, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
        connect(v6, "www.example.org:80");
        assertEquals(false, v6.hasBufferedInput());
    }

    @Test
    public void aBarePortIsLocalhost() throws Exception {
        Scripted server = new Scripted(bytes(5, 0, 5, 0, 0, 1, 0, 0, 0, 0, 0, 0));
        connect(server, "8080");
        assertArrayEquals(bytes(5, 1, 0, 5, 1, 0, 3, 9, 'l', 'o', 'c', 'a', 'l', 'h', 'o', 's', 't', 0x1f, 0x90),
                server.written.toByteArray());
    }

    @Test
    public void aRefusalNamesTheRfc1928Reply() {
        assertEquals("socks: CONNECT www.example.org:80 refused by the SOCKS server: connection not allowed by ruleset"
                + " (reply 2)", assertThrows(IOException.class, () -> connect(new Scripted(
                        bytes(5, 0, 5, 2, 0, 1, 0, 0, 0, 0, 0, 0)), "www.example.org:80")).getMessage());
        assertEquals("socks: CONNECT www.example.org:80 refused by the SOCKS server: Connection refused (reply 5)",
                assertThrows(IOException.class, () -> connect(new Scripted(bytes(5, 0, 5, 5, 0, 1, 0, 0, 0, 0, 0, 0)),
                        "www.example.org:80")).getMessage());
        assertEquals("socks: CONNECT www.example.org:80 refused by the SOCKS server: unassigned reply (reply 9)",
                assertThrows(IOException.class, () -> connect(new Scripted(bytes(5, 0, 5, 9, 0, 1, 0, 0, 0, 0, 0, 0)),
                        "www.example.org:80")).getMessage());
    }

    @Test
    public void aServerWantingAuthenticationOrSpeakingSomethingElse() {
        assertEquals("socks: the server does not take SOCKS 5 without authentication (it answered 05 ff)",
                assertThrows(IOException.class, () -> connect(new Scripted(bytes(5, 0xff)), "a.example:1"))
                        .getMessage());
        assertEquals("socks: not a SOCKS 5 reply to CONNECT a.example:1 (48 54 54 50)",
                assertThrows(IOException.class, () -> connect(new Scripted(bytes(5, 0, 'H', 'T', 'T', 'P')),
                        "a.example:1")).getMessage());
    }
}
