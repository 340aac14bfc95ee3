package io.sluice.shell;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.sluice.api.TunnelKeys;
import org.junit.Test;

public class TunnelFilesTest {

    @Test
    public void everyRegisteredKeyIsWrittenInItsRegisteredSpelling() {
        for (String name : TunnelKeys.names()) {
            assertEquals(name, TunnelFiles.canonicalKey(name.toUpperCase()));
        }
        assertEquals("protocolAllow", TunnelFiles.canonicalKey("PROTOCOLALLOW"));
    }

    @Test
    public void anUnknownKeyIsRefusedWithTheKnownOnes() {
        try {
            TunnelFiles.canonicalKey("ident");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("unknown key 'ident' (known: accept, connect,"));
            return;
        }
        throw new AssertionError("ident was accepted");
    }
}
