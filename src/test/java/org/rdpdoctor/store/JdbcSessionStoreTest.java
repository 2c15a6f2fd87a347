package org.rdpdoctor.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    @Test
    void an_h2_file_database_writes_each_commit_to_its_file_before_returning(@TempDir Path dir)
            throws SQLException {
        String file = "jdbc:h2:file:" + dir.resolve("db");

        try (JdbcSessionStore opened = JdbcSessionStore.open(file, null, null)) {
            assertThat(writeDelay(file)).isEqualTo("0");
        }
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
