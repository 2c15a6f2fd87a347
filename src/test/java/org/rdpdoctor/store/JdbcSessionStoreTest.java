package org.rdpdoctor.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rdpdoctor.engine.Event;

/** The store contract on H2, in memory under a new name for each test; and opening databases. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class JdbcSessionStoreTest implements SessionStoreContract {
    private final String url = "jdbc:h2:mem:store-" + UUID.randomUUID();
    private JdbcSessionStore store;

    @BeforeEach
    void open() {
        store = JdbcSessionStore.open(url, null, null, Duration.ofSeconds(10), new TickingClock());
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Override
    public SessionStore store() {
        return store;
    }

    @Override
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url);
    }

    @Test
    void an_unreachable_database_is_reported_with_its_url() {
        String unreachable = "jdbc:postgresql://127.0.0.1:1/x";

        assertThatThrownBy(
                        () ->
                                JdbcSessionStore.open(
                                        unreachable,
                                        "nobody",
                                        "nothing",
                                        Duration.ofMillis(500),
                                        Clock.systemUTC()))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageStartingWith(
                        "cannot open the database jdbc:postgresql://127.0.0.1:1/x: ");
    }

    /**
     * Another process holding the file is the usual case (a second {@code serve}); a lock on the
     * file from this process fails H2's open the same way. The store may wait 5 minutes for a
     * database that may come back; this one will not, and the test fails after one.
     */
    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void an_h2_file_another_process_holds_is_reported_at_once(@TempDir Path dir) throws Exception {
        String file = "jdbc:h2:file:" + dir.resolve("db");
        JdbcSessionStore.open(file, null, null).close();

        try (FileChannel channel =
                        FileChannel.open(
                                dir.resolve("db.mv.db"),
                                StandardOpenOption.READ,
                                StandardOpenOption.WRITE);
                FileLock held = channel.lock()) {
            assertThatThrownBy(
                            () ->
                                    JdbcSessionStore.open(
                                            file,
                                            null,
                                            null,
                                            Duration.ofMinutes(5),
                                            Clock.systemUTC()))
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessage(
                            "cannot open the database "
                                    + file
                                    + ": another process has its file open; is another"
                                    + " rdp-doctor serving from it? Stop that one, or give this"
                                    + " one another --db");
        }
    }

    /**
     * H2 opens a file this user may not write read-only, as {@code ACCESS_MODE_DATA=r} asks (these
     * tests run as root, who may write any file); it takes every read then, and a CHECKPOINT.
     */
    @Test
    void a_read_only_h2_file_is_refused_at_open_as_read_only(@TempDir Path dir) {
        String file = "jdbc:h2:file:" + dir.resolve("db");
        JdbcSessionStore.open(file, null, null).close();
        String readOnly = file + ";ACCESS_MODE_DATA=r";

        assertThatThrownBy(() -> JdbcSessionStore.open(readOnly, null, null))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessage(
                        "cannot write to the database "
                                + readOnly
                                + ": it is read-only (H2 opens read-only a file it may not"
                                + " write); make its .mv.db file writable for the user that opens"
                                + " it");
    }

    @Test
    void a_read_only_h2_file_without_the_schema_is_refused_as_read_only(@TempDir Path dir)
            throws SQLException {
        String file = "jdbc:h2:file:" + dir.resolve("db");
        DriverManager.getConnection(file).close();
        String readOnly = file + ";ACCESS_MODE_DATA=r";

        assertThatThrownBy(() -> JdbcSessionStore.open(readOnly, null, null))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageStartingWith(
                        "cannot write to the database " + readOnly + ": it is read-only (");
    }

    /**
     * A file H2 cannot open, and a trace file it cannot write, as in a folder this user may not
     * write (folders in their place, as root may write anywhere): one line that says why, and none
     * of the stack traces H2 prints when it cannot write its trace file.
     */
    @Test
    void an_h2_file_that_cannot_be_opened_is_named_with_the_reason_and_no_stack_trace(
            @TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("db.mv.db"));
        Files.createDirectories(dir.resolve("db.trace.db"));
        String file = "jdbc:h2:file:" + dir.resolve("db");
        PrintStream original = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        Throwable failure;
        try {
            System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
            failure = catchThrowable(() -> JdbcSessionStore.open(file, null, null));
        } finally {
            System.setErr(original);
        }

        assertThat(failure)
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessage(
                        "cannot open the database "
                                + file
                                + ": Is a directory ("
                                + dir.resolve("db.mv.db")
                                + ")");
        assertThat(printed.toString(StandardCharsets.UTF_8)).as("printed by H2").isEmpty();
    }

    @Test
    void an_h2_file_is_opened_without_a_trace_file_and_left_open_at_exit_unless_its_url_says_so() {
        assertThat(JdbcSessionStore.connectUrl("jdbc:h2:file:/srv/rdp/db"))
                .isEqualTo("jdbc:h2:file:/srv/rdp/db;TRACE_LEVEL_FILE=0;DB_CLOSE_ON_EXIT=FALSE");
        assertThat(JdbcSessionStore.connectUrl("jdbc:h2:./db;trace_level_file=1"))
                .isEqualTo("jdbc:h2:./db;trace_level_file=1;DB_CLOSE_ON_EXIT=FALSE");
        assertThat(JdbcSessionStore.connectUrl("jdbc:h2:./db;DB_CLOSE_ON_EXIT=TRUE"))
                .isEqualTo("jdbc:h2:./db;DB_CLOSE_ON_EXIT=TRUE;TRACE_LEVEL_FILE=0");
        assertThat(JdbcSessionStore.connectUrl("jdbc:h2:mem:x")).isEqualTo("jdbc:h2:mem:x");
        assertThat(JdbcSessionStore.connectUrl("jdbc:h2:tcp://127.0.0.1/db"))
                .isEqualTo("jdbc:h2:tcp://127.0.0.1/db");
    }

    @Test
    void the_folder_of_an_embedded_h2_file_database_is_read_from_its_url() {
        Path here = Path.of("").toAbsolutePath();

        assertThat(JdbcSessionStore.h2Folder(JdbcSessionStore.DEFAULT_URL))
                .contains(here.resolve("data"));
        assertThat(JdbcSessionStore.h2Folder("jdbc:h2:/srv/rdp/db;MODE=PostgreSQL"))
                .contains(Path.of("/srv/rdp"));
        assertThat(JdbcSessionStore.h2Folder("JDBC:H2:FILE:/srv/rdp/db"))
                .contains(Path.of("/srv/rdp"));
        assertThat(JdbcSessionStore.h2Folder("jdbc:h2:~/rdp/db"))
                .contains(Path.of(System.getProperty("user.home"), "rdp"));
        assertThat(JdbcSessionStore.h2Folder("jdbc:h2:mem:x;DB_CLOSE_DELAY=-1")).isEmpty();
        assertThat(JdbcSessionStore.h2Folder("jdbc:h2:tcp://127.0.0.1/db")).isEmpty();
        assertThat(JdbcSessionStore.h2Folder("jdbc:postgresql://127.0.0.1/x")).isEmpty();
    }

    @Test
    void an_h2_file_database_has_every_write_in_its_file_when_the_write_returns(@TempDir Path dir)
            throws Exception {
        String file = "jdbc:h2:file:" + dir.resolve("db");
        int writers = 8;
        int answersEach = 25;
        List<String> ids = new ArrayList<>();
        Path copy = dir.resolve("copy.mv.db");

        try (JdbcSessionStore opened = JdbcSessionStore.open(file, null, null)) {
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            try {
                List<Future<String>> sessions = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    sessions.add(pool.submit(() -> writeSession(opened, answersEach)));
                }
                for (Future<String> session : sessions) {
                    ids.add(session.get(1, TimeUnit.MINUTES));
                }
            } finally {
                pool.shutdownNow();
            }
            Files.copy(dir.resolve("db.mv.db"), copy);
        }

        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("copy"));
                ResultSet r =
                        c.createStatement()
                                .executeQuery(
                                        "SELECT COUNT(DISTINCT session_id), COUNT(*) FROM session_events")) {
            r.next();
            assertThat(r.getInt(1)).as("sessions in the copied file").isEqualTo(writers);
            assertThat(r.getInt(2))
                    .as("events in the copied file")
                    .isEqualTo(writers * (1 + answersEach));
        }
        assertThat(ids).doesNotHaveDuplicates();
    }

    @Test
    void an_h2_file_database_with_its_own_write_delay_keeps_it(@TempDir Path dir)
            throws SQLException {
        String file = "jdbc:h2:file:" + dir.resolve("db") + ";WRITE_DELAY=0";

        try (JdbcSessionStore opened = JdbcSessionStore.open(file, null, null)) {
            assertThat(writeDelay(file)).isEqualTo("0");
        }
    }

    @Test
    void sessions_of_a_period_come_newest_first_so_a_capped_report_keeps_the_recent_ones() {
        List<String> ids =
                List.of(writeSession(store, 0), writeSession(store, 0), writeSession(store, 0));

        List<SessionSummary> newest =
                store.createdBetween(Instant.EPOCH, Instant.parse("2027-01-01T00:00:00Z"), 2);

        assertThat(newest).extracting(SessionSummary::id).containsExactly(ids.get(2), ids.get(1));
    }

    @Test
    void data_the_database_refuses_is_a_fault_to_report_not_an_outage_to_wait_out() {
        SessionStore.Snapshot snapshot =
                new SessionStore.Snapshot("asking", false, null, Map.of(), "test");
        List<Event> tooLong =
                List.of(new Event.Started("0x904", null, null, "t".repeat(401), null));

        assertThatThrownBy(() -> store.create(tooLong, snapshot))
                .isInstanceOf(IllegalStateException.class)
                .isNotInstanceOf(StoreUnavailableException.class)
                .hasMessageStartingWith("the database refused the data: ");
    }

    @Test
    void a_session_written_before_the_state_status_was_kept_has_none_until_its_next_write()
            throws SQLException {
        String older = "jdbc:h2:mem:schema-2-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        Flyway.configure().dataSource(older, null, null).target("2").load().migrate();
        try (Connection c = DriverManager.getConnection(older)) {
            c.createStatement()
                    .executeUpdate(
                            "INSERT INTO sessions (id, status, knowledge_version, leading_cause,"
                                    + " event_count, created_at, updated_at) VALUES ('s-1', 'open',"
                                    + " 'kv-1', 'cause-a', 1, TIMESTAMP WITH TIME ZONE"
                                    + " '2026-12-01 10:00:00+00', TIMESTAMP WITH TIME ZONE"
                                    + " '2026-12-01 10:00:00+00')");
            c.createStatement()
                    .executeUpdate(
                            "INSERT INTO session_events (session_id, seq, type, body, recorded_at)"
                                    + " VALUES ('s-1', 1, 'started', '{\"type\":\"started\","
                                    + "\"errorCode\":\"0x904\"}', TIMESTAMP WITH TIME ZONE"
                                    + " '2026-12-01 10:00:00+00')");
        }
        try (JdbcSessionStore upgraded =
                JdbcSessionStore.open(
                        older, null, null, Duration.ofSeconds(10), new TickingClock())) {
            SessionSummary before = upgraded.find("s-1").orElseThrow().summary();
            SessionSummary after =
                    upgraded.append(
                            "s-1",
                            1,
                            List.of(new Event.Answered("q1", "unknown")),
                            new SessionStore.Snapshot(
                                    "diagnosed", false, "cause-a", Map.of(), "kv-1"));

            assertThat(before.leadingCause()).isEqualTo("cause-a");
            assertThat(before.stateStatus()).isNull();
            assertThat(before.guess()).isNull();
            assertThat(after.stateStatus()).isEqualTo("diagnosed");
            assertThat(after.guess()).isFalse();
        }
    }

    @Test
    void a_state_status_left_from_before_a_write_of_an_earlier_version_is_not_the_sessions()
            throws SQLException {
        String id =
                store.create(
                                List.of(new Event.Started("0x904", "0x9", null, null, null)),
                                new SessionStore.Snapshot(
                                        "diagnosed", false, "cause-a", Map.of(), "kv-1"))
                        .id();
        // What a server of the version before writes: the event, the count and the leading cause.
        try (Connection c = DriverManager.getConnection(url)) {
            c.createStatement()
                    .executeUpdate(
                            "INSERT INTO session_events (session_id, seq, type, body, recorded_at)"
                                    + " VALUES ('"
                                    + id
                                    + "', 2, 'answered', '{\"type\":\"answered\","
                                    + "\"questionId\":\"q1\",\"optionId\":\"unknown\"}',"
                                    + " CURRENT_TIMESTAMP)");
            c.createStatement()
                    .executeUpdate(
                            "UPDATE sessions SET event_count = 2, leading_cause = 'cause-b' WHERE"
                                    + " id = '"
                                    + id
                                    + "'");
        }

        SessionSummary summary = store.find(id).orElseThrow().summary();

        assertThat(summary.leadingCause()).isEqualTo("cause-b");
        assertThat(summary.stateStatus()).isNull();
        assertThat(summary.guess()).isNull();
        assertThat(store.list(null, 10, null).get(0).stateStatus()).isNull();
    }

    @Test
    void a_constraint_the_database_holds_the_data_to_is_a_fault_to_report_not_an_outage() {
        SessionStore.Snapshot noVersion =
                new SessionStore.Snapshot("asking", false, null, Map.of(), null);
        List<Event> started = List.of(new Event.Started("0x904", "0x7", null, null, null));

        assertThatThrownBy(() -> store.create(started, noVersion))
                .isInstanceOf(IllegalStateException.class)
                .isNotInstanceOf(StoreUnavailableException.class)
                .hasMessageStartingWith("the database refused the data: ");
    }

    /** A session with {@code answers} answers, written one at a time; returns its id. */
    private static String writeSession(SessionStore store, int answers) {
        SessionStore.Snapshot snapshot =
                new SessionStore.Snapshot("asking", false, null, Map.of(), "test");
        String id =
                store.create(List.of(new Event.Started("0x904", "0x7", null, null, null)), snapshot)
                        .id();
        for (int i = 1; i <= answers; i++) {
            store.append(id, i, List.of(new Event.Answered("q" + i, "unknown")), snapshot);
        }
        return id;
    }

    private static String writeDelay(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url);
                ResultSet r =
                        c.createStatement()
                                .executeQuery(
                                        "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
                                                + " WHERE SETTING_NAME = 'WRITE_DELAY'")) {
            return r.next() ? r.getString(1) : "not set";
        }
    }
}
