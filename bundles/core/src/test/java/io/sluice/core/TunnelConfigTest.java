package io.sluice.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;

import io.sluice.api.TunnelKey;
import io.sluice.api.TunnelKeys;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The metatype (TunnelConfig) is an annotation and cannot be computed from the registry
 * (TunnelKeys.ALL), so this test keeps the two in step: the attributes, their defaults, their
 * descriptions and which of them are passwords.
 */
public class TunnelConfigTest {

    /** The metatype bnd writes from TunnelConfig in process-classes, before the tests run. */
    private static final String METATYPE = "OSGI-INF/metatype/io.sluice.tunnel.xml";

    @Test
    public void declaresExactlyTheRegisteredKeys() {
        TreeSet<String> attributes = new TreeSet<>(attributes().keySet());
        assertEquals(new TreeSet<>(TunnelKeys.names()), attributes);
    }

    /**
     * A default that is one value is declared; one that depends on other keys (yes when verifying)
     * must not be: a configuration UI would write it into the file and pin it (requireCert = no).
     */
    @Test
    public void declaresTheRegisteredDefaultsAndOnlyValues() {
        attributes().forEach((name, method) -> {
            TunnelKey key = TunnelKeys.find(name).orElseThrow();
            if (isValue(key.defaultValue())) {
                assertEquals(name, key.defaultValue(), method.getDefaultValue());
            } else {
                assertNull(name + " declares a default the registry gives as '" + key.defaultValue() + "'",
                        method.getDefaultValue());
            }
        });
    }

    @Test
    public void describesEachKeyAsTheRegistryDoes() throws Exception {
        Map<String, Element> definitions = definitions();
        for (TunnelKey key : TunnelKeys.ALL) {
            Element ad = definitions.get(key.name());
            assertNotNull(key.name() + " missing from " + METATYPE, ad);
            assertEquals(key.name(), expectedDescription(key), ad.getAttribute("description"));
            assertEquals(key.name() + ": a secret must be a Password attribute (UIs mask it)",
                    key.type() == TunnelKey.Type.PASSWORD ? "Password" : "String", ad.getAttribute("type"));
        }
    }

    @Test
    public void requireCertIsNoLongerDeclaredNo() throws Exception {
        assertNull(TunnelConfig.class.getMethod("requireCert").getDefaultValue());
        assertEquals("Server mode: refuse clients without a certificate (default: yes when verifying)",
                definitions().get("requireCert").getAttribute("description"));
    }

    /** The registry's description; a default the metatype cannot declare is added in words. */
    static String expectedDescription(TunnelKey key) {
        return isValue(key.defaultValue()) ? key.description()
                : key.description() + " (default: " + key.defaultValue() + ")";
    }

    /** One value (no, 300, TLSv1.2), not words nor "none"/"required". */
    static boolean isValue(String defaultValue) {
        return defaultValue.matches("[A-Za-z0-9.]+") && !defaultValue.equals(TunnelKey.NONE)
                && !defaultValue.equals(TunnelKey.REQUIRED);
    }

    /** Attribute name to method, the name mapped as the metatype annotations specify it (OSGi Metatype 1.4, 105.15.2.2). */
    private static Map<String, Method> attributes() {
        Map<String, Method> attributes = new TreeMap<>();
        for (Method method : TunnelConfig.class.getDeclaredMethods()) {
            attributes.put(attributeName(method.getName()), method);
        }
        return attributes;
    }

    static String attributeName(String method) {
        return method.replace("$_$", "-").replace("$$", "\u0000").replace("$", "")
                .replace("__", "\u0001").replace('_', '.').replace('\u0000', '$').replace('\u0001', '_');
    }

    private static Map<String, Element> definitions() throws Exception {
        Map<String, Element> definitions = new TreeMap<>();
        try (InputStream in = TunnelConfigTest.class.getClassLoader().getResourceAsStream(METATYPE)) {
            assertNotNull(METATYPE + " not on the class path: bnd writes it in process-classes", in);
            NodeList ads = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in).getElementsByTagName("AD");
            for (int i = 0; i < ads.getLength(); i++) {
                Element ad = (Element) ads.item(i);
                definitions.put(ad.getAttribute("id"), ad);
            }
        }
        return definitions;
    }

    @Test
    public void mapsMethodNamesAsTheMetatypeDoes() {
        assertEquals("TIMEOUTconnect", attributeName("TIMEOUTconnect"));
        assertEquals("a.b", attributeName("a_b"));
        assertEquals("a_b", attributeName("a__b"));
        assertEquals("a$b", attributeName("a$$b"));
        assertEquals("a-b", attributeName("a$_$b"));
    }
}
