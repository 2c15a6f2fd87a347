package org.rdpdoctor.engine;

/** An event the session cannot take: names the field at fault and what was wrong with it. */
public final class InvalidEventException extends IllegalArgumentException {
    private final String field;
    private final String reason;

    public InvalidEventException(String field, String reason) {
        super(field + ": " + reason);
        this.field = field;
        this.reason = reason;
    }

    /** The field at fault, e.g. {@code optionId} or {@code events[2].optionId}. */
    public String field() {
        return field;
    }

    /** What was wrong with it, without the field. */
    public String reason() {
        return reason;
    }
}
