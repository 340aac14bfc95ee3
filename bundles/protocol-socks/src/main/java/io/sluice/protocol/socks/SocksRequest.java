package io.sluice.protocol.socks;

/**
 * A CONNECT request: the target as the client named it, and how to grant it.
 *
 * @param version 4 (4 and 4a) or 5
 * @param host    a name (4a, 5 DOMAINNAME) or an address literal, IPv6 without brackets
 * @param ipv6    the client asked for an IPv6 address: a v5 reply keeps that shape, as stunnel's
 */
record SocksRequest(int version, String host, int port, boolean ipv6) {

    /** The success reply, with the bound address all zeros as stunnel sends it. */
    byte[] granted() {
        if (version == 4) {
            return new byte[] {0x00, SocksServer.V4_GRANTED, 0, 0, 0, 0, 0, 0};
        }
        return ipv6 ? SocksServer.v5Reply(SocksServer.V5_SUCCEEDED, true) : SocksServer.v5Reply(SocksServer.V5_SUCCEEDED, false);
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
