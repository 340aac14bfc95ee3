package io.sluice.shell;

import io.sluice.api.access.AccessDecision;
import io.sluice.api.access.AccessPolicy;
import io.sluice.shell.completers.TunnelNameCompleter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "tunnel", name = "access-check", description = "Says whether the libwrap rules (hosts.allow / hosts.deny) admit ADDRESS to tunnel NAME, and which rule decided.")
@Service
public class AccessCheckCommand implements Action {

    /** Optional: the command stays available, and says what is missing, without an access bundle. */
    @Reference(optional = true, filter = "(" + AccessPolicy.NAME + "=libwrap)")
    private AccessPolicy policy;

    @Argument(index = 0, name = "name", description = "The tunnel's name (libwrap's daemon name)", required = true)
    @Completion(TunnelNameCompleter.class)
    private String name;

    @Argument(index = 1, name = "address", description = "The client's IP address", required = true)
    private String address;

    @Override
    public Object execute() throws Exception {
        if (policy == null) {
            throw new IllegalStateException("no libwrap access policy is deployed (install the access-hosts bundle)");
        }
        InetSocketAddress client = new InetSocketAddress(InetAddress.getByName(address), 0);
        AccessDecision decision = policy.check(name, client).toCompletableFuture().get(30, TimeUnit.SECONDS);
        System.out.println((decision.allowed() ? "allowed" : "refused") + " by " + Format.orDash(decision.rule()));
        return null;
    }
}
