package io.sluice.shell;

import io.sluice.api.ConnectionInfo;
import io.sluice.api.TunnelAdmin;
import io.sluice.shell.completers.TunnelNameCompleter;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "tunnel", name = "connections", description = "Lists live connections: peers, age, bytes each way, TLS version and suite, peer certificate.")
@Service
public class ConnectionsCommand implements Action {

    @Reference
    private TunnelAdmin admin;

    @Argument(index = 0, name = "name", description = "Only this tunnel's connections")
    @Completion(TunnelNameCompleter.class)
    private String name;

    @Override
    public Object execute() {
        List<ConnectionInfo> connections = name == null ? admin.connections() : Tunnels.require(admin, name).connections();
        ShellTable table = new ShellTable();
        for (String column : new String[] {"ID", "Tunnel", "Client", "Target", "Age", "Bytes in", "Bytes out",
                "TLS", "Suite", "Peer"}) {
            table.column(column);
        }
        for (ConnectionInfo c : connections) {
            table.addRow().addContent(c.id(), c.tunnel(), c.client(), Format.orDash(c.target()), Format.age(c.opened()),
                    c.bytesIn(), c.bytesOut(), Format.orDash(c.tlsProtocol()), Format.orDash(c.cipherSuite()),
                    Format.orDash(c.peerSubject()));
        }
        table.print(System.out);
        return null;
    }
}
