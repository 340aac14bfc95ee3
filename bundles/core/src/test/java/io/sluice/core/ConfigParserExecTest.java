package io.sluice.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.sluice.api.transport.AcceptSide;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** stunnel's exec, execArgs and retry: the three endpoint pairs and what is refused, with the key and value named. */
public class ConfigParserExecTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private TunnelSettings parse(String... keyValues) throws ConfigException {
        return new TunnelConfigs(tmp.getRoot().toPath()).read(keyValues);
    }

    private String refusal(String... keyValues) {
        return new TunnelConfigs(tmp.getRoot().toPath()).refusal(keyValues);
    }

    private Path program(String name) throws Exception {
        Path file = tmp.getRoot().toPath().resolve(name);
        Files.writeString(file, "#!/bin/sh\nexec cat\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    @Test
    public void acceptAndExecIsLocalModeWithArgsSplitAtWhiteSpaceAndNoTargets() throws Exception {
        Path prog = program("echo.sh");
        TunnelSettings s = parse("accept", "127.0.0.1:0", "exec", prog.toString(), "execArgs", "echo.sh  -a\t\"b c\"");
        assertEquals(prog.toString(), s.exec().program());
        assertEquals("no quoting, as stunnel", List.of("echo.sh", "-a", "\"b", "c\""), s.exec().args());
        assertTrue(s.targets().isEmpty());
        assertEquals(List.of("exec " + prog), s.connectText());
        assertNull(s.exec().retry());
        assertEquals(0, s.acceptAddress().getPort());
    }

    @Test
    public void execArgsDefaultToTheProgramAndRelativeNamesResolveAgainstEtc() throws Exception {
        program("local.sh");
        TunnelSettings s = parse("accept", "127.0.0.1:0", "exec", "local.sh");
        assertEquals(tmp.getRoot().toPath().resolve("local.sh").toString(), s.exec().program());
        assertEquals(List.of("local.sh"), s.exec().args());
    }

    @Test
    public void execAndConnectWithoutAcceptIsAnExecConnectServiceWithRetry() throws Exception {
        Path prog = program("p.sh");
        TunnelSettings s = parse("exec", prog.toString(), "connect", "127.0.0.1:443", "client", "yes", "retry", "yes");
        assertEquals(new AcceptSide.Program(s.exec()), s.accept());
        assertNull(s.acceptAddress());
        assertEquals("exec " + prog, s.acceptText());
        assertEquals(1, s.targets().size());
        assertEquals(Duration.ofMillis(1000), s.exec().retry());
        assertEquals(Duration.ofMillis(250), parse("exec", prog.toString(), "connect", "443", "retry", "250").exec().retry());
        assertNull(parse("exec", prog.toString(), "connect", "443", "retry", "no").exec().retry());
    }

    @Test
    public void wrongCombinationsAreRefusedNamingKeyAndValue() throws Exception {
        String prog = program("p.sh").toString();
        assertEquals("Service [t]: connect = 127.0.0.1:80: a tunnel has two endpoints: with accept and exec, the program"
                + " takes the place of connect (drop accept for an exec+connect service)",
                refusal("accept", "0", "exec", prog, "connect", "127.0.0.1:80"));
        assertTrue(refusal("exec", prog).contains("connect = : required"));
        assertTrue(refusal("exec", prog).contains("exec without accept is an exec+connect service"));
        assertEquals("Service [t]: retry = yes: has no effect: it restarts the program of an exec+connect service"
                + " (exec and connect, no accept)", refusal("accept", "0", "exec", prog, "retry", "yes"));
        assertEquals("Service [t]: retry = 500: has no effect without exec (and connect, no accept)",
                refusal("accept", "0", "connect", "80", "retry", "500"));
        assertEquals("Service [t]: execArgs = x y: has no effect without exec",
                refusal("accept", "0", "connect", "80", "execArgs", "x y"));
        assertEquals("Service [t]: retry = often: expected yes, no or a delay in milliseconds",
                refusal("exec", prog, "connect", "80", "retry", "often"));
        assertTrue(refusal("accept", "0", "exec", "/nonexistent/prog").startsWith(
                "Service [t]: exec = /nonexistent/prog: not an executable file"));
        Path plain = tmp.newFile("data.txt").toPath();
        assertTrue(refusal("accept", "0", "exec", plain.toString()).contains("not an executable file"));
        assertEquals("Service [t]: libwrap = yes: an exec+connect service has no client address to check",
                refusal("exec", prog, "connect", "80", "libwrap", "yes"));
        assertEquals("Service [t]: protocol = smtp: not supported with exec yet",
                refusal("accept", "0", "exec", prog, "protocol", "smtp"));
        assertEquals("Service [t]: protocol = proxy: not supported in an exec+connect service yet (exec and connect,"
                + " no accept: its client is the program)", refusal("exec", prog, "connect", "80", "protocol", "proxy"));
        // retry = no is the metatype default and harmless anywhere.
        assertNull(parse("accept", "0", "connect", "80", "retry", "no").exec());
    }

    /** stunnel writes its PROXY line to the program of each connection as to a connect target. */
    @Test
    public void protocolProxyGoesWithAProgramPerConnection() throws Exception {
        String prog = program("p.sh").toString();
        TunnelSettings s = parse("accept", "0", "exec", prog, "protocol", "proxy");
        assertEquals("proxy", s.protocol());
        assertEquals(prog, s.exec().program());
    }

    /** inetd = yes: standard input and output are the accept side; connect or exec (local mode) the other. */
    @Test
    public void inetdModeAcceptsOnStdioWithConnectOrAProgramPerConnection() throws Exception {
        TunnelSettings s = parse("inetd", "yes", "connect", "127.0.0.1:80", "client", "yes");
        assertTrue(s.inetd());
        assertNull(s.acceptAddress());
        assertEquals("stdio", s.acceptText());
        assertEquals(List.of("127.0.0.1:80"), s.connectText());
        String prog = program("served.sh").toString();
        s = parse("inetd", "yes", "exec", prog, "client", "yes");
        assertTrue(s.inetd());
        assertEquals("a program per connection, not exec+connect", List.of("exec " + prog), s.connectText());
        assertTrue(s.targets().isEmpty());
        assertEquals("Service [t]: accept = 443: not allowed with inetd = yes (standard input and output are the"
                + " accept side)", refusal("inetd", "yes", "accept", "443", "connect", "80", "client", "yes"));
        assertTrue(refusal("inetd", "yes", "client", "yes").contains("connect = : required"));
        assertEquals("Service [t]: retry = yes: has no effect: it restarts the program of an exec+connect service"
                + " (exec and connect, no accept)", refusal("inetd", "yes", "exec", prog, "retry", "yes", "client", "yes"));
        assertTrue(refusal("inetd", "maybe", "connect", "80", "client", "yes").contains("inetd = maybe"));
    }
}
