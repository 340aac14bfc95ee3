package io.sluice.shell;

import io.sluice.api.tls.TlsProvider;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.osgi.framework.BundleContext;

@Command(scope = "tunnel", name = "providers", description = "Lists the TLS providers deployed (the values of a tunnel's tlsProvider key).")
@Service
public class ProvidersCommand implements Action {

    @Reference
    private BundleContext context;

    @Override
    public Object execute() {
        ServiceTable.print(ServiceNames.of(context, TlsProvider.class, TlsProvider.NAME), "Provider");
        return null;
    }
}
