package io.sluice.transport.mina;

import io.sluice.api.transport.AcceptSide;
import io.sluice.api.transport.ConnectSide;
import io.sluice.api.transport.TunnelSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The ordered stages a connection of one tunnel goes through, built once from the tunnel's spec:
 * the one place that says in which order access, negotiation, TLS, dialing and relaying happen
 * for each mode.
 *
 * <pre>
 * server: [read PROXY header] [admit] [route by server name | negotiate before TLS] TLS [negotiate inside TLS]
 *         dial|exec [negotiate with target] relay
 * client: [read PROXY header] [admit] dial|exec [negotiate before TLS] TLS relay
 * </pre>
 *
 * The accepting side (socket, standard input and output, a program) does not change the route.
 */
final class Route {

    private final List<Stage> stages;

    private Route(List<Stage> stages) {
        this.stages = List.copyOf(stages);
    }

    static Route of(TunnelSpec spec) {
        boolean negotiates = spec.negotiator() != null;
        // A secondary service's connections arrive with their ClientHello read: no plaintext first.
        boolean plaintextFirst = negotiates && !(spec.accept() instanceof AcceptSide.ByServerName);
        Stage dial = spec.connect() instanceof ConnectSide.Program ? Dialer.PROGRAM : Dialer.TARGETS;
        Stage tls = spec.redirect().isEmpty() ? Handshake.STAGE : Handshake.REDIRECTING;
        List<Stage> stages = new ArrayList<>();
        if (spec.proxyInput() != null) {
            stages.add(ProxyHeader.STAGE); // the real client first: the access check is about it
        }
        if (spec.access() != null) {
            stages.add(Admission.STAGE);
        }
        if (spec.client()) {
            stages.add(dial);
            if (negotiates) {
                stages.add(Negotiation.BEFORE_TLS);
            }
            stages.add(tls);
            if (negotiates) {
                stages.add(Negotiation.SERVER_INSIDE_TLS);
            }
        } else {
            if (plaintextFirst) {
                stages.add(Negotiation.BEFORE_TLS);
            } else if (spec.sni() != null && !negotiates) {
                stages.add(ServerNameRouting.STAGE);
            }
            stages.add(tls);
            if (negotiates) {
                stages.add(Negotiation.INSIDE_TLS);
            }
            stages.add(dial);
            if (negotiates) {
                stages.add(Negotiation.WITH_TARGET);
            }
        }
        stages.add(Relay.STAGE);
        return new Route(stages);
    }

    int size() {
        return stages.size();
    }

    Stage get(int index) {
        return stages.get(index);
    }

    /** The position of the first stage at or after {@code from} that is {@code stage}, or -1. */
    int find(Stage stage, int from) {
        for (int i = Math.max(0, from); i < stages.size(); i++) {
            if (stages.get(i) == stage) {
                return i;
            }
        }
        return -1;
    }

    List<String> names() {
        return stages.stream().map(Stage::name).toList();
    }

    @Override
    public String toString() {
        return String.join(" -> ", names());
    }
}
