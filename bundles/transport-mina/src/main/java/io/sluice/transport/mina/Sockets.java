package io.sluice.transport.mina;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.transport.socket.nio.NioSession;

/** What MINA's session API lacks: a TCP half-close, and a close with a reset. */
final class Sockets {

    private Sockets() {
    }

    /**
     * Closes now, dropping what was not sent yet: with {@code reset}, SO_LINGER 0 first, so that the
     * kernel answers with a RST rather than a FIN (stunnel's {@code reset = yes}).
     */
    static void abort(IoSession session, boolean reset) {
        armReset(session, reset);
        session.closeNow();
    }

    /** With reset: whoever closes the session from now on (this thread or a close event) sends RST. */
    static void armReset(IoSession session, boolean reset) {
        if (reset && session instanceof NioSession nio && nio.getChannel() instanceof SocketChannel channel) {
            try {
                channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            } catch (IOException | RuntimeException e) {
                // already closed: nothing to reset
            }
        }
    }

    /** Sends FIN once everything written before has left; reading continues. */
    static void shutdownOutput(IoSession session) {
        if (session instanceof ProcessSession program) {
            program.shutdownOutput(); // stunnel's exec: the program's standard input ends
            return;
        }
        if (session instanceof NioSession nio && nio.getChannel() instanceof SocketChannel channel) {
            try {
                channel.shutdownOutput();
            } catch (IOException e) {
                // Already reset or closed by the peer: the close path handles it.
            }
        }
    }
}
