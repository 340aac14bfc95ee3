package io.sluice.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.sluice.api.TunnelAdmin;
import io.sluice.api.TunnelState;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.inject.Inject;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** libwrap = yes: etc/hosts.allow and hosts.deny decide before TLS, and edits apply while running. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LibwrapIT {

    @Inject
    private TunnelAdmin admin;

    @Inject
    private SessionFactory sessions;

    @Configuration
    public Option[] config() {
        return KarafOptions.distribution(KarafOptions.sluiceDistribution(), "Sluice").toArray(new Option[0]);
    }

    @Test
    public void aDeniedClientIsClosedBeforeTlsAnAllowedOneGetsThroughAndEditsApplyLive() throws Exception {
        Path allow = Tunnels.etc().resolve("hosts.allow");
        Path deny = Tunnels.etc().resolve("hosts.deny");
        Path cert = Tunnels.etc().resolve("sluice.crt");
        Console console = new Console(sessions);
        console.awaitTunnelCommands();
        try (Backend backend = new Backend("W")) {
            Files.writeString(allow, "guarded : 127.0.0.2\n", StandardCharsets.UTF_8);
            Files.writeString(deny, "# everyone else\nguarded : ALL\n", StandardCharsets.UTF_8);
            Tunnels.write("guarded", "accept = 127.0.0.1:0", "connect = 127.0.0.1:" + backend.port(), "libwrap = yes");
            int port = Tunnels.port(new Tunnels(admin).awaitState("guarded", TunnelState.RUNNING));
            awaitVerdict(console, "127.0.0.1", "refused by " + deny + ":2");

            String refused = Clients.opensslHandshake(port, cert);
            assertTrue("closed before any TLS byte:\n" + refused, refused.contains("no peer certificate available"));
            assertFalse(refused, refused.contains("BEGIN CERTIFICATE"));
            assertEquals(1, admin.tunnel("guarded").orElseThrow().counters().refused());

            try (Clients.Line allowed = Clients.tlsFrom(InetAddress.getByName("127.0.0.2"), port, cert)) {
                assertEquals("W:from an allowed address", allowed.ask("from an allowed address"));
            }

            Files.writeString(allow, "guarded : 127.0.0.1 127.0.0.2\n", StandardCharsets.UTF_8);
            awaitVerdict(console, "127.0.0.1", "allowed by " + allow + ":1");
            assertEquals("W:now allowed", Clients.opensslLine(port, cert, "now allowed"));
        } finally {
            Files.deleteIfExists(allow);
            Files.deleteIfExists(deny);
            Tunnels.delete("guarded");
        }
    }

    /** The rules are reloaded by polling; tunnel:access-check says when the new ones are in force. */
    private static void awaitVerdict(Console console, String address, String expected) throws Exception {
        long deadline = System.currentTimeMillis() + 15_000;
        String verdict;
        do {
            verdict = console.admin("tunnel:access-check guarded " + address).trim();
            if (verdict.equals(expected)) {
                return;
            }
            Thread.sleep(200);
        } while (System.currentTimeMillis() < deadline);
        assertEquals("tunnel:access-check guarded " + address, expected, verdict);
    }
}
