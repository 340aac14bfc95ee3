package io.sluice.stunnel;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.sluice.api.TunnelKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The stunnel importer writes only keys of the registry (TunnelKeys.ALL), in its spelling, and
 * every registry key can come from a stunnel file or is excluded here with the reason.
 */
public class KeyMappingTest {

    /** Registry keys no stunnel option maps to, with the reason. None today. */
    private static final Map<String, String> NOT_FROM_STUNNEL = Map.of();

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void passedOptionsAreRegistryKeysInTheirSpelling() {
        for (String name : passedOn()) {
            assertEquals("stunnel option " + name + " is passed on as a key the registry does not have", name,
                    TunnelKeys.find(name).map(k -> k.name()).orElse(null));
        }
    }

    @Test
    public void keysOfTheCheckedRulesAreRegistryKeysInTheirSpelling() {
        for (String name : ServiceMapper.CHECKED_KEYS) {
            assertEquals(name, name, TunnelKeys.find(name).map(k -> k.name()).orElse(null));
        }
    }

    @Test
    public void everyRegistryKeyComesFromStunnelOrIsExcluded() {
        Set<String> mapped = new TreeSet<>(passedOn());
        mapped.addAll(ServiceMapper.CHECKED_KEYS);
        for (String name : TunnelKeys.names()) {
            assertTrue(name + ": no stunnel option maps to it; map one or add it to NOT_FROM_STUNNEL with the reason",
                    mapped.contains(name) || NOT_FROM_STUNNEL.containsKey(name));
        }
        for (String excluded : NOT_FROM_STUNNEL.keySet()) {
            assertTrue(excluded + " is excluded but mapped", !mapped.contains(excluded));
        }
    }

    /**
     * What the mapper really writes for files using every section option (each CHECKED rule, in the
     * forms that produce keys), so that a rule writing a key missing from CHECKED_KEYS is caught.
     */
    @Test
    public void theMapperWritesOnlyDeclaredRegistryKeys() throws Exception {
        List<String> client = new ArrayList<>(List.of("[all]", "client = yes", "accept = 127.0.0.1:1", "verify = 3",
                "sslVersion = TLSv1.2", "sslVersionMin = TLSv1.2", "sslVersionMax = TLSv1.3", "sni = example.org",
                "session = 300", "options = NO_SSLv3"));
        for (String name : passedOn()) {
            client.add(name + " = " + (name.equals("connect") ? "127.0.0.1:2" : "1"));
        }
        Set<String> written = new TreeSet<>(keys(client));
        written.addAll(keys(List.of("[pipe]", "exec = /bin/cat", "execArgs = cat", "retry = yes", "connect = 3",
                "client = yes")));
        written.addAll(keys(List.of("connect = 80", "cert = s.pem", "requireCert = yes"))); // no section: inetd mode (requireCert: not beside the PSKsecrets above)

        Set<String> declared = new TreeSet<>(passedOn());
        declared.addAll(ServiceMapper.CHECKED_KEYS);
        for (String key : written) {
            assertTrue(key + " written but not in the registry", TunnelKeys.names().contains(key));
            assertTrue(key + " written but neither passed on nor in ServiceMapper.CHECKED_KEYS", declared.contains(key));
        }
        assertTrue("every CHECKED key exercised: " + written, written.containsAll(ServiceMapper.CHECKED_KEYS));
    }

    /** Section options passed on under their own name. */
    private static List<String> passedOn() {
        return Options.all().stream()
                .filter(o -> o.inSection() == Option.Kind.PASS || o.inSection() == Option.Kind.LIST
                        || o.inSection() == Option.Kind.LINES)
                .map(Option::name).toList();
    }

    private Set<String> keys(List<String> lines) throws Exception {
        Path file = folder.newFile().toPath();
        Files.write(file, lines);
        Set<String> keys = new TreeSet<>();
        StunnelConfigReader.read(file).services().values().forEach(service -> keys.addAll(service.keySet()));
        return keys;
    }
}
