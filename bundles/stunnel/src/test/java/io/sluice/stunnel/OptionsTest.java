package io.sluice.stunnel;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import io.sluice.api.TunnelKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Test;

public class OptionsTest {

    @Test
    public void everySluiceTunnelKeyCanBeWritten() {
        for (String key : TunnelKeys.names()) {
            if (key.equals("inetd")) {
                continue; // written by the reader for a file without sections (ErrorsTest)
            }
            Option option = Options.find(key.toUpperCase());
            assertNotNull(key, option);
            assertEquals(key, option.name());
            assertTrue(key, option.inSection() == Option.Kind.PASS || option.inSection() == Option.Kind.LIST
                    || option.inSection() == Option.Kind.LINES || option.inSection() == Option.Kind.CHECKED);
        }
    }

    /** The README table and the catalogue list the same options (include is read by the file reader). */
    @Test
    public void readmeTableListsEveryOption() throws Exception {
        Matcher row = Pattern.compile("(?m)^\\| `([A-Za-z0-9]+)` \\|").matcher(Files.readString(Path.of("README.md")));
        TreeSet<String> documented = new TreeSet<>();
        while (row.find()) {
            documented.add(row.group(1));
        }
        TreeSet<String> known = new TreeSet<>(List.of("include"));
        Options.all().forEach(option -> known.add(option.name()));
        assertEquals(known, documented);
    }
}
