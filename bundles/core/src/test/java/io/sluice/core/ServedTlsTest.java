package io.sluice.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.sluice.api.tls.KeyMaterial;
import io.sluice.pki.SelfSigned;
import io.sluice.tls.jsse.JsseTlsProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** A rotation reads the TLS material again and nothing else: the parsed and resolved settings stay as they are. */
public class ServedTlsTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final Object lock = new Object();
    private ServedTls served;

    @After
    public void tearDown() {
        synchronized (lock) {
            if (served != null) {
                served.close();
            }
        }
    }

    @Test(timeout = 30_000)
    public void aRotationReloadsOnlyTheMaterial() throws Exception {
        Path cert = tmp.getRoot().toPath().resolve("s.crt");
        Path key = tmp.getRoot().toPath().resolve("s.key");
        KeyMaterial a = SelfSigned.generate("a.example", List.of("a.example"), Duration.ofDays(400));
        KeyMaterial b = SelfSigned.generate("b.example", List.of("b.example"), Duration.ofDays(400));
        SelfSigned.writePem(a, cert, key);
        TunnelSettings before = new TunnelConfigs(tmp.getRoot().toPath()).read("accept", "127.0.0.1:0",
                "connect", "127.0.0.1:80", "cert", "s.crt", "key", "s.key", "TIMEOUTidle", "5", "alpn", "h2");
        List<TunnelSettings> rotated = new CopyOnWriteArrayList<>();
        synchronized (lock) {
            served = ServedTls.start(lock, before, new JsseTlsProvider(), null, rotated::add);
            served.follow();
        }
        assertEquals(a.leaf(), served.keyMaterial().leaf());

        SelfSigned.writePem(b, cert, key);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (rotated.isEmpty()) {
            if (System.nanoTime() > deadline) {
                fail("no rotation");
            }
            Thread.sleep(100);
        }
        TunnelSettings after = rotated.get(0);
        assertEquals(b.leaf(), after.tls().keyMaterial().leaf());
        synchronized (lock) {
            assertEquals(b.leaf(), served.keyMaterial().leaf());
        }
        assertSame("not parsed again: the configuration as read at the start", before.values(), after.values());
        assertEquals("only the material differs", before, after.toBuilder().tls(before.tls()).build());
        assertEquals(before.tls(), after.tls().toBuilder().keyMaterial(before.tls().keyMaterial()).build());
        assertTrue(after.tls().alpn().contains("h2"));
    }
}
