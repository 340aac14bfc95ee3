import io.sluice.api.tls.PreSharedKeys;
import io.sluice.api.tls.TlsContext;
import io.sluice.api.tls.TlsProvider;
import io.sluice.api.tls.TlsSettings;
import io.sluice.tls.bc.BcTlsProvider;
import io.sluice.tls.jsse.JsseTlsProvider;
import io.sluice.tls.jsse.contract.Handshake;
import io.sluice.tls.jsse.contract.Settings;

/**
 * In memory, one thread, both providers: handshakes per second of the same client and server
 * contexts with sessionResume = yes (resumed after the first, where the provider can) and = no
 * (always new), and the cost of newEngine alone, which sessionResume = no raises by making an
 * SSLContext per engine; and PSK tunnels (PSKsecrets, bc's own TLS) with and without resumption.
 * Not part of the tests: timings on a shared machine are noisy.
 */
public class SessionsBench {

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        if (args.length > 1 && args[1].equals("psk")) {
            psk(n);
            return;
        }
        for (TlsProvider p : new TlsProvider[] {new JsseTlsProvider(), new BcTlsProvider()}) {
            for (String v : new String[] {"TLSv1.2", "TLSv1.3"}) {
                for (boolean resume : new boolean[] {true, false}) {
                    Settings cs = Settings.client(p).versions(v, v);
                    Settings ss = Settings.server(p).versions(v, v);
                    cs.sessionResume = resume;
                    ss.sessionResume = resume;
                    TlsContext c = cs.context();
                    TlsContext s = ss.context();
                    handshakes(c, s, n / 3); // warm-up
                    long t0 = System.nanoTime();
                    int resumed = handshakes(c, s, n);
                    double secs = (System.nanoTime() - t0) / 1e9;
                    System.out.printf("%-4s %s sessionResume=%-3s %6.0f handshakes/s (%d of %d resumed)%n",
                            p.name(), v, resume ? "yes" : "no", n / secs, resumed, n);
                }
            }
            for (boolean resume : new boolean[] {true, false}) {
                Settings ss = Settings.server(p);
                ss.sessionResume = resume;
                TlsContext s = ss.context();
                for (int i = 0; i < 2000; i++) {
                    s.newEngine("127.0.0.1", 50000);
                }
                int m = 5000;
                long t0 = System.nanoTime();
                for (int i = 0; i < m; i++) {
                    s.newEngine("127.0.0.1", 50000);
                }
                System.out.printf("%-4s server newEngine, sessionResume=%-3s %7.1f us%n", p.name(), resume ? "yes" : "no",
                        (System.nanoTime() - t0) / 1e3 / m);
            }
        }
    }

    /** PSK contexts of one key: TLS 1.2 resumes by session ID, TLS 1.3 always makes a full handshake. */
    private static void psk(int n) throws Exception {
        PreSharedKeys keys = new PreSharedKeys(java.util.List.of(new PreSharedKeys.Key("bench",
                "0123456789abcdef0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII))), null);
        for (String v : new String[] {"TLSv1.2", "TLSv1.3"}) {
            for (boolean resume : new boolean[] {true, false}) {
                TlsContext c = new BcTlsProvider().newContext(TlsSettings.builder(true).versionMin(v).versionMax(v)
                        .psk(keys).sessionResume(resume).build());
                TlsContext s = new BcTlsProvider().newContext(TlsSettings.builder(false).versionMin(v).versionMax(v)
                        .psk(keys).sessionResume(resume).build());
                handshakes(c, s, n / 3); // warm-up
                long t0 = System.nanoTime();
                int resumed = handshakes(c, s, n);
                double secs = (System.nanoTime() - t0) / 1e9;
                System.out.printf("psk  %s sessionResume=%-3s %6.0f handshakes/s (%d of %d resumed)%n",
                        v, resume ? "yes" : "no", n / secs, resumed, n);
            }
        }
    }

    private static int handshakes(TlsContext c, TlsContext s, int n) throws Exception {
        int resumed = 0;
        for (int i = 0; i < n; i++) {
            long started = System.currentTimeMillis();
            var client = c.newEngine("localhost", 4433);
            var server = s.newEngine("127.0.0.1", 50000);
            Handshake.run(client, server).assertOk();
            if (s.resumed(server, started)) {
                resumed++;
            }
        }
        return resumed;
    }
}
