package org.rdpdoctor.engine;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * What happens in a diagnosis session. A session's state is the replay of its events, so these are
 * also what the store keeps and what the API and the {@code diagnose} command take.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Event.Started.class, name = "started"),
    @JsonSubTypes.Type(value = Event.Answered.class, name = "answered"),
    @JsonSubTypes.Type(value = Event.Withdrawn.class, name = "withdrawn"),
    @JsonSubTypes.Type(value = Event.EvidenceAdded.class, name = "evidence"),
    @JsonSubTypes.Type(value = Event.EvidenceWithdrawn.class, name = "evidenceWithdrawn"),
    @JsonSubTypes.Type(value = Event.FixTried.class, name = "fixOutcome")
})
public sealed interface Event {

    /** The name of an event's type in its JSON, e.g. {@code started}. */
    static String typeName(Event event) {
        for (JsonSubTypes.Type type : Event.class.getAnnotation(JsonSubTypes.class).value()) {
            if (type.value() == event.getClass()) {
                return type.name();
            }
        }
        throw new IllegalStateException("an event type without a name: " + event.getClass());
    }

    /**
     * The session starts with the codes the user saw. {@code extendedCode}, {@code host}, {@code
     * ticketRef}, {@code notes} and {@code ticketText} may be null. {@code ticketText} is the
     * ticket's text as pasted, kept for whoever picks the session up; a replay does not read it
     * again (what was read from it is in the codes and the evidence events that follow).
     */
    record Started(
            String errorCode,
            String extendedCode,
            String host,
            String ticketRef,
            String notes,
            String ticketText)
            implements Event {

        /** A start without ticket text. */
        public Started(
                String errorCode,
                String extendedCode,
                String host,
                String ticketRef,
                String notes) {
            this(errorCode, extendedCode, host, ticketRef, notes, null);
        }
    }

    /** A question was answered; {@code optionId} may be {@code unknown} ("I don't know"). */
    record Answered(String questionId, String optionId) implements Event {}

    /** The user's answer to a question was taken back. */
    record Withdrawn(String questionId) implements Event {}

    /** An observation from a probe, a ticket or the user. {@code detail} may be null. */
    record EvidenceAdded(String kind, String value, String source, String detail)
            implements Event {}

    /**
     * What {@code source} said about {@code kind} no longer holds, every value of it: a new probe
     * of the host measured no such thing (a port that now refuses has no latency to measure).
     */
    record EvidenceWithdrawn(String kind, String source) implements Event {}

    /** A fix was tried and worked or did not. */
    record FixTried(String fixId, boolean worked) implements Event {}
}
