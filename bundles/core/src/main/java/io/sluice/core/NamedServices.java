package io.sluice.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The services of one kind that are present now, each known by the value of its name property
 * ({@code tls.provider=jsse}, {@code protocol=smtp}): how a tunnel narrows a dynamic reference by
 * its own configuration. Thread-safe: DS binds and unbinds on its own threads.
 */
final class NamedServices<T> {

    private record Entry<T>(String name, T service) {
    }

    private final String property;
    private final List<Entry<T>> entries = new ArrayList<>();

    NamedServices(String property) {
        this.property = property;
    }

    synchronized void add(T service, Map<String, ?> properties) {
        entries.add(new Entry<>(String.valueOf(properties.get(property)), service));
    }

    synchronized void remove(T service) {
        entries.removeIf(e -> e.service() == service);
    }

    /** The first registered service of that name (names are case-insensitive), or null. */
    synchronized T get(String name) {
        return entries.stream().filter(e -> e.name().equalsIgnoreCase(name)).map(Entry::service)
                .filter(Objects::nonNull).findFirst().orElse(null);
    }

    synchronized List<String> names() {
        return entries.stream().map(Entry::name).distinct().sorted().toList();
    }
}
