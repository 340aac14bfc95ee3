package io.sluice.api.transport;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * PROXY protocol on input ({@code proxyProtocol = accept}): every connection starts with a v1 or
 * v2 header from a load balancer naming the real client, and only the listed sources may send one.
 *
 * @param from the load balancers' networks; a connection from elsewhere is refused
 */
public record ProxyInput(List<Network> from) {

    public ProxyInput {
        from = List.copyOf(Objects.requireNonNull(from, "from"));
    }

    /** Whether a connection from {@code source} may name its client in a PROXY header. */
    public boolean trusts(InetAddress source) {
        return source != null && from.stream().anyMatch(network -> network.contains(source));
    }

    /**
     * An address and the number of leading bits that must match ({@code 10.0.0.0/8}; a bare
     * address is all of its bits). An IPv4 network never matches an IPv6 address, nor the reverse.
     */
    public record Network(InetAddress address, int prefix) {

        public Network {
            Objects.requireNonNull(address, "address");
            if (prefix < 0 || prefix > address.getAddress().length * 8) {
                throw new IllegalArgumentException("prefix " + prefix + " out of range for " + address.getHostAddress());
            }
        }

        public boolean contains(InetAddress candidate) {
            byte[] network = address.getAddress();
            byte[] other = candidate.getAddress();
            if (network.length != other.length) {
                return false;
            }
            int bits = prefix;
            for (int i = 0; i < network.length && bits > 0; i++, bits -= 8) {
                int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
                if ((network[i] & mask) != (other[i] & mask)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String toString() {
            return address.getHostAddress() + "/" + prefix;
        }
    }
}
