package org.rdpdoctor.store;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.rdpdoctor.engine.Event;

/**
 * What every {@link SessionStore} does, whatever its database. A test class implements this
 * interface and runs all of it: {@link JdbcSessionStoreTest} on H2, {@link
 * PostgresSessionStoreTest} on PostgreSQL. Each test gets an empty store whose clock moves one
 * second per write.
 */
interface SessionStoreContract {
    int ROUNDS = 20;

    /** Request hashes, as SHA-256 in hex. */
    String HASH_A = "a".repeat(64);

    String HASH_B = "b".repeat(64);

    /** The store under test, empty at the start of each test. */
    SessionStore store();

    /** A plain connection to the store's database, to read what the store does not return. */
    Connection connect() throws SQLException;

    @Test
    default void create_then_find_returns_the_same_events_in_order_numbered_from_1() {
        List<Event> events =
                List.of(
                        started("T-1"),
                        new Event.EvidenceAdded("tls-version", "1.0", "ticket", null),
                        answered("error-message", "only-codes"));

        SessionSummary created = store().create(events, snapshot());
        StoredSession found = store().find(created.id()).orElseThrow();

        assertThat(found.events()).containsExactlyElementsOf(events);
        assertThat(found.log()).extracting(StoredEvent::seq).containsExactly(1, 2, 3);
        assertThat(found.summary()).isEqualTo(created);
        assertThat(created.eventCount()).isEqualTo(3);
        assertThat(created.ticketRef()).isEqualTo("T-1");
        assertThat(created.status()).isEqualTo(SessionStatus.OPEN);
        assertThat(created.stateStatus()).isEqualTo("diagnosed");
        assertThat(created.errorCode()).isEqualTo("0x904");
        assertThat(created.extendedCode()).isEqualTo("0x7");
    }

    @Test
    default void a_diagnosis_written_as_a_guess_reads_as_one_until_a_write_that_is_not() {
        SessionSummary created =
                store().create(
                                List.of(started("T-1")),
                                new SessionStore.Snapshot(
                                        "diagnosed", true, "cause-a", Map.of(), "kv-1"));
        SessionSummary listedAsGuess = store().list(null, 10, null).get(0);
        SessionSummary answered =
                store().append(
                                created.id(),
                                1,
                                List.of(answered("error-message", "only-codes")),
                                snapshot());

        assertThat(created.guess()).isTrue();
        assertThat(listedAsGuess.guess()).isTrue();
        assertThat(answered.guess()).isFalse();
        assertThat(store().find(created.id()).orElseThrow().summary().guess()).isFalse();
    }

    @Test
    default void written_events_are_recorded_at_the_time_the_write_returns() {
        SessionSummary created = store().create(List.of(started("T-1")), snapshot());
        SessionSummary appended =
                store().append(
                                created.id(),
                                1,
                                List.of(answered("error-message", "unknown")),
                                snapshot());

        List<StoredEvent> log = store().find(created.id()).orElseThrow().log();

        assertThat(log.get(0).at()).isEqualTo(created.updatedAt());
        assertThat(log.get(1).at()).isEqualTo(appended.updatedAt());
    }

    @Test
    default void a_key_with_a_nul_character_finds_nothing() {
        store().create(List.of(started("T-1")), snapshot());

        assertThat(store().find("T-\u0000")).isEmpty();
        assertThat(store().list("T-1\u0000", 1000, null)).isEmpty();
    }

    @Test
    default void a_log_must_begin_with_a_started_event() {
        List<Event> events = List.of(answered("error-message", "only-codes"));

        assertThatThrownBy(() -> store().create(events, snapshot()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a session's log must begin with a 'started' event");
        assertThat(store().list(null, 10, null)).isEmpty();
    }

    @Test
    default void append_with_the_right_expected_count_adds_the_events_after_the_last() {
        String id = store().create(List.of(started("T-1")), snapshot()).id();
        List<Event> more = List.of(answered("error-message", "unknown"), answered("vpn", "yes"));

        SessionSummary appended = store().append(id, 1, more, snapshot());

        StoredSession found = store().find(id).orElseThrow();
        assertThat(appended.eventCount()).isEqualTo(3);
        assertThat(found.log()).extracting(StoredEvent::seq).containsExactly(1, 2, 3);
        assertThat(found.events()).containsExactly(started("T-1"), more.get(0), more.get(1));
        assertThat(found.summary()).isEqualTo(appended);
    }

    @Test
    default void append_with_a_stale_expected_count_throws_and_writes_nothing() {
        String id = store().create(List.of(started("T-1")), snapshot()).id();
        store().append(id, 1, List.of(answered("error-message", "unknown")), snapshot());
        StoredSession before = store().find(id).orElseThrow();

        Throwable thrown =
                catchThrowable(
                        () ->
                                store().append(
                                                id,
                                                1,
                                                List.of(answered("vpn", "yes")),
                                                new SessionStore.Snapshot(
                                                        SessionStore.Snapshot.SOLVED,
                                                        false,
                                                        "cause-b",
                                                        Map.of(),
                                                        "kv-2")));

        assertThat(thrown)
                .isInstanceOfSatisfying(
                        ConcurrentUpdateException.class,
                        e -> assertThat(List.of(e.expected(), e.actual())).containsExactly(1, 2))
                .hasMessage(
                        "session %s has 2 events, not 1: it changed meanwhile; reload it and try"
                                + " again",
                        id);
        assertThat(store().find(id)).contains(before);
    }

    @Test
    default void of_two_writers_with_the_same_expected_count_exactly_one_appends()
            throws Exception {
        String id = store().create(List.of(started("T-1")), snapshot()).id();
        List<List<Object>> outcomes = new ArrayList<>();

        ExecutorService writers = Executors.newFixedThreadPool(2);
        try {
            for (int round = 1; round <= ROUNDS; round++) {
                outcomes.add(race(writers, id, round));
            }
        } finally {
            writers.shutdownNow();
        }

        assertThat(outcomes)
                .allSatisfy(
                        round -> {
                            assertThat(round)
                                    .filteredOn(SessionSummary.class::isInstance)
                                    .hasSize(1);
                            assertThat(round)
                                    .filteredOn(ConcurrentUpdateException.class::isInstance)
                                    .hasSize(1);
                        });
        StoredSession stored = store().find(id).orElseThrow();
        assertThat(stored.log())
                .extracting(StoredEvent::seq)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, ROUNDS + 1).boxed().toList());
        assertThat(stored.events().subList(1, ROUNDS + 1))
                .extracting(e -> ((Event.Answered) e).questionId())
                .containsExactlyElementsOf(
                        IntStream.rangeClosed(1, ROUNDS).mapToObj(r -> "round-" + r).toList());
        assertThat(stored.summary().eventCount()).isEqualTo(ROUNDS + 1);
    }

    @Test
    default void a_session_created_with_an_idempotency_key_is_found_by_it() {
        SessionSummary created =
                store().create(List.of(started("T-1")), snapshot(), "key-1", HASH_A);

        SessionStore.KeyedStart found = store().findByIdempotencyKey("key-1").orElseThrow();

        assertThat(found)
                .isEqualTo(
                        new SessionStore.KeyedStart(
                                "key-1", HASH_A, created.id(), created.createdAt()));
        assertThat(store().find(created.id())).isPresent();
        assertThat(store().findByIdempotencyKey("key-2")).isEmpty();
        assertThat(store().findByIdempotencyKey("key-1\u0000")).isEmpty();
    }

    @Test
    default void a_second_create_with_the_same_idempotency_key_creates_nothing() {
        String first = store().create(List.of(started("T-1")), snapshot(), "key-1", HASH_A).id();

        Throwable thrown =
                catchThrowable(
                        () -> store().create(List.of(started("T-1")), snapshot(), "key-1", HASH_B));

        assertThat(thrown)
                .isInstanceOfSatisfying(
                        IdempotencyKeyTakenException.class,
                        e -> {
                            assertThat(e.earlier().sessionId()).isEqualTo(first);
                            assertThat(e.earlier().requestHash()).isEqualTo(HASH_A);
                        })
                .hasMessage("idempotency key 'key-1' started session %s already", first);
        assertThat(store().list("T-1", 1000, null))
                .extracting(SessionSummary::id)
                .containsExactly(first);
    }

    @Test
    default void of_writers_creating_with_one_idempotency_key_at_once_exactly_one_creates()
            throws Exception {
        int writers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Object> outcomes = new ArrayList<>();

        try {
            CountDownLatch gate = new CountDownLatch(1);
            List<Future<SessionSummary>> futures = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                futures.add(
                        pool.submit(
                                () -> {
                                    gate.await();
                                    return store().create(
                                                    List.of(started("T-1")),
                                                    snapshot(),
                                                    "key-1",
                                                    HASH_A);
                                }));
            }
            gate.countDown();
            for (Future<SessionSummary> future : futures) {
                try {
                    outcomes.add(future.get(30, SECONDS));
                } catch (ExecutionException e) {
                    outcomes.add(e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }

        List<SessionSummary> sessions = store().list("T-1", 1000, null);
        assertThat(sessions).hasSize(1);
        assertThat(outcomes).filteredOn(SessionSummary.class::isInstance).hasSize(1);
        assertThat(outcomes)
                .filteredOn(o -> !(o instanceof SessionSummary))
                .hasSize(writers - 1)
                .allSatisfy(
                        o ->
                                assertThat(o)
                                        .isInstanceOfSatisfying(
                                                IdempotencyKeyTakenException.class,
                                                e ->
                                                        assertThat(e.earlier().sessionId())
                                                                .isEqualTo(sessions.get(0).id())));
    }

    @Test
    default void list_of_a_ticket_returns_its_sessions_most_recently_updated_first() {
        String older = store().create(List.of(started("T-1")), snapshot()).id();
        store().create(List.of(started("T-2")), snapshot());
        String newer = store().create(List.of(started("T-1")), snapshot()).id();
        store().create(List.of(started(null)), snapshot());
        store().append(older, 1, List.of(answered("vpn", "yes")), snapshot());

        List<SessionSummary> found = store().list("T-1", 1000, null);

        assertThat(found).extracting(SessionSummary::id).containsExactly(older, newer);
        assertThat(store().list("T-3", 1000, null)).isEmpty();
    }

    @Test
    default void list_returns_at_most_limit_sessions_most_recently_updated_first() {
        String first = store().create(List.of(started("T-1")), snapshot()).id();
        store().create(List.of(started("T-2")), snapshot());
        String third = store().create(List.of(started("T-3")), snapshot()).id();
        store().append(first, 1, List.of(answered("vpn", "yes")), snapshot());

        List<SessionSummary> recent = store().list(null, 2, null);

        assertThat(recent).extracting(SessionSummary::id).containsExactly(first, third);
    }

    @Test
    default void list_with_limit_0_returns_no_session_and_a_negative_limit_is_refused() {
        store().create(List.of(started("T-1")), snapshot());

        List<SessionSummary> none = store().list(null, 0, null);

        assertThat(none).isEmpty();
        assertThatThrownBy(() -> store().list(null, -1, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("limit: -1 is negative");
    }

    @Test
    default void pages_after_a_cursor_list_every_session_once_ties_in_id_order()
            throws SQLException {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ids.add(store().create(List.of(started("T-" + (i % 2))), snapshot()).id());
        }
        try (Connection c = connect();
                PreparedStatement same =
                        c.prepareStatement("UPDATE sessions SET updated_at = ? WHERE id = ?")) {
            for (String id : ids.subList(1, 5)) {
                same.setObject(1, OffsetDateTime.parse("2000-01-01T00:00:00.123456Z"));
                same.setString(2, id);
                same.executeUpdate();
            }
        }

        List<SessionSummary> paged = new ArrayList<>();
        SessionCursor after = null;
        List<SessionSummary> page;
        do {
            page = store().list(null, 2, after);
            paged.addAll(page);
            after = page.isEmpty() ? after : SessionCursor.after(page.get(page.size() - 1));
        } while (page.size() == 2);

        List<SessionSummary> whole = store().list(null, 100, null);
        assertThat(paged).hasSize(7).containsExactlyElementsOf(whole);
        List<String> tied =
                whole.stream()
                        .filter(
                                s ->
                                        s.updatedAt()
                                                .equals(
                                                        Instant.parse(
                                                                "2000-01-01T00:00:00.123456Z")))
                        .map(SessionSummary::id)
                        .toList();
        assertThat(tied).hasSize(4).isSorted();
        assertThat(whole.subList(3, 7)).extracting(SessionSummary::id).isEqualTo(tied);
    }

    @Test
    default void pages_of_a_ticket_hold_its_sessions_only() {
        String older = store().create(List.of(started("T-1")), snapshot()).id();
        store().create(List.of(started("T-2")), snapshot());
        String newer = store().create(List.of(started("T-1")), snapshot()).id();

        List<SessionSummary> first = store().list("T-1", 1, null);
        List<SessionSummary> second = store().list("T-1", 1, SessionCursor.after(first.get(0)));

        assertThat(first).extracting(SessionSummary::id).containsExactly(newer);
        assertThat(second).extracting(SessionSummary::id).containsExactly(older);
        assertThat(store().list("T-1", 1, SessionCursor.after(second.get(0)))).isEmpty();
    }

    @Test
    default void
            a_session_updated_between_pages_moves_ahead_of_the_cursor_and_is_not_listed_twice() {
        String oldest = store().create(List.of(started("T-1")), snapshot()).id();
        String middle = store().create(List.of(started("T-1")), snapshot()).id();
        String newest = store().create(List.of(started("T-1")), snapshot()).id();

        List<SessionSummary> first = store().list(null, 1, null);
        store().append(newest, 1, List.of(answered("vpn", "yes")), snapshot());
        List<SessionSummary> rest = store().list(null, 10, SessionCursor.after(first.get(0)));

        assertThat(first).extracting(SessionSummary::id).containsExactly(newest);
        assertThat(rest).extracting(SessionSummary::id).containsExactly(middle, oldest);
        assertThat(store().list(null, 1, null))
                .extracting(SessionSummary::id)
                .containsExactly(newest);
    }

    @Test
    default void listed_sessions_cannot_be_changed_by_the_caller() {
        store().create(List.of(started("T-1")), snapshot());

        List<SessionSummary> recent = store().list(null, 10, null);
        List<SessionSummary> ofTicket = store().list("T-1", 1000, null);

        assertThatThrownBy(recent::clear).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(ofTicket::clear).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    default void abandon_changes_the_status_but_not_the_log() {
        String id = store().create(List.of(started("T-1")), snapshot()).id();
        store().append(id, 1, List.of(answered("vpn", "yes")), snapshot());
        StoredSession before = store().find(id).orElseThrow();

        SessionSummary abandoned = store().abandon(id);

        StoredSession after = store().find(id).orElseThrow();
        assertThat(abandoned.status()).isEqualTo(SessionStatus.ABANDONED);
        assertThat(after.summary()).isEqualTo(abandoned);
        assertThat(after.log()).isEqualTo(before.log());
        assertThat(abandoned.eventCount()).isEqualTo(2);
    }

    @Test
    default void abandon_leaves_a_solved_session_solved() {
        String id = store().create(List.of(started("T-1")), snapshot()).id();
        store().append(id, 1, List.of(new Event.FixTried("fix-a", true)), solved());

        SessionSummary abandoned = store().abandon(id);

        assertThat(abandoned.status()).isEqualTo(SessionStatus.SOLVED);
    }

    @Test
    default void abandon_from_solved_abandons_a_session_still_stored_as_solved_and_no_other() {
        String solved = store().create(List.of(started("T-1")), snapshot()).id();
        store().append(solved, 1, List.of(new Event.FixTried("fix-a", true)), solved());
        String open = store().create(List.of(started("T-2")), snapshot()).id();

        SessionSummary abandoned = store().abandon(solved, null, SessionStatus.SOLVED);
        SessionSummary left = store().abandon(open, null, SessionStatus.SOLVED);

        assertThat(abandoned.status()).isEqualTo(SessionStatus.ABANDONED);
        assertThat(left.status()).isEqualTo(SessionStatus.OPEN);
    }

    @Test
    default void each_tried_fix_is_recorded_with_the_cause_it_counts_for() throws SQLException {
        String id = store().create(List.of(started("T-1")), snapshot()).id();

        SessionSummary summary =
                store().append(
                                id,
                                1,
                                List.of(
                                        new Event.FixTried("fix-a", false),
                                        new Event.FixTried("fix-b", true)),
                                solved());

        assertThat(summary.status()).isEqualTo(SessionStatus.SOLVED);
        assertThat(store().find(id).orElseThrow().summary().stateStatus()).isEqualTo("solved");
        assertThat(fixOutcomes(id))
                .containsExactly(
                        "2 fix-a worked=false cause-a kv-1", "3 fix-b worked=true cause-b kv-1");
    }

    @Test
    default void an_unknown_session_is_not_found() {
        String id = "no-such-session";

        assertThat(store().find(id)).isEmpty();
        assertThatThrownBy(() -> store().append(id, 1, List.of(answered("vpn", "yes")), snapshot()))
                .isInstanceOf(NoSuchElementException.class)
                .hasMessage("no session no-such-session");
        assertThatThrownBy(() -> store().abandon(id))
                .isInstanceOf(NoSuchElementException.class)
                .hasMessage("no session no-such-session");
        assertThat(store().list(null, 10, null)).isEmpty();
    }

    private static Event.Started started(String ticketRef) {
        return new Event.Started("0x904", "0x7", "rdp.example.test", ticketRef, null);
    }

    private static Event.Answered answered(String questionId, String optionId) {
        return new Event.Answered(questionId, optionId);
    }

    private static SessionStore.Snapshot snapshot() {
        return new SessionStore.Snapshot("diagnosed", false, "cause-a", Map.of(), "kv-1");
    }

    private static SessionStore.Snapshot solved() {
        return new SessionStore.Snapshot(
                SessionStore.Snapshot.SOLVED,
                false,
                "cause-b",
                Map.of("fix-a", "cause-a", "fix-b", "cause-b"),
                "kv-1");
    }

    /**
     * Two writers append to session {@code id} at once with the count it has now; returns what each
     * got: a {@link SessionSummary} or the exception it threw.
     */
    private List<Object> race(ExecutorService writers, String id, int round) throws Exception {
        int count = store().find(id).orElseThrow().summary().eventCount();
        CountDownLatch gate = new CountDownLatch(1);
        List<Future<SessionSummary>> futures = new ArrayList<>();
        for (String writer : List.of("writer-a", "writer-b")) {
            futures.add(
                    writers.submit(
                            () -> {
                                gate.await();
                                return store().append(
                                                id,
                                                count,
                                                List.of(answered("round-" + round, writer)),
                                                snapshot());
                            }));
        }
        gate.countDown();
        List<Object> outcomes = new ArrayList<>();
        for (Future<SessionSummary> future : futures) {
            try {
                outcomes.add(future.get(30, SECONDS));
            } catch (ExecutionException e) {
                outcomes.add(e.getCause());
            }
        }
        return outcomes;
    }

    /** The fix outcomes of session {@code id}, one line each: seq, fix, result, cause, version. */
    private List<String> fixOutcomes(String id) throws SQLException {
        try (Connection c = connect();
                PreparedStatement select =
                        c.prepareStatement(
                                "SELECT seq, fix_id, worked, leading_cause, knowledge_version"
                                        + " FROM fix_outcomes WHERE session_id = ? ORDER BY seq")) {
            select.setString(1, id);
            List<String> rows = new ArrayList<>();
            try (ResultSet r = select.executeQuery()) {
                while (r.next()) {
                    rows.add(
                            String.format(
                                    "%d %s worked=%s %s %s",
                                    r.getInt(1),
                                    r.getString(2),
                                    r.getBoolean(3),
                                    r.getString(4),
                                    r.getString(5)));
                }
            }
            return rows;
        }
    }
}
