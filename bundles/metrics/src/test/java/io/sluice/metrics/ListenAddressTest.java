package io.sluice.metrics;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.net.InetSocketAddress;
import org.junit.Test;

/** etc/io.sluice.metrics.cfg's address: loopback by default, anything else only when allowed. */
public class ListenAddressTest {

    @Test
    public void loopbackIsTaken() {
        InetSocketAddress address = ListenAddress.parse("127.0.0.1:9100", false);
        assertEquals(9100, address.getPort());
        assertTrue(ListenAddress.parse("[::1]:0", false).getAddress().isLoopbackAddress());
    }

    @Test
    public void anyOtherAddressIsRefusedUnlessAllowed() {
        assertEquals("address = 0.0.0.0:9100: not a loopback address; set allowRemote = true to serve the metrics to"
                + " other hosts", refusal("0.0.0.0:9100", false));
        assertTrue(ListenAddress.parse("0.0.0.0:9100", true).getAddress().isAnyLocalAddress());
    }

    @Test
    public void malformedValuesAreNamed() {
        assertEquals("address = 9100: expected HOST:PORT, e.g. 127.0.0.1:9100", refusal("9100", false));
        assertEquals("address = 127.0.0.1:http: the port is not a number", refusal("127.0.0.1:http", false));
        assertEquals("address = 127.0.0.1:70000: the port is not between 0 and 65535", refusal("127.0.0.1:70000", false));
    }

    private static String refusal(String value, boolean allowRemote) {
        try {
            ListenAddress.parse(value, allowRemote);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        fail(value + " was taken");
        return null;
    }
}
