package org.rdpdoctor.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.rdpdoctor.engine.Event;

/**
 * Sessions as append-only event logs. Every write is durable when the method returns. Writes to one
 * session are serialized by sequence number: a write that expected another count fails with {@link
 * ConcurrentUpdateException} and writes nothing. A write that fails with {@link
 * StoreUnavailableException} wrote nothing, unless the exception says its outcome is unknown.
 */
public interface SessionStore extends AutoCloseable {

    /**
     * Creates a session whose log is {@code events}, the first of which is {@link Event.Started};
     * returns its metadata. The events are recorded at the returned {@code updatedAt}.
     */
    SessionSummary create(List<Event> events, Snapshot snapshot);

    /**
     * Creates a session as {@link #create(List, Snapshot)} does and records {@code idempotencyKey}
     * for it with {@code requestHash}, in the same transaction: a key starts at most one session,
     * also when several servers on one database get it at once. Keys are kept as long as their
     * sessions.
     *
     * @throws IdempotencyKeyTakenException when the key is recorded already, by an earlier call or
     *     by one that committed first; nothing was written
     */
    SessionSummary create(
            List<Event> events, Snapshot snapshot, String idempotencyKey, String requestHash);

    /** The session started with {@code idempotencyKey}, if one was. */
    Optional<KeyedStart> findByIdempotencyKey(String idempotencyKey);

    /**
     * Appends events after the {@code expectedCount} events the caller replayed; returns the
     * session's metadata after the write. The events are recorded at the returned {@code
     * updatedAt}.
     *
     * @throws ConcurrentUpdateException when the log has another count
     * @throws java.util.NoSuchElementException when there is no such session
     */
    default SessionSummary append(
            String id, int expectedCount, List<Event> events, Snapshot snapshot) {
        return append(id, expectedCount, null, events, snapshot);
    }

    /**
     * Appends events after the {@code expectedCount} events the caller replayed, if the session
     * still has {@code expectedStatus} (null: any status): an abandonment changes no count, so a
     * caller that read the session open checks that no one abandoned it meanwhile.
     *
     * @throws ConcurrentUpdateException when the log has another count or the session another
     *     status
     * @throws java.util.NoSuchElementException when there is no such session
     */
    SessionSummary append(
            String id,
            int expectedCount,
            SessionStatus expectedStatus,
            List<Event> events,
            Snapshot snapshot);

    /** Marks a session abandoned; its log stays as it is. */
    default SessionSummary abandon(String id) {
        return abandon(id, null);
    }

    /**
     * Marks a session abandoned if it still has {@code expectedCount} events (null: any count); its
     * log stays as it is. A session that is not open stays as it is.
     *
     * @throws ConcurrentUpdateException when the log has another count
     * @throws java.util.NoSuchElementException when there is no such session
     */
    default SessionSummary abandon(String id, Integer expectedCount) {
        return abandon(id, expectedCount, SessionStatus.OPEN);
    }

    /**
     * Marks a session abandoned if it still has {@code expectedCount} events (null: any count) and
     * the status {@code from}, as its caller read it: one stored as solved by a fix that the
     * knowledge in force no longer has reads as open, and may be abandoned, while a write from
     * another process in between, which stores another status, leaves it as it is.
     *
     * @throws ConcurrentUpdateException when the log has another count
     * @throws java.util.NoSuchElementException when there is no such session
     */
    SessionSummary abandon(String id, Integer expectedCount, SessionStatus from);

    Optional<StoredSession> find(String id);

    /**
     * At most {@code limit} sessions (0: none), most recently updated first, after {@code after}
     * (null: from the newest); only those of ticket {@code ticketRef} unless it is null. An
     * unmodifiable list.
     *
     * @throws IllegalArgumentException when {@code limit} is negative
     */
    List<SessionSummary> list(String ticketRef, int limit, SessionCursor after);

    /**
     * Sessions created in [{@code from}, {@code to}), newest first, at most {@code limit}: a period
     * with more loses its oldest, not the ones a report is read for.
     */
    List<SessionSummary> createdBetween(Instant from, Instant to, int limit);

    /** Fix outcomes recorded in [{@code from}, {@code to}), oldest first. */
    List<RecordedOutcome> outcomesBetween(Instant from, Instant to);

    /**
     * A fix tried in a session: {@code cause} is the cause it was counted for when it was reported
     * (may be null), {@code knowledgeVersion} the knowledge in force then.
     */
    record RecordedOutcome(
            String sessionId,
            String fixId,
            boolean worked,
            String cause,
            String knowledgeVersion,
            Instant at) {}

    /**
     * The session {@code sessionId} started with {@code idempotencyKey}, from a request whose hash
     * was {@code requestHash}, at {@code at}.
     */
    record KeyedStart(String idempotencyKey, String requestHash, String sessionId, Instant at) {}

    @Override
    void close();

    /**
     * What the session looked like after the write, stored beside the log for listings and
     * analytics: the diagnosis's status (asking, diagnosed, exhausted, or {@link #SOLVED}, which
     * solves the session), whether a diagnosis is only a guess (only the codes, or nothing, speak
     * for its leading cause), its leading cause, the cause each fix reported in the write is
     * counted for (by fix id: the best-ranked cause listing the fix, after its report when it
     * worked, before it when it did not; a fix no cause lists is absent), and the knowledge version
     * used.
     */
    record Snapshot(
            String stateStatus,
            boolean guess,
            String leadingCause,
            Map<String, String> fixCauses,
            String knowledgeVersion) {
        /** The diagnosis's status once a fix worked. */
        public static final String SOLVED = "solved";

        public Snapshot {
            Objects.requireNonNull(stateStatus, "stateStatus");
            fixCauses = Map.copyOf(fixCauses);
        }
    }
}
