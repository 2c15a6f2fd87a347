package org.rdpdoctor.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdpdoctor.engine.Event;

/**
 * The store over an H2 server that goes away and comes back: operations fail with {@link
 * StoreUnavailableException} meanwhile and work again once it is back, without reopening the store.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class JdbcSessionStoreOutageTest {
    private static final int POOL_SIZE = 8;
    private static final SessionStore.Snapshot SNAPSHOT =
            new SessionStore.Snapshot("asking", false, null, Map.of(), "kv-1");

    @TempDir Path dir;

    private H2TcpServer server;
    private JdbcSessionStore store;

    @BeforeEach
    void open() {
        server = new H2TcpServer(dir);
        store =
                JdbcSessionStore.open(
                        server.url("outage"),
                        null,
                        null,
                        Duration.ofSeconds(10),
                        Clock.systemUTC());
    }

    @AfterEach
    void close() {
        store.close();
        server.close();
    }

    @Test
    void a_write_while_the_database_is_down_fails_as_unavailable_and_writes_nothing()
            throws SQLException {
        String id = store.create(List.of(started()), SNAPSHOT).id();

        server.stop();
        Throwable failure =
                catchThrowable(() -> store.append(id, 1, List.of(answered(1)), SNAPSHOT));
        server.start();

        assertThat(failure)
                .isInstanceOfSatisfying(
                        StoreUnavailableException.class,
                        e -> assertThat(e.isOutcomeUnknown()).as("outcome unknown").isFalse());
        assertThat(storedEvents(id)).isEqualTo(1);
    }

    @Test
    void once_the_database_is_back_connections_it_broke_are_dropped_and_writes_succeed() {
        String id = store.create(List.of(started()), SNAPSHOT).id();
        server.stop();
        assertThatThrownBy(() -> store.append(id, 1, List.of(answered(1)), SNAPSHOT))
                .isInstanceOf(StoreUnavailableException.class);
        server.start();
        List<String> outcomes = new ArrayList<>();

        // Each pooled connection the outage broke fails once, when first used, and is dropped.
        int count = 1;
        for (int i = 0; i < POOL_SIZE + 20; i++) {
            try {
                count = store.append(id, count, List.of(answered(i)), SNAPSHOT).eventCount();
                outcomes.add("ok");
            } catch (StoreUnavailableException e) {
                outcomes.add("unavailable");
            }
        }

        int firstSuccess = outcomes.indexOf("ok");
        assertThat(firstSuccess)
                .as("failures before the first success")
                .isBetween(0, POOL_SIZE - 1);
        assertThat(outcomes.subList(firstSuccess, outcomes.size()))
                .as("outcomes from the first success on")
                .containsOnly("ok");
        assertThat(store.find(id).orElseThrow().log()).hasSize(count);
    }

    /**
     * The database comes back read-only, as a PostgreSQL standby does after a failover: here, while
     * the server is down, the test closes the database and opens it again read-only, and the
     * server's connections share it.
     */
    @Test
    void a_database_back_read_only_fails_writes_as_read_only_and_still_reads() throws SQLException {
        String id = store.create(List.of(started()), SNAPSHOT).id();
        String file = "jdbc:h2:file:" + dir.resolve("outage");
        server.stop();
        try (Connection c = DriverManager.getConnection(file)) {
            c.createStatement().execute("SHUTDOWN");
        }
        List<String> outcomes = new ArrayList<>();

        try (Connection readOnly = DriverManager.getConnection(file + ";ACCESS_MODE_DATA=r")) {
            server.start();
            // Each pooled connection the restart broke fails once, as unavailable, and is dropped.
            for (int i = 0; i < POOL_SIZE + 1; i++) {
                try {
                    store.append(id, 1, List.of(answered(i)), SNAPSHOT);
                    outcomes.add("ok");
                } catch (StoreReadOnlyException e) {
                    outcomes.add("read-only");
                } catch (StoreUnavailableException e) {
                    outcomes.add("unavailable");
                }
            }

            assertThat(outcomes).as("outcomes").endsWith("read-only").doesNotContain("ok");
            assertThat(store.find(id).orElseThrow().log()).hasSize(1);
        }
    }

    /**
     * After a failover the pooled connections still reach the demoted server, which is read-only,
     * while a new connection would reach the new primary. Here the pooled connections share the
     * database read-only while a connection of the test holds it open so; once that one closes, a
     * fresh connection opens the file writable again.
     */
    @Test
    void after_a_read_only_refusal_the_pool_connects_afresh_and_writes_work_again()
            throws SQLException, InterruptedException {
        String id = store.create(List.of(started()), SNAPSHOT).id();
        String file = "jdbc:h2:file:" + dir.resolve("outage");
        server.stop();
        try (Connection c = DriverManager.getConnection(file)) {
            c.createStatement().execute("SHUTDOWN");
        }
        try (Connection readOnly = DriverManager.getConnection(file + ";ACCESS_MODE_DATA=r")) {
            server.start();
            assertThat(catchThrowable(() -> appendUntilNotBroken(id)))
                    .isInstanceOf(StoreReadOnlyException.class);
        }

        int count = 1;
        int failures = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (count == 1 && System.nanoTime() < deadline) {
            try {
                count = store.append(id, 1, List.of(answered(1)), SNAPSHOT).eventCount();
            } catch (StoreUnavailableException e) {
                failures++;
                Thread.sleep(50);
            }
        }

        assertThat(count).as("events after %d failed writes", failures).isEqualTo(2);
        assertThat(store.append(id, 2, List.of(answered(2)), SNAPSHOT).eventCount()).isEqualTo(3);
    }

    /** Appends to {@code id} until a failure is other than a connection the restart broke. */
    private void appendUntilNotBroken(String id) {
        for (int i = 0; i <= POOL_SIZE; i++) {
            try {
                store.append(id, 1, List.of(answered(i)), SNAPSHOT);
                return;
            } catch (StoreReadOnlyException e) {
                throw e;
            } catch (StoreUnavailableException e) {
                // a pooled connection the restart broke, dropped now
            }
        }
    }

    /** Counts the session's events with a connection of its own, outside the store's pool. */
    private int storedEvents(String id) throws SQLException {
        try (Connection c = DriverManager.getConnection(server.url("outage"));
                PreparedStatement count =
                        c.prepareStatement(
                                "SELECT COUNT(*) FROM session_events WHERE session_id = ?")) {
            count.setString(1, id);
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    private static Event started() {
        return new Event.Started("0x904", "0x7", null, "T-1", null);
    }

    private static Event answered(int n) {
        return new Event.Answered("question-" + n, "yes");
    }
}
