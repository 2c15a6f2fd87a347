package org.rdpdoctor.kb;

import java.util.List;

/**
 * One row of an error-code table. {@code decimalTo} is null except for a range of codes.
 *
 * @param id the code in hex, e.g. {@code 0x904}
 * @param evidence what the code itself measured (0x204: the client's TCP connect failed), or null
 */
public record ErrorCode(
        String id,
        int decimal,
        Integer decimalTo,
        String name,
        String meaning,
        Observation evidence,
        List<String> sources) {
    public ErrorCode {
        sources = Copies.list(sources);
    }

    /** Whether this row covers the given code. */
    public boolean covers(int code) {
        return decimalTo == null ? code == decimal : code >= decimal && code <= decimalTo;
    }

    /** An observation a code stands for: a value of an evidence kind of evidence.yaml. */
    public record Observation(String kind, String value) {}
}
