package org.rdpdoctor.store;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a stored session stands for the helpdesk: still open, solved by a fix, or abandoned. */
public enum SessionStatus {
    OPEN,
    SOLVED,
    ABANDONED;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    static SessionStatus of(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}
