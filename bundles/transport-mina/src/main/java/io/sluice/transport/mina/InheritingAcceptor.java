package io.sluice.transport.mina;

import java.net.SocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import org.apache.mina.core.service.IoProcessor;
import org.apache.mina.transport.socket.nio.NioSession;
import org.apache.mina.transport.socket.nio.NioSocketAcceptor;

/**
 * MINA's acceptor, but an address whose socket the process inherited (systemd socket activation)
 * takes that socket instead of binding a new one; unbinding leaves it open for the next bind.
 */
final class InheritingAcceptor extends NioSocketAcceptor {

    InheritingAcceptor(IoProcessor<NioSession> processor) {
        super(processor);
    }

    @Override
    protected ServerSocketChannel open(SocketAddress localAddress) throws Exception {
        ServerSocketChannel inherited = Inherited.forAddress(localAddress);
        if (inherited == null) {
            return super.open(localAddress);
        }
        inherited.configureBlocking(false);
        inherited.register(selector, SelectionKey.OP_ACCEPT);
        return inherited;
    }

    @Override
    protected void close(ServerSocketChannel handle) throws Exception {
        if (!Inherited.is(handle)) {
            super.close(handle);
            return;
        }
        SelectionKey key = handle.keyFor(selector);
        if (key != null) {
            key.cancel();
        }
    }
}
