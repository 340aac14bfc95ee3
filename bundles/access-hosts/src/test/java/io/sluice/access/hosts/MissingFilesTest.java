package io.sluice.access.hosts;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.sluice.access.hosts.rules.HostName;
import io.sluice.api.access.AccessDecision;

/**
 * Files that are not there: the default hosts.allow / hosts.deny are empty as in libwrap, but said
 * with a warning; a file configured on purpose, or a pattern file a rule names, that is missing
 * refuses (a typo must not admit everyone), as an error naming it.
 */
public class MissingFilesTest {

    private static final String REFUSING = "refusing all connections of tunnels with libwrap = yes until it can be read";

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    @Rule
    public final LogCapture log = new LogCapture();

    private RulesWatcher watcher;

    @After
    public void stop() {
        if (watcher != null) {
            watcher.close();
        }
    }

    private Path file(String name) {
        return folder.getRoot().toPath().resolve(name);
    }

    private void start(RulesFile allow, RulesFile deny) {
        watcher = RulesWatcher.start(allow, deny, Duration.ofMillis(100));
    }

    private RulesFile explicit(String key, String name) {
        return new RulesFile(key, file(name).toString(), file(name), true);
    }

    private RulesFile byDefault(String key, String name) {
        return new RulesFile(key, file(name).toString(), file(name), false);
    }

    private AccessDecision check(String ip) {
        return new HostsAccess(watcher, address -> java.util.concurrent.CompletableFuture.completedFuture(HostName.UNKNOWN))
                .check("web", new InetSocketAddress(ip, 1234)).toCompletableFuture().join();
    }

    private static void write(Path file, String content) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temporary, content);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 5 s: " + what);
            }
            Thread.sleep(20);
        }
    }

    private String only(String text) {
        List<String> lines = log.lines(text);
        assertEquals("one line with " + text + ": " + lines, 1, lines.size());
        return lines.get(0);
    }

    @Test
    public void missingDefaultFilesAreEmptyAsInLibwrapButSaidWithAWarning() {
        start(byDefault("allowFile", "hosts.allow"), byDefault("denyFile", "hosts.deny"));
        assertEquals(AccessDecision.allow("default (no rule matched)"), check("10.0.0.1"));
        String deny = only("libwrap: " + file("hosts.deny") + " does not exist");
        assertTrue(deny, deny.contains(" WARN "));
        assertTrue(deny, deny.endsWith("libwrap: " + file("hosts.deny") + " does not exist: read as empty, as libwrap"
                + " does; without hosts.deny every client that hosts.allow does not deny is admitted"));
        String allow = only("libwrap: " + file("hosts.allow") + " does not exist");
        assertTrue(allow, allow.contains(" WARN ") && allow.endsWith("hosts.deny alone decides"));
    }

    @Test
    public void aMistypedDenyFileRefusesEveryoneUntilItAppears() throws Exception {
        write(file("hosts.allow"), "web: 10.0.0.9\n");
        start(byDefault("allowFile", "hosts.allow"), explicit("denyFile", "hosts.dney"));
        AccessDecision refused = check("10.0.0.1");
        assertFalse(refused.allowed());
        assertFalse("hosts.allow is not applied alone either", check("10.0.0.9").allowed());
        assertEquals("libwrap rules not loaded (denyFile = " + file("hosts.dney") + ": " + file("hosts.dney")
                + " does not exist)", refused.rule());
        String line = only("libwrap: denyFile = ");
        assertTrue(line, line.contains(" ERROR "));
        assertTrue(line, line.endsWith("libwrap: denyFile = " + file("hosts.dney") + ": " + file("hosts.dney")
                + " does not exist; " + REFUSING));

        write(file("hosts.dney"), "web: 10.0.0.1\n");
        eventually("the file appears", () -> check("10.0.0.2").allowed());
        assertFalse(check("10.0.0.1").allowed());
        assertTrue(check("10.0.0.9").allowed());
    }

    @Test
    public void aMistypedAllowFileRefusesEveryoneEvenWithPreviousRules() throws Exception {
        write(file("allow.rules"), "web: 10.0.0.9\n");
        start(explicit("allowFile", "allow.rules"), byDefault("denyFile", "hosts.deny"));
        assertTrue(check("10.0.0.9").allowed());
        Files.delete(file("allow.rules"));
        eventually("the file is gone", () -> !check("10.0.0.9").allowed());
        String line = "libwrap: allowFile = " + file("allow.rules") + ": " + file("allow.rules") + " does not exist; "
                + REFUSING;
        // The watcher puts the refusal in force, then logs it: the line may follow the decision by a moment.
        eventually("the ERROR line", () -> !log.lines(line).isEmpty());
        assertEquals(1, log.lines(line).size());
    }

    @Test
    public void aMissingPatternFileIsAnErrorOnItsLineAndRefusesAtFirstLoad() throws Exception {
        Path list = file("some.list");
        write(file("hosts.deny"), "ALL: ALL\n");
        write(file("hosts.allow"), "web: 10.0.0.1\nweb: " + list + "\n");
        start(byDefault("allowFile", "hosts.allow"), byDefault("denyFile", "hosts.deny"));
        AccessDecision refused = check("10.0.0.1");
        assertFalse("no previous rules: nobody", refused.allowed());
        assertTrue(refused.rule(), refused.rule().contains(file("hosts.allow") + ":2: pattern file " + list
                + " does not exist"));
        String line = only("libwrap: " + file("hosts.allow") + ":2: ");
        assertTrue(line, line.contains(" ERROR ") && line.endsWith(":2: pattern file " + list + " does not exist"));

        write(list, "10.0.0.2\n");
        eventually("the pattern file appears", () -> check("10.0.0.2").allowed());
        assertTrue(check("10.0.0.1").allowed());
        assertFalse(check("10.0.0.3").allowed());
    }

    @Test
    public void aPatternFileThatGoesMissingKeepsThePreviousRules() throws Exception {
        Path list = file("some.list");
        write(list, "10.0.0.2\n");
        write(file("hosts.deny"), "ALL: ALL\n");
        write(file("hosts.allow"), "web: " + list + "\n");
        start(byDefault("allowFile", "hosts.allow"), byDefault("denyFile", "hosts.deny"));
        assertTrue(check("10.0.0.2").allowed());
        Files.delete(list);
        eventually("the removal is reported", () -> !log.lines("the previous rules stay in force").isEmpty());
        assertTrue("previous rules in force", check("10.0.0.2").allowed());
        assertFalse(check("10.0.0.3").allowed());
        assertEquals(1, log.lines("libwrap: " + file("hosts.allow") + ":1: pattern file " + list + " does not exist")
                .size());
    }
}
