package io.sluice.shell;

import io.sluice.shell.completers.ProtocolCompleter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "tunnel", name = "create", description = "Creates a tunnel as the file etc/io.sluice.tunnel-NAME.cfg, which starts it.",
        detailedDescription = "Server mode (the default) accepts TLS and connects in plaintext; --client accepts plaintext "
                + "and connects with TLS, verifying the server. Any other stunnel option: --option KEY=VALUE.\n"
                + "Options come before the name, as in every Karaf command.\n"
                + "A password (-o keyPassword=..., -o protocolPassword=...) is written to etc/secrets/NAME.KEY (rw-------) "
                + "and the file holds only the reference $[secret:NAME.KEY].\n"
                + "Example: tunnel:create --accept 443 --connect 127.0.0.1:8080 --cert /etc/ssl/web.pem web")
@Service
public class CreateCommand implements Action {

    @Argument(index = 0, name = "name", description = "The new tunnel's name (letters, digits, '.', '_', '-')", required = true)
    private String name;

    @Option(name = "--accept", description = "Where to listen: PORT, HOST:PORT or [IPv6]:PORT", required = true)
    private String accept;

    @Option(name = "--connect", description = "Where to connect: [HOST:]PORT, several comma separated", required = true)
    private String connect;

    @Option(name = "--client", description = "Client mode: plaintext in, TLS out")
    private boolean client;

    @Option(name = "--cert", description = "Certificate chain file (PEM or PKCS#12); server default: etc/sluice.crt")
    private String cert;

    @Option(name = "--key", description = "Private key file (PEM); default: the cert file")
    private String key;

    @Option(name = "--CAfile", description = "Trusted CA certificates for verifying the peer")
    private String caFile;

    @Option(name = "--protocol", description = "Protocol negotiated before TLS (smtp, connect, ...)")
    @Completion(ProtocolCompleter.class)
    private String protocol;

    @Option(name = "--option", aliases = "-o", description = "Any other key, as KEY=VALUE (repeatable)", multiValued = true)
    private List<String> options;

    @Override
    public Object execute() throws Exception {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("accept", accept);
        values.put("connect", connect);
        if (client) {
            values.put("client", "yes");
        }
        putIfSet(values, "cert", cert);
        putIfSet(values, "key", key);
        putIfSet(values, "CAfile", caFile);
        putIfSet(values, "protocol", protocol);
        for (String option : options == null ? List.<String>of() : options) {
            int equals = option.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("--option takes KEY=VALUE, not '" + option + "'");
            }
            values.put(TunnelFiles.canonicalKey(option.substring(0, equals).trim()), option.substring(equals + 1).trim());
        }
        TunnelFiles.create(name, values);
        System.out.println("Created " + TunnelFiles.file(name) + "; tunnel:info " + name + " shows its state");
        return null;
    }

    private static void putIfSet(Map<String, String> values, String key, String value) {
        if (value != null) {
            values.put(key, value);
        }
    }
}
