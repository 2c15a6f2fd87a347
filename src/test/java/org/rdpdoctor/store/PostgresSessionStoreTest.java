package org.rdpdoctor.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.rdpdoctor.engine.Event;

/**
 * The store contract on PostgreSQL, each test in a schema of its own. The database comes from
 * {@code RDP_DOCTOR_TEST_PG_URL}, {@code _USER} and {@code _PASSWORD} ({@code .ci/run} starts one);
 * without it the tests are skipped, except under {@code CI=true}, where they fail.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class PostgresSessionStoreTest implements SessionStoreContract {
    private static final String URL = System.getenv("RDP_DOCTOR_TEST_PG_URL");
    private static final String USER = System.getenv("RDP_DOCTOR_TEST_PG_USER");
    private static final String PASSWORD = System.getenv("RDP_DOCTOR_TEST_PG_PASSWORD");

    private final String schema = "store_test_" + UUID.randomUUID().toString().replace("-", "");
    private JdbcSessionStore store;

    @BeforeAll
    static void requireDatabase() {
        if (URL == null || URL.isBlank()) {
            String message =
                    "RDP_DOCTOR_TEST_PG_URL is not set: no PostgreSQL to test the store on"
                            + " (.ci/run starts one; or set RDP_DOCTOR_TEST_PG_URL, _USER and"
                            + " _PASSWORD)";
            if ("true".equals(System.getenv("CI"))) {
                fail(message + "; CI=true, so this is a failure, not a skip");
            }
            Assumptions.abort(message);
        }
    }

    @BeforeEach
    void open() throws SQLException {
        execute("CREATE SCHEMA " + schema);
        store =
                JdbcSessionStore.open(
                        inSchema(), USER, PASSWORD, Duration.ofSeconds(10), new TickingClock());
    }

    @AfterEach
    void close() throws SQLException {
        if (store != null) {
            store.close();
        }
        execute("DROP SCHEMA " + schema + " CASCADE");
    }

    @Test
    void a_server_that_stops_answering_fails_the_operation_and_serves_again_once_it_answers()
            throws IOException {
        URI server = URI.create(URL.substring("jdbc:".length()));
        SessionStore.Snapshot snapshot =
                new SessionStore.Snapshot("asking", false, null, Map.of(), "kv-1");
        try (StallingProxy proxy = new StallingProxy(server.getHost(), server.getPort());
                JdbcSessionStore behindProxy =
                        JdbcSessionStore.open(
                                inSchema()
                                        .replace(
                                                server.getHost() + ":" + server.getPort(),
                                                "127.0.0.1:" + proxy.port()),
                                USER,
                                PASSWORD,
                                Duration.ofSeconds(10),
                                Duration.ofSeconds(2),
                                new TickingClock())) {
            String id =
                    behindProxy
                            .create(
                                    List.of(new Event.Started("0x904", "0x7", null, "T-1", null)),
                                    snapshot)
                            .id();

            proxy.stall();
            // Without a timeout of its own the driver would wait for minutes, until TCP gives up.
            Throwable failure =
                    assertTimeoutPreemptively(
                            Duration.ofSeconds(60),
                            () ->
                                    catchThrowable(
                                            () ->
                                                    behindProxy.append(
                                                            id,
                                                            1,
                                                            List.of(
                                                                    new Event.Answered(
                                                                            "vpn", "yes")),
                                                            snapshot)));
            proxy.resume();

            assertThat(failure)
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("did not answer");
            behindProxy.append(id, 1, List.of(new Event.Answered("vpn", "no")), snapshot);
            assertThat(behindProxy.find(id).orElseThrow().events())
                    .as("the stalled answer is not stored, the later one is")
                    .containsExactly(
                            new Event.Started("0x904", "0x7", null, "T-1", null),
                            new Event.Answered("vpn", "no"));
        }
    }

    @Test
    void a_read_only_database_is_refused_at_open_as_read_only() {
        String readOnly = inSchema() + "&options=-c%20default_transaction_read_only=on";

        assertThatThrownBy(
                        () ->
                                JdbcSessionStore.open(
                                        readOnly,
                                        USER,
                                        PASSWORD,
                                        Duration.ofSeconds(10),
                                        new TickingClock()))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessage(
                        "cannot write to the database "
                                + readOnly
                                + ": it is read-only (a standby, or default_transaction_read_only"
                                + " is on); give a primary server that takes writes");
    }

    @Override
    public SessionStore store() {
        return store;
    }

    @Override
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(inSchema(), USER, PASSWORD);
    }

    private String inSchema() {
        return URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD);
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
