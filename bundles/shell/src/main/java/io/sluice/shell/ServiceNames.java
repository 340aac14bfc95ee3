package io.sluice.shell;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/** The plugins of one kind present now (protocol negotiators, TLS providers), by their name property. */
public final class ServiceNames {

    /** A plugin's name and the bundle that provides it. */
    public record Entry(String name, String bundle) {
    }

    private ServiceNames() {
    }

    public static List<Entry> of(BundleContext context, Class<?> type, String nameProperty) {
        List<Entry> entries = new ArrayList<>();
        try {
            for (ServiceReference<?> reference : context.getServiceReferences(type, null)) {
                entries.add(new Entry(String.valueOf(reference.getProperty(nameProperty)),
                        reference.getBundle().getSymbolicName() + " " + reference.getBundle().getVersion()));
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e); // no filter is passed
        }
        entries.sort(Comparator.comparing(Entry::name));
        return entries;
    }
}
