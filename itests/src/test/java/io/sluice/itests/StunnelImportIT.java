package io.sluice.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import io.sluice.api.TunnelAdmin;
import io.sluice.api.TunnelState;
import io.sluice.api.TunnelStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** A stunnel.conf dropped into etc/stunnel/ becomes tunnels, which follow the file as it changes. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class StunnelImportIT {

    @Inject
    private TunnelAdmin admin;

    @Configuration
    public Option[] config() {
        return KarafOptions.distribution(KarafOptions.sluiceDistribution(), "Sluice").toArray(new Option[0]);
    }

    @Test
    public void aStunnelConfBecomesTunnelsThatFollowTheFile() throws Exception {
        Tunnels tunnels = new Tunnels(admin);
        Path directory = Files.createDirectories(Tunnels.etc().resolve("stunnel"));
        Path conf = directory.resolve("services.conf");
        Path cert = Tunnels.etc().resolve("sluice.crt");
        Path key = Tunnels.etc().resolve("sluice.key");
        try (Backend a = new Backend("A"); Backend b = new Backend("B")) {
            write(conf, "; as an operator's stunnel.conf", "foreground = yes", "cert = " + cert, "key = " + key,
                    "[web]", "accept = 127.0.0.1:0", "connect = 127.0.0.1:" + a.port(),
                    "[plain-in]", "client = yes", "accept = 127.0.0.1:0", "connect = localhost:1",
                    "CAfile = " + cert);
            int web = Tunnels.port(tunnels.awaitState("web", TunnelState.RUNNING));
            tunnels.awaitState("plain-in", TunnelState.RUNNING);
            try (Clients.Line line = Clients.tls(web, cert)) {
                assertEquals("A:from stunnel.conf", line.ask("from stunnel.conf"));
            }

            // A broken edit changes nothing; a good one is followed; a removed section goes away.
            write(conf, "[web]", "accept = 127.0.0.1:0", "connect = 127.0.0.1:" + b.port(), "engine = auto");
            Thread.sleep(2500);
            assertEquals(List.of("127.0.0.1:" + a.port()), admin.tunnel("web").orElseThrow().connect());
            assertEquals(TunnelState.RUNNING, admin.tunnel("plain-in").orElseThrow().state());

            write(conf, "cert = " + cert, "key = " + key, "[web]", "accept = 127.0.0.1:0",
                    "connect = 127.0.0.1:" + b.port());
            TunnelStatus moved = tunnels.await("web",
                    s -> s.state() == TunnelState.RUNNING && s.connect().equals(List.of("127.0.0.1:" + b.port())), "moved to B");
            tunnels.awaitGone("plain-in");
            try (Clients.Line line = Clients.tls(Tunnels.port(moved), cert)) {
                assertEquals("B:after the edit", line.ask("after the edit"));
            }

            Files.delete(conf);
            tunnels.awaitGone("web");
            assertFalse(admin.tunnel("web").isPresent());
        } finally {
            Files.deleteIfExists(conf);
        }
    }

    private static void write(Path file, String... lines) throws Exception {
        Path temporary = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.writeString(temporary, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
