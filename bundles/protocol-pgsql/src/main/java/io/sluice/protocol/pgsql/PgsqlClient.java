package io.sluice.protocol.pgsql;

import io.sluice.api.protocol.PlainChannel;
import java.io.IOException;

/**
 * Client mode, as stunnel's: Sluice sends the SSLRequest and needs {@code S}; then TLS. The local
 * client (psql with {@code sslmode=disable}) then sends its StartupMessage, which goes inside TLS.
 */
final class PgsqlClient {

    private PgsqlClient() {
    }

    static void negotiate(PlainChannel server) throws IOException {
        server.write(Startup.SSL_REQUEST);
        int answer = Startup.readFully(server, 1, "the server")[0] & 0xff;
        if (answer == 'N') {
            throw new IOException("pgsql: PostgreSQL server rejected TLS (it answered N: ssl = off)");
        }
        if (answer != 'S') {
            // 'E': a server too old for SSLRequest answers with an error message.
            throw new IOException("pgsql: PostgreSQL server rejected TLS (it answered 0x" + Integer.toHexString(answer)
                    + " to SSLRequest, not S)");
        }
        // CVE-2021-23214 (the client side's twin, CVE-2021-23222): bytes behind the S were sent in
        // plaintext by a man in the middle and would pass for the server's first TLS bytes.
        if (server.hasBufferedInput()) {
            throw new IOException("pgsql: plaintext received after the server's S, before TLS (injection): refused");
        }
    }
}
