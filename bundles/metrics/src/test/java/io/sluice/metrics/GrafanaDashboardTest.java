package io.sluice.metrics;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Test;

/**
 * docs/grafana/sluice-dashboard.json: valid JSON, and every query asks for series /metrics exports
 * (PrometheusTextTest ties FAMILIES to the endpoint's output), with balanced brackets.
 */
public class GrafanaDashboardTest {

    private static final Path DASHBOARD = Path.of("../../docs/grafana/sluice-dashboard.json");
    private static final Pattern METRIC = Pattern.compile("\\bsluice_[a-z_]+");

    @Test
    public void everyQueryUsesAnExportedSeries() throws IOException {
        JsonElement root = JsonParser.parseString(Files.readString(DASHBOARD, StandardCharsets.UTF_8));
        List<String> queries = new ArrayList<>();
        collect(root, queries);
        assertTrue("the dashboard's panels have queries: " + queries, queries.size() >= 10);
        TreeSet<String> exported = new TreeSet<>(PrometheusText.FAMILIES);
        for (String family : PrometheusText.FAMILIES) {
            exported.add(family + "_bucket");
            exported.add(family + "_sum");
            exported.add(family + "_count");
        }
        TreeSet<String> used = new TreeSet<>();
        for (String query : queries) {
            Matcher metric = METRIC.matcher(query);
            boolean any = false;
            while (metric.find()) {
                any = true;
                used.add(metric.group());
                assertTrue(metric.group() + " is not exported by /metrics: " + query, exported.contains(metric.group()));
            }
            assertTrue("no Sluice series in " + query, any);
            assertEquals("brackets of " + query, "", unbalanced(query));
        }
        assertTrue("the dashboard shows handshake durations", used.contains("sluice_handshake_duration_seconds_bucket"));
    }

    /** Prometheus queries (expr) and the template's label_values query. */
    private static void collect(JsonElement element, List<String> queries) {
        if (element.isJsonObject()) {
            for (Map.Entry<String, JsonElement> entry : element.getAsJsonObject().entrySet()) {
                if ((entry.getKey().equals("expr") || entry.getKey().equals("definition"))
                        && entry.getValue().isJsonPrimitive()) {
                    queries.add(entry.getValue().getAsString());
                } else {
                    collect(entry.getValue(), queries);
                }
            }
        } else if (element.isJsonArray()) {
            element.getAsJsonArray().forEach(child -> collect(child, queries));
        }
    }

    /** What is left open or closed wrongly of (), {} and [], outside double-quoted strings; "" when balanced. */
    static String unbalanced(String query) {
        StringBuilder open = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < query.length(); i++) {
            char c = query.charAt(i);
            if (c == '"' && (i == 0 || query.charAt(i - 1) != '\\')) {
                quoted = !quoted;
            } else if (!quoted && "({[".indexOf(c) >= 0) {
                open.append(c);
            } else if (!quoted && ")}]".indexOf(c) >= 0) {
                char expected = "({[".charAt(")}]".indexOf(c));
                if (open.length() == 0 || open.charAt(open.length() - 1) != expected) {
                    return "unexpected " + c + " at " + i;
                }
                open.setLength(open.length() - 1);
            }
        }
        return open.toString() + (quoted ? "\"" : "");
    }

    @Test
    public void theBracketCheckFindsAStrayBrace() {
        assertEquals("unexpected } at 46", unbalanced("rate(sluice_refused_total{tunnel=\"a\"},kind=\"b\"}[5m])"));
        assertEquals("", unbalanced("rate(sluice_refused_total{tunnel=\"a}\"}[5m])"));
    }
}
