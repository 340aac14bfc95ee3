package io.sluice.api;

import java.net.InetSocketAddress;
import java.time.Instant;

/**
 * One live connection of a tunnel, as {@code tunnel:connections} shows it (stunnel's SIGUSR2
 * list, but live).
 *
 * @param id          unique in this container; {@code tunnel:kill ID} closes it
 * @param tunnel      the tunnel's name
 * @param client      the accepted peer, e.g. "192.0.2.7:50312"
 * @param target      the connected target, or null while connecting
 * @param opened      when it was accepted
 * @param bytesIn     plaintext received from the client and relayed
 * @param bytesOut    plaintext sent to the client
 * @param tlsProtocol the negotiated TLS version, or null before the handshake
 * @param cipherSuite the negotiated suite, or null before the handshake
 * @param peerSubject the TLS peer's certificate subject, or null when it sent none
 */
public record ConnectionInfo(
        long id,
        String tunnel,
        String client,
        String target,
        Instant opened,
        long bytesIn,
        long bytesOut,
        String tlsProtocol,
        String cipherSuite,
        String peerSubject) {

    /**
     * An address as stunnel prints it, and as {@code client} and {@code target} hold it:
     * {@code 127.0.0.1:443}, {@code [::1]:443}; "?" for none.
     */
    public static String address(InetSocketAddress address) {
        if (address == null) {
            return "?";
        }
        String host = address.getAddress() == null ? address.getHostString() : address.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
