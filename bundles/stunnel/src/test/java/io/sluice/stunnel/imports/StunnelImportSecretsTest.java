package io.sluice.stunnel.imports;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * A stunnel.conf with passwords, imported: ConfigAdmin (what config:list and JMX show, what its store
 * and FileInstall write) holds only $[secret:SERVICE.KEY]; the passwords are in etc/secrets, rw-------.
 */
public class StunnelImportSecretsTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    /** pid -> properties, ConfigAdmin's view. */
    private final Map<String, Dictionary<String, Object>> store = new LinkedHashMap<>();

    private Path etc() {
        return tmp.getRoot().toPath();
    }

    @Test
    public void passwordsGoToPrivateSecretFilesAndTheConfigurationHoldsReferences() throws Exception {
        Path conf = conf("s3cret=with=equals");
        assertNotNull("read", new StunnelImport(admin(), etc()).apply(conf));

        Dictionary<String, Object> proxied = store.get("io.sluice.tunnel~proxied");
        assertEquals("$[secret:proxied.protocolPassword]", proxied.get("protocolPassword"));
        assertEquals("alice", proxied.get("protocolUsername"));
        assertFalse(String.valueOf(proxied), String.valueOf(proxied).contains("s3cret"));
        Path secret = etc().resolve("secrets/proxied.protocolPassword");
        assertEquals("s3cret=with=equals", Files.readString(secret));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(etc().resolve("secrets"))));
        assertNull("no password, no stamp", store.get("io.sluice.tunnel~plain").get(StunnelImport.SECRETS_STAMP));
    }

    @Test
    public void aChangedPasswordChangesTheConfigurationAnUnchangedOneDoesNot() throws Exception {
        StunnelImport importer = new StunnelImport(admin(), etc());
        importer.apply(conf("first"));
        Object stamp = store.get("io.sluice.tunnel~proxied").get(StunnelImport.SECRETS_STAMP);
        Path secret = etc().resolve("secrets/proxied.protocolPassword");
        Files.setLastModifiedTime(secret, FileTime.fromMillis(1000)); // as if written long ago
        importer.apply(conf("first"));
        assertEquals("1000", store.get("io.sluice.tunnel~proxied").get(StunnelImport.SECRETS_STAMP));
        importer.apply(conf("second"));
        assertEquals("second", Files.readString(secret));
        assertNotEquals("1000", store.get("io.sluice.tunnel~proxied").get(StunnelImport.SECRETS_STAMP));
        assertNotEquals(null, stamp);
    }

    @Test
    public void aRemovedServiceTakesItsSecretsAlong() throws Exception {
        StunnelImport importer = new StunnelImport(admin(), etc());
        Path conf = conf("pw");
        importer.apply(conf);
        assertTrue(Files.exists(etc().resolve("secrets/proxied.protocolPassword")));
        Files.delete(conf);
        importer.removeExcept(conf, java.util.Set.of());
        assertTrue(store.isEmpty());
        assertFalse(Files.exists(etc().resolve("secrets/proxied.protocolPassword")));
    }

    private Path conf(String password) throws Exception {
        Path conf = etc().resolve("stunnel/tunnels.conf");
        Files.createDirectories(conf.getParent());
        Files.writeString(conf, "[proxied]\nclient = yes\naccept = 127.0.0.1:3128\nconnect = proxy.example.com:8080\n"
                + "protocol = connect\nprotocolHost = www.example.com:443\nprotocolUsername = alice\n"
                + "protocolPassword = " + password + "\nverifyChain = no\n"
                + "[plain]\nclient = yes\naccept = 8443\nconnect = 127.0.0.1:8080\nverifyChain = no\n");
        return conf;
    }

    /** Just what StunnelImport calls. */
    private ConfigurationAdmin admin() {
        return (ConfigurationAdmin) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ConfigurationAdmin.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getFactoryConfiguration" -> configuration(args[0] + "~" + args[1]);
                    case "listConfigurations" -> {
                        Filter filter = FrameworkUtil.createFilter((String) args[0]);
                        yield store.keySet().stream().filter(pid -> {
                            Dictionary<String, Object> match = new Hashtable<>();
                            for (var keys = store.get(pid).keys(); keys.hasMoreElements(); ) {
                                String key = keys.nextElement();
                                match.put(key, store.get(pid).get(key));
                            }
                            match.put("service.factoryPid", "io.sluice.tunnel");
                            return filter.match(match);
                        }).map(this::configuration).toArray(Configuration[]::new);
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private Configuration configuration(String pid) {
        return (Configuration) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Configuration.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getPid" -> pid;
                    case "getProperties" -> store.get(pid);
                    case "updateIfDifferent" -> {
                        @SuppressWarnings("unchecked")
                        Dictionary<String, Object> properties = (Dictionary<String, Object>) args[0];
                        boolean different = !properties.equals(store.get(pid));
                        store.put(pid, properties);
                        yield different;
                    }
                    case "delete" -> {
                        store.remove(pid);
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
