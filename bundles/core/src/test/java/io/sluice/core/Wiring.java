package io.sluice.core;

import io.sluice.transport.mina.MinaTransport;
import java.lang.reflect.Field;

/** What DS would do for a tunnel component under test: its transport reference, set directly. */
final class Wiring {

    private Wiring() {
    }

    static void transport(TunnelComponent tunnel, MinaTransport transport) throws ReflectiveOperationException {
        Field field = TunnelComponent.class.getDeclaredField("transport");
        field.setAccessible(true);
        field.set(tunnel, transport);
    }
}
