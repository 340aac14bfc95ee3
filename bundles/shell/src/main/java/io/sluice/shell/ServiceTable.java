package io.sluice.shell;

import java.util.List;
import org.apache.karaf.shell.support.table.ShellTable;

/** The table of tunnel:protocols and tunnel:providers. */
final class ServiceTable {

    private ServiceTable() {
    }

    static void print(List<ServiceNames.Entry> entries, String kind) {
        ShellTable table = new ShellTable();
        table.column(kind);
        table.column("Bundle");
        entries.forEach(e -> table.addRow().addContent(e.name(), e.bundle()));
        table.print(System.out);
    }
}
