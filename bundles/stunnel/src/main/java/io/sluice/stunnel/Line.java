package io.sluice.stunnel;

/**
 * One meaningful line after comments and includes are resolved.
 *
 * @param section the section the line belongs to (for a header: the section it opens), null in the global part
 * @param name the option name as written, null for a section header
 * @param value the trimmed value, null for a section header
 */
record Line(Where where, String section, String name, String value) {

    boolean isHeader() {
        return name == null;
    }
}
