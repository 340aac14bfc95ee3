package io.sluice.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.features;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.replaceConfigurationFile;

import io.sluice.api.TunnelAdmin;
import io.sluice.api.TunnelState;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.apache.cxf.jaxrs.client.WebClient;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * Sluice as an enterprise integration runtime would use it: Apache CXF's Karaf features and the
 * sluice feature in one stock Karaf, and a CXF client in another bundle (this probe) that reaches
 * a TLS-only server (openssl s_server) over plain HTTP through a client tunnel it creates at
 * runtime, as README's "From another bundle" shows.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CxfKarafIT {

    @Inject
    private BundleContext bundleContext;

    @Inject
    private TunnelAdmin admin;

    @Configuration
    public Option[] config() {
        List<Option> options = KarafOptions.distribution(KarafOptions.stockKaraf(), "Apache Karaf");
        options.add(features(maven().groupId("org.apache.cxf.karaf").artifactId("apache-cxf")
                .classifier("features").type("xml").versionAsInProject(), "cxf-jaxrs"));
        // As README's "Into an existing Karaf" says: the distribution's features processing, so that
        // Karaf's ssh feature does not install its older Bouncy Castle beside Sluice's.
        options.add(replaceConfigurationFile("etc/org.apache.karaf.features.xml",
                Paths.get(System.getProperty("sluice.assembly"), "etc", "org.apache.karaf.features.xml").toFile()));
        // cxf-http brings Karaf's http feature (Pax Web): not on 8181, which another Karaf may hold.
        options.add(editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port",
                KarafOptions.freePort()));
        options.add(features(maven().groupId("io.sluice").artifactId("sluice-features")
                .classifier("features").type("xml").versionAsInProject(), "sluice", "sluice-tls-openssl"));
        return options.toArray(new Option[0]);
    }

    @Test
    public void noBundleIsInstalledTwice() {
        Map<String, List<String>> versions = Arrays.stream(bundleContext.getBundles())
                .filter(bundle -> bundle.getSymbolicName() != null)
                .collect(Collectors.groupingBy(Bundle::getSymbolicName,
                        Collectors.mapping(bundle -> bundle.getVersion().toString(), Collectors.toList())));
        versions.values().removeIf(list -> list.size() == 1);
        assertEquals("bundles installed more than once", Map.of(), versions);
        for (String wanted : new String[] {"org.apache.cxf.cxf-rt-rs-client", "io.sluice.core"}) {
            assertTrue(wanted + " is active", Arrays.stream(bundleContext.getBundles())
                    .anyMatch(bundle -> wanted.equals(bundle.getSymbolicName()) && bundle.getState() == Bundle.ACTIVE));
        }
    }

    @Test
    public void aCxfClientReachesATlsServerThroughAClientTunnelItCreated() throws Exception {
        Path dir = Files.createTempDirectory("cxf-it");
        Path cert = dir.resolve("crm.crt");
        Path key = dir.resolve("crm.key");
        run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost", "-days", "1",
                "-keyout", key.toString(), "-out", cert.toString());
        String serverPort = KarafOptions.freePort();
        Process server = new ProcessBuilder("openssl", "s_server", "-accept", "127.0.0.1:" + serverPort,
                "-cert", cert.toString(), "-key", key.toString(), "-www")
                .redirectErrorStream(true).redirectOutput(dir.resolve("s_server.log").toFile()).start();
        try {
            awaitListening(Integer.parseInt(serverPort));
            try {
                admin.create("crm", Map.of("client", "yes", "accept", "127.0.0.1:0", "connect", "localhost:" + serverPort,
                        "CAfile", cert.toString(), "verifyPeer", "maybe"));
                fail("a bad value is refused by create");
            } catch (IllegalArgumentException expected) {
                assertTrue(expected.getMessage(), expected.getMessage().contains("verifyPeer"));
            }
            assertTrue("nothing was stored for the refused tunnel", admin.tunnel("crm").isEmpty());
            admin.create("crm", Map.of("client", "yes", "accept", "127.0.0.1:0", "connect", "localhost:" + serverPort,
                    "CAfile", cert.toString()));
            int tunnelPort = Tunnels.port(new Tunnels(admin).awaitState("crm", TunnelState.RUNNING));

            WebClient client = WebClient.create("http://127.0.0.1:" + tunnelPort + "/");
            String page;
            try {
                page = client.get(String.class);
            } finally {
                client.close();
            }

            assertTrue(page, page.startsWith("<HTML><BODY BGCOLOR=\"#ffffff\">\n<pre>\n\ns_server -accept 127.0.0.1:" + serverPort));
            assertTrue("s_server saw a TLS 1.3 session:\n" + page, page.contains("\nNew, TLSv1.3, Cipher is TLS_"));
            new Tunnels(admin).await("crm", s -> s.counters().totalConnections() == 1, "one connection counted");
        } finally {
            admin.delete("crm");
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
        new Tunnels(admin).awaitGone("crm");
        assertFalse("a second delete finds nothing", admin.delete("crm"));
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertEquals(String.join(" ", command) + ":\n" + output, 0, process.waitFor());
    }

    private static void awaitListening(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (java.io.IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("openssl s_server is not listening on " + port + " after 10 s");
                }
                Thread.sleep(100);
            }
        }
    }
}
