package io.sluice.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.sluice.api.transport.ProxyInput;
import java.net.InetAddress;
import java.nio.file.Path;
import org.junit.Test;

/** proxyProtocol = accept and proxyFrom: parsed into the trusted networks, refused with file, key and value. */
public class ProxySourcesTest {

    private final TunnelConfigs configs = new TunnelConfigs(Path.of("."), "accept", "8443", "connect", "127.0.0.1:80");

    @Test
    public void noProxyInputByDefault() throws Exception {
        assertNull(configs.parse().policy().proxyInput());
        assertNull(configs.parse("proxyProtocol", "no").policy().proxyInput());
    }

    @Test
    public void trustsExactlyTheListedAddressesAndNetworks() throws Exception {
        ProxyInput input = configs.parse("proxyProtocol", "accept", "proxyFrom", "10.0.0.0/8, 127.0.0.1, [::1], 2001:db8::/32")
                .policy().proxyInput();
        assertTrue(input.trusts(InetAddress.getByName("10.200.3.4")));
        assertTrue(input.trusts(InetAddress.getByName("127.0.0.1")));
        assertTrue(input.trusts(InetAddress.getByName("::1")));
        assertTrue(input.trusts(InetAddress.getByName("2001:db8:ffff::1")));
        assertFalse(input.trusts(InetAddress.getByName("11.0.0.1")));
        assertFalse(input.trusts(InetAddress.getByName("127.0.0.2")));
        assertFalse(input.trusts(InetAddress.getByName("2001:db9::1")));
        assertFalse("an IPv4 network never matches IPv6", input.trusts(InetAddress.getByName("::a00:1")));
    }

    @Test
    public void refusedWithKeyAndReason() {
        assertEquals("Service [t]: proxyFrom = : required with proxyProtocol = accept: the load balancers' addresses"
                + " or networks (10.0.0.0/8, 127.0.0.1); a PROXY header from anyone else is refused",
                configs.refusal("proxyProtocol", "accept"));
        assertEquals("Service [t]: proxyProtocol = yes: expected accept or no", configs.refusal("proxyProtocol", "yes"));
        assertEquals("Service [t]: proxyFrom = 10.0.0.1: has no effect without proxyProtocol = accept",
                configs.refusal("proxyFrom", "10.0.0.1"));
        assertEquals("Service [t]: proxyFrom = lb.example: 'lb.example': not an IP address or network (no host names)",
                configs.refusal("proxyProtocol", "accept", "proxyFrom", "lb.example"));
        assertEquals("Service [t]: proxyFrom = 10.0.0.0/33: '10.0.0.0/33': prefix length '33' is not 0-32",
                configs.refusal("proxyProtocol", "accept", "proxyFrom", "10.0.0.0/33"));
    }
}
