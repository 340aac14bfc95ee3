package io.sluice.stunnel.launcher;

import java.util.HashMap;
import java.util.Map;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * stunnel's signals (HUP reload, USR1 reopen the log, USR2 list the connections) for as long as the
 * launcher runs; the JVM's own handlers come back afterwards. TERM and INT stay with the JVM: its
 * shutdown hook stops Karaf, which stops the tunnels.
 */
final class Signals implements AutoCloseable {

    private final Map<Signal, SignalHandler> previous = new HashMap<>();

    void on(String name, Runnable action) {
        Signal signal = new Signal(name);
        previous.put(signal, Signal.handle(signal, received -> action.run()));
    }

    @Override
    public void close() {
        previous.forEach(Signal::handle);
        previous.clear();
    }
}
