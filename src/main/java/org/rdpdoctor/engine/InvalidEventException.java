package org.rdpdoctor.engine;

/** An event the session cannot take: names the field at fault and what was wrong with it. */
public final class InvalidEventException extends IllegalArgumentException {
    private final String field;
    private final String reason;
    private final boolean unknownToKnowledge;

    public InvalidEventException(String field, String reason) {
        this(field, reason, false);
    }

    private InvalidEventException(String field, String reason, boolean unknownToKnowledge) {
        super(field + ": " + reason);
        this.field = field;
        this.reason = reason;
        this.unknownToKnowledge = unknownToKnowledge;
    }

    /**
     * An event naming a question, option, evidence value or fix the knowledge in force does not
     * hold: a mistake in a new event, or in a stored one a change of the knowledge since retired.
     */
    static InvalidEventException unknownToKnowledge(String field, String reason) {
        return new InvalidEventException(field, reason, true);
    }

    /** This exception with its field named inside {@code prefix}, e.g. {@code events[2].}. */
    public InvalidEventException within(String prefix) {
        return new InvalidEventException(prefix + field, reason, unknownToKnowledge);
    }

    /** The field at fault, e.g. {@code optionId} or {@code events[2].optionId}. */
    public String field() {
        return field;
    }

    /** What was wrong with it, without the field. */
    public String reason() {
        return reason;
    }

    /**
     * Whether the event names something the knowledge in force does not hold (see {@link
     * #unknownToKnowledge}), rather than being malformed or out of place.
     */
    public boolean unknownToKnowledge() {
        return unknownToKnowledge;
    }
}
