package io.sluice.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.sluice.api.transport.AcceptSide;
import io.sluice.api.transport.Target;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The three steps a configuration goes through: the parse looks at no file and resolves no name;
 * the resolver and the loader then refuse what the parse let through, with the messages the parser
 * used to give.
 */
public class ConfigStepsTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private TunnelConfigs configs() {
        return new TunnelConfigs(tmp.getRoot().toPath());
    }

    private static String refusal(Step step) {
        try {
            step.run();
        } catch (ConfigException e) {
            return e.getMessage();
        }
        fail("accepted");
        return null;
    }

    private interface Step {
        void run() throws ConfigException;
    }

    @Test
    public void theParseReadsNoFileAndResolvesNoName() throws Exception {
        Path dir = tmp.getRoot().toPath();
        TunnelSettings s = configs().parse("accept", "no-such-host.invalid:8443", "connect", "other.invalid:80, 443",
                "cert", "nope.pem", "key", "nope.key", "CAfile", "none.pem", "CApath", "none.d", "verifyChain", "yes",
                "CRLfile", "none.crl", "CRLpath", "crl.d", "redirect", "honeypot.invalid:9");
        assertUnresolved("no-such-host.invalid", 8443, s.acceptAddress());
        assertEquals(List.of("other.invalid:80", "localhost:443"), s.targets().stream().map(Target::toString).toList());
        assertTrue(s.targets().stream().allMatch(t -> t.address().isUnresolved()));
        assertTrue(s.redirect().get(0).address().isUnresolved());
        assertEquals("the file keys are paths against etc/", List.of(dir.resolve("nope.pem"), dir.resolve("nope.key"),
                dir.resolve("none.pem"), dir.resolve("none.d"), dir.resolve("none.crl"), dir.resolve("crl.d")), s.tlsFiles());
        assertNull("nothing loaded yet", s.tls().keyMaterial());
        assertFalse(s.tls().revocation().checksCrls());
        assertTrue("what the files make of the settings is known already", s.tls().verifyChain());

        Path prog = dir.resolve("no-such-program");
        TunnelSettings exec = configs().parse("exec", "no-such-program", "connect", "80");
        assertEquals(new AcceptSide.Program(exec.exec()), exec.accept());
        assertEquals(prog.toString(), exec.exec().program());
        assertEquals(dir.resolve("psk.txt"), configs().parse("accept", "1", "connect", "80", "client", "yes",
                "PSKsecrets", "psk.txt", "PSKidentity", "carol").files().pskSecrets());
    }

    @Test
    public void theResolverRefusesAcceptNamesAndProgramsAsTheParserUsedTo() throws Exception {
        TunnelConfigs configs = configs();
        assertTrue(refusal(() -> EndpointResolver.resolve(configs.parse("accept", "no-such-host.invalid:8443",
                "connect", "80"))).startsWith("Service [t]: accept = no-such-host.invalid:8443: cannot resolve "));
        // Issue 17: an unknown connect name is no refusal any more; it is resolved per connection (UnresolvedAtStartTest).
        TunnelSettings later = EndpointResolver.resolve(configs.parse("accept", "1", "connect", "80, other.invalid:80"));
        assertTrue(later.targets().get(later.targets().size() - 1).address().isUnresolved());
        assertTrue(refusal(() -> EndpointResolver.resolve(configs.parse("accept", "0", "exec", "/nonexistent/prog")))
                .startsWith("Service [t]: exec = /nonexistent/prog: not an executable file"));
        TunnelSettings delayed = EndpointResolver.resolve(configs.parse("accept", "127.0.0.1:0",
                "connect", "other.invalid:80", "delay", "yes"));
        assertTrue("delay = yes keeps connect's names for good", delayed.targets().get(0).address().isUnresolved());
        assertFalse("accept is resolved all the same", delayed.acceptAddress().isUnresolved());
    }

    @Test
    public void theLoaderRefusesFilesAsTheParserUsedTo() throws Exception {
        Path dir = tmp.getRoot().toPath();
        TunnelConfigs configs = configs();
        assertEquals("Service [t]: cert = nope.pem: certificate file " + dir.resolve("nope.pem") + " does not exist",
                refusal(() -> TlsMaterialLoader.load(configs.parse("accept", "1", "connect", "80", "cert", "nope.pem"))));
        assertEquals("Service [t]: CRLfile = none.pem: CRL file " + dir.resolve("none.pem") + " does not exist",
                refusal(() -> TlsMaterialLoader.load(configs.parse("accept", "1", "connect", "80", "client", "yes",
                        "CRLfile", "none.pem"))));
        assertEquals("Service [t]: PSKsecrets = nope.txt: PSKsecrets file " + dir.resolve("nope.txt") + " does not exist",
                refusal(() -> TlsMaterialLoader.load(configs.parse("accept", "1", "connect", "80",
                        "PSKsecrets", "nope.txt"))));
    }

    private static void assertUnresolved(String host, int port, InetSocketAddress address) {
        assertTrue(address + " is resolved", address.isUnresolved());
        assertEquals(host, address.getHostString());
        assertEquals(port, address.getPort());
    }
}
