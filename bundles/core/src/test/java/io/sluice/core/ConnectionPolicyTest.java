package io.sluice.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.sluice.api.transport.Limits;
import java.nio.file.Path;
import java.util.Map;
import org.junit.Test;

/** maxConnections, maxSetups, maxConnectionsPerSource, renegotiation and stunnel's socket options. */
public class ConnectionPolicyTest {

    private final TunnelConfigs configs = new TunnelConfigs(Path.of("."), "accept", "8443", "connect", "127.0.0.1:80");

    private ConnectionPolicy policy(String... keyValues) throws ConfigException {
        return configs.parse(keyValues).policy();
    }

    @Test
    public void byDefaultNoLimitsOfItsOwnNoRenegotiationKeepAliveOnBothSides() throws Exception {
        ConnectionPolicy policy = policy();
        assertEquals(Limits.NONE, policy.limits());
        assertFalse(policy.renegotiation());
        assertEquals(Map.of(), policy.socket().listening());
        assertEquals(Map.of("SO_KEEPALIVE", "yes"), policy.socket().accepted());
        assertEquals(Map.of("SO_KEEPALIVE", "yes"), policy.socket().connected());
    }

    @Test
    public void limitsAndRenegotiationAsWritten() throws Exception {
        ConnectionPolicy policy = policy("maxConnections", "100", "maxSetups", "20", "maxConnectionsPerSource", "5",
                "renegotiation", "yes");
        assertEquals(new Limits(100, 20, 5), policy.limits());
        assertTrue(policy.renegotiation());
        assertEquals("Service [t]: maxSetups = -1: expected a whole number, 0 or more (0: unlimited)",
                configs.refusal("maxSetups", "-1"));
    }

    @Test
    public void socketOptionsAddToTheDefaultsPerSideInStunnelsSyntax() throws Exception {
        ConnectionPolicy policy = policy("socket", "l:TCP_KEEPIDLE=60, l:SO_KEEPALIVE=1, r:SO_KEEPALIVE=no,"
                + " r:SO_LINGER=1:0, a:SO_REUSEADDR=no");
        assertEquals(Map.of("SO_KEEPALIVE", "yes", "TCP_KEEPIDLE", "60"), policy.socket().accepted());
        assertEquals(Map.of("SO_KEEPALIVE", "no", "SO_LINGER", "1:0"), policy.socket().connected());
        assertEquals(Map.of("SO_REUSEADDR", "no"), policy.socket().listening());
    }

    @Test
    public void aSocketOptionThatCannotBeAppliedIsRefusedNamingIt() {
        assertEquals("Service [t]: socket = l:SO_BINDTODEVICE=eth0: 'l:SO_BINDTODEVICE=eth0': SO_BINDTODEVICE is not"
                + " supported on this socket (supported: IP_TOS, SO_KEEPALIVE, SO_LINGER, SO_RCVBUF, SO_SNDBUF,"
                + " TCP_KEEPCNT, TCP_KEEPIDLE, TCP_KEEPINTVL, TCP_NODELAY)", configs.refusal("socket", "l:SO_BINDTODEVICE=eth0"));
        assertEquals("Service [t]: socket = x:SO_KEEPALIVE=yes: 'x:SO_KEEPALIVE=yes': the socket is a (listening),"
                + " l (accepted) or r (connected to a target)", configs.refusal("socket", "x:SO_KEEPALIVE=yes"));
        assertEquals("Service [t]: socket = l:SO_RCVBUF=big: 'l:SO_RCVBUF=big': expected a whole number",
                configs.refusal("socket", "l:SO_RCVBUF=big"));
        assertEquals("Service [t]: socket = SO_KEEPALIVE: 'SO_KEEPALIVE': expected a|l|r:OPTION=VALUE,"
                + " e.g. l:TCP_KEEPIDLE=60", configs.refusal("socket", "SO_KEEPALIVE"));
    }
}
