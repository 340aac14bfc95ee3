package io.sluice.shell;

import io.sluice.shell.completers.KeyCompleter;
import io.sluice.shell.completers.TunnelNameCompleter;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "tunnel", name = "set", description = "Sets one key of a tunnel in its etc/ file; the tunnel is reconfigured and open connections keep their settings.",
        detailedDescription = "A value the tunnel cannot use is refused by the tunnel, which keeps running with its previous "
                + "configuration; tunnel:info NAME shows why. A password (keyPassword, protocolPassword) is written to "
                + "etc/secrets/NAME.KEY (rw-------) and the file holds only the reference $[secret:NAME.KEY]; a value "
                + "$[secret:OTHER] refers to etc/secrets/OTHER as it is.")
@Service
public class SetCommand implements Action {

    @Argument(index = 0, name = "name", description = "The tunnel's name", required = true)
    @Completion(TunnelNameCompleter.class)
    private String name;

    @Argument(index = 1, name = "key", description = "A key (stunnel's option name), e.g. connect", required = true)
    @Completion(KeyCompleter.class)
    private String key;

    @Argument(index = 2, name = "value", description = "The new value", required = true)
    private String value;

    @Override
    public Object execute() throws Exception {
        TunnelFiles.set(name, key, value);
        return null;
    }
}
