package io.sluice.protocol.pgsql;

import io.sluice.api.protocol.PlainChannel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Server mode: Sluice reads the client's 8-byte request and answers {@code S} to an SSLRequest;
 * then TLS, and the client's StartupMessage reaches the real server inside the tunnel. Unlike
 * stunnel, which refuses GSSENCRequest with an error, Sluice answers it {@code N} as a server
 * without GSSAPI does, so that clients which try GSSAPI first (libpq's default
 * {@code gssencmode=prefer} with a Kerberos ticket) fall back to SSLRequest. A client that asks
 * for no encryption gets PostgreSQL's own kind of error message, which psql prints.
 */
final class PgsqlServer {

    private PgsqlServer() {
    }

    static void negotiate(PlainChannel client) throws IOException {
        byte[] request = Startup.readFully(client, 8, "the client");
        if (Arrays.equals(request, Startup.GSSENC_REQUEST)) {
            refuseInjection(client);
            client.write(new byte[] {'N'});
            request = Startup.readFully(client, 8, "the client");
        }
        if (!Arrays.equals(request, Startup.SSL_REQUEST)) {
            client.write(error("this server requires TLS: connect with sslmode=require"));
            throw new IOException("pgsql: the client did not ask for TLS (its first message starts "
                    + Startup.hex(request) + ", not an SSLRequest)");
        }
        refuseInjection(client);
        client.write(new byte[] {'S'});
    }

    /** CVE-2021-23214: bytes behind the SSLRequest were sent in plaintext; they must not pass for TLS. */
    private static void refuseInjection(PlainChannel client) throws IOException {
        if (client.hasBufferedInput()) {
            client.write(error("data received after the encryption request, before TLS"));
            throw new IOException("pgsql: plaintext received after the client's request, before TLS (injection): refused");
        }
    }

    /** An ErrorResponse (severity FATAL, SQLSTATE 08P01 protocol_violation), as PostgreSQL sends one. */
    static byte[] error(String message) {
        ByteArrayOutputStream fields = new ByteArrayOutputStream();
        field(fields, 'S', "FATAL");
        field(fields, 'V', "FATAL");
        field(fields, 'C', "08P01");
        field(fields, 'M', message);
        fields.write(0);
        byte[] body = fields.toByteArray();
        int length = body.length + 4;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write('E');
        out.write(length >>> 24);
        out.write(length >>> 16);
        out.write(length >>> 8);
        out.write(length);
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static void field(ByteArrayOutputStream out, char type, String value) {
        out.write(type);
        out.writeBytes(value.getBytes(StandardCharsets.UTF_8));
        out.write(0);
    }
}
