package org.rdpdoctor.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.rdpdoctor.RdpDoctor;
import org.rdpdoctor.engine.RuleBase;
import org.rdpdoctor.store.JdbcSessionStore;
import org.rdpdoctor.store.SessionStore;
import org.rdpdoctor.store.StoreReadOnlyException;
import org.rdpdoctor.store.StoreUnavailableException;
import org.rdpdoctor.web.ApiClient.Reply;

/**
 * What the API says when the database fails around a write: a write that was stored is acknowledged
 * even when the database goes away right after it, a 503 says whether the write may have been
 * stored, and a write waiting for the database holds up no other session. Over the small knowledge
 * and a store that fails on cue.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class DatabaseFailureTest {
    private static final String SESSIONS = "/api/v1/sessions";
    private static final Set<String> WRITES = Set.of("create", "append", "abandon");

    private static RuleBase rules;

    private final AtomicBoolean downAfterNextWrite = new AtomicBoolean();
    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicBoolean commitsFail = new AtomicBoolean();
    private final AtomicBoolean readOnly = new AtomicBoolean();
    private final AtomicReference<String> slowSession = new AtomicReference<>();
    private final CountDownLatch slowReadStarted = new CountDownLatch(1);
    private final CountDownLatch slowReadMayEnd = new CountDownLatch(1);
    private RdpDoctor doctor;
    private Javalin app;
    private ApiClient api;

    @BeforeAll
    static void compileRules() {
        rules =
                RuleBase.load(
                        Path.of("src/test/resources/small/kb"),
                        Path.of("src/test/resources/small/rules"));
    }

    @BeforeEach
    void startApp() {
        JdbcSessionStore real =
                JdbcSessionStore.open(
                        "jdbc:h2:mem:failure-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                        null,
                        null);
        doctor = new RdpDoctor(rules, failingOnCue(real));
        app = WebApp.create(doctor, null).start("127.0.0.1", 0);
        api = new ApiClient(app.port());
    }

    @AfterEach
    void stopApp() {
        slowReadMayEnd.countDown();
        app.stop();
        doctor.close();
        assertThat(api.unexpectedErrors()).as("responses with status 500").isEmpty();
    }

    @Test
    void a_session_stored_just_before_the_database_went_away_is_acknowledged() {
        downAfterNextWrite.set(true);

        Reply created = api.post(SESSIONS, "{\"errorCode\": \"0x904\", \"ticketRef\": \"T-1\"}");
        Reply meanwhile = api.get(SESSIONS + "?ticketRef=T-1");
        down.set(false);

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(meanwhile.status()).isEqualTo(503);
        ObjectNode acknowledged = (ObjectNode) created.json();
        acknowledged.remove("ticketNotes");
        assertThat(api.get(SESSIONS + "/" + created.json().get("id").asText()).json())
                .isEqualTo(acknowledged);
    }

    @Test
    void an_answer_stored_just_before_the_database_went_away_is_acknowledged() {
        String id = api.post(SESSIONS, "{\"errorCode\": \"0x904\"}").json().get("id").asText();
        downAfterNextWrite.set(true);

        Reply answered =
                api.post(
                        SESSIONS + "/" + id + "/answers",
                        "{\"questionId\": \"tcp-test\", \"optionId\": \"fails\"}",
                        "If-Match",
                        "\"1\"");
        down.set(false);

        assertThat(answered.status()).as(answered.body()).isEqualTo(200);
        JsonNode stored = api.get(SESSIONS + "/" + id).json();
        assertThat(stored.get("eventCount").asInt()).isEqualTo(2);
        assertThat(stored.get("events")).isEqualTo(answered.json().get("events"));
    }

    @Test
    void an_abandon_stored_just_before_the_database_went_away_is_acknowledged() {
        String id = api.post(SESSIONS, "{\"errorCode\": \"0x904\"}").json().get("id").asText();
        downAfterNextWrite.set(true);

        Reply abandoned = api.post(SESSIONS + "/" + id + "/abandon", "");
        down.set(false);

        assertThat(abandoned.status()).as(abandoned.body()).isEqualTo(200);
        assertThat(abandoned.json().get("status").asText()).isEqualTo("abandoned");
        assertThat(api.get(SESSIONS + "/" + id).json()).isEqualTo(abandoned.json());
    }

    @Test
    void a_503_says_nothing_was_changed_when_the_database_was_down_before_the_write() {
        String id = api.post(SESSIONS, "{\"errorCode\": \"0x904\"}").json().get("id").asText();
        down.set(true);

        Reply reply = answer(id);

        assertUnavailable(
                reply,
                "the session database is unavailable; nothing was changed, try again shortly");
    }

    @Test
    void a_503_says_the_change_may_have_been_saved_when_the_commit_failed() {
        String id = api.post(SESSIONS, "{\"errorCode\": \"0x904\"}").json().get("id").asText();
        commitsFail.set(true);

        Reply reply = answer(id);

        assertUnavailable(
                reply,
                "the session database failed while saving this change, so it may or may not have"
                        + " been saved; reload the session to see before trying again");
    }

    @Test
    void a_read_only_database_gets_a_503_that_says_retrying_will_not_help_and_reads_still_work() {
        String id = api.post(SESSIONS, "{\"errorCode\": \"0x904\"}").json().get("id").asText();
        readOnly.set(true);

        Reply reply = answer(id);
        Reply read = api.get(SESSIONS + "/" + id);

        assertThat(reply.status()).as(reply.body()).isEqualTo(503);
        assertThat(reply.header("Retry-After")).as("Retry-After").isEmpty();
        assertThat(reply.json().get("detail").asText())
                .isEqualTo(
                        "the session database is read-only, so nothing was changed; trying again"
                                + " will fail the same way until the database takes writes again"
                                + " (its operator makes it writable, or a failover gives it a new"
                                + " primary); reading sessions still works");
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().get("eventCount").asInt()).isEqualTo(1);
    }

    @Test
    void a_start_whose_commit_failed_is_retried_with_its_idempotency_key_and_starts_one_session() {
        String body = "{\"errorCode\": \"0x904\", \"ticketRef\": \"INC-503\"}";
        commitsFail.set(true);

        Reply failed = api.post(SESSIONS, body, "Idempotency-Key", "start-INC-503");
        commitsFail.set(false);
        Reply retried = api.post(SESSIONS, body, "Idempotency-Key", "start-INC-503");
        Reply again = api.post(SESSIONS, body, "Idempotency-Key", "start-INC-503");

        assertUnavailable(
                failed,
                "the session database failed while saving this change, so it may or may not have"
                        + " been saved; send the start again with the same Idempotency-Key, which"
                        + " starts no second session (without one, list the ticket's sessions to"
                        + " see)");
        assertThat(retried.status()).as(retried.body()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.header("Location")).isEqualTo(retried.header("Location"));
        assertThat(api.get(SESSIONS + "?ticketRef=INC-503").json()).hasSize(1);
    }

    @Test
    void while_a_write_waits_for_the_database_a_write_to_another_session_goes_through()
            throws Exception {
        String waiting = api.post(SESSIONS, "{\"errorCode\": \"0x904\"}").json().get("id").asText();
        String other = api.post(SESSIONS, "{\"errorCode\": \"0x904\"}").json().get("id").asText();
        slowSession.set(waiting);

        CompletableFuture<Reply> held = CompletableFuture.supplyAsync(() -> answer(waiting));
        assertThat(slowReadStarted.await(1, TimeUnit.MINUTES)).isTrue();
        Reply meanwhile = answer(other);
        slowReadMayEnd.countDown();

        assertThat(meanwhile.status()).as(meanwhile.body()).isEqualTo(200);
        assertThat(held.get(1, TimeUnit.MINUTES).status()).isEqualTo(200);
    }

    private Reply answer(String id) {
        return api.post(
                SESSIONS + "/" + id + "/answers",
                "{\"questionId\": \"tcp-test\", \"optionId\": \"fails\"}",
                "If-Match",
                "\"1\"");
    }

    private static void assertUnavailable(Reply reply, String detail) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(503);
        assertThat(reply.header("Retry-After")).isEqualTo("5");
        assertThat(reply.contentType()).startsWith(Problem.CONTENT_TYPE);
        assertThat(reply.json().get("detail").asText()).isEqualTo(detail);
    }

    /**
     * The real store, failing on cue: while {@link #down}, every call fails as unavailable; after
     * {@link #downAfterNextWrite}, the next write is stored and then the database goes down; while
     * {@link #commitsFail}, writes fail as if their commit had failed, storing nothing; while
     * {@link #readOnly}, writes fail as the database refuses them, and reads work; reading {@link
     * #slowSession} waits, as for a connection, until {@link #slowReadMayEnd}.
     */
    private SessionStore failingOnCue(SessionStore real) {
        return (SessionStore)
                Proxy.newProxyInstance(
                        SessionStore.class.getClassLoader(),
                        new Class<?>[] {SessionStore.class},
                        (proxy, method, args) -> {
                            boolean write = WRITES.contains(method.getName());
                            if (method.getName().equals("close")) {
                                return call(method, real, args);
                            }
                            if (method.getName().equals("find")
                                    && args[0].equals(slowSession.get())) {
                                slowReadStarted.countDown();
                                slowReadMayEnd.await(1, TimeUnit.MINUTES);
                            }
                            if (down.get()) {
                                throw new StoreUnavailableException("the database is down", null);
                            }
                            if (write && readOnly.get()) {
                                throw new StoreReadOnlyException("the database is read-only", null);
                            }
                            if (write && commitsFail.get()) {
                                throw new StoreUnavailableException(
                                        "the commit failed", null, true);
                            }
                            Object result = call(method, real, args);
                            if (write && downAfterNextWrite.getAndSet(false)) {
                                down.set(true);
                            }
                            return result;
                        });
    }

    private static Object call(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
