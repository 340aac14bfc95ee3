package io.sluice.access.hosts;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.lang.annotation.Annotation;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class HostsAccessComponentTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private final HostsAccessComponent component = new HostsAccessComponent();
    private String previousEtc;

    @After
    public void stop() {
        component.deactivate();
        if (previousEtc == null) {
            System.clearProperty("karaf.etc");
        } else {
            System.setProperty("karaf.etc", previousEtc);
        }
    }

    private static HostsAccessComponent.Config config(String allow, String deny) {
        return new HostsAccessComponent.Config() {
            public Class<? extends Annotation> annotationType() {
                return HostsAccessComponent.Config.class;
            }
            public String allowFile() {
                return allow;
            }
            public String denyFile() {
                return deny;
            }
            public long pollMillis() {
                return 100;
            }
            public long dnsTimeoutMillis() {
                return 1000;
            }
            public long dnsCacheSeconds() {
                return 60;
            }
            public int dnsThreads() {
                return 1;
            }
        };
    }

    private boolean allows(String ip) {
        return component.check("web", new InetSocketAddress(ip, 1)).toCompletableFuture().join().allowed();
    }

    @Test
    public void defaultFilesAreInTheKarafEtcDirectoryAndAbsolutePathsAreKept() throws Exception {
        previousEtc = System.getProperty("karaf.etc");
        Path etc = folder.newFolder("etc").toPath();
        System.setProperty("karaf.etc", etc.toString());
        Files.writeString(etc.resolve("hosts.deny"), "web: 10.0.0.1\n");
        component.configure(config("hosts.allow", "hosts.deny"), Map.of());
        assertFalse(allows("10.0.0.1"));
        assertEquals(etc.resolve("hosts.deny").toAbsolutePath() + ":1",
                component.check("web", new InetSocketAddress("10.0.0.1", 1)).toCompletableFuture().join().rule());

        Path other = folder.newFile("other.deny").toPath();
        Files.writeString(other, "web: 10.0.0.2\n");
        component.configure(config("hosts.allow", other.toString()), Map.of("denyFile", other.toString()));
        assertTrue("reconfigured in place", allows("10.0.0.1"));
        assertFalse(allows("10.0.0.2"));
    }

    /** Only the keys the configuration sets are taken as named on purpose (their file must exist). */
    @Test
    public void anExplicitlyConfiguredMissingFileRefusesEveryone() throws Exception {
        Path allow = folder.newFile("hosts.allow").toPath();
        String typo = folder.getRoot() + "/hosts.dney";
        component.configure(config(allow.toString(), typo), Map.of("allowFile", allow.toString(), "denyFile", typo));
        assertFalse(allows("10.0.0.1"));
        component.configure(config(allow.toString(), typo), Map.of("allowFile", allow.toString()));
        assertTrue("the default deny file may be missing", allows("10.0.0.1"));

        // libwrap's own names, as bin/sluice FILE writes /etc/hosts.allow and /etc/hosts.deny: empty when missing.
        previousEtc = System.getProperty("karaf.etc");
        System.setProperty("karaf.etc", folder.newFolder("etc").toString());
        component.configure(config("hosts.allow", "hosts.deny"), Map.of("allowFile", "hosts.allow",
                "denyFile", "hosts.deny"));
        assertTrue("set to the default names, missing files are empty", allows("10.0.0.1"));
    }

    @Test
    public void aStoppedComponentRefuses() {
        component.configure(config(folder.getRoot() + "/a", folder.getRoot() + "/d"), Map.of());
        component.deactivate();
        assertTrue(component.check("web", new InetSocketAddress("10.0.0.1", 1)).toCompletableFuture().isCompletedExceptionally());
        component.configure(config(folder.getRoot() + "/a", folder.getRoot() + "/d"), Map.of());
    }
}
