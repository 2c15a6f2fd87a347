package org.rdpdoctor.store;

import static org.assertj.core.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;

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
