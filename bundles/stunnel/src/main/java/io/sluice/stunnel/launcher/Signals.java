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

    /**
     * @return false when the process ignores the signal: HotSpot then installs no handler (for HUP,
     *         INT and TERM) and quietly says the old one was SIG_IGN, so the action never runs
     */
    boolean on(String name, Runnable action) {
        Signal signal = new Signal(name);
        SignalHandler old = Signal.handle(signal, received -> action.run());
        previous.put(signal, old);
        return old != SignalHandler.SIG_IGN;
    }

    @Override
    public void close() {
        previous.forEach(Signal::handle);
        previous.clear();
    }
}
