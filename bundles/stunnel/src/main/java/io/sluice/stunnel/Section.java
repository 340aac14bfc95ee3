package io.sluice.stunnel;

import java.util.ArrayList;
import java.util.List;

/** A {@code [NAME]} section and its own settings, in file order. */
record Section(String name, Where header, List<Setting> settings) {

    Section(String name, Where header) {
        this(name, header, new ArrayList<>());
    }

    /**
     * The global defaults, then this section's settings. A name the section sets replaces the inherited
     * value entirely, also for repeatable options: {@code connect} or {@code checkHost} in a section do
     * not add to those of the global part.
     */
    List<Setting> withDefaults(List<Setting> defaults) {
        List<Setting> result = new ArrayList<>();
        for (Setting inherited : defaults) {
            if (settings.stream().noneMatch(own -> own.option() == inherited.option())) {
                result.add(inherited);
            }
        }
        result.addAll(settings);
        return result;
    }
}
