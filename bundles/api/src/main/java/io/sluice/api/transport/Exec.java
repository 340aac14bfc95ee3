package io.sluice.api.transport;

import java.time.Duration;
import java.util.List;

/**
 * A program that takes the place of one endpoint (stunnel's {@code exec}), talking on its standard
 * input and output: with {@code accept}, one is started per connection in place of the connect side
 * (stunnel's local mode); without {@code accept}, one is started with the tunnel in place of the accept
 * side and relayed to the {@code connect} side (an exec+connect service).
 *
 * @param program the program's path
 * @param args    its argument vector, {@code $0} first (stunnel's {@code execArgs}, default the program)
 * @param retry   exec+connect only: how long to wait before starting the program again after it ended,
 *                or null to run it once (stunnel's {@code retry})
 */
public record Exec(String program, List<String> args, Duration retry) {

    public Exec {
        if (program == null || program.isEmpty()) {
            throw new IllegalArgumentException("no program");
        }
        args = args == null || args.isEmpty() ? List.of(program) : List.copyOf(args);
    }
}
