package io.sluice.access.hosts.rules;

import java.util.List;

/** The rules of one file and the lines refused in it (the good lines are in the table). */
public record ParsedFile(Table table, List<Problem> problems) {
}
