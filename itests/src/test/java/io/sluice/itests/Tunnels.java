package io.sluice.itests;

import static org.junit.Assert.fail;

import io.sluice.api.TunnelAdmin;
import io.sluice.api.TunnelState;
import io.sluice.api.TunnelStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;
import java.util.function.Predicate;

/** Tunnels as an operator makes them: files in etc/, watched through the admin service. */
final class Tunnels {

    private static final long TIMEOUT_MILLIS = 20_000;

    private final TunnelAdmin admin;

    Tunnels(TunnelAdmin admin) {
        this.admin = admin;
    }

    static Path etc() {
        return Paths.get(System.getProperty("karaf.etc"));
    }

    static Path file(String name) {
        return etc().resolve("io.sluice.tunnel-" + name + ".cfg");
    }

    /** Writes etc/io.sluice.tunnel-NAME.cfg through a temporary file, as an editor that replaces files would. */
    static void write(String name, String... lines) throws IOException {
        Path target = file(name);
        Path temporary = etc().resolve("." + name + ".tmp");
        Files.writeString(temporary, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        Files.move(temporary, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    static void delete(String name) throws IOException {
        Files.deleteIfExists(file(name));
    }

    TunnelStatus await(String name, Predicate<TunnelStatus> condition, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        Optional<TunnelStatus> last = Optional.empty();
        while (System.currentTimeMillis() < deadline) {
            last = admin.tunnel(name);
            if (last.isPresent() && condition.test(last.get())) {
                return last.get();
            }
            Thread.sleep(100);
        }
        fail("tunnel " + name + " did not become " + what + " within " + TIMEOUT_MILLIS + " ms; last status: " + last);
        return null;
    }

    TunnelStatus awaitState(String name, TunnelState state) throws InterruptedException {
        return await(name, s -> s.state() == state, state.toString());
    }

    /** Until the tunnel has no open connection (a closed client's end reaches the tunnel a little later). */
    TunnelStatus awaitIdle(String name) throws InterruptedException {
        return await(name, s -> s.counters().activeConnections() == 0, "no active connection");
    }

    void awaitGone(String name) throws InterruptedException {
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        while (admin.tunnel(name).isPresent()) {
            if (System.currentTimeMillis() > deadline) {
                fail("tunnel " + name + " still there: " + admin.tunnel(name));
            }
            Thread.sleep(100);
        }
    }

    /** The port a running tunnel is bound to. */
    static int port(TunnelStatus status) {
        String bound = status.bound();
        return Integer.parseInt(bound.substring(bound.lastIndexOf(':') + 1));
    }
}
