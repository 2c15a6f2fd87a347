package org.rdpdoctor.engine;

/** An event the session cannot take: names the field at fault and what was wrong with it. */
public final class InvalidEventException extends IllegalArgumentException {
    private final String field;

    public InvalidEventException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
