package io.sluice.stunnel.launcher;

import io.sluice.stunnel.StunnelConfig;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which JIT a file's process gets (issue 21). With every section's TLS in BoringSSL (the openssl
 * provider), the Java left on a connection's path is plumbing: C1 alone compiles it within seconds
 * of load, where C2's profiling tiers took 50-80 s on 2 cores, for 10-15% of the warm new-connection
 * rate (bench/README.md, "The JIT"). SunJSSE and Bouncy Castle do their crypto in Java, which only
 * C2's intrinsics make fast: a file that may put a section on them keeps the full JIT.
 */
final class JitChoice {

    static final String QUICK = "quick";
    static final String FULL = "full";
    private static final String OPENSSL = "openssl";

    /**
     * The keys with which a section without {@code tlsProvider} may get a Java provider rather than the
     * default openssl (core's ProviderChoice: PSKsecrets is bc's; BoringSSL lacks some ciphers and
     * curves, cannot choose TLS 1.3 suites, refuse ALPN or renegotiate). Coarser than that choice on
     * purpose: a key named here keeps the full JIT even where the section would stay on openssl.
     */
    static final Set<String> JAVA_PROVIDER_KEYS = Set.of("PSKsecrets", "ciphersuites", "ciphers", "curves", "alpn");

    private JitChoice() {
    }

    static String of(StunnelConfig config) {
        return of(config, System.getProperty("os.name"), System.getProperty("os.arch"));
    }

    static String of(StunnelConfig config, String osName, String osArch) {
        String arch = String.valueOf(osArch).toLowerCase(Locale.ROOT);
        if (!"linux".equalsIgnoreCase(osName) || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            return FULL; // no native library in the distribution: every default is jsse
        }
        return config.services().values().stream().allMatch(JitChoice::onOpenSsl) ? QUICK : FULL;
    }

    /** The section's provider as the launcher boots it (InstanceDirectory), unless a key may change the default. */
    private static boolean onOpenSsl(Map<String, String> keys) {
        String renegotiation = keys.get("renegotiation");
        boolean defaultMayChange = JAVA_PROVIDER_KEYS.stream().anyMatch(keys::containsKey)
                || renegotiation != null && renegotiation.trim().equalsIgnoreCase("yes");
        String provider = keys.containsKey("tlsProvider") ? keys.get("tlsProvider").trim()
                : defaultMayChange ? null : InstanceDirectory.DEFAULT_PROVIDER;
        return OPENSSL.equals(provider);
    }
}
