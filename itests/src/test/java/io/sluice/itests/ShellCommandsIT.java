package io.sluice.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import io.sluice.api.TunnelAdmin;
import io.sluice.api.TunnelState;
import io.sluice.api.TunnelStatus;
import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

/** The tunnel:* commands, run through Karaf console sessions and over SSH as an operator would. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ShellCommandsIT {

    private static final String PASSWORD = "itest-only-password";

    @Inject
    private TunnelAdmin admin;

    @Inject
    private SessionFactory sessions;

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        List<Option> options = KarafOptions.distribution(KarafOptions.sluiceDistribution(), "Sluice");
        // A console user for the SSH test only; the distribution ships none.
        options.add(editConfigurationFilePut("etc/users.properties", "operator", PASSWORD + ",admin,viewer,ssh"));
        return options.toArray(new Option[0]);
    }

    @Before
    public void awaitCommands() throws Exception {
        console().awaitTunnelCommands();
    }

    private Console console() {
        return new Console(sessions);
    }

    @Test
    public void aTunnelCreatedByCommandCarriesDataAndIsManagedByCommands() throws Exception {
        Tunnels tunnels = new Tunnels(admin);
        Path cert = Tunnels.etc().resolve("sluice.crt");
        try (Backend a = new Backend("A"); Backend b = new Backend("B")) {
            String port = KarafOptions.freePort();
            String created = console().admin("tunnel:create --accept 127.0.0.1:" + port
                    + " --connect 127.0.0.1:" + a.port() + " -o TIMEOUTidle=600 web");
            assertTrue(created, created.contains("Created " + Tunnels.file("web")));
            assertTrue(Files.readString(Tunnels.file("web")).contains("TIMEOUTidle = 600"));
            tunnels.awaitState("web", TunnelState.RUNNING);
            try (Clients.Line line = Clients.tls(Integer.parseInt(port), cert)) {
                assertEquals("A:made by command", line.ask("made by command"));
            }
            tunnels.awaitIdle("web");

            String list = console().admin("tunnel:list");
            assertTrue(list, list.matches("(?s).*web\\s*\\|\\s*server\\s*\\|\\s*127\\.0\\.0\\.1:" + port
                    + "\\s*\\|\\s*127\\.0\\.0\\.1:" + a.port() + "\\s*\\|\\s*-\\s*\\|\\s*openssl\\s*\\|\\s*running\\s*\\|\\s*0\\s*\\|\\s*1\\s*\\|.*"));

            String info = console().admin("tunnel:info web");
            assertTrue(info, info.contains("State       running"));
            assertTrue(info, info.contains("  TIMEOUTidle = 600"));
            assertTrue(info, info.contains("  SANs      DNS:localhost, "));
            assertTrue(info, info.contains("Connections 0 active, 1 total"));
            assertTrue(info, info.contains("TLS         1 new sessions, 0 resumed"));

            console().admin("tunnel:stop web");
            assertEquals(TunnelState.STOPPED, admin.tunnel("web").orElseThrow().state());
            assertRefused(Integer.parseInt(port));
            console().admin("tunnel:start web");
            tunnels.awaitState("web", TunnelState.RUNNING);

            console().admin("tunnel:set web connect 127.0.0.1:" + b.port());
            tunnels.await("web", s -> s.connect().equals(List.of("127.0.0.1:" + b.port())), "reconnected to B");
            try (Clients.Line line = Clients.tls(Integer.parseInt(port), cert)) {
                assertEquals("B:after set", line.ask("after set"));
            }

            console().admin("tunnel:delete web");
            tunnels.awaitGone("web");
            assertFalse(Files.exists(Tunnels.file("web")));
            assertRefused(Integer.parseInt(port));
        } finally {
            Tunnels.delete("web");
        }
    }

    @Test
    public void connectionsListsALiveConnectionAndKillClosesIt() throws Exception {
        try (Backend backend = new Backend("K")) {
            Tunnels.write("killable", "accept = 127.0.0.1:0", "connect = 127.0.0.1:" + backend.port());
            int port = Tunnels.port(new Tunnels(admin).awaitState("killable", TunnelState.RUNNING));
            try (Clients.Line line = Clients.tls(port, Tunnels.etc().resolve("sluice.crt"))) {
                assertEquals("K:hi", line.ask("hi"));
                String table = console().admin("tunnel:connections killable");
                // The default provider's (openssl) server takes the client's order: the JDK client's puts AES-256 first.
                assertTrue(table, table.contains("TLSv1.3") && table.contains("TLS_AES_256_GCM_SHA384")
                        && table.contains("127.0.0.1:" + backend.port()));
                long id = admin.connections().stream().filter(c -> c.tunnel().equals("killable"))
                        .findFirst().orElseThrow().id();
                assertTrue(table, table.matches("(?s).*\\n\\s*" + id + "\\s*\\|\\s*killable.*"));

                console().admin("tunnel:kill " + id);
                assertNull("the client's connection was closed", line.readLine());
            }
            try {
                console().admin("tunnel:kill 999999");
                fail();
            } catch (IllegalArgumentException e) {
                assertEquals("no open connection with ID 999999 (tunnel:connections shows them)", e.getMessage());
            }
        } finally {
            Tunnels.delete("killable");
        }
    }

    @Test
    public void infoTalliesHandshakeFailuresByReasonAndShowsTheLastErrors() throws Exception {
        try (Backend backend = new Backend("F")) {
            Tunnels.write("failing", "accept = 127.0.0.1:0", "connect = 127.0.0.1:" + backend.port());
            Tunnels tunnels = new Tunnels(admin);
            int port = Tunnels.port(tunnels.awaitState("failing", TunnelState.RUNNING));
            try (Clients.Line plain = Clients.plain(port)) {
                plain.ask("GET / HTTP/1.0"); // plaintext to a TLS port: the tunnel refuses it
            }
            tunnels.await("failing", s -> s.counters().handshakeFailures() == 1, "one failed handshake");
            String info = console().admin("tunnel:info failing");
            String reason = "plaintext HTTP request on a TLS port"; // stunnel: http request
            assertTrue(info, info.contains("  TLS       1 x " + reason + "\n"));
            assertTrue(info, info.contains("Last errors\n  "));
            assertTrue(info, info.endsWith(" TLS handshake failed: " + reason + "\n"));
        } finally {
            Tunnels.delete("failing");
        }
    }

    @Test
    public void theStoppedStateSurvivesARestartOfTheCore() throws Exception {
        Tunnels tunnels = new Tunnels(admin);
        try (Backend backend = new Backend("S")) {
            Tunnels.write("sleepy", "accept = 127.0.0.1:0", "connect = 127.0.0.1:" + backend.port());
            int port = Tunnels.port(tunnels.awaitState("sleepy", TunnelState.RUNNING));
            try (Clients.Line open = Clients.tls(port, Tunnels.etc().resolve("sluice.crt"))) {
                assertEquals("S:before the stop", open.ask("before the stop"));
                console().admin("tunnel:stop sleepy");
                assertEquals("an open connection drains after a stop", "S:still open", open.ask("still open"));
                console().admin("tunnel:stop --kill sleepy");
                assertNull("--kill closes it", open.readLine());
            }
            Bundle core = java.util.Arrays.stream(context.getBundles())
                    .filter(bundle -> "io.sluice.core".equals(bundle.getSymbolicName())).findFirst().orElseThrow();
            core.stop();
            core.start();
            // The admin service is a new one after the restart.
            Tunnels restarted = new Tunnels(awaitService(TunnelAdmin.class));
            TunnelStatus status = restarted.awaitState("sleepy", TunnelState.STOPPED);
            assertEquals("stopped by an operator (tunnel:start sleepy)", status.reason());
            console().admin("tunnel:start sleepy");
            restarted.awaitState("sleepy", TunnelState.RUNNING);
        } finally {
            Tunnels.delete("sleepy");
        }
    }

    @Test
    public void helpExplainsTheCommandToANewcomer() throws Exception {
        String help = console().admin("tunnel:create --help");
        assertTrue(help, help.contains("Creates a tunnel as the file etc/io.sluice.tunnel-NAME.cfg"));
        assertTrue(help, help.contains("Options come before the name"));
        assertTrue(help, help.contains("--accept"));
    }

    @Test
    public void pluginsAreListed() throws Exception {
        String providers = console().admin("tunnel:providers");
        assertTrue(providers, providers.matches("(?s).*jsse\\s*\\|\\s*io\\.sluice\\.tls\\.jsse .*"));
        String protocols = console().admin("tunnel:protocols");
        assertTrue(protocols, protocols.startsWith("Protocol"));
        assertFalse(protocols, protocols.contains("|  io.sluice"));
    }

    @Test
    public void certWritesAKeyPairIntoEtc() throws Exception {
        String out = console().admin("tunnel:cert --san mail.example.com --san 192.0.2.25 mail.example.com");
        Path cert = Tunnels.etc().resolve("mail.example.com.crt");
        assertTrue(out, out.startsWith("Wrote " + cert));
        assertTrue(Files.readString(cert).startsWith("-----BEGIN CERTIFICATE-----"));
        try {
            console().admin("tunnel:cert mail.example.com");
            fail("overwrote an existing certificate");
        } catch (IllegalArgumentException e) {
            assertEquals(cert + " exists already; remove it first to generate a new one", e.getMessage());
        }
        String request = console().admin("tunnel:cert --csr --san smtp.example.com smtp.example.com");
        Path csr = Tunnels.etc().resolve("smtp.example.com.csr");
        assertTrue(request, request.startsWith("Wrote " + csr));
        assertTrue(Files.readString(csr).startsWith("-----BEGIN CERTIFICATE REQUEST-----"));
        assertTrue(Files.readString(Tunnels.etc().resolve("smtp.example.com.key")).startsWith("-----BEGIN PRIVATE KEY-----"));
    }

    @Test
    public void infoCountsResumedSessionsAndAlpnProtocols() throws Exception {
        Tunnels tunnels = new Tunnels(admin);
        Path cert = Tunnels.etc().resolve("sluice.crt");
        Path session = Files.createTempFile("sluice-session", ".pem");
        Files.delete(session); // s_client -sess_out writes it
        try (Backend backend = new Backend("S")) {
            Tunnels.write("alpn", "accept = 127.0.0.1:0", "connect = 127.0.0.1:" + backend.port(), "alpn = h2, http/1.1");
            int port = Tunnels.port(tunnels.awaitState("alpn", TunnelState.RUNNING));
            assertEquals("S:one", Clients.opensslLine(port, cert, "one", "-alpn", "http/1.1", "-sess_out", session.toString()));
            assertEquals("S:two", Clients.opensslLine(port, cert, "two", "-alpn", "http/1.1", "-sess_in", session.toString()));
            tunnels.await("alpn", s -> s.counters().newSessions() + s.counters().resumedSessions() == 2, "two handshakes");
            String info = console().admin("tunnel:info alpn");
            assertTrue(info, info.contains("TLS         1 new sessions, 1 resumed\n"));
            assertTrue(info, info.contains("  ALPN      2 x http/1.1\n"));
        } finally {
            Tunnels.delete("alpn");
            Files.deleteIfExists(session);
        }
    }

    @Test
    public void mistakesGetOneClearLine() throws Exception {
        expectError("tunnel:info nope", "no tunnel named 'nope' (tunnel:list shows them)");
        expectError("tunnel:set nope accept 1", "tunnel nope has no file " + Tunnels.file("nope")
                + " (tunnel:list shows the tunnels; one configured by other means is changed there)");
        expectError("tunnel:create --accept 1 --connect 2 -o verifyChian=yes x", "unknown key 'verifyChian' (known: ");
        expectError("tunnel:create --accept 1 --connect 2 ../evil",
                "'../evil' is not a tunnel name: use letters, digits, '.', '_' and '-'");
    }

    @Test
    public void changingCommandsNeedTheAdminRole() throws Exception {
        try {
            console().as("tunnel:create --accept 127.0.0.1:0 --connect 1 viewer-made", "viewer");
            fail("a viewer created a tunnel");
        } catch (Exception e) {
            // Karaf's ACL hides a command from a session whose roles may not run it.
            assertEquals("Command not found: tunnel:create", e.getMessage());
        }
        assertFalse(Files.exists(Tunnels.file("viewer-made")));
        assertTrue(console().as("tunnel:list", "viewer").startsWith("Name"));
    }

    @Test
    public void anOperatorScriptsTheConsoleOverSshWithBinClient() throws Exception {
        Properties shell = new Properties();
        try (FileInputStream in = new FileInputStream(Tunnels.etc().resolve("org.apache.karaf.shell.cfg").toFile())) {
            shell.load(in);
        }
        Path client = Paths.get(System.getProperty("karaf.home"), "bin", "client");
        ProcessBuilder builder = new ProcessBuilder(client.toString(), "-a", shell.getProperty("sshPort").trim(),
                "-u", "operator", "-p", PASSWORD, "-b").redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        process.getOutputStream().write("tunnel:list\ntunnel:info nope\n".getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        process.getInputStream().transferTo(output);
        assertTrue("bin/client finished", process.waitFor(60, TimeUnit.SECONDS));
        String text = output.toString(StandardCharsets.UTF_8);
        assertTrue(text, text.contains("demo") && text.contains("running"));
        assertTrue(text, text.contains("no tunnel named 'nope' (tunnel:list shows them)"));
        assertFalse("no stack trace: " + text, text.contains("\tat "));
    }

    private <T> T awaitService(Class<T> type) throws InterruptedException {
        ServiceTracker<T, T> tracker = new ServiceTracker<>(context, type, null);
        tracker.open();
        try {
            T service = tracker.waitForService(20_000);
            assertTrue(type.getSimpleName() + " is back", service != null);
            return service;
        } finally {
            tracker.close();
        }
    }

    private void expectError(String command, String messageStart) throws Exception {
        try {
            console().admin(command);
            fail(command + " succeeded");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith(messageStart));
        }
    }

    private static void assertRefused(int port) throws Exception {
        try (Clients.Line line = Clients.plain(port)) {
            fail("port " + port + " still accepts");
        } catch (ConnectException expected) {
            // nothing listens
        }
    }
}
