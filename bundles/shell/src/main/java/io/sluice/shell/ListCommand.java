package io.sluice.shell;

import io.sluice.api.TunnelAdmin;
import io.sluice.api.TunnelStatus;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "tunnel", name = "list", description = "Lists the tunnels: mode, addresses, state (and why a tunnel waits or failed), connections and bytes.")
@Service
public class ListCommand implements Action {

    @Reference
    private TunnelAdmin admin;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        for (String column : new String[] {"Name", "Mode", "Accept", "Connect", "Protocol", "TLS", "State",
                "Active", "Total", "Bytes in", "Bytes out"}) {
            table.column(column);
        }
        for (TunnelStatus s : admin.tunnels()) {
            table.addRow().addContent(s.name(), s.client() ? "client" : "server",
                    s.bound() != null ? s.bound() : s.accept(), String.join(",", s.connect()),
                    Format.orDash(s.protocol()), s.tlsProvider(), Format.state(s),
                    s.counters().activeConnections(), s.counters().totalConnections(),
                    s.counters().bytesIn(), s.counters().bytesOut());
        }
        table.print(System.out);
        return null;
    }
}
