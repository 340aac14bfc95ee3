package io.sluice.api.protocol;

import io.sluice.api.TunnelKey;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * A plaintext exchange that precedes TLS (SMTP STARTTLS, HTTP CONNECT, ...), registered as a
 * service with the property {@value #PROTOCOL} naming the protocol ({@code protocol = smtp}).
 *
 * <p>Stateless: one instance serves every connection; per-connection state lives in the
 * {@link #negotiate} call. It runs on a worker thread, never on an I/O thread, so it may block
 * on the channels' reads and writes.
 */
public interface ProtocolNegotiator {

    String PROTOCOL = "protocol";

    /**
     * Runs the exchange. Returning normally hands the connection over to TLS on
     * {@link NegotiationContext#tlsSide()}.
     *
     * <p>Bytes the TLS-side peer sent that the negotiator did not read are fed to TLS as the start
     * of the peer's TLS stream: a ClientHello that raced the last plaintext reply, or one left
     * unread on purpose after {@link PlainChannel#peek} showed implicit TLS. They never reach the
     * other peer as plaintext; if they are not TLS, the handshake fails. Plaintext sent after the
     * command that starts TLS (in the same packet, the CVE-2011-0411 command injection) must not
     * be mistaken for part of the protected session: a negotiator checks
     * {@link PlainChannel#hasBufferedInput()} after reading that command and, if bytes are
     * waiting, refuses the connection instead of sending its go-ahead.
     *
     * @throws IOException to refuse the connection; the message is logged and counted
     */
    void negotiate(NegotiationContext context) throws IOException;

    /**
     * Server mode only: runs after the TLS handshake with the client and before the target is
     * connected, with {@link NegotiationContext#tlsSide()} the client inside TLS (what it reads
     * and writes is the decrypted data) and {@link NegotiationContext#plainSide()} null. It may
     * choose the target with {@link NegotiationContext#connectTo} (an HTTP CONNECT request inside
     * TLS); otherwise the tunnel's {@code connect} list is used. What it does not read from the
     * client is relayed to the target. The default does nothing.
     *
     * @throws IOException to close the connection; the message is logged and counted
     */
    default void afterHandshake(NegotiationContext context) throws IOException {
        // most protocols negotiate before TLS only
    }

    /**
     * Server mode only: runs after the TLS handshake with the client, once the target is
     * connected and before anything is relayed, with {@link NegotiationContext#plainSide()} the
     * target and {@link NegotiationContext#tlsSide()} the client inside TLS. It consumes what the target says that
     * the client already got from {@link #negotiate} (an SMTP server's 220 greeting). What it does
     * not read is relayed to the client, as is what the client sent meanwhile to the target. The
     * default does nothing.
     *
     * @throws IOException to close the connection; the message is logged and counted
     */
    default void targetConnected(NegotiationContext context) throws IOException {
        // most protocols have nothing to undo on the target
    }

    /**
     * Client mode only: runs after the TLS handshake with the server and before anything is
     * relayed, with {@link NegotiationContext#tlsSide()} the server inside TLS (what it reads and
     * writes is the decrypted data) and {@link NegotiationContext#plainSide()} null: the local
     * client waits, and what it sent meanwhile is relayed afterwards. What the negotiator does not
     * read from the server is relayed to the local client. For exchanges that must be encrypted,
     * such as stunnel's SMTP AUTH after STARTTLS. The default does nothing.
     *
     * @throws IOException to close the connection; the message is logged and counted
     * @since 0.4
     */
    default void afterClientHandshake(NegotiationContext context) throws IOException {
        // most protocols are done once TLS is up
    }

    /**
     * Server mode: whether {@link #afterHandshake} names every connection's target with
     * {@link NegotiationContext#connectTo} or refuses the connection, so that a tunnel of this
     * protocol needs no {@code connect} (stunnel's socks server). The default: no, connect is needed.
     *
     * @since 0.5
     */
    default boolean choosesTarget() {
        return false;
    }

    /**
     * The {@code protocol*} keys this negotiator reads (protocolHost, ...), with its own defaults
     * and descriptions. A tunnel that sets any other {@code protocol*} key is refused when it is
     * configured, rather than failing each connection or ignoring the key. The default declares
     * none, so a plugin built before this method accepts no options at configuration time.
     *
     * @since 0.3
     */
    default List<TunnelKey> keys() {
        return List.of();
    }

    /**
     * Checks the tunnel's {@code protocol*} options (as {@link NegotiationContext#options()} will
     * hold them, only keys of {@link #keys()}) when the tunnel is configured, so that a value no
     * connection could use is refused at once. The default accepts everything.
     *
     * @param client  the tunnel's mode: client = yes
     * @param options the tunnel's {@code protocol*} options
     * @throws IllegalArgumentException naming the key and the problem, e.g.
     *                                  {@code protocolHost = a b: not host:port}
     * @since 0.3
     */
    default void validate(boolean client, Map<String, String> options) {
        // options are checked per connection only
    }
}
