package io.sluice.api.transport;

import java.net.InetSocketAddress;

/**
 * One address to connect to.
 *
 * @param host    the host as configured (used for TLS host name checks and as the default SNI)
 * @param address the resolved address, or an unresolved one (stunnel's {@code delay = yes}) that the
 *                transport resolves for each connection
 */
public record Target(String host, InetSocketAddress address) {

    @Override
    public String toString() {
        return (address.isUnresolved() ? address.getHostString() : address.getAddress().getHostAddress()) + ":"
                + address.getPort();
    }
}
