package io.sluice.shell;

import io.sluice.api.protocol.ProtocolNegotiator;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.osgi.framework.BundleContext;

@Command(scope = "tunnel", name = "protocols", description = "Lists the protocol negotiators deployed (the values of a tunnel's protocol key).")
@Service
public class ProtocolsCommand implements Action {

    @Reference
    private BundleContext context;

    @Override
    public Object execute() {
        ServiceTable.print(ServiceNames.of(context, ProtocolNegotiator.class, ProtocolNegotiator.PROTOCOL), "Protocol");
        return null;
    }
}
