package io.sluice.stunnel.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import io.sluice.stunnel.StunnelConfigReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class InstanceDirectoryTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Path home;
    private Path conf;

    /** The files of an installation's etc that the launcher rewrites, plus a tunnel it must not take. */
    static void fakeEtc(Path etc) throws IOException {
        Files.createDirectories(etc.resolve("stunnel"));
        Files.writeString(etc.resolve("org.apache.karaf.features.cfg"), "featuresRepositories = x\n"
                + "featuresBoot = \\\n    sluice/0.1.0, \\\n    ssh/4.4.10, \\\n    management/4.4.10, \\\n    bundle/4.4.10, \\\n    scr/4.4.10, \\\n    config/4.4.10, \\\n    deployer/4.4.10, \\\n    shell/4.4.10, \\\n    sluice-protocol-smtp\n"
                + "featuresBootAsynchronous=false\n");
        Files.writeString(etc.resolve("config.properties"), "a=b\nkaraf.pid.file=${karaf.base}/karaf.pid\n");
        Files.writeString(etc.resolve("startup.properties"), "x=1\n");
        Files.writeString(etc.resolve("org.ops4j.pax.logging.cfg"), "log4j2.rootLogger.level = INFO\n");
        Files.writeString(etc.resolve("io.sluice.tunnel-demo.cfg"), "accept = 8443\n");
        Files.writeString(etc.resolve("stunnel/other.conf"), "[x]\n");
    }

    @Before
    public void installation() throws IOException {
        home = tmp.newFolder("home").toPath();
        fakeEtc(home.resolve("etc"));
        Files.createDirectories(home.resolve("system/io/sluice/io.sluice.core/1"));
        Files.writeString(home.resolve("system/io/sluice/io.sluice.core/1/core.jar"), "v1");
        conf = tmp.getRoot().toPath().resolve("my stunnel.conf");
        Files.writeString(conf, "pid = /run/x.pid\ndebug = 6\n[a]\nclient = yes\naccept = 1\nconnect = 2\n");
    }

    @Test
    public void theProcessGetsItsOwnEtcWithoutSshJmxOrTheInstallationsTunnels() throws Exception {
        InstanceDirectory instance = prepare();
        Path etc = instance.etc();
        // [a] has no tlsProvider: the default on Linux x86_64 is openssl, booted though this installation's list lacks it.
        assertEquals("featuresRepositories = x\nfeaturesBoot = sluice-tunnels/0.1.0, scr/4.4.10, deployer/4.4.10, sluice-protocol-smtp,"
                + " sluice-tls-openssl\nfeaturesBootAsynchronous=false\n",
                Files.readString(etc.resolve("org.apache.karaf.features.cfg")));
        assertFalse(Files.exists(etc.resolve("io.sluice.tunnel-demo.cfg")));
        assertFalse(Files.exists(etc.resolve("stunnel")));
        String config = Files.readString(etc.resolve("config.properties"));
        assertTrue(config, config.contains("karaf.lock.dir=${karaf.data}\nkaraf.pid.file=${karaf.data}/karaf.pid\n"));
        assertFalse(config, config.contains("${karaf.base}/karaf.pid"));
        String launcher = Files.readString(etc.resolve("io.sluice.stunnel.launcher.cfg"));
        assertTrue(launcher, launcher.contains("file = " + conf.toAbsolutePath() + "\n"));
        assertTrue(launcher, launcher.contains("pid = /run/x.pid\n"));
        assertTrue(launcher, launcher.contains("debugLevel = 6\n"));
        assertTrue(launcher, launcher.contains("foreground = no\n"));
        assertTrue(launcher, launcher.contains("output = " + instance.root().resolve("stunnel.log") + "\n"));
        assertTrue(Files.readString(etc.resolve("org.ops4j.pax.logging.cfg")).contains("log4j2.logger.sluice.level = DEBUG\n"));
        assertEquals("allowFile = /etc/hosts.allow\ndenyFile = /etc/hosts.deny\n",
                Files.readString(etc.resolve("io.sluice.access.hosts.cfg")));
        assertTrue(Files.isDirectory(instance.data().resolve("log")));
    }

    @Test
    public void aSectionNamingTheOpensslProviderGetsItsFeatureBooted() throws Exception {
        Files.writeString(conf, "[a]\nclient = yes\naccept = 1\nconnect = 2\ntlsProvider = openssl\n"
                + "[b]\nclient = yes\naccept = 3\nconnect = 4\ntlsProvider = openssl\n");
        InstanceDirectory instance = prepare();
        assertEquals("featuresRepositories = x\nfeaturesBoot = sluice-tunnels/0.1.0, scr/4.4.10, deployer/4.4.10,"
                + " sluice-protocol-smtp, sluice-tls-openssl\nfeaturesBootAsynchronous=false\n",
                Files.readString(instance.etc().resolve("org.apache.karaf.features.cfg")));
    }

    @Test
    public void sectionsThatAllNameAnotherProviderBootNoOpenssl() throws Exception {
        Files.writeString(conf, "[a]\nclient = yes\naccept = 1\nconnect = 2\ntlsProvider = jsse\n"
                + "[b]\nclient = yes\naccept = 3\nconnect = 4\ntlsProvider = bc\n");
        InstanceDirectory instance = prepare();
        assertEquals("featuresRepositories = x\nfeaturesBoot = sluice-tunnels/0.1.0, scr/4.4.10, deployer/4.4.10,"
                + " sluice-protocol-smtp\nfeaturesBootAsynchronous=false\n",
                Files.readString(instance.etc().resolve("org.apache.karaf.features.cfg")));
    }

    @Test
    public void theInstallationsSecretsComeAlongReadableByTheOwnerOnly() throws Exception {
        io.sluice.pki.SecretFiles.write(home.resolve("etc"), "web.keyPassword", "s3cret");
        InstanceDirectory instance = prepare();
        Path secret = instance.etc().resolve("secrets/web.keyPassword");
        assertEquals("s3cret", Files.readString(secret));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)));
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(secret.getParent())));
    }

    @Test
    public void theDefaultCertificateGeneratedAtAnEarlierStartIsKeptWithItsPermissionsUnlessTheInstallationHasOne() throws Exception {
        InstanceDirectory instance = prepare();
        Files.writeString(instance.etc().resolve("sluice.crt"), "generated cert");
        Files.writeString(instance.etc().resolve("sluice.key"), "generated key");
        Files.setPosixFilePermissions(instance.etc().resolve("sluice.key"), PosixFilePermissions.fromString("rw-------"));
        prepare();
        assertEquals("generated cert", Files.readString(instance.etc().resolve("sluice.crt")));
        assertEquals("generated key", Files.readString(instance.etc().resolve("sluice.key")));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(instance.etc().resolve("sluice.key"))));

        Files.writeString(home.resolve("etc/sluice.crt"), "installation cert");
        Files.writeString(home.resolve("etc/sluice.key"), "installation key");
        prepare();
        assertEquals("installation cert", Files.readString(instance.etc().resolve("sluice.crt")));
        assertEquals("installation key", Files.readString(instance.etc().resolve("sluice.key")));
    }

    @Test
    public void karafsCacheIsKeptUntilTheInstallationChanges() throws Exception {
        InstanceDirectory instance = prepare();
        Path cached = instance.data().resolve("cache/bundle1");
        Files.createDirectories(cached);
        prepare();
        assertTrue("kept while nothing changed", Files.exists(cached));
        Path jar = home.resolve("system/io/sluice/io.sluice.core/1/core.jar");
        Files.writeString(jar, "v2, an upgrade");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(0));
        prepare();
        assertFalse("dropped after an upgrade", Files.exists(cached));
    }

    @Test
    public void aSecondProcessForTheSameFileGetsADirectoryOfItsOwn() throws Exception {
        InstanceDirectory first = prepare();
        Files.writeString(first.data().resolve("karaf.pid"), ProcessHandle.current().pid() + "\n");
        InstanceDirectory second = InstanceDirectory.forFile(home.resolve("data/stunnel"), conf);
        assertNotEquals(first.root(), second.root());
        assertEquals(first.root() + "-2", second.root().toString());
        Files.writeString(first.data().resolve("karaf.pid"), "999999999\n");
        assertEquals("a dead process's directory is reused", first.root(),
                InstanceDirectory.forFile(home.resolve("data/stunnel"), conf).root());
    }

    @Test
    public void processesStartingTogetherClaimDirectoriesOfTheirOwnBeforeKarafWritesItsPid() throws Exception {
        Path instances = home.resolve("data/stunnel");
        long self = ProcessHandle.current().pid();
        InstanceDirectory first = InstanceDirectory.claim(instances, conf, self);
        InstanceDirectory second = InstanceDirectory.claim(instances, conf, self);
        assertEquals(first.root() + "-2", second.root().toString());
        Files.writeString(first.root().resolve("owner.pid"), "999999999\n");
        assertEquals("a directory whose claimant died is reused", first.root(),
                InstanceDirectory.claim(instances, conf, self).root());
    }

    @Test
    public void inetdModeLogsToSyslogOrAFileUnlessForegroundIsYesAndTellsTheLauncher() throws Exception {
        Path inetd = tmp.getRoot().toPath().resolve("inetd.conf");
        Files.writeString(inetd, "syslog = no\nforeground = quiet\nclient = yes\nconnect = 2\n");
        InstanceDirectory instance = InstanceDirectory.claim(home.resolve("data/stunnel"), inetd, 1);
        instance.prepare(home, home.resolve("etc"), inetd, StunnelConfigReader.read(inetd));
        String launcher = Files.readString(instance.etc().resolve("io.sluice.stunnel.launcher.cfg"));
        assertTrue(launcher, launcher.contains("inetd = true\n"));
        assertTrue("stdout and stderr belong to the connection", launcher.contains("output = "
                + instance.root().resolve("stunnel.log") + "\n"));
        Files.writeString(inetd, "foreground = yes\nclient = yes\nconnect = 2\n");
        instance.prepare(home, home.resolve("etc"), inetd, StunnelConfigReader.read(inetd));
        launcher = Files.readString(instance.etc().resolve("io.sluice.stunnel.launcher.cfg"));
        assertTrue("foreground = yes: stderr, as stunnel", launcher.contains("output = \n"));
        assertTrue(launcher, launcher.contains("syslog = false\n"));
    }

    /** A bundle of Felix's cache as the features service left it: bundle.info's id, location, state, start level. */
    private static void cachedBundle(Path cache, int id, String location, int level) throws IOException {
        Files.createDirectories(cache.resolve("bundle" + id));
        Files.writeString(cache.resolve("bundle" + id + "/bundle.info"), id + "\n" + location + "\n32\n" + level + "\n0\n");
    }

    @Test
    public void afterAStartThatGotReadyTheNextBootsTheSameBundlesWithoutTheFeaturesService() throws Exception {
        InstanceDirectory instance = prepare();
        assertEquals("x=1\n", Files.readString(instance.etc().resolve("startup.properties")));
        Path cache = instance.data().resolve("cache");
        Files.createDirectories(cache.resolve("bundle0"));
        cachedBundle(cache, 1, "mvn:org.apache.karaf.features/org.apache.karaf.features.extension/4.4.10", 1);
        cachedBundle(cache, 2, "mvn:org.ops4j.pax.url/pax-url-aether/2.7.0", 5);
        cachedBundle(cache, 3, "mvn:org.apache.felix/org.apache.felix.scr/2.2.6", 30);
        cachedBundle(cache, 4, "mvn:org.apache.karaf.features/org.apache.karaf.features.core/4.4.10", 15);
        cachedBundle(cache, 5, "mvn:io.sluice/io.sluice.core/0.1.0-SNAPSHOT", 80);
        cachedBundle(cache, 6, "mvn:org.apache.karaf.deployer/org.apache.karaf.deployer.features/4.4.10", 26);
        cachedBundle(cache, 7, "mvn:org.ops4j.pax.logging/pax-logging-api/2.3.2", 8);

        prepare(); // no ready file: that start did not complete, so nothing is learned from its cache
        assertEquals("x=1\n", Files.readString(instance.etc().resolve("startup.properties")));
        assertTrue(Files.isDirectory(cache));

        Files.writeString(instance.readyFile(), "ok\n");
        prepare();
        String expected = "# bin/sluice FILE: the bundles the features service installed at this instance's first start\n"
                + "mvn\\:org.ops4j.pax.logging/pax-logging-api/2.3.2 = 8\n"
                + "mvn\\:org.apache.felix/org.apache.felix.scr/2.2.6 = 30\n"
                + "mvn\\:io.sluice/io.sluice.core/0.1.0-SNAPSHOT = 80\n";
        assertEquals(expected, Files.readString(instance.etc().resolve("startup.properties")));
        assertFalse("the cache holding the features service goes, once", Files.exists(cache));

        Files.createDirectories(cache.resolve("bundle0"));
        prepare(); // the static boot's own cache is kept, and so is the list
        assertTrue(Files.isDirectory(cache));
        assertEquals(expected, Files.readString(instance.etc().resolve("startup.properties")));

        Files.writeString(conf, "[a]\nclient = yes\naccept = 1\nconnect = 2\ntlsProvider = jsse\n");
        // Other boot features (jsse only: no openssl feature, which the default section needed):
        prepare(); // the features service resolves again, from an empty cache
        assertEquals("x=1\n", Files.readString(instance.etc().resolve("startup.properties")));
        assertFalse(Files.exists(cache));
    }

    private InstanceDirectory prepare() throws Exception {
        InstanceDirectory instance = InstanceDirectory.forFile(home.resolve("data/stunnel"), conf);
        instance.prepare(home, home.resolve("etc"), conf, StunnelConfigReader.read(conf));
        return instance;
    }
}
