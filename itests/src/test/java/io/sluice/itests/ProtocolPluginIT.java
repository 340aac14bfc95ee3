package io.sluice.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.sluice.api.TunnelAdmin;
import io.sluice.api.TunnelState;
import io.sluice.api.TunnelStatus;
import io.sluice.itests.plugin.HelloActivator;
import io.sluice.itests.plugin.HelloNegotiator;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * A tunnel naming a protocol that no bundle provides waits, starts when a plugin bundle is dropped
 * into deploy/, and waits again when the bundle is removed.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ProtocolPluginIT {

    @Inject
    private TunnelAdmin admin;

    @Configuration
    public Option[] config() {
        return KarafOptions.distribution(KarafOptions.sluiceDistribution(), "Sluice").toArray(new Option[0]);
    }

    @Test
    public void aTunnelWaitsForItsProtocolAndStartsWhenThePluginIsDeployed() throws Exception {
        Tunnels tunnels = new Tunnels(admin);
        Path jar = Paths.get(System.getProperty("karaf.base"), "deploy", "hello-protocol.jar");
        try (Backend backend = new Backend("H")) {
            Tunnels.write("greeter", "accept = 127.0.0.1:0", "connect = 127.0.0.1:" + backend.port(), "protocol = hello");
            TunnelStatus waiting = tunnels.awaitState("greeter", TunnelState.WAITING);
            assertTrue(waiting.reason(), waiting.reason().startsWith("protocol negotiator 'hello'"));

            writePluginBundle(jar);
            int port = Tunnels.port(tunnels.awaitState("greeter", TunnelState.RUNNING));
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                socket.setSoTimeout(10_000);
                assertEquals("HELLO greeter", Clients.readPlainLine(socket.getInputStream()));
                try (Clients.Line tls = Clients.tls(socket, Tunnels.etc().resolve("sluice.crt"))) {
                    assertEquals("H:after the greeting", tls.ask("after the greeting"));
                }
            }

            Files.delete(jar);
            TunnelStatus again = tunnels.awaitState("greeter", TunnelState.WAITING);
            assertTrue(again.reason(), again.reason().startsWith("protocol negotiator 'hello'"));
        } finally {
            Files.deleteIfExists(jar);
            Tunnels.delete("greeter");
        }
    }


    /** Packages the plugin classes of this test as a bundle of their own, written atomically. */
    private void writePluginBundle(Path jar) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", "io.sluice.itests.hello");
        main.putValue("Bundle-Version", "1.0.0");
        main.putValue("Bundle-Activator", HelloActivator.class.getName());
        main.putValue("Import-Package", "io.sluice.api.protocol;version=\"[0.1,1)\",org.osgi.framework");
        Path temporary = jar.resolveSibling(".hello-protocol.tmp");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(temporary), manifest)) {
            for (Class<?> type : new Class<?>[] {HelloActivator.class, HelloNegotiator.class}) {
                String entry = type.getName().replace('.', '/') + ".class";
                out.putNextEntry(new JarEntry(entry));
                try (InputStream classFile = type.getClassLoader().getResourceAsStream(entry)) {
                    classFile.transferTo(out);
                }
                out.closeEntry();
            }
        }
        Files.move(temporary, jar, StandardCopyOption.ATOMIC_MOVE);
    }
}
