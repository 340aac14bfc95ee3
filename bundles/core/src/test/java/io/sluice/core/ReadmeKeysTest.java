package io.sluice.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.sluice.api.TunnelKey;
import io.sluice.api.TunnelKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Test;

/**
 * The "### Keys" table of the repository's README.md (read from the module directory, where
 * Maven runs the tests) lists the registry's keys (TunnelKeys.ALL) with their defaults.
 */
public class ReadmeKeysTest {

    private static final Path README = Path.of("../../README.md");
    private static final Pattern KEY = Pattern.compile("`([A-Za-z0-9]+)`");

    @Test
    public void listsEveryRegisteredKeyOnce() throws Exception {
        Map<String, String> documented = documentedDefaults();
        assertEquals(new java.util.TreeSet<>(TunnelKeys.names()), new java.util.TreeSet<>(documented.keySet()));
    }

    @Test
    public void givesTheRegisteredDefaults() throws Exception {
        Map<String, String> documented = documentedDefaults();
        for (TunnelKey key : TunnelKeys.ALL) {
            assertEquals(key.name(), key.defaultValue(), documented.get(key.name()));
        }
    }

    @Test
    public void splitsADefaultPerKeyOnlyWhenThereIsOnePerKey() {
        assertEquals(List.of("none", "no"), defaults(List.of("OCSP", "OCSPaia"), "none, `no`"));
        assertEquals(List.of("client: yes, server: no"), defaults(List.of("verifyChain"), "client: `yes`, server: `no`"));
        assertEquals(List.of("anyone verified", "anyone verified"), defaults(List.of("allowCN", "allowOU"), "anyone verified"));
    }

    /** Key to default, from rows such as {@code | `OCSP`, `OCSPaia` | meaning | none, `no` |}. */
    static Map<String, String> documentedDefaults() throws Exception {
        Map<String, String> defaults = new TreeMap<>();
        for (String row : rows(Files.readString(README))) {
            // The meaning may hold anything; the key and default cells are the first and the last.
            String keyCell = row.substring(2, row.indexOf(" | "));
            String defaultCell = row.substring(row.lastIndexOf(" | ") + 3, row.length() - 1).trim();
            List<String> keys = new ArrayList<>();
            Matcher key = KEY.matcher(keyCell);
            while (key.find()) {
                keys.add(key.group(1));
            }
            List<String> values = defaults(keys, defaultCell);
            for (int i = 0; i < keys.size(); i++) {
                assertTrue("listed twice: " + keys.get(i), defaults.put(keys.get(i), values.get(i)) == null);
            }
        }
        return defaults;
    }

    /** One default per key when the cell has that many comma-separated parts, else the cell for every key. */
    static List<String> defaults(List<String> keys, String cell) {
        String text = cell.replace("`", "").trim();
        String[] parts = text.split(", ");
        List<String> values = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            values.add(keys.size() > 1 && parts.length == keys.size() ? parts[i] : text);
        }
        return values;
    }

    /** The table rows of the "### Keys" section, up to the next heading. */
    private static List<String> rows(String readme) {
        int start = readme.indexOf("\n### Keys\n");
        assertTrue("README.md has no ### Keys section", start >= 0);
        Matcher next = Pattern.compile("(?m)^#").matcher(readme);
        int end = next.find(start + 2) ? next.start() : readme.length();
        List<String> rows = new ArrayList<>();
        for (String line : readme.substring(start, end).split("\n")) {
            if (line.startsWith("| `")) {
                rows.add(line.trim());
            }
        }
        assertTrue("no key rows under ### Keys", rows.size() > 10);
        return rows;
    }
}
