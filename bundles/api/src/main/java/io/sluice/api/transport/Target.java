package io.sluice.api.transport;

import java.net.InetSocketAddress;

/**
 * One address to connect to.
 *
 * @param host    the host as configured (used for TLS host name checks and as the default SNI)
 * @param address the resolved address
 */
public record Target(String host, InetSocketAddress address) {

    @Override
    public String toString() {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }
}
