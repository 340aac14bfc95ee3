package io.sluice.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Test;

/**
 * The distribution's Containerfile (built from the unpacked tar.gz): every COPY source exists in
 * the distribution, and the ENTRYPOINT and the file its RUN removes are where COPY puts them.
 * (Neither podman nor docker runs on the build machines: this checks the recipe, not an image.)
 */
public class ContainerfileIT {

    private static final Pattern COPY = Pattern.compile("(?m)^COPY(?: --\\S+)* (\\S+) (\\S+)$");
    private static final String ROOT = "/opt/sluice/";

    @Test
    public void everyPathOfTheRecipeIsInTheDistribution() throws IOException {
        Path distribution = Paths.get(System.getProperty("sluice.assembly"));
        String recipe = Files.readString(distribution.resolve("Containerfile"), StandardCharsets.UTF_8);
        Matcher copy = COPY.matcher(recipe);
        List<String> targets = new ArrayList<>();
        while (copy.find()) {
            Path source = distribution.resolve(copy.group(1));
            assertTrue("COPY " + copy.group(1) + ": not in " + distribution, Files.isDirectory(source) || Files.isRegularFile(source));
            assertTrue("COPY to " + copy.group(2) + ": under " + ROOT, copy.group(2).startsWith(ROOT));
            assertEquals("a directory keeps its name", copy.group(1), copy.group(2).substring(ROOT.length()));
            targets.add(copy.group(2));
        }
        assertEquals(List.of("/opt/sluice/bin/", "/opt/sluice/lib/", "/opt/sluice/system/", "/opt/sluice/etc/"), targets);

        Matcher entrypoint = Pattern.compile("(?m)^ENTRYPOINT \\[\"" + ROOT + "([^\"]+)\"]$").matcher(recipe);
        assertTrue(recipe, entrypoint.find());
        assertTrue(entrypoint.group(1) + " is executable", Files.isExecutable(distribution.resolve(entrypoint.group(1))));
        Matcher removed = Pattern.compile("(?m)^RUN rm " + ROOT + "(\\S+)").matcher(recipe);
        assertTrue(recipe, removed.find());
        assertTrue(removed.group(1) + " exists to be removed", Files.isRegularFile(distribution.resolve(removed.group(1))));
        Matcher image = Pattern.compile("(?m)^FROM (\\S+)$").matcher(recipe);
        assertTrue(image.find());
        assertTrue("a Java 17 runtime: " + image.group(1), image.group(1).contains(":17"));
    }
}
