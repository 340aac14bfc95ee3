package io.sluice.itests.plugin;

import io.sluice.api.protocol.ProtocolNegotiator;
import java.util.Hashtable;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** Registers {@link HelloNegotiator} as protocol "hello"; the service goes away with the bundle. */
public final class HelloActivator implements BundleActivator {

    @Override
    public void start(BundleContext context) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(ProtocolNegotiator.PROTOCOL, "hello");
        context.registerService(ProtocolNegotiator.class, new HelloNegotiator(), properties);
    }

    @Override
    public void stop(BundleContext context) {
        // the framework unregisters the service
    }
}
