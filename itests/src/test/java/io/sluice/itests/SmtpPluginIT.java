package io.sluice.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.sluice.api.TunnelAdmin;
import io.sluice.api.TunnelState;
import io.sluice.api.TunnelStatus;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/** The smtp plugin: removed, an smtp tunnel waits; its jar dropped into deploy/, the tunnel speaks STARTTLS. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SmtpPluginIT {

    private static final String SMTP_BUNDLE = "io.sluice.protocol.smtp";

    @Inject
    private TunnelAdmin admin;

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        return KarafOptions.distribution(KarafOptions.sluiceDistribution(), "Sluice").toArray(new Option[0]);
    }

    @Test
    public void anSmtpTunnelWaitsForThePluginUsesItWhenDeployedAndWaitsAgainWhenRemoved() throws Exception {
        Tunnels tunnels = new Tunnels(admin);
        Path jar = Paths.get(System.getProperty("karaf.base"), "deploy", SMTP_BUNDLE + ".jar");
        Bundle shipped = Arrays.stream(context.getBundles())
                .filter(b -> SMTP_BUNDLE.equals(b.getSymbolicName())).findFirst().orElseThrow();
        String location = shipped.getLocation();
        shipped.uninstall();
        try (Backend mail = new Backend("MTA", "220 mta.example ESMTP")) {
            Tunnels.write("smtps", "accept = 127.0.0.1:0", "connect = 127.0.0.1:" + mail.port(),
                    "protocol = smtp", "protocolHost = relay.example");
            TunnelStatus waiting = tunnels.awaitState("smtps", TunnelState.WAITING);
            assertTrue(waiting.reason(), waiting.reason().startsWith("protocol negotiator 'smtp'"));

            Path temporary = jar.resolveSibling("." + SMTP_BUNDLE + ".tmp");
            try (InputStream in = new URL(location).openStream()) {
                Files.copy(in, temporary, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(temporary, jar, StandardCopyOption.ATOMIC_MOVE);
            int port = Tunnels.port(tunnels.awaitState("smtps", TunnelState.RUNNING));

            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                socket.setSoTimeout(10_000);
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                assertTrue(Clients.readPlainLine(in).startsWith("220 relay.example "));
                out.write("EHLO client.example\r\n".getBytes(StandardCharsets.US_ASCII));
                boolean starttls = false;
                String line;
                do {
                    line = Clients.readPlainLine(in);
                    starttls |= line.substring(4).equalsIgnoreCase("STARTTLS");
                } while (line.startsWith("250-"));
                assertTrue("EHLO reply lists STARTTLS", starttls);
                out.write("STARTTLS\r\n".getBytes(StandardCharsets.US_ASCII));
                assertTrue(Clients.readPlainLine(in).startsWith("220"));
                try (Clients.Line tls = Clients.tls(socket, Tunnels.etc().resolve("sluice.crt"))) {
                    // The MTA's own greeting was consumed by the plugin; commands now reach the MTA in TLS.
                    assertEquals("MTA:EHLO client.example", tls.ask("EHLO client.example"));
                }
            }

            Files.delete(jar);
            tunnels.awaitState("smtps", TunnelState.WAITING);
        } finally {
            Files.deleteIfExists(jar);
            Tunnels.delete("smtps");
        }
    }
}
