package io.sluice.tls.common;

import io.sluice.api.tls.TlsSettings;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;

/** The server name a client-mode engine sends (stunnel's sni), the same for every provider. */
public final class ClientSni {

    private ClientSni() {
    }

    /** Empty for sni = "" and for an IP address (RFC 6066 names hosts only). */
    public static List<SNIServerName> serverNames(TlsSettings settings, String peerHost) {
        String sni = settings.sni() == null ? peerHost : settings.sni();
        // RFC 6066 host_name has no trailing dot (SNIHostName refuses one): "host.example." sends "host.example".
        if (sni != null && sni.endsWith(".")) {
            sni = sni.substring(0, sni.length() - 1);
        }
        if (sni == null || sni.isEmpty() || HostMatcher.isIpLiteral(sni)) {
            return List.of();
        }
        return List.of(new SNIHostName(sni));
    }
}
