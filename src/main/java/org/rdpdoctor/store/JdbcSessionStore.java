package org.rdpdoctor.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.SQLExceptionOverride;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.h2.api.ErrorCode;
import org.rdpdoctor.engine.Event;
import org.rdpdoctor.engine.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SessionStore} over JDBC with a HikariCP pool; the schema is migrated by Flyway at open,
 * the same migrations for H2 and PostgreSQL. Each write is one transaction.
 *
 * <p>H2 keeps committed changes in memory for up to {@code WRITE_DELAY} (500 ms by default) before
 * it writes them to its file, so a killed process would lose acknowledged writes. For embedded H2
 * URLs that do not set {@code WRITE_DELAY}, a write therefore returns only once a {@code
 * CHECKPOINT} that started after its commit has written it to the file; concurrent writes share one
 * checkpoint ({@link GroupFlush}). Writing the changed pages at every commit ({@code
 * WRITE_DELAY=0}) cost about a third of the server's time per API request under load. H2 does not
 * fsync, so a write survives a killed process, not a power cut.
 *
 * <p>When the database goes away, an operation fails with {@link StoreUnavailableException} at once
 * if its connection breaks, or after waiting at most {@link #CONNECT_TIMEOUT_MAX} for a connection.
 * A PostgreSQL server that stops answering without closing anything (a dropped network path) fails
 * an operation after {@link #ANSWER_TIMEOUT} instead of holding its request forever; a {@code
 * socketTimeout} in the URL overrides it. (H2's client has no such setting.) Broken connections are
 * dropped from the pool, so operations succeed again as soon as the database is back, without a
 * restart.
 *
 * <p>A database that takes no writes (an H2 file this user may not write, which H2 opens read-only;
 * a PostgreSQL standby) is refused at open; one that turns read-only later fails each write with
 * {@link StoreReadOnlyException}, and the pool then connects afresh. An embedded H2 file database
 * writes no {@code .trace.db} file (its errors reach the caller; a trace file it cannot write would
 * print stack traces) and is closed by {@link #close()}, not when the JVM begins to exit, so that
 * requests still running then can finish their writes; a {@code TRACE_LEVEL_FILE} or {@code
 * DB_CLOSE_ON_EXIT} in the URL takes precedence.
 */
public final class JdbcSessionStore implements SessionStore {
    /** The default database: an H2 file under {@code ./data/}, created on first start. */
    public static final String DEFAULT_URL = "jdbc:h2:file:./data/rdp-doctor";

    private static final String H2 = "jdbc:h2:";
    private static final String FILE = "file:";

    private static final ObjectWriter WRITER = Json.compact().forType(Event.class);
    private static final ObjectReader READER = Json.mapper().readerFor(Event.class);
    private static final Logger LOG = LoggerFactory.getLogger(JdbcSessionStore.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /** Connections to a database server: enough for the server's work, few for the database. */
    private static final int CONNECTIONS = 8;

    /**
     * Connections to an embedded H2 database with group commit: cheap (no socket, no server
     * process), and the more writes run at once, the more share one checkpoint. Under 64 clients
     * the API served 4,571 requests/s with 8, 5,290 with 32 and 5,811 with 64 (HttpBench, one run
     * each).
     */
    private static final int GROUP_COMMIT_CONNECTIONS = 32;

    /** The longest an operation waits for a connection before it fails. */
    static final Duration CONNECT_TIMEOUT_MAX = Duration.ofSeconds(5);

    /**
     * The longest a PostgreSQL connection waits for the server's answer: far above any query of the
     * store, short enough that a server gone silent does not hold requests for the minutes a TCP
     * connection takes to give up.
     */
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

    /** The SQL state of a unique violation, in H2 and PostgreSQL alike. */
    private static final String UNIQUE_VIOLATION = "23505";

    /**
     * PostgreSQL's SQL state for a write in a read-only transaction (read_only_sql_transaction).
     */
    private static final String READ_ONLY_TRANSACTION = "25006";

    /**
     * A session's summary as read: the diagnosis's status, and whether it was a guess, only when
     * they were written with the session's last event, not left from an earlier one by a server of
     * an earlier version.
     */
    private static final String SUMMARY_COLUMNS =
            "id, ticket_ref, error_code, extended_code, status, knowledge_version, leading_cause,"
                    + " CASE WHEN state_status_at = event_count THEN state_status END,"
                    + " CASE WHEN state_guess_at = event_count THEN state_guess END, event_count,"
                    + " created_at, updated_at";

    private final HikariDataSource pool;
    private final Clock clock;

    /** Null when each commit is durable by itself: PostgreSQL, or H2 with its own write delay. */
    private final GroupFlush groupFlush;

    private JdbcSessionStore(HikariDataSource pool, Clock clock, GroupFlush groupFlush) {
        this.pool = pool;
        this.clock = clock;
        this.groupFlush = groupFlush;
    }

    /**
     * Opens the database at {@code url} (with {@code user} and {@code password} when given) and
     * migrates its schema.
     *
     * @throws StoreUnavailableException when it cannot be reached or migrated
     */
    public static JdbcSessionStore open(String url, String user, String password) {
        return open(url, user, password, CONNECT_TIMEOUT, Clock.systemUTC());
    }

    /**
     * As {@link #open(String, String, String)}, waiting at most {@code timeout} for the database
     * and stamping writes with {@code clock}.
     */
    static JdbcSessionStore open(
            String url, String user, String password, Duration timeout, Clock clock) {
        return open(url, user, password, timeout, ANSWER_TIMEOUT, clock);
    }

    /** As above, with PostgreSQL's answers awaited at most {@code answerTimeout}. */
    static JdbcSessionStore open(
            String url,
            String user,
            String password,
            Duration timeout,
            Duration answerTimeout,
            Clock clock) {
        if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
            throw new StoreUnavailableException(
                    "cannot open the database "
                            + url
                            + ": not a database URL this server takes; give jdbc:h2:PATH or"
                            + " jdbc:postgresql://HOST/DATABASE",
                    null);
        }
        h2Folder(url).ifPresent(JdbcSessionStore::createFolder);
        String connectUrl = connectUrl(url);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(connectUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setPoolName("rdp-doctor");
        config.setMaximumPoolSize(delaysWrites(url) ? GROUP_COMMIT_CONNECTIONS : CONNECTIONS);
        config.setConnectionTimeout(Math.min(CONNECT_TIMEOUT_MAX.toMillis(), timeout.toMillis()));
        config.setExceptionOverride(new BrokenConnections());
        config.setInitializationFailTimeout(timeout.toMillis());
        if (url.startsWith("jdbc:postgresql:")) {
            // The driver's own property, in seconds; a socketTimeout in the URL takes precedence.
            config.addDataSourceProperty(
                    "socketTimeout", Long.toString(Math.max(1, answerTimeout.toSeconds())));
        }
        HikariDataSource pool;
        // An embedded H2 file is opened once before the pool, which then finds it open: its
        // failures (the file held by another process, a wrong password, a damaged file) do not
        // pass with time, and the pool would try again for its whole timeout before saying so.
        try (Connection embedded =
                h2Folder(url).isPresent()
                        ? DriverManager.getConnection(connectUrl, user, password)
                        : null) {
            pool = new HikariDataSource(config);
        } catch (RuntimeException | SQLException e) {
            throw cannotOpen(url, e);
        }
        try {
            Flyway.configure().dataSource(pool).load().migrate();
        } catch (RuntimeException e) {
            pool.close();
            throw isReadOnly(e)
                    ? readOnlyAtOpen(url, e)
                    : new StoreUnavailableException(
                            "cannot migrate the database " + url + ": " + rootMessage(e), e);
        }
        requireWritable(pool, url);
        GroupFlush groupFlush = null;
        if (delaysWrites(url)) {
            try (Connection c = pool.getConnection()) {
                checkpoint(c);
            } catch (SQLException e) {
                pool.close();
                throw new StoreUnavailableException(
                        "cannot make writes durable in the database "
                                + url
                                + ": CHECKPOINT failed ("
                                + e.getMessage()
                                + "); connect as its admin user, or add ;WRITE_DELAY=0 to the URL",
                        e);
            }
            groupFlush = new GroupFlush();
        }
        return new JdbcSessionStore(pool, clock, groupFlush);
    }

    /**
     * {@code url} with the settings an embedded H2 file database gets unless it gives them (see the
     * class comment); any other URL as it is.
     */
    static String connectUrl(String url) {
        if (h2Folder(url).isEmpty()) {
            return url;
        }
        return url
                + (hasSetting(url, "TRACE_LEVEL_FILE") ? "" : ";TRACE_LEVEL_FILE=0")
                + (hasSetting(url, "DB_CLOSE_ON_EXIT") ? "" : ";DB_CLOSE_ON_EXIT=FALSE");
    }

    /** Whether an H2 URL sets {@code name}. */
    private static boolean hasSetting(String url, String name) {
        return url.toUpperCase(Locale.ROOT).contains(";" + name + "=");
    }

    /**
     * Fails unless the database takes writes. H2 opens read-only a file it may not write, and a
     * PostgreSQL standby is read-only; both take every read, and H2 a {@code CHECKPOINT} too, so a
     * server would start and then fail every write. An update of no rows is refused as any write.
     */
    private static void requireWritable(HikariDataSource pool, String url) {
        try (Connection c = pool.getConnection();
                Statement update = c.createStatement()) {
            c.setAutoCommit(false);
            update.executeUpdate("UPDATE sessions SET id = id WHERE id IS NULL");
            c.rollback();
        } catch (SQLException e) {
            pool.close();
            throw isReadOnly(e)
                    ? readOnlyAtOpen(url, e)
                    : new StoreUnavailableException(
                            "cannot write to the database " + url + ": " + e.getMessage(), e);
        }
    }

    private static StoreUnavailableException readOnlyAtOpen(String url, Exception e) {
        return new StoreUnavailableException(
                "cannot write to the database "
                        + url
                        + ": it is read-only "
                        + (url.startsWith("jdbc:postgresql:")
                                ? "(a standby, or default_transaction_read_only is on); give a"
                                        + " primary server that takes writes"
                                : "(H2 opens read-only a file it may not write); make its .mv.db"
                                        + " file writable for the user that opens it"),
                e);
    }

    /**
     * The folder of an embedded H2 file database ({@code jdbc:h2:file:path} or {@code
     * jdbc:h2:path}), if {@code url} is one.
     */
    static Optional<Path> h2Folder(String url) {
        if (!url.regionMatches(true, 0, H2, 0, H2.length())) {
            return Optional.empty();
        }
        String name = url.substring(H2.length()).split(";", 2)[0];
        if (name.regionMatches(true, 0, FILE, 0, FILE.length())) {
            name = name.substring(FILE.length());
        } else if (name.matches("(?i)[a-z]{2,}:.*")) {
            // mem:, tcp:, ssl:, and H2's file systems such as nio: or zip:.
            return Optional.empty();
        }
        if (name.startsWith("~")) {
            name = System.getProperty("user.home") + name.substring(1);
        }
        return Optional.ofNullable(Path.of(name).toAbsolutePath().normalize().getParent());
    }

    /**
     * Creates the folder H2 would, so that a path it cannot create is one line here rather than a
     * retry every second with H2's own stack traces, as it fails to write its trace file too.
     */
    private static void createFolder(Path folder) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            String why = e.toString();
            if (e instanceof FileAlreadyExistsException f) {
                why = f.getFile() + " is a file";
            } else if (e instanceof FileSystemException f) {
                why = why(f);
            }
            throw new StoreUnavailableException(
                    "cannot create the database folder " + folder + ": " + why, e);
        }
    }

    /** What the file system refused, and on which file. */
    private static String why(FileSystemException e) {
        String reason =
                e instanceof AccessDeniedException
                        ? "permission denied"
                        : e.getReason() == null ? e.getClass().getSimpleName() : e.getReason();
        return reason + " (" + e.getFile() + ")";
    }

    private static StoreUnavailableException cannotOpen(String url, Exception e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql
                    && sql.getErrorCode() == ErrorCode.DATABASE_ALREADY_OPEN_1) {
                return new StoreUnavailableException(
                        "cannot open the database "
                                + url
                                + ": another process has its file open; is another rdp-doctor"
                                + " serving from it? Stop that one, or give this one another --db",
                        e);
            }
            if (cause instanceof FileSystemException file) {
                return new StoreUnavailableException(
                        "cannot open the database " + url + ": " + why(file), e);
            }
        }
        return new StoreUnavailableException(
                "cannot open the database " + url + ": " + rootMessage(e), e);
    }

    /** Whether {@code url} is embedded H2 with its default write delay (see the class comment). */
    private static boolean delaysWrites(String url) {
        String upper = url.toUpperCase(Locale.ROOT);
        return upper.startsWith("JDBC:H2:")
                && !upper.startsWith("JDBC:H2:TCP:")
                && !upper.startsWith("JDBC:H2:SSL:")
                && !upper.startsWith("JDBC:H2:MEM:")
                && !hasSetting(url, "WRITE_DELAY");
    }

    private static void checkpoint(Connection c) throws SQLException {
        try (Statement statement = c.createStatement()) {
            statement.execute("CHECKPOINT");
        }
    }

    @Override
    public SessionSummary create(List<Event> events, Snapshot snapshot) {
        return insertSession(events, snapshot, null, null);
    }

    @Override
    public SessionSummary create(
            List<Event> events, Snapshot snapshot, String idempotencyKey, String requestHash) {
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(requestHash, "requestHash");
        try {
            return insertSession(events, snapshot, idempotencyKey, requestHash);
        } catch (KeyTaken e) {
            // The database let the insert fail only once the winner's transaction committed, and
            // this one is rolled back: a new transaction reads the winner.
            throw new IdempotencyKeyTakenException(
                    findByIdempotencyKey(idempotencyKey)
                            .orElseThrow(
                                    () ->
                                            new IllegalStateException(
                                                    "idempotency key '"
                                                            + idempotencyKey
                                                            + "' is taken, but no session has it",
                                                    e)));
        }
    }

    /** Inserts a session, and its idempotency key unless that is null, in one transaction. */
    private SessionSummary insertSession(
            List<Event> events, Snapshot snapshot, String idempotencyKey, String requestHash) {
        if (events.isEmpty() || !(events.get(0) instanceof Event.Started first)) {
            throw new IllegalArgumentException("a session's log must begin with a 'started' event");
        }
        String id = UUID.randomUUID().toString();
        Instant now = clock.instant();
        return transaction(
                true,
                c -> {
                    try (PreparedStatement insert =
                            c.prepareStatement(
                                    "INSERT INTO sessions (id, ticket_ref, error_code, extended_code,"
                                            + " status, knowledge_version, leading_cause,"
                                            + " state_status, state_guess, state_status_at,"
                                            + " state_guess_at, event_count, created_at, updated_at)"
                                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                        insert.setString(1, id);
                        insert.setString(2, first.ticketRef());
                        insert.setString(3, first.errorCode());
                        insert.setString(4, first.extendedCode());
                        insert.setString(5, status(snapshot).id());
                        insert.setString(6, snapshot.knowledgeVersion());
                        insert.setString(7, snapshot.leadingCause());
                        insert.setString(8, snapshot.stateStatus());
                        insert.setBoolean(9, snapshot.guess());
                        insert.setInt(10, events.size());
                        insert.setInt(11, events.size());
                        insert.setInt(12, events.size());
                        insert.setObject(13, time(now));
                        insert.setObject(14, time(now));
                        insert.executeUpdate();
                    }
                    insertEvents(c, id, 0, events, snapshot, now);
                    if (idempotencyKey != null) {
                        insertKey(c, new KeyedStart(idempotencyKey, requestHash, id, now));
                    }
                    return summary(c, id).orElseThrow();
                });
    }

    /**
     * Records the key of a new session.
     *
     * @throws KeyTaken when another session has the key: the transaction must end, as PostgreSQL
     *     takes nothing more in it
     */
    private static void insertKey(Connection c, KeyedStart key) throws SQLException {
        try (PreparedStatement insert =
                c.prepareStatement(
                        "INSERT INTO idempotency_keys (idempotency_key, request_hash, session_id,"
                                + " created_at) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, key.idempotencyKey());
            insert.setString(2, key.requestHash());
            insert.setString(3, key.sessionId());
            insert.setObject(4, time(key.at()));
            insert.executeUpdate();
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw new KeyTaken(e);
            }
            throw e;
        }
    }

    @Override
    public Optional<KeyedStart> findByIdempotencyKey(String idempotencyKey) {
        if (hasNul(idempotencyKey)) {
            return Optional.empty();
        }
        return transaction(
                c -> {
                    try (PreparedStatement select =
                            c.prepareStatement(
                                    "SELECT idempotency_key, request_hash, session_id, created_at"
                                            + " FROM idempotency_keys WHERE idempotency_key = ?")) {
                        select.setString(1, idempotencyKey);
                        try (ResultSet rows = select.executeQuery()) {
                            return rows.next()
                                    ? Optional.of(
                                            new KeyedStart(
                                                    rows.getString(1),
                                                    rows.getString(2),
                                                    rows.getString(3),
                                                    instant(rows, 4)))
                                    : Optional.empty();
                        }
                    }
                });
    }

    @Override
    public SessionSummary append(
            String id,
            int expectedCount,
            SessionStatus expectedStatus,
            List<Event> events,
            Snapshot snapshot) {
        Instant now = clock.instant();
        return transaction(
                true,
                c -> {
                    try (PreparedStatement update =
                            c.prepareStatement(
                                    "UPDATE sessions SET event_count = ?, status = ?, leading_cause = ?,"
                                            + " state_status = ?, state_guess = ?,"
                                            + " state_status_at = ?, state_guess_at = ?,"
                                            + " knowledge_version = ?, updated_at = ?"
                                            + " WHERE id = ? AND event_count = ?"
                                            + (expectedStatus == null ? "" : " AND status = ?"))) {
                        int count = expectedCount + events.size();
                        update.setInt(1, count);
                        update.setString(2, status(snapshot).id());
                        update.setString(3, snapshot.leadingCause());
                        update.setString(4, snapshot.stateStatus());
                        update.setBoolean(5, snapshot.guess());
                        update.setInt(6, count);
                        update.setInt(7, count);
                        update.setString(8, snapshot.knowledgeVersion());
                        update.setObject(9, time(now));
                        update.setString(10, id);
                        update.setInt(11, expectedCount);
                        if (expectedStatus != null) {
                            update.setString(12, expectedStatus.id());
                        }
                        if (update.executeUpdate() != 1) {
                            requireUnchanged(c, id, expectedCount, expectedStatus);
                            throw new ConcurrentUpdateException(
                                    id, expectedCount, "is being written by another server");
                        }
                    }
                    insertEvents(c, id, expectedCount, events, snapshot, now);
                    return summary(c, id).orElseThrow();
                });
    }

    @Override
    public SessionSummary abandon(String id, Integer expectedCount, SessionStatus from) {
        Instant now = clock.instant();
        return transaction(
                true,
                c -> {
                    try (PreparedStatement update =
                            c.prepareStatement(
                                    "UPDATE sessions SET status = ?, updated_at = ? WHERE id = ? AND status = ?"
                                            + (expectedCount == null
                                                    ? ""
                                                    : " AND event_count = ?"))) {
                        update.setString(1, SessionStatus.ABANDONED.id());
                        update.setObject(2, time(now));
                        update.setString(3, id);
                        update.setString(4, from.id());
                        if (expectedCount != null) {
                            update.setInt(5, expectedCount);
                        }
                        if (update.executeUpdate() != 1 && expectedCount != null) {
                            // Not in that status, or changed: only a change is refused.
                            requireUnchanged(c, id, expectedCount, null);
                        }
                    }
                    return summary(c, id)
                            .orElseThrow(() -> new NoSuchElementException("no session " + id));
                });
    }

    /**
     * Checks that a session has {@code expectedCount} events and {@code expectedStatus} (null:
     * any).
     *
     * @throws ConcurrentUpdateException when it has not, saying which
     * @throws NoSuchElementException when there is no such session
     */
    private static void requireUnchanged(
            Connection c, String id, int expectedCount, SessionStatus expectedStatus)
            throws SQLException {
        SessionSummary current =
                summary(c, id).orElseThrow(() -> new NoSuchElementException("no session " + id));
        if (current.eventCount() != expectedCount) {
            throw new ConcurrentUpdateException(id, expectedCount, current.eventCount());
        }
        if (expectedStatus != null && current.status() != expectedStatus) {
            throw new ConcurrentUpdateException(
                    id,
                    expectedCount,
                    "is " + current.status().id() + ", not " + expectedStatus.id());
        }
    }

    @Override
    public Optional<StoredSession> find(String id) {
        if (hasNul(id)) {
            return Optional.empty();
        }
        return transaction(
                c -> {
                    Optional<SessionSummary> summary = summary(c, id);
                    if (summary.isEmpty()) {
                        return Optional.empty();
                    }
                    List<StoredEvent> log = new ArrayList<>();
                    try (PreparedStatement select =
                            c.prepareStatement(
                                    "SELECT seq, recorded_at, body FROM session_events WHERE session_id = ? ORDER BY seq")) {
                        select.setString(1, id);
                        try (ResultSet rows = select.executeQuery()) {
                            while (rows.next()) {
                                log.add(
                                        new StoredEvent(
                                                rows.getInt(1),
                                                instant(rows, 2),
                                                event(rows.getString(3))));
                            }
                        }
                    }
                    return Optional.of(new StoredSession(summary.get(), log));
                });
    }

    @Override
    public List<SessionSummary> list(String ticketRef, int limit, SessionCursor after) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit: " + limit + " is negative");
        }
        if (limit == 0
                || ticketRef != null && hasNul(ticketRef)
                || after != null && hasNul(after.id())) {
            return List.of();
        }
        List<String> conditions = new ArrayList<>();
        List<Object> parameters = new ArrayList<>();
        if (ticketRef != null) {
            conditions.add("ticket_ref = ?");
            parameters.add(ticketRef);
        }
        if (after != null) {
            conditions.add("(updated_at < ? OR (updated_at = ? AND id > ?))");
            parameters.addAll(
                    List.of(time(after.updatedAt()), time(after.updatedAt()), after.id()));
        }
        return summaries(
                (conditions.isEmpty() ? "" : "WHERE " + String.join(" AND ", conditions))
                        + " ORDER BY updated_at DESC, id",
                parameters,
                limit);
    }

    @Override
    public List<RecordedOutcome> outcomesBetween(Instant from, Instant to) {
        return transaction(
                c -> {
                    try (PreparedStatement select =
                            c.prepareStatement(
                                    "SELECT session_id, fix_id, worked, leading_cause, knowledge_version,"
                                            + " recorded_at FROM fix_outcomes WHERE recorded_at >= ? AND"
                                            + " recorded_at < ? ORDER BY recorded_at, session_id, seq")) {
                        select.setObject(1, time(from));
                        select.setObject(2, time(to));
                        List<RecordedOutcome> out = new ArrayList<>();
                        try (ResultSet rows = select.executeQuery()) {
                            while (rows.next()) {
                                out.add(
                                        new RecordedOutcome(
                                                rows.getString(1),
                                                rows.getString(2),
                                                rows.getBoolean(3),
                                                rows.getString(4),
                                                rows.getString(5),
                                                instant(rows, 6)));
                            }
                        }
                        return out;
                    }
                });
    }

    @Override
    public List<SessionSummary> createdBetween(Instant from, Instant to, int limit) {
        return summaries(
                "WHERE created_at >= ? AND created_at < ? ORDER BY created_at DESC, id DESC",
                List.of(time(from), time(to)),
                limit);
    }

    /**
     * At most {@code limit} (more than 0) sessions' metadata, chosen and ordered by {@code clauses}
     * with its {@code parameters}.
     */
    private List<SessionSummary> summaries(String clauses, List<Object> parameters, int limit) {
        return transaction(
                c -> {
                    try (PreparedStatement select =
                            c.prepareStatement(
                                    "SELECT " + SUMMARY_COLUMNS + " FROM sessions " + clauses)) {
                        for (int i = 0; i < parameters.size(); i++) {
                            select.setObject(i + 1, parameters.get(i));
                        }
                        select.setMaxRows(limit);
                        List<SessionSummary> out = new ArrayList<>();
                        try (ResultSet rows = select.executeQuery()) {
                            while (rows.next()) {
                                out.add(summary(rows));
                            }
                        }
                        return List.copyOf(out);
                    }
                });
    }

    @Override
    public void close() {
        pool.close();
    }

    private void insertEvents(
            Connection c, String id, int after, List<Event> events, Snapshot snapshot, Instant now)
            throws SQLException {
        try (PreparedStatement insert =
                        c.prepareStatement(
                                "INSERT INTO session_events (session_id, seq, type, body, recorded_at) VALUES (?, ?, ?, ?, ?)");
                PreparedStatement outcome =
                        c.prepareStatement(
                                "INSERT INTO fix_outcomes (session_id, seq, fix_id, worked, leading_cause, knowledge_version,"
                                        + " recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            int seq = after;
            for (Event event : events) {
                seq++;
                insert.setString(1, id);
                insert.setInt(2, seq);
                insert.setString(3, Event.typeName(event));
                insert.setString(4, json(event));
                insert.setObject(5, time(now));
                insert.addBatch();
                if (event instanceof Event.FixTried fix) {
                    outcome.setString(1, id);
                    outcome.setInt(2, seq);
                    outcome.setString(3, fix.fixId());
                    outcome.setBoolean(4, fix.worked());
                    outcome.setString(5, snapshot.fixCauses().get(fix.fixId()));
                    outcome.setString(6, snapshot.knowledgeVersion());
                    outcome.setObject(7, time(now));
                    outcome.addBatch();
                }
            }
            insert.executeBatch();
            outcome.executeBatch();
        }
    }

    private static Optional<SessionSummary> summary(Connection c, String id) throws SQLException {
        try (PreparedStatement select =
                c.prepareStatement("SELECT " + SUMMARY_COLUMNS + " FROM sessions WHERE id = ?")) {
            select.setString(1, id);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(summary(rows)) : Optional.empty();
            }
        }
    }

    private static SessionSummary summary(ResultSet rows) throws SQLException {
        return new SessionSummary(
                rows.getString(1),
                rows.getString(2),
                rows.getString(3),
                rows.getString(4),
                SessionStatus.of(rows.getString(5)),
                rows.getString(6),
                rows.getString(7),
                rows.getString(8),
                rows.getObject(9, Boolean.class),
                rows.getInt(10),
                instant(rows, 11),
                instant(rows, 12));
    }

    private static SessionStatus status(Snapshot snapshot) {
        return Snapshot.SOLVED.equals(snapshot.stateStatus())
                ? SessionStatus.SOLVED
                : SessionStatus.OPEN;
    }

    private static String json(Event event) {
        try {
            return WRITER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an event could not be written as JSON: " + event, e);
        }
    }

    private static Event event(String json) {
        try {
            return READER.readValue(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored event is not valid JSON: " + json, e);
        }
    }

    private static OffsetDateTime time(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rows, int column) throws SQLException {
        return rows.getObject(column, OffsetDateTime.class).toInstant();
    }

    /**
     * Whether a key has the NUL character, which no stored key has: PostgreSQL refuses to compare
     * text with it, so looking it up would fail as if the database were down.
     */
    private static boolean hasNul(String key) {
        return key.indexOf('\u0000') >= 0;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    /** Reads in one transaction. */
    private <T> T transaction(Work<T> work) {
        return transaction(false, work);
    }

    /**
     * Work in one transaction: committed on return, rolled back on any exception. A failure before
     * the commit writes nothing; a failure of the commit of a {@code write} leaves unknown whether
     * it was written (the database may have committed it and then failed to answer).
     */
    private <T> T transaction(boolean write, Work<T> work) {
        Connection c = connection();
        T result;
        try {
            c.setAutoCommit(false);
            result = work.run(c);
        } catch (SQLException | RuntimeException e) {
            rollbackAndClose(c, e);
            if (e instanceof SQLException failure) {
                throw refusedData(failure) ? refused(failure) : unavailable(failure);
            }
            throw (RuntimeException) e;
        }
        try {
            c.commit();
            if (write && groupFlush != null) {
                groupFlush.awaitWritten(() -> checkpoint(c));
            }
        } catch (SQLException e) {
            close(c, e);
            if (!write) {
                throw unavailable(e);
            }
            throw new StoreUnavailableException(
                    "the database failed while committing, so the write may or may not be stored: "
                            + e.getMessage(),
                    e,
                    true);
        }
        try {
            c.close();
        } catch (SQLException e) {
            // The work is committed; the pool drops a connection it cannot reset.
            LOG.warn("a connection could not be returned to the pool: {}", e.getMessage());
        }
        return result;
    }

    private Connection connection() {
        try {
            return pool.getConnection();
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    private static void rollbackAndClose(Connection c, Exception failure) {
        try {
            c.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
        close(c, failure);
    }

    private static void close(Connection c, Exception failure) {
        try {
            c.close();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * Whether the database refused the data itself (SQL state class 22, a data exception such as a
     * value too long for its column, or class 23, an integrity constraint such as a missing value
     * for a column that needs one): a fault of this program, which trying again repeats, not an
     * outage to wait out. A duplicate idempotency key (23505) is told apart before this.
     */
    private static boolean refusedData(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }

    private static IllegalStateException refused(SQLException e) {
        return new IllegalStateException("the database refused the data: " + e.getMessage(), e);
    }

    /**
     * The exception for a failed operation. A read-only refusal also retires every pooled
     * connection (those in use when they come back): they were all made to the server that turned
     * read-only, as a PostgreSQL primary does when it is demoted in a failover, and new ones reach
     * the new primary where the URL leads there (several hosts with {@code
     * targetServerType=primary}, or a name that moved), so writes work again without a restart.
     */
    private StoreUnavailableException unavailable(SQLException e) {
        if (isReadOnly(e)) {
            pool.getHikariPoolMXBean().softEvictConnections();
            return new StoreReadOnlyException("the database is read-only: " + e.getMessage(), e);
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException) {
                return new StoreUnavailableException(
                        "the database did not answer in time: " + e.getMessage(), e);
            }
        }
        return new StoreUnavailableException("the database failed: " + e.getMessage(), e);
    }

    /** Whether a write failed, or {@code e} was caused, because the database is read-only. */
    private static boolean isReadOnly(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql
                    && (READ_ONLY_TRANSACTION.equals(sql.getSQLState())
                            || sql.getErrorCode() == ErrorCode.DATABASE_IS_READ_ONLY)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Drops a connection from the pool once it reports itself broken. HikariCP knows the SQL states
     * of broken connections of some databases, not H2's (e.g. 90067 "Connection is broken", 90121
     * "Database is already closed"): without this, a pool that is kept busy hands out dead
     * connections after the database is back. The JDBC exception classes say it for every driver.
     */
    private static final class BrokenConnections implements SQLExceptionOverride {
        // java.lang.Override spelt out: the interface's nested enum Override hides it here.
        @java.lang.Override
        public SQLExceptionOverride.Override adjudicate(SQLException e) {
            return e instanceof SQLNonTransientConnectionException
                            || e instanceof SQLRecoverableException
                    ? SQLExceptionOverride.Override.MUST_EVICT
                    : SQLExceptionOverride.Override.CONTINUE_EVICT;
        }
    }

    /**
     * A unique violation on inserting an idempotency key, carried out of the transaction that is
     * rolled back for it.
     */
    private static final class KeyTaken extends RuntimeException {
        KeyTaken(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }
}
