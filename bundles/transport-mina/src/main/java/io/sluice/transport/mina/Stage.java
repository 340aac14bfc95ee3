package io.sluice.transport.mina;

/**
 * One step of a connection's route. A stage is shared by all connections of a tunnel and keeps
 * no state of its own: what it learns goes into the {@link Connection}. It ends, at once or later
 * from a callback, with {@link Connection#next()} or {@link Connection#kill(String)}.
 */
abstract class Stage {

    private final String name;

    Stage(String name) {
        this.name = name;
    }

    /** The stage's name in the route table. */
    final String name() {
        return name;
    }

    abstract void enter(Connection connection);
}
