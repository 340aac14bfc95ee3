package io.sluice.stunnel;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a stunnel 5.x configuration file: global options, then {@code [service]} sections. Every line is
 * either used, refused with a reason, or (when it has no effect on the JVM) accepted with a warning; any
 * error fails the whole read with all messages and {@code Configuration failed}.
 */
public final class StunnelConfigReader {

    /** A section name becomes the tunnel's name and part of a file name (io.sluice.tunnel-NAME.cfg). */
    private static final String NAME_PATTERN = "[A-Za-z0-9._-]+";

    private final Problems problems = new Problems();
    private final GlobalOptionsBuilder global = new GlobalOptionsBuilder();
    private final List<Setting> defaults = new ArrayList<>();
    private final Map<String, Section> sections = new LinkedHashMap<>();

    private StunnelConfigReader() {
    }

    /**
     * @throws StunnelConfigException listing every problem, with file and line
     * @throws IOException if the file itself cannot be read (an unreadable include is a configuration error)
     */
    public static StunnelConfig read(Path file) throws StunnelConfigException, IOException {
        return new StunnelConfigReader().readFile(file);
    }

    private StunnelConfig readFile(Path file) throws StunnelConfigException, IOException {
        Section current = null;
        for (Line line : ConfigFileReader.read(file, problems)) {
            if (line.isHeader()) {
                current = open(line);
            } else {
                option(line, current);
            }
        }
        Map<String, Map<String, String>> services = new LinkedHashMap<>();
        if (sections.isEmpty()) {
            inetd(file, services);
        }
        for (Section section : sections.values()) {
            services.put(section.name(), ServiceMapper.map(section, section.withDefaults(defaults), problems, false));
        }
        problems.throwIfAny();
        return new StunnelConfig(global.build(), services, problems.warnings());
    }

    /**
     * stunnel's inetd mode: no section, so the global part's service-level options are the one service,
     * named by the {@code service} option (stunnel's default "stunnel"), whose accept side is the
     * process's standard input and output.
     */
    private void inetd(Path file, Map<String, Map<String, String>> services) {
        String name = global.build().service();
        if (!name.matches(NAME_PATTERN)) {
            problems.error(file, "service = " + name + ": in inetd mode the service name is the tunnel's name, which"
                    + " may hold letters, digits, '.', '_' and '-' only");
            return;
        }
        Section service = new Section(name, Where.of(file, 0, ""));
        problems.inetd(name);
        services.put(name, ServiceMapper.map(service, defaults, problems, true));
    }

    private Section open(Line line) {
        Section section = new Section(line.section(), line.where());
        if (!section.name().matches(NAME_PATTERN)) {
            problems.error(section.name(), line.where(),
                    "a Sluice tunnel name may hold letters, digits, '.', '_' and '-' only");
        } else if (sections.putIfAbsent(section.name(), section) != null) {
            problems.error(section.name(), line.where(), "a section of this name is already defined");
        }
        return section;
    }

    /** Decides a line by its option's handling where it stands: global part or section. */
    private void option(Line line, Section current) {
        boolean inGlobal = line.section() == null;
        Option option = Options.find(line.name());
        Option.Kind kind = option == null ? null : option.kind(inGlobal);
        if (kind == null) {
            error(line, "Specified option name is not valid here");
            return;
        }
        String value = line.value();
        switch (kind) {
            case PROCESS -> process(line, option);
            case REFUSED -> error(line, option.name() + ": " + option.detail());
            case ONLY -> {
                if (!value.equalsIgnoreCase(option.detail())) {
                    error(line, onlyRefusal(option, value));
                }
            }
            case WARN -> problems.warning(line.section(), line.where(), option.name() + ": " + option.detail());
            default -> (inGlobal ? defaults : current.settings()).add(new Setting(option, value, line.where()));
        }
    }

    /**
     * Where stunnel itself refuses the value on a build without the feature, its words (tools
     * recognise them): a stunnel built without FIPS answers {@code fips = yes} so.
     */
    private static String onlyRefusal(Option option, String value) {
        if (option.name().equals("fips")) {
            return value.equalsIgnoreCase("yes") ? "FIPS support is not available"
                    : "The argument needs to be either 'yes' or 'no'";
        }
        return option.name() + " = " + value + ": not supported (Sluice always works as " + option.name() + " = "
                + option.detail() + ")";
    }

    private void process(Line line, Option option) {
        try {
            global.set(option.name(), line.value());
        } catch (IllegalArgumentException e) {
            error(line, option.name() + ": " + e.getMessage());
        }
    }

    private void error(Line line, String message) {
        problems.error(line.section(), line.where(), message);
    }
}
