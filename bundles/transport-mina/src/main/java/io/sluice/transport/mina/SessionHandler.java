package io.sluice.transport.mina;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.service.IoHandlerAdapter;
import org.apache.mina.core.session.IdleStatus;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.transport.socket.SocketSessionConfig;

/** Routes MINA's events of both sides of every connection of one tunnel to their {@link Connection}. */
final class SessionHandler extends IoHandlerAdapter {

    static final String SIDE = "sluice.side";

    private final MinaListener listener;

    SessionHandler(MinaListener listener) {
        this.listener = listener;
    }

    private static Side side(IoSession session) {
        return (Side) session.getAttribute(SIDE);
    }

    @Override
    public void sessionCreated(IoSession session) {
        // On the socket itself: MINA copies the acceptor's TCP_NODELAY = true to an accepted
        // socket only when it differs from MINA's default, and (strace) accepted sockets never
        // got it. A program's session (exec) has no socket.
        if (session.getConfig() instanceof SocketSessionConfig socket) {
            socket.setTcpNoDelay(true);
        }
        Side side = side(session);
        if (side == null) {
            Connection connection = listener.accepted(session);
            session.setAttribute(SIDE, connection.client);
            SocketTuning.apply(session, listener.acceptedSocketOptions(), connection.tag());
        } else {
            SocketTuning.apply(session, side.connection.spec.socketOptions().connected(), side.connection.tag());
        }
    }

    @Override
    public void sessionOpened(IoSession session) {
        Side side = side(session);
        if (side.accepted) {
            side.connection.start();
        } else {
            side.session = session;
            side.connection.targetOpened(side);
        }
    }

    @Override
    public void messageReceived(IoSession session, Object message) {
        Side side = side(session);
        side.connection.received(side, (IoBuffer) message);
    }

    @Override
    public void inputClosed(IoSession session) {
        Side side = side(session);
        side.connection.inputClosed(side);
    }

    @Override
    public void sessionIdle(IoSession session, IdleStatus status) {
        Side side = side(session);
        side.connection.idle(side);
    }

    @Override
    public void exceptionCaught(IoSession session, Throwable cause) {
        Side side = side(session);
        if (side != null) {
            side.connection.failed(side, cause);
        } else {
            session.closeNow();
        }
    }

    @Override
    public void sessionClosed(IoSession session) {
        Side side = side(session);
        if (side != null) {
            side.connection.sessionClosed(side);
        }
    }
}
