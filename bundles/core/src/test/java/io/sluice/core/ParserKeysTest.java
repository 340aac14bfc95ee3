package io.sluice.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.sluice.api.TunnelKeys;
import java.util.TreeSet;
import org.junit.Test;

/** The parser reads the registry's keys, no more, no fewer, in any case. */
public class ParserKeysTest {

    @Test
    public void knowsExactlyTheRegisteredKeys() {
        assertEquals(new TreeSet<>(TunnelKeys.names()), new TreeSet<>(ConfigParser.KEYS));
    }

    @Test
    public void matchesThemIgnoringCase() {
        assertTrue(ConfigParser.KEYS.contains("protocolallow"));
        assertTrue(ConfigParser.KEYS.contains("timeoutHANDSHAKE"));
    }
}
