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
import java.util.function.BooleanSupplier;

import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.sluice.access.hosts.rules.HostName;
import io.sluice.api.access.AccessDecision;

public class RulesWatcherTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private RulesWatcher watcher;

    @After
    public void stop() {
        if (watcher != null) {
            watcher.close();
        }
    }

    private Path allow() {
        return folder.getRoot().toPath().resolve("hosts.allow");
    }

    private Path deny() {
        return folder.getRoot().toPath().resolve("hosts.deny");
    }

    private void start() {
        watcher = RulesWatcher.start(allow(), deny(), Duration.ofMillis(100));
    }

    private AccessDecision check(String ip) {
        return new HostsAccess(watcher, address -> java.util.concurrent.CompletableFuture.completedFuture(HostName.UNKNOWN))
                .check("web", new InetSocketAddress(ip, 1234)).toCompletableFuture().join();
    }

    /** Editors replace files; write through a rename so a poll never sees half a file. */
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

    @Test
    public void missingFilesMeanNoRules() {
        start();
        assertEquals(AccessDecision.allow("default (no rule matched)"), check("10.0.0.1"));
    }

    @Test
    public void ruleChangesOnDiskApplyWithinSeconds() throws Exception {
        write(deny(), "web: 10.0.0.1\n");
        start();
        assertFalse(check("10.0.0.1").allowed());
        write(deny(), "web: 10.0.0.2\n");
        eventually("new deny rule", () -> !check("10.0.0.2").allowed());
        assertTrue(check("10.0.0.1").allowed());
        write(allow(), "web: 10.0.0.2\n");
        eventually("new allow file", () -> check("10.0.0.2").allowed());
        Files.delete(deny());
        Files.delete(allow());
        eventually("files removed", () -> check("10.0.0.1").allowed() && check("10.0.0.2").allowed()
                && check("10.0.0.2").rule().startsWith("default"));
    }

    @Test
    public void aBadFileKeepsThePreviousRules() throws Exception {
        write(deny(), "web: 10.0.0.1\n");
        start();
        write(deny(), "web: 10.0.0.2\nweb: ALL : spawn echo hello\n");
        write(allow(), "web: 10.0.0.9\n");
        Thread.sleep(600);
        assertFalse("old rule still in force", check("10.0.0.1").allowed());
        assertTrue("good line of the bad file not applied", check("10.0.0.2").allowed());
        assertEquals("allow file unchanged in force too", "default (no rule matched)", check("10.0.0.9").rule());
        write(deny(), "web: 10.0.0.2\n");
        eventually("fixed file applies", () -> !check("10.0.0.2").allowed());
        assertTrue(check("10.0.0.1").allowed());
        assertEquals("hosts.allow with it", folder.getRoot().toPath().resolve("hosts.allow") + ":1", check("10.0.0.9").rule());
    }

    @Test
    public void badRulesAtStartRefuseEveryoneUntilFixed() throws Exception {
        write(allow(), "web: 10.0.0.1\nweb: @netgroup\n");
        start();
        AccessDecision refused = check("10.0.0.1");
        assertFalse(refused.allowed());
        assertTrue(refused.rule(), refused.rule().contains(allow() + ":2: \"@netgroup\": NIS netgroups are not supported"));
        write(allow(), "web: 10.0.0.1\n");
        eventually("fixed file applies", () -> check("10.0.0.1").allowed() && check("10.0.0.1").rule().endsWith(":1"));
    }

    @Test
    public void aChangedPatternFileReloadsTheRules() throws Exception {
        Path patterns = folder.getRoot().toPath().resolve("blocked");
        write(patterns, "10.0.0.1\n");
        write(deny(), "web: " + patterns + "\n");
        start();
        assertFalse(check("10.0.0.1").allowed());
        write(patterns, "10.0.0.2\n");
        eventually("pattern file change", () -> !check("10.0.0.2").allowed() && check("10.0.0.1").allowed());
    }

    @Test
    public void anInPlaceEditIsSeenToo() throws Exception {
        Files.writeString(deny(), "web: 10.0.0.1\n");
        start();
        Files.writeString(deny(), "web: 10.0.0.1 10.0.0.2\n");
        eventually("in-place edit", () -> !check("10.0.0.2").allowed());
    }
}
