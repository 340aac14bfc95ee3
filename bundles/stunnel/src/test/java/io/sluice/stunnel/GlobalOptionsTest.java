package io.sluice.stunnel;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.nio.file.Path;
import org.junit.Test;

public class GlobalOptionsTest {

    private final GlobalOptionsBuilder builder = new GlobalOptionsBuilder();

    @Test
    public void defaultsAreStunnels() {
        assertEquals(new GlobalOptions(GlobalOptions.Foreground.NO, null, null, true, 5, "daemon", true, null, null,
                "stunnel"), builder.build());
    }

    @Test
    public void debugLevelsByNameOrNumberWithOptionalFacility() {
        String[] names = {"emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"};
        for (int level = 0; level < names.length; level++) {
            builder.set("debug", names[level].toUpperCase());
            assertEquals(level, builder.build().debugLevel());
            builder.set("debug", String.valueOf(level));
            assertEquals(level, builder.build().debugLevel());
        }
        builder.set("debug", "local3.err");
        assertEquals(3, builder.build().debugLevel());
        assertEquals("local3", builder.build().debugFacility());
        builder.set("debug", "7");
        assertEquals("a level alone keeps the facility", "local3", builder.build().debugFacility());
    }

    @Test
    public void badDebugValues() {
        assertEquals("Illegal debug level: 8",
                assertThrows(IllegalArgumentException.class, () -> builder.set("debug", "8")).getMessage());
        assertEquals("Illegal debug facility: printer",
                assertThrows(IllegalArgumentException.class, () -> builder.set("debug", "printer.info")).getMessage());
    }

    @Test
    public void processOptions() {
        builder.set("pid", "/run/stunnel.pid");
        builder.set("output", "/var/log/stunnel.log");
        builder.set("log", "Overwrite");
        builder.set("syslog", "no");
        builder.set("foreground", "quiet");
        builder.set("service", "tunnels");
        assertEquals(new GlobalOptions(GlobalOptions.Foreground.QUIET, Path.of("/run/stunnel.pid"),
                Path.of("/var/log/stunnel.log"), false, 5, "daemon", false, null, null, "tunnels"), builder.build());
        builder.set("pid", "");
        assertEquals("an empty pid means none", null, builder.build().pid());
    }
}
