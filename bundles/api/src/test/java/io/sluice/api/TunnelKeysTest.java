package io.sluice.api;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.Set;
import java.util.TreeSet;
import org.junit.Test;

public class TunnelKeysTest {

    @Test
    public void namesAreUniqueIgnoringCase() {
        Set<String> seen = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (String name : TunnelKeys.names()) {
            assertTrue("twice: " + name, seen.add(name));
        }
        assertEquals(TunnelKeys.ALL.size(), TunnelKeys.names().size());
    }

    @Test
    public void findIgnoresCaseAndAnswersTheRegisteredSpelling() {
        assertEquals("TIMEOUTconnect", TunnelKeys.find("timeoutCONNECT").orElseThrow().name());
        assertEquals("CAfile", TunnelKeys.find("cafile").orElseThrow().name());
        assertFalse(TunnelKeys.find("ident").isPresent());
        assertEquals("protocolHeader", TunnelKeys.find("PROTOCOLHEADER").orElseThrow().name());
        assertFalse(TunnelKeys.find("").isPresent());
    }

    @Test
    public void conditionalDefaultsAreSaidInWords() {
        assertEquals("yes when verifying", TunnelKeys.find("requireCert").orElseThrow().defaultValue());
        assertEquals("client: yes, server: no", TunnelKeys.find("verifyChain").orElseThrow().defaultValue());
        assertEquals(Set.of(TunnelKey.Mode.SERVER), TunnelKeys.find("requireCert").orElseThrow().modes());
    }

    @Test
    public void secretsArePasswords() {
        for (TunnelKey key : TunnelKeys.ALL) {
            // ticketKeySecret, ticketMacSecret hold secrets; PSKsecrets names a file.
            String name = key.name().toLowerCase();
            assertEquals(key.name(), name.contains("password") || name.endsWith("secret"),
                    key.type() == TunnelKey.Type.PASSWORD);
        }
    }

    @Test(expected = IllegalArgumentException.class)
    public void aKeyAppliesToSomeMode() {
        new TunnelKey("x", TunnelKey.Type.STRING, TunnelKey.NONE, "x", Set.of());
    }
}
