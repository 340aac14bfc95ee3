package io.sluice.transport.mina;

import io.sluice.api.ConnectionInfo;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import org.apache.mina.core.buffer.IoBuffer;

/**
 * PROXY protocol on input ({@code proxyProtocol = accept}), the first stage: a connection from
 * one of the tunnel's load balancers ({@code proxyFrom}) must start with a v1 or v2 header, which
 * names the real client for every later stage (libwrap, logs, exec's environment, an outgoing
 * PROXY header). Anyone else, or a connection without a valid header, is refused. The header is
 * read on a worker, within the setup deadline, and nothing after it: the rest is the client's.
 */
final class ProxyHeader extends Stage {

    static final ProxyHeader STAGE = new ProxyHeader();

    private ProxyHeader() {
        super("read PROXY header");
    }

    @Override
    void enter(Connection c) {
        InetSocketAddress balancer = c.acceptedPeer();
        if (!c.spec.proxyInput().trusts(balancer.getAddress())) {
            c.spec.observer().refused();
            c.kill("PROXY header refused from " + ConnectionInfo.address(balancer) + ": not in proxyFrom");
            return;
        }
        BlockingChannel channel;
        synchronized (c) {
            channel = new BlockingChannel(c.client.session, c.spec.timeouts().busy().toMillis());
            c.client.channel = channel;
        }
        c.work(() -> {
            ProxyHeaderReader.Header header;
            try {
                header = ProxyHeaderReader.read(channel);
            } catch (IOException e) {
                c.spec.observer().refused();
                c.kill("PROXY header from " + ConnectionInfo.address(balancer) + " refused: " + Logged.text(e.getMessage()));
                return;
            }
            synchronized (c) {
                List<IoBuffer> rest = Negotiation.end(c.client);
                for (int i = rest.size() - 1; i >= 0; i--) {
                    c.client.held.addFirst(rest.get(i));
                }
                c.proxied(header.client(), header.local());
            }
            c.proxiedLog(balancer, header.version());
            c.next();
        });
    }
}
