package io.sluice.transport.mina;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.transport.socket.nio.NioSession;

/** What MINA's session API lacks: a TCP half-close. */
final class Sockets {

    private Sockets() {
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
