package io.sluice.access.hosts.rules;

/**
 * A network as (bits under the mask, mask) over 128 bits: exact addresses, {@code n.n.n.},
 * {@code n.n.n.n/m.m.m.m}, {@code n.n.n.n/len} and {@code [v6]/len} all compile to this, so a
 * check is two ANDs and two compares.
 */
public record AddressMask(long netHigh, long netLow, long maskHigh, long maskLow) implements HostPattern {

    public boolean contains(Address address) {
        return (address.high() & maskHigh) == netHigh && (address.low() & maskLow) == netLow;
    }

    @Override
    public Match match(Address address, HostName name) {
        return Match.of(contains(address));
    }

    /** The network of an address under this mask: the key an index looks the address up with. */
    AddressMask networkOf(Address address) {
        return new AddressMask(address.high() & maskHigh, address.low() & maskLow, maskHigh, maskLow);
    }
}
