package io.sluice.shell;

import io.sluice.api.Tunnel;
import io.sluice.api.TunnelAdmin;

/** Looks tunnels up by name with the one error message every command gives for a wrong name. */
final class Tunnels {

    private Tunnels() {
    }

    static Tunnel require(TunnelAdmin admin, String name) {
        return admin.find(name).orElseThrow(() ->
                new IllegalArgumentException("no tunnel named '" + name + "' (tunnel:list shows them)"));
    }
}
