package org.rdpdoctor.kb;

import java.util.List;

/**
 * One row of an error-code table. {@code decimalTo} is null except for a range of codes.
 *
 * @param id the code in hex, e.g. {@code 0x904}
 */
public record ErrorCode(
        String id,
        int decimal,
        Integer decimalTo,
        String name,
        String meaning,
        List<String> sources) {
    public ErrorCode {
        sources = Copies.list(sources);
    }

    /** Whether this row covers the given code. */
    public boolean covers(int code) {
        return decimalTo == null ? code == decimal : code >= decimal && code <= decimalTo;
    }
}
