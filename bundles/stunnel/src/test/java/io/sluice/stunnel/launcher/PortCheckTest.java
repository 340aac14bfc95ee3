package io.sluice.stunnel.launcher;

import static org.junit.Assert.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The JMX ports are read as $[prop:NAME] (ConfigAdmin's interpolation), the console's as ${NAME}. */
public class PortCheckTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void aTakenJmxPortReadAsPropIsNamedWhereItIsSet() throws Exception {
        Path etc = tmp.getRoot().toPath();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int freePort = free.getLocalPort();
            free.close();
            Files.writeString(etc.resolve("custom.system.properties"), "sluice.ssh.port = 0\n"
                    + "sluice.jmx.registry.port = " + freePort + "\nsluice.jmx.server.port = " + taken.getLocalPort() + "\n");
            Files.writeString(etc.resolve("org.apache.karaf.shell.cfg"), "sshHost = 127.0.0.1\nsshPort = ${sluice.ssh.port}\n");
            Files.writeString(etc.resolve("org.apache.karaf.management.cfg"), "rmiRegistryHost = 127.0.0.1\n"
                    + "rmiRegistryPort = $[prop:sluice.jmx.registry.port]\nrmiServerHost = 127.0.0.1\n"
                    + "rmiServerPort = $[prop:sluice.jmx.server.port]\n");
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int status = new PortCheck(etc).run(new PrintStream(err, true, StandardCharsets.UTF_8));
            assertEquals("[!] JMX server port 127.0.0.1:" + taken.getLocalPort() + " is in use (sluice.jmx.server.port in "
                    + "etc/custom.system.properties); another Sluice or Karaf on this host? Give this instance ports of its own there\n",
                    err.toString(StandardCharsets.UTF_8));
            assertEquals(1, status);
        }
    }
}
