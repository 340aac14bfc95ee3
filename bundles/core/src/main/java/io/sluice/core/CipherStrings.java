package io.sluice.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * OpenSSL cipher strings ({@code ciphers = HIGH:!aNULL:!MD5}, stunnel's default
 * {@code HIGH:!aNULL:!SSLv2:!DH:!kDHEPSK}) evaluated as OpenSSL does over the TLS 1.2 suites the
 * JVM providers offer: elements separated by ':' (or ',' and blanks), each a suite name or
 * keywords joined by '+'; '!' removes for good, '-' removes, '+' moves to the end, '@STRENGTH'
 * sorts by key length. Keywords of algorithms the providers lack (MD5, RC4, CAMELLIA, PSK...)
 * select nothing; an unknown word is an error rather than ignored.
 */
final class CipherStrings {

    /** One TLS 1.2 suite, in OpenSSL 3's default order (strongest first). */
    private record Suite(String openssl, String iana, String kx, String auth, String enc, int bits, String mac) {
    }

    private static final List<Suite> SUITES = catalogue();

    /** Keywords of OpenSSL that none of the suites above matches. */
    private static final Set<String> NOTHING = Set.of("ANULL", "ENULL", "NULL", "ADH", "AECDH", "EXP", "EXPORT",
            "LOW", "MEDIUM", "MD5", "RC4", "DES", "3DES", "IDEA", "SEED", "CAMELLIA", "CAMELLIA128", "CAMELLIA256",
            "ARIA", "ARIA128", "ARIA256", "PSK", "KPSK", "APSK", "KDHEPSK", "KECDHEPSK", "KRSAPSK", "SRP", "KSRP",
            "ASRP", "DSS", "ADSS", "KDHR", "KDHD", "KECDHR", "KECDHE_PSK", "AESCCM", "AESCCM8", "CCM", "CCM8", "GOST89MAC",
            "GOST94", "KGOST", "AGOST", "AGOST01", "SSLV2", "SSLV3", "COMPLEMENTOFALL", "COMPLEMENTOFDEFAULT",
            "SUITEB128", "SUITEB128ONLY", "SUITEB192", "CBC3");

    private CipherStrings() {
    }

    /** @throws IllegalArgumentException naming the element that is not understood, or when nothing is left */
    static List<String> evaluate(String expression) {
        List<String> order = new ArrayList<>();
        Set<String> banned = new HashSet<>();
        for (String element : expression.split("[:,\\s]+")) {
            if (element.isEmpty() || element.toUpperCase(Locale.ROOT).startsWith("@SECLEVEL=")) {
                continue;
            }
            if (element.equalsIgnoreCase("@STRENGTH")) {
                order.sort(Comparator.comparingInt(CipherStrings::bits).reversed());
                continue;
            }
            char op = "!-+".indexOf(element.charAt(0)) >= 0 ? element.charAt(0) : ' ';
            List<String> matching = select(op == ' ' ? element : element.substring(1));
            switch (op) {
                case '!' -> {
                    banned.addAll(matching);
                    order.removeAll(matching);
                }
                case '-' -> order.removeAll(matching);
                case '+' -> {
                    List<String> moved = order.stream().filter(matching::contains).toList();
                    order.removeAll(moved);
                    order.addAll(moved);
                }
                default -> matching.stream().filter(s -> !banned.contains(s) && !order.contains(s)).forEach(order::add);
            }
        }
        if (order.isEmpty()) {
            throw new IllegalArgumentException("no TLS 1.2 cipher suite of the JVM's providers matches '" + expression
                    + "' (Sluice has AES-GCM, ChaCha20-Poly1305 and AES-CBC suites with ECDHE, DHE or RSA key exchange)");
        }
        return order;
    }

    /** The suites an element names: one suite, or all that every '+'-joined keyword matches. */
    private static List<String> select(String element) {
        String upper = element.toUpperCase(Locale.ROOT);
        if (upper.startsWith("TLS_") && upper.contains("_WITH_")) {
            return List.of(upper);
        }
        for (Suite suite : SUITES) {
            if (suite.openssl().equals(upper)) {
                return List.of(suite.iana());
            }
        }
        Predicate<Suite> all = suite -> true;
        for (String keyword : upper.split("\\+")) {
            all = all.and(keyword(keyword, element));
        }
        return SUITES.stream().filter(all).map(Suite::iana).collect(Collectors.toList());
    }

    private static Predicate<Suite> keyword(String keyword, String element) {
        if (NOTHING.contains(keyword)) {
            return suite -> false;
        }
        return switch (keyword) {
            case "ALL", "DEFAULT", "HIGH", "FIPS", "TLSV1.2+" -> suite -> true;
            case "KRSA", "RSA" -> suite -> suite.kx().equals("RSA");
            case "ARSA" -> suite -> suite.auth().equals("RSA");
            case "KECDHE", "ECDHE", "EECDH", "KEECDH", "ECDH" -> suite -> suite.kx().equals("ECDHE");
            case "KDHE", "DHE", "EDH", "KEDH", "DH" -> suite -> suite.kx().equals("DHE");
            case "AECDSA", "ECDSA" -> suite -> suite.auth().equals("ECDSA");
            case "AES" -> suite -> suite.enc().startsWith("AES");
            case "AES128" -> suite -> suite.enc().startsWith("AES") && suite.bits() == 128;
            case "AES256" -> suite -> suite.enc().startsWith("AES") && suite.bits() == 256;
            case "AESGCM" -> suite -> suite.enc().equals("AESGCM");
            case "CHACHA20" -> suite -> suite.enc().equals("CHACHA20");
            case "SHA1", "SHA" -> suite -> suite.mac().equals("SHA1");
            case "SHA256" -> suite -> suite.mac().equals("SHA256");
            case "SHA384" -> suite -> suite.mac().equals("SHA384");
            case "TLSV1.2" -> suite -> !suite.mac().equals("SHA1");
            case "TLSV1", "TLSV1.0" -> suite -> suite.mac().equals("SHA1");
            default -> throw new IllegalArgumentException("unknown cipher suite or OpenSSL keyword '" + element + "'");
        };
    }

    private static int bits(String iana) {
        return SUITES.stream().filter(suite -> suite.iana().equals(iana)).mapToInt(Suite::bits).findFirst().orElse(128);
    }

    private static List<Suite> catalogue() {
        String[][] forwardSecret = {{"ECDHE", "ECDSA"}, {"ECDHE", "RSA"}, {"DHE", "RSA"}};
        String[][] rsa = {{"RSA", "RSA"}};
        List<Suite> suites = new ArrayList<>();
        // OpenSSL 3's default order: forward secrecy first; AEAD by strength, then CBC by strength.
        for (String[][] group : new String[][][] {forwardSecret, rsa}) {
            add(suites, group, "AESGCM", 256);
            if (group == forwardSecret) {
                add(suites, group, "CHACHA20", 256);
            }
            add(suites, group, "AESGCM", 128);
            add(suites, group, "AES", 256);
            add(suites, group, "AES", 128);
            add(suites, group, "AES-SHA1", 256);
            add(suites, group, "AES-SHA1", 128);
        }
        return List.copyOf(suites);
    }

    private static void add(List<Suite> suites, String[][] group, String enc, int bits) {
        for (String[] kxAuth : group) {
            suites.add(suite(kxAuth[0], kxAuth[1], enc, bits));
        }
    }

    /** Both names: OpenSSL's ECDHE-RSA-AES128-GCM-SHA256 and IANA's TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256. */
    private static Suite suite(String kx, String auth, String enc, int bits) {
        String openssl = kx.equals("RSA") ? "" : kx + "-" + auth + "-";
        String iana = "TLS_" + (kx.equals("RSA") ? "RSA" : kx + "_" + auth) + "_WITH_";
        String hash = bits == 256 ? "SHA384" : "SHA256";
        return switch (enc) {
            case "AESGCM" -> new Suite(openssl + "AES" + bits + "-GCM-" + hash, iana + "AES_" + bits + "_GCM_" + hash,
                    kx, auth, enc, bits, "AEAD");
            case "CHACHA20" -> new Suite(openssl + "CHACHA20-POLY1305", iana + "CHACHA20_POLY1305_SHA256",
                    kx, auth, enc, bits, "AEAD");
            case "AES-SHA1" -> new Suite(openssl + "AES" + bits + "-SHA", iana + "AES_" + bits + "_CBC_SHA",
                    kx, auth, "AES", bits, "SHA1");
            default -> {
                // CBC with SHA-2: SHA384 only for ECDHE's AES-256; DHE and RSA pair AES-256 with SHA256.
                String mac = bits == 256 && kx.equals("ECDHE") ? "SHA384" : "SHA256";
                yield new Suite(openssl + "AES" + bits + "-" + mac, iana + "AES_" + bits + "_CBC_" + mac,
                        kx, auth, enc, bits, mac);
            }
        };
    }

    /** For tests and docs: every suite's two names. */
    static Map<String, String> names() {
        return SUITES.stream().collect(Collectors.toMap(Suite::openssl, Suite::iana, (a, b) -> a,
                java.util.LinkedHashMap::new));
    }
}
