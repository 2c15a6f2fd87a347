package org.rdpdoctor;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.rdpdoctor.engine.Diagnosis;
import org.rdpdoctor.engine.DiagnosisState;
import org.rdpdoctor.engine.Event;
import org.rdpdoctor.engine.InvalidEventException;
import org.rdpdoctor.engine.RuleBase;
import org.rdpdoctor.engine.TicketReader;
import org.rdpdoctor.engine.TicketReading;
import org.rdpdoctor.kb.KnowledgeBase;
import org.rdpdoctor.store.ConcurrentUpdateException;
import org.rdpdoctor.store.IdempotencyKeyTakenException;
import org.rdpdoctor.store.JdbcSessionStore;
import org.rdpdoctor.store.SessionCursor;
import org.rdpdoctor.store.SessionStatus;
import org.rdpdoctor.store.SessionStore;
import org.rdpdoctor.store.SessionSummary;
import org.rdpdoctor.store.StoredEvent;
import org.rdpdoctor.store.StoredSession;

/**
 * Stored diagnosis sessions, for embedding: start a session, apply events to it, read it back.
 * Every change is on disk before a method returns, and a session's state is always the replay of
 * its stored events under the current knowledge. Safe for concurrent use: writes to one session are
 * serialized here, and across processes by the store's sequence check. No argument may be null
 * unless its method says so; a null one throws {@link NullPointerException} naming it. A method
 * that reads or writes sessions throws {@link org.rdpdoctor.store.StoreUnavailableException} when
 * the database fails: nothing was written, unless its {@code isOutcomeUnknown()} says otherwise.
 * Once closed, such a method throws {@link IllegalStateException}: closing is for good.
 *
 * <p>An embedded H2 file is open in one process at a time, so an embedding system gives its own
 * file rather than null, which is the file a {@code serve} started in the same folder holds.
 *
 * <pre>{@code
 * try (RdpDoctor doctor =
 *         RdpDoctor.open(Path.of("kb"), Path.of("rules"), "jdbc:h2:file:./ticketing/rdp-doctor")) {
 *     SessionView s = doctor.start(StartRequest.of("0x904", "0x7"));
 *     s = doctor.apply(s.id(), new Event.Answered(s.state().nextQuestion().id(), "unknown"));
 * }
 * }</pre>
 */
public final class RdpDoctor implements AutoCloseable {
    private final AtomicReference<RuleBase> rules;
    private final SessionStore store;

    /**
     * Sessions kept open between requests: the ones agents are answering right now. A session past
     * them is replayed from its events, a fraction of a millisecond. Under many new sessions a
     * second a larger count only keeps finished sessions alive until the collector copies them: in
     * HttpBench, 1,000 made every young pause copy about 50 MB (47 ms, API p99 61–71 ms); 256 halve
     * both the copying and the pauses (23 ms, p99 44–46 ms) at the same requests per second.
     */
    static final int LIVE_SESSIONS = 256;

    /**
     * The most events a session takes. A session of the whole knowledge (every question answered,
     * changed and taken back, a probe run a dozen times) stays in the low hundreds; each write
     * reads and answers with the whole log, which at 3,000 events is 412 KB per answer. A session
     * at the limit is read and shown as ever; its ticket goes on in a new session.
     */
    public static final int MAX_EVENTS = 1_000;

    /**
     * How often a write without an expected count is tried when other server processes on the same
     * database keep writing to the session between its read and its write.
     */
    private static final int WRITE_ATTEMPTS = 5;

    private final SessionLocks locks = new SessionLocks();
    private final LiveSessions live = new LiveSessions(LIVE_SESSIONS);
    private volatile boolean closed;

    public RdpDoctor(RuleBase rules, SessionStore store) {
        this.rules = new AtomicReference<>(Objects.requireNonNull(rules, "rules"));
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * Loads the knowledge and opens the database ({@code jdbcUrl} null: the embedded H2 file under
     * {@code ./data/}, the one {@code serve} uses by default).
     *
     * @throws org.rdpdoctor.kb.InvalidKnowledgeException when the knowledge has problems
     * @throws org.rdpdoctor.store.StoreUnavailableException when the database cannot be opened
     */
    public static RdpDoctor open(Path kb, Path rules, String jdbcUrl) {
        RuleBase ruleBase =
                RuleBase.load(
                        Objects.requireNonNull(kb, "kb"), Objects.requireNonNull(rules, "rules"));
        return new RdpDoctor(
                ruleBase,
                JdbcSessionStore.open(
                        jdbcUrl == null ? JdbcSessionStore.DEFAULT_URL : jdbcUrl, null, null));
    }

    /** The knowledge in force. */
    public RuleBase rules() {
        return rules.get();
    }

    /**
     * Puts new knowledge in force, in one step; sessions continue by replay under it. Each call of
     * this facade works with the one rule base in force when it started.
     */
    public void replaceRules(RuleBase next) {
        rules.set(Objects.requireNonNull(next, "next"));
        live.clear();
    }

    /**
     * What the knowledge in force finds in a ticket's text, as a session started from it would take
     * it: the codes, the evidence, and the other error codes it names, each of which needs a
     * session of its own. Nothing is stored.
     *
     * @throws InvalidEventException naming {@code ticketText} when it is longer than 100,000
     *     characters or holds the NUL character
     */
    public TicketReading readTicket(String ticketText) {
        return TicketReader.read(
                rules.get().knowledge(),
                TextLimits.text(
                        "ticketText",
                        Objects.requireNonNull(ticketText, "ticketText"),
                        TextLimits.TEXT_MAX));
    }

    /**
     * Starts and stores a session. Codes missing from the request (null or blank) are taken from
     * the ticket text; a missing extended code only when the ticket's error code is the request's,
     * so that a ticket's extended code is never paired with another error code.
     *
     * @throws InvalidEventException when no error code is known, a code is malformed, or a field is
     *     longer than the HTTP API takes (codes 32 characters, {@code host} 253, {@code ticketRef}
     *     200, {@code notes} and {@code ticketText} 100,000), holds the NUL character, or, for the
     *     codes, {@code host} and {@code ticketRef}, a control character such as a line break
     */
    public SessionView start(StartRequest request) {
        return start(request, null).session();
    }

    /**
     * Starts and stores a session as {@link #start(StartRequest)} does, once per idempotency key
     * ({@code key} null: every time). When the key started a session for the same request before
     * (the same fields), from this process or another on the same database, nothing is started and
     * the result is that session as it is now, {@code replayed}: a retry after a timeout, or after
     * a failure that may or may not have stored the session, starts no second one. Requests with
     * one key at the same time start one session between them. A key is kept as long as its
     * session.
     *
     * @throws IdempotencyKeyReusedException when the key started a session for another request
     * @throws InvalidEventException as {@link #start(StartRequest)}
     */
    public StartedSession start(StartRequest request, IdempotencyKey key) {
        TextLimits.check(Objects.requireNonNull(request, "request"));
        if (key == null) {
            return new StartedSession(create(request, null, null), false);
        }
        String digest = request.digest();
        Optional<SessionStore.KeyedStart> earlier = store().findByIdempotencyKey(key.value());
        if (earlier.isPresent()) {
            return replay(key, digest, earlier.get());
        }
        try {
            return new StartedSession(create(request, key, digest), false);
        } catch (IdempotencyKeyTakenException e) {
            // Another request with the key was stored between the look-up and this write.
            return replay(key, digest, e.earlier());
        }
    }

    /** The summary of the session {@code key} started, if it started one. */
    public Optional<SessionSummary> sessionStartedWith(IdempotencyKey key) {
        return store().findByIdempotencyKey(key.value())
                .flatMap(k -> store().find(k.sessionId()))
                .map(StoredSession::summary);
    }

    /** The session {@code earlier} started, if it came from the request of {@code digest}. */
    private StartedSession replay(
            IdempotencyKey key, String digest, SessionStore.KeyedStart earlier) {
        if (!earlier.requestHash().equals(digest)) {
            throw new IdempotencyKeyReusedException(key, earlier.sessionId());
        }
        return new StartedSession(session(earlier.sessionId()), true);
    }

    /**
     * Starts and stores a checked request, with its key and digest unless they are null.
     *
     * @throws IdempotencyKeyTakenException when the key started a session already
     */
    private SessionView create(StartRequest request, IdempotencyKey key, String digest) {
        RuleBase current = rules.get();
        List<Event> events = request.events(current);
        Diagnosis diagnosis = Diagnosis.replay(current, events);
        try {
            SessionStore.Snapshot snapshot = snapshot(diagnosis.state(), Map.of(), current);
            SessionSummary summary =
                    key == null
                            ? store().create(events, snapshot)
                            : store().create(events, snapshot, key.value(), digest);
            SessionView view = view(summary, List.of(), events, diagnosis.state());
            live.keep(summary.id(), events.size(), diagnosis);
            return view;
        } catch (RuntimeException e) {
            diagnosis.close();
            throw e;
        }
    }

    /**
     * Applies one event to a stored session. What the session already holds changes nothing and is
     * not stored again: the answer a question already has, the result a fix already has, evidence
     * it already has from that source with the same detail.
     *
     * @throws SessionNotFoundException when there is no such session
     * @throws InvalidEventException when the session cannot take the event (nothing is stored)
     */
    public SessionView apply(String id, Event event) {
        return apply(id, event, null);
    }

    /**
     * Applies one event if the session still has {@code expectedCount} events (null: whatever it
     * has).
     *
     * @throws ConcurrentUpdateException when the session has changed since the caller read it
     */
    public SessionView apply(String id, Event event, Integer expectedCount) {
        return apply(id, event, expectedCount, null);
    }

    /**
     * Applies one event if the session still has {@code expectedCount} events (null: whatever it
     * has) and {@code expected} (null: any session) accepts the session as it is now, read under
     * the knowledge in force: a check of what a count does not show, such as an abandonment or a
     * reload of the knowledge. Its events and status cannot change between the check and the write,
     * not even from another server process on the same database.
     *
     * @throws ConcurrentUpdateException when the session has changed since the caller read it
     */
    public SessionView apply(
            String id, Event event, Integer expectedCount, Predicate<SessionView> expected) {
        return change(
                id,
                List.of(Objects.requireNonNull(event, "event")),
                expectedCount,
                expected,
                false);
    }

    /**
     * Applies several events as one write (a probe's evidence, say): all are stored or none. An
     * evidence's {@code detail} is one line of at most 2,000 characters, without control or
     * bidirectional formatting characters ({@link TextLimits#check(Event)}). No events, or only
     * what the session already holds, write nothing: the session is returned as it is (an abandoned
     * one stays abandoned).
     *
     * @throws InvalidEventException naming the first event the session cannot take by its place in
     *     the list, e.g. {@code events[1].optionId}
     * @throws ConcurrentUpdateException when the session has changed since the caller read it
     */
    public SessionView applyAll(String id, List<? extends Event> events, Integer expectedCount) {
        return applyAll(id, events, expectedCount, null);
    }

    /**
     * Applies several events as one write, as {@link #applyAll(String, List, Integer)}, and only if
     * the session, as it is at the write, passes {@code expected} (null: any), as {@link
     * #apply(String, Event, Integer, Predicate)} checks it.
     *
     * @throws ConcurrentUpdateException when the session has changed since the caller read it, or
     *     does not pass {@code expected}
     */
    public SessionView applyAll(
            String id,
            List<? extends Event> events,
            Integer expectedCount,
            Predicate<SessionView> expected) {
        if (Objects.requireNonNull(events, "events").isEmpty()) {
            return session(Objects.requireNonNull(id, "id"));
        }
        return change(id, events, expectedCount, expected, true);
    }

    /**
     * Checks and writes events; {@code listed}: a refusal names the event by its place in the list,
     * as the caller gave a list.
     */
    private SessionView change(
            String id,
            List<? extends Event> events,
            Integer expectedCount,
            Predicate<SessionView> expected,
            boolean listed) {
        Objects.requireNonNull(id, "id");
        for (int i = 0; i < events.size(); i++) {
            try {
                if (events.get(i) instanceof Event.Started) {
                    throw new InvalidEventException("type", "a stored session has already started");
                }
                TextLimits.check(events.get(i));
            } catch (InvalidEventException e) {
                throw listed ? inList(i, e) : e;
            }
        }
        return locks.locked(
                id,
                () -> {
                    for (int attempt = 1; ; attempt++) {
                        try {
                            return write(id, events, expectedCount, expected, listed);
                        } catch (ConcurrentUpdateException e) {
                            // Another server process on the same database wrote between this
                            // one's read and write. A caller who named no version asked for none:
                            // the write goes on top of the new log.
                            if (expectedCount != null
                                    || expected != null
                                    || attempt == WRITE_ATTEMPTS) {
                                throw e;
                            }
                        }
                    }
                });
    }

    private static InvalidEventException tooMany(int count, int adds) {
        return new InvalidEventException(
                "events",
                "the session holds %,d events and this adds %,d, more than the %,d a session takes; start a new session for the ticket"
                        .formatted(count, adds, MAX_EVENTS));
    }

    /** {@code e} naming its field as that of event {@code i} of a list. */
    private static InvalidEventException inList(int i, InvalidEventException e) {
        return e.within("events[" + i + "].");
    }

    /** One write to session {@code id}, under its lock. */
    private SessionView write(
            String id,
            List<? extends Event> events,
            Integer expectedCount,
            Predicate<SessionView> expected,
            boolean listed) {
        StoredSession stored = load(id);
        int count = stored.summary().eventCount();
        RuleBase current = rules.get();
        requireExpected(stored, current, expectedCount, expected);
        if (events.size() > MAX_EVENTS) {
            throw tooMany(count, events.size());
        }
        Diagnosis diagnosis = live.take(id, stored.events().size(), current);
        if (diagnosis == null) {
            diagnosis = Diagnosis.restore(current, stored.events());
        }
        try {
            Map<String, String> fixCauses = new HashMap<>();
            DiagnosisState state = null;
            List<Event> changes = new ArrayList<>();
            for (int i = 0; i < events.size(); i++) {
                Event event = events.get(i);
                if (!diagnosis.changes(event)) {
                    continue;
                }
                DiagnosisState before =
                        event instanceof Event.FixTried && state == null
                                ? diagnosis.state()
                                : state;
                try {
                    state = diagnosis.apply(event);
                } catch (InvalidEventException e) {
                    throw listed ? inList(i, e) : e;
                }
                if (event instanceof Event.FixTried fix) {
                    // A fix that worked counts for the cause it confirmed; one that did not, for
                    // the cause it was tried for, as ranked before its failure weakened it.
                    String cause =
                            causeOf(
                                    fix.fixId(),
                                    fix.worked() ? state : before,
                                    current.knowledge());
                    if (cause == null) {
                        fixCauses.remove(fix.fixId());
                    } else {
                        fixCauses.put(fix.fixId(), cause);
                    }
                }
                changes.add(event);
            }
            if (changes.isEmpty()) {
                live.keep(id, stored.events().size(), diagnosis);
                return view(stored, diagnosis.state());
            }
            // Counted once known: an answer sent again adds nothing, even to a full session.
            if (count + changes.size() > MAX_EVENTS) {
                throw tooMany(count, changes.size());
            }
            SessionSummary summary =
                    store().append(
                                    id,
                                    count,
                                    stored.summary().status(),
                                    changes,
                                    snapshot(state, fixCauses, current));
            SessionView view = view(summary, stored.log(), changes, state);
            live.keep(id, stored.events().size() + changes.size(), diagnosis);
            return view;
        } catch (RuntimeException e) {
            // An event refused halfway through, or a write not stored: the diagnosis is ahead of
            // the stored log.
            diagnosis.close();
            throw e;
        }
    }

    /**
     * A stored session with its state under the current knowledge.
     *
     * @throws SessionNotFoundException when there is no such session
     */
    public SessionView session(String id) {
        return session(id, rules.get());
    }

    /**
     * Marks a session abandoned (a solved session stays solved; one solved by a fix the knowledge
     * in force no longer has reads as open, and is abandoned).
     *
     * @throws SessionNotFoundException when there is no such session
     */
    public SessionView abandon(String id) {
        return abandon(id, null);
    }

    /**
     * Marks a session abandoned if it still has {@code expectedCount} events (null: whatever it
     * has).
     *
     * @throws ConcurrentUpdateException when the session has changed since the caller read it
     */
    public SessionView abandon(String id, Integer expectedCount) {
        return abandon(id, expectedCount, null);
    }

    /**
     * Marks a session abandoned if it still has {@code expectedCount} events (null: whatever it
     * has) and {@code expected} (null: any session) accepts it as it is now, as {@link
     * #apply(String, Event, Integer, Predicate)} checks it.
     *
     * @throws ConcurrentUpdateException when the session has changed since the caller read it
     */
    public SessionView abandon(String id, Integer expectedCount, Predicate<SessionView> expected) {
        return locks.locked(
                Objects.requireNonNull(id, "id"),
                () -> {
                    StoredSession stored = load(id);
                    RuleBase current = rules.get();
                    requireExpected(stored, current, expectedCount, expected);
                    DiagnosisState state = state(stored, current);
                    if (view(stored, state).status() != SessionStatus.OPEN) {
                        return view(stored, state);
                    }
                    SessionSummary summary =
                            store().abandon(
                                            id,
                                            expectedCount == null && expected == null
                                                    ? null
                                                    : stored.summary().eventCount(),
                                            stored.summary().status());
                    return view(summary, stored.log(), List.of(), state);
                });
    }

    /**
     * Checks that a stored session has {@code expectedCount} events (null: any) and that {@code
     * expected} (null: any session) accepts it as it is under {@code current}.
     *
     * @throws ConcurrentUpdateException when it does not
     */
    private void requireExpected(
            StoredSession stored,
            RuleBase current,
            Integer expectedCount,
            Predicate<SessionView> expected) {
        SessionSummary summary = stored.summary();
        int count = summary.eventCount();
        if (expectedCount != null && expectedCount != count) {
            throw new ConcurrentUpdateException(summary.id(), expectedCount, count);
        }
        if (expected != null && !expected.test(view(stored, state(stored, current)))) {
            throw new ConcurrentUpdateException(
                    summary.id(),
                    count,
                    "is in no version the request names: it is %s with %,d %s now (an abandonment or a reload of the knowledge also changes its version, without an event)"
                            .formatted(
                                    view(stored, state(stored, current)).status().id(),
                                    count,
                                    count == 1 ? "event" : "events"));
        }
    }

    /**
     * The sessions of a ticket (spaces around {@code ticketRef} dropped, as from one a session
     * starts with), newest first (at most 1,000); an unmodifiable list.
     */
    public List<SessionSummary> sessionsOfTicket(String ticketRef) {
        return sessions(Objects.requireNonNull(ticketRef, "ticketRef"), 1000, null);
    }

    /**
     * The {@code limit} most recently updated sessions (0: none), newest first; an unmodifiable
     * list.
     *
     * @throws IllegalArgumentException when {@code limit} is negative
     */
    public List<SessionSummary> recentSessions(int limit) {
        return sessions(null, limit, null);
    }

    /**
     * A page of sessions, most recently updated first: at most {@code limit} (0: none) of those
     * after {@code after} (null: from the newest), of ticket {@code ticketRef} only unless it is
     * null; spaces around it are dropped, as from a ticket reference a session starts with. The
     * next page is after {@link SessionCursor#after} the last one; a page shorter than {@code
     * limit} is the last. An unmodifiable list.
     *
     * @throws IllegalArgumentException when {@code limit} is negative
     */
    public List<SessionSummary> sessions(String ticketRef, int limit, SessionCursor after) {
        return store().list(ticketRef == null ? null : ticketRef.strip(), limit, after);
    }

    /**
     * What the sessions created in [{@code from}, {@code to}) say about the knowledge; {@code
     * knowledgeVersion} null takes every version.
     */
    public Analytics analytics(Instant from, Instant to, String knowledgeVersion) {
        return Analytics.of(
                rules.get(),
                store(),
                Objects.requireNonNull(from, "from"),
                Objects.requireNonNull(to, "to"),
                knowledgeVersion);
    }

    /**
     * What happened in a session, for pasting into a ticket.
     *
     * @throws SessionNotFoundException when there is no such session
     */
    public Transcript transcript(String id) {
        RuleBase current = rules.get();
        return Transcript.of(session(id, current), current.knowledge());
    }

    @Override
    public void close() {
        closed = true;
        live.close();
        store.close();
    }

    /**
     * The store, unless this is closed: a closed store's failure would read as a database outage,
     * which a caller may wait out for ever.
     */
    private SessionStore store() {
        if (closed) {
            throw new IllegalStateException("this RdpDoctor is closed; open a new one");
        }
        return store;
    }

    /**
     * A stored session with its state under {@code current}: for a caller that also shows the
     * knowledge itself (titles, sources), so that both come from the same rule base even while a
     * reload puts new knowledge in force.
     */
    public SessionView session(String id, RuleBase current) {
        Objects.requireNonNull(current, "current");
        StoredSession stored = load(Objects.requireNonNull(id, "id"));
        return view(stored, state(stored, current));
    }

    /**
     * Why a stored session's question is worth answering under {@code current}, as its next
     * question's why tells it, the user's answer to it set aside: for a page that offers to change
     * that answer. The session is not changed.
     *
     * @return empty when no rule makes the question askable in the session
     * @throws InvalidEventException when the knowledge has no such question
     */
    public Optional<DiagnosisState.Why> whyAsk(String id, String questionId, RuleBase current) {
        Objects.requireNonNull(current, "current");
        StoredSession stored = load(Objects.requireNonNull(id, "id"));
        try (Diagnosis diagnosis = Diagnosis.restore(current, stored.events())) {
            return diagnosis.whyAsk(questionId);
        }
    }

    /** The state of a stored session under {@code current}: kept open, or replayed and kept. */
    private DiagnosisState state(StoredSession stored, RuleBase current) {
        String id = stored.summary().id();
        int count = stored.events().size();
        DiagnosisState state = live.state(id, count, current);
        if (state != null) {
            return state;
        }
        Diagnosis diagnosis = Diagnosis.restore(current, stored.events());
        try {
            state = diagnosis.state();
        } catch (RuntimeException e) {
            diagnosis.close();
            throw e;
        }
        live.keep(id, count, diagnosis);
        return state;
    }

    /**
     * Whether two texts write the same disconnect code ({@code 0x904} and {@code 2308}); false when
     * either is missing or malformed.
     */
    private StoredSession load(String id) {
        return store().find(id).orElseThrow(() -> new SessionNotFoundException(id));
    }

    /**
     * The best-ranked cause in {@code state} that lists fix {@code fixId}, or null if none does.
     */
    private static String causeOf(String fixId, DiagnosisState state, KnowledgeBase kb) {
        return state.ranking().stream()
                .map(DiagnosisState.RankedCause::causeId)
                .filter(id -> kb.cause(id).filter(c -> c.fixes().contains(fixId)).isPresent())
                .findFirst()
                .orElse(null);
    }

    /**
     * What the store keeps beside the log. A session where no cause stands out keeps no leading
     * cause, so that lists say so as its page does, rather than name the closest cause; a diagnosis
     * with a basis note is kept as a guess, so that lists call it one as its page does.
     */
    private static SessionStore.Snapshot snapshot(
            DiagnosisState state, Map<String, String> fixCauses, RuleBase rules) {
        String leading =
                state.status() == DiagnosisState.Status.EXHAUSTED ? null : state.leadingCause();
        return new SessionStore.Snapshot(
                state.status().id(),
                state.status() == DiagnosisState.Status.DIAGNOSED && state.basisNote() != null,
                state.confirmedCause() != null ? state.confirmedCause() : leading,
                fixCauses,
                rules.version());
    }

    /**
     * The view of a session right after a write, built from what was written rather than read back:
     * once the write is stored, a failure to read it must not report the write as failed.
     */
    private static SessionView view(
            SessionSummary summary,
            List<StoredEvent> before,
            List<? extends Event> written,
            DiagnosisState state) {
        List<StoredEvent> log = new ArrayList<>(before);
        for (Event event : written) {
            log.add(new StoredEvent(log.size() + 1, summary.updatedAt(), event));
        }
        return view(new StoredSession(summary, log), state);
    }

    /**
     * A session with its state under the knowledge in force, and its status as that state reads it:
     * solved while a fix it records worked, open otherwise, unless it was abandoned. The status
     * stored at the last write can say otherwise after a reload, such as solved by a fix the
     * knowledge no longer has (the state's {@code leftOut} names it); a list of sessions, which
     * replays none, shows the stored one until the session is written again.
     */
    private static SessionView view(StoredSession stored, DiagnosisState state) {
        SessionSummary s = stored.summary();
        SessionStatus status =
                s.status() == SessionStatus.ABANDONED
                        ? SessionStatus.ABANDONED
                        : state.status() == DiagnosisState.Status.SOLVED
                                ? SessionStatus.SOLVED
                                : SessionStatus.OPEN;
        return new SessionView(
                s.id(),
                s.ticketRef(),
                status,
                s.knowledgeVersion(),
                s.eventCount(),
                s.createdAt(),
                s.updatedAt(),
                stored.log(),
                state);
    }
}
