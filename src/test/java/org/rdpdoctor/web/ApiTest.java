package org.rdpdoctor.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rdpdoctor.RdpDoctor;
import org.rdpdoctor.TextLimits;
import org.rdpdoctor.engine.Event;
import org.rdpdoctor.engine.Json;
import org.rdpdoctor.engine.RuleBase;
import org.rdpdoctor.probe.FakeRdpServer;
import org.rdpdoctor.probe.ProbeReport;
import org.rdpdoctor.probe.ProbeRunner;
import org.rdpdoctor.probe.ProbeTarget;
import org.rdpdoctor.store.JdbcSessionStore;
import org.rdpdoctor.store.RacingStore;
import org.rdpdoctor.web.ApiClient.Reply;

/**
 * The JSON API over HTTP: the real app from {@link WebApp#create}, the real knowledge and a fresh
 * in-memory database per test.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ApiTest {
    private static final String SESSIONS = "/api/v1/sessions";
    private static final String CREDSSP_TICKET =
            "User reports: Remote Desktop Connection\n"
                    + "An authentication error has occurred.\n"
                    + "The function requested is not supported\n"
                    + "This could be due to CredSSP encryption oracle remediation.\n"
                    + "Error code: 0x904\n"
                    + "Extended error code: 0x7\n";

    /** Any field or none: for checks that care only about the problem's shape. */
    private static final String FIELD_ANY = "*";

    private static RuleBase rules;

    private JdbcSessionStore store;
    private RdpDoctor doctor;
    private Javalin app;
    private ApiClient api;

    @BeforeAll
    static void compileRules() {
        rules = RuleBase.load(Path.of("kb"), Path.of("rules"));
    }

    @BeforeEach
    void startApp() {
        store =
                JdbcSessionStore.open(
                        "jdbc:h2:mem:api-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null);
        doctor = new RdpDoctor(rules, store);
        app = WebApp.create(doctor, null).start("127.0.0.1", 0);
        api = new ApiClient(app.port());
    }

    @AfterEach
    void stopApp() {
        app.stop();
        doctor.close();
        assertThat(api.unexpectedErrors()).as("responses with status 500").isEmpty();
    }

    // ------------------------------------------------------------------ sessions

    @Test
    void creating_a_session_returns_201_with_its_location_and_first_question() {
        String body = json("errorCode", "0x904", "extendedCode", "0x7", "ticketRef", "INC-1");

        Reply reply = api.post(SESSIONS, body);

        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.contentType()).startsWith("application/json");
        JsonNode session = reply.json();
        assertThat(reply.header("Location")).isEqualTo(SESSIONS + "/" + session.get("id").asText());
        assertThat(session.get("ticketRef").asText()).isEqualTo("INC-1");
        assertThat(session.get("status").asText()).isEqualTo("open");
        assertThat(session.get("eventCount").asInt()).isEqualTo(1);
        assertThat(session.at("/events/0/event/type").asText()).isEqualTo("started");
        assertThat(session.at("/state/status").asText()).isEqualTo("asking");
        assertThat(session.at("/state/decoded/error/hex").asText()).isEqualTo("0x904");
        assertThat(session.at("/state/decoded/extended/hex").asText()).isEqualTo("0x7");
        assertThat(session.at("/state/nextQuestion/id").asText()).isEqualTo("error-timing");
    }

    @Test
    void a_create_sent_again_with_its_idempotency_key_returns_the_same_session_as_a_replay() {
        String body = json("errorCode", "0x904", "extendedCode", "0x7", "ticketRef", "INC-1");
        String respaced =
                "{\n  \"ticketRef\" : \"INC-1\",\n  \"errorCode\":\"0x904\", \"extendedCode\": \"0x7\"\n}";
        Reply first = api.post(SESSIONS, body, "Idempotency-Key", "ticket-INC-1-create");

        Reply again = api.post(SESSIONS, respaced, "Idempotency-Key", "ticket-INC-1-create");

        assertThat(first.status()).isEqualTo(201);
        assertThat(first.header("Idempotent-Replayed")).isEmpty();
        assertThat(again.status()).as(again.body()).isEqualTo(201);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.header("Location")).isEqualTo(first.header("Location"));
        Reply read = api.get(first.header("Location"));
        assertThat(session(again)).isEqualTo(read.json());
        assertThat(again.header("ETag")).isEqualTo(read.header("ETag")).isNotEmpty();
        assertThat(api.get(SESSIONS + "?ticketRef=INC-1").json()).hasSize(1);
    }

    @Test
    void a_replayed_create_returns_the_session_as_it_is_now() {
        String body = json("errorCode", "0x904", "extendedCode", "0x7");
        String id = api.post(SESSIONS, body, "Idempotency-Key", "k1").json().get("id").asText();
        api.post(answers(id), json("questionId", "error-message", "optionId", "only-codes"));

        Reply again = api.post(SESSIONS, body, "Idempotency-Key", "k1");

        assertThat(again.status()).isEqualTo(201);
        assertThat(again.json().get("eventCount").asInt()).isEqualTo(2);
        assertThat(session(again)).isEqualTo(api.get(SESSIONS + "/" + id).json());
    }

    @Test
    void an_idempotency_key_sent_with_a_different_request_is_a_422_naming_the_header() {
        String location =
                api.post(
                                SESSIONS,
                                json("errorCode", "0x904", "ticketRef", "INC-1"),
                                "Idempotency-Key",
                                "k1")
                        .header("Location");

        Reply reply =
                api.post(
                        SESSIONS,
                        json("errorCode", "0x904", "ticketRef", "INC-2"),
                        "Idempotency-Key",
                        "k1");

        JsonNode problem = assertProblem(reply, 422, "Idempotency-Key");
        assertThat(problem.get("detail").asText())
                .isEqualTo(
                        "idempotency key 'k1' was used for a different request, which started"
                                + " session "
                                + location.substring(SESSIONS.length() + 1)
                                + "; send a new key with a new request");
        assertThat(api.get(SESSIONS + "?ticketRef=INC-2").json()).isEmpty();
        assertThat(api.get(SESSIONS).json()).hasSize(1);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "''                    | is empty",
                "256                   | has 256 characters",
                "'ticket 1'            | has a space at character 7",
                "'cl\u00c3\u00a9'   | has a character outside ASCII at character 3",
            })
    void a_malformed_idempotency_key_is_a_400_naming_the_header(String key, String fault) {
        String sent = key.equals("256") ? "k".repeat(256) : key;

        // The header of the last case is the UTF-8 bytes of "clé".
        Reply reply = rawStart("Idempotency-Key: " + sent);

        JsonNode problem = assertProblem(reply, 400, "Idempotency-Key");
        assertThat(problem.get("detail").asText())
                .isEqualTo(
                        "'Idempotency-Key' "
                                + fault
                                + "; a key is 1 to 255 printable ASCII characters (U+0021 to"
                                + " U+007E, no spaces), such as a UUID");
        assertThat(api.get(SESSIONS).json()).isEmpty();
    }

    @Test
    void two_idempotency_keys_on_one_start_are_a_400_naming_the_header() {
        Reply reply = rawStart("Idempotency-Key: k1\r\nIdempotency-Key: k2");

        JsonNode problem = assertProblem(reply, 400, "Idempotency-Key");
        assertThat(problem.get("detail").asText())
                .isEqualTo(
                        "'Idempotency-Key' was sent 2 times; send one key, so that it is clear"
                                + " which request this is");
        assertThat(api.get(SESSIONS).json()).isEmpty();
    }

    /**
     * Starts a session for 0x904 with these header lines, over a raw socket: HttpClient sends a
     * character outside ASCII as '?' and one value per header name.
     */
    private Reply rawStart(String headers) {
        String body = json("errorCode", "0x904");
        return api.sendRaw(
                "POST "
                        + SESSIONS
                        + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + headers
                        + "\r\nContent-Length: "
                        + body.length()
                        + "\r\nConnection: close\r\n\r\n"
                        + body);
    }

    @Test
    void an_idempotency_key_of_255_printable_characters_is_taken() {
        String key = "!~".repeat(127) + "z";

        Reply first = api.post(SESSIONS, json("errorCode", "0x904"), "Idempotency-Key", key);
        Reply again = api.post(SESSIONS, json("errorCode", "0x904"), "Idempotency-Key", key);

        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.header("Location")).isEqualTo(first.header("Location"));
    }

    @Test
    void parallel_creates_with_one_idempotency_key_start_one_session() throws Exception {
        int clients = 8;
        String body = json("errorCode", "0x904", "extendedCode", "0x7", "ticketRef", "INC-1");
        List<Reply> replies = new ArrayList<>();

        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            CountDownLatch gate = new CountDownLatch(1);
            List<Future<Reply>> futures = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                futures.add(
                        pool.submit(
                                () -> {
                                    gate.await();
                                    return api.post(SESSIONS, body, "Idempotency-Key", "k1");
                                }));
            }
            gate.countDown();
            for (Future<Reply> future : futures) {
                replies.add(future.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(replies).extracting(Reply::status).containsOnly(201);
        assertThat(replies)
                .extracting(r -> r.header("Location"))
                .hasSize(clients)
                .containsOnly(replies.get(0).header("Location"));
        assertThat(replies)
                .filteredOn(r -> r.header("Idempotent-Replayed").equals("true"))
                .hasSize(clients - 1);
        assertThat(api.get(SESSIONS + "?ticketRef=INC-1").json()).hasSize(1);
    }

    @Test
    void getting_a_session_returns_its_metadata_events_and_state() {
        Reply created = api.post(SESSIONS, json("errorCode", "0x904", "extendedCode", "0x7"));

        Reply reply = api.get(SESSIONS + "/" + created.json().get("id").asText());

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).startsWith("application/json");
        assertThat(reply.json()).isEqualTo(session(created));
    }

    @Test
    void a_sessions_get_after_answers_equals_what_the_last_answer_returned() {
        String id = startSession().get("id").asText();
        JsonNode first =
                api.post(answers(id), json("questionId", "error-message", "optionId", "only-codes"))
                        .json();
        JsonNode next = first.at("/state/nextQuestion");
        assertThat(next.isObject()).as("a second question after %s", first).isTrue();
        Reply last =
                api.post(
                        answers(id),
                        json(
                                "questionId",
                                next.get("id").asText(),
                                "optionId",
                                next.at("/options/0/id").asText()));

        Reply reply = api.get(SESSIONS + "/" + id);

        assertThat(last.status()).isEqualTo(200);
        assertThat(reply.json().get("state")).isEqualTo(last.json().get("state"));
        assertThat(reply.json().get("eventCount").asInt()).isEqualTo(3);
        assertThat(reply.json().at("/state/answers"))
                .extracting(a -> a.get("questionId").asText())
                .containsExactly("error-message", next.get("id").asText());
    }

    @Test
    void an_answer_returns_the_session_with_its_new_state() {
        String id = startSession().get("id").asText();

        Reply reply =
                api.post(
                        answers(id),
                        json("questionId", "error-message", "optionId", "credssp-oracle"));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).startsWith("application/json");
        JsonNode session = reply.json();
        assertThat(session.get("eventCount").asInt()).isEqualTo(2);
        assertThat(session.at("/events/1/event/type").asText()).isEqualTo("answered");
        assertThat(session.at("/state/leadingCause").asText()).isEqualTo("credssp-oracle-mismatch");
        assertThat(session.at("/state/answers/0/optionId").asText()).isEqualTo("credssp-oracle");
        assertThat(session.at("/state/answers/0/source").asText()).isEqualTo("user");
        assertThat(session.at("/state/fixes")).isNotEmpty();
    }

    @Test
    void a_retried_answer_is_recorded_once_and_returns_the_same_session() {
        String id = startSession().get("id").asText();
        String body = json("questionId", "error-message", "optionId", "credssp-oracle");
        Reply first = api.post(answers(id), body);

        Reply retried = api.post(answers(id), body);

        assertThat(retried.status()).isEqualTo(200);
        assertThat(retried.header("ETag")).isEqualTo(first.header("ETag"));
        assertThat(retried.json().get("eventCount").asInt()).isEqualTo(2);
        assertThat(retried.json().get("events")).hasSize(2);
    }

    @Test
    void a_retried_fix_result_or_evidence_is_recorded_once_and_the_other_result_corrects_it() {
        String id = startSession().get("id").asText();
        String outcomes = SESSIONS + "/" + id + "/fix-outcomes";
        String failed = "{\"fixId\": \"install-credssp-updates\", \"worked\": false}";
        String evidence =
                json("kind", "tcp-connect", "value", "open", "source", "probe", "detail", "3 ms");
        api.post(outcomes, failed);
        api.post(SESSIONS + "/" + id + "/evidence", evidence);

        Reply retriedFix = api.post(outcomes, failed);
        Reply retriedEvidence = api.post(SESSIONS + "/" + id + "/evidence", evidence);
        Reply corrected =
                api.post(outcomes, "{\"fixId\": \"install-credssp-updates\", \"worked\": true}");
        String transcript = api.get(SESSIONS + "/" + id + "/transcript?format=markdown").body();

        assertThat(retriedFix.status()).isEqualTo(200);
        assertThat(retriedFix.json().get("eventCount").asInt()).isEqualTo(3);
        assertThat(retriedEvidence.status()).isEqualTo(200);
        assertThat(retriedEvidence.json().get("eventCount").asInt()).isEqualTo(3);
        assertThat(corrected.json().get("eventCount").asInt()).isEqualTo(4);
        assertThat(transcript.split("Corrected the result of fix", -1)).hasSize(2);
    }

    @Test
    void withdrawing_an_answer_removes_it_from_the_state() {
        JsonNode started = startSession();
        String id = started.get("id").asText();
        api.post(answers(id), json("questionId", "error-message", "optionId", "credssp-oracle"));

        Reply reply = api.delete(answers(id) + "/error-message");

        assertThat(reply.status()).isEqualTo(200);
        JsonNode session = reply.json();
        assertThat(session.get("eventCount").asInt()).isEqualTo(3);
        assertThat(session.at("/events/2/event/type").asText()).isEqualTo("withdrawn");
        assertThat(session.at("/state/answers")).isEmpty();
        assertThat(session.at("/state/nextQuestion/id"))
                .isEqualTo(started.at("/state/nextQuestion/id"));
    }

    @Test
    void evidence_from_a_probe_reports_json_is_posted_as_it_is() throws IOException {
        int closed = FakeRdpServer.closedPort();
        ProbeReport report =
                new ProbeRunner()
                        .run(ProbeTarget.parse("127.0.0.1:" + closed, null), Duration.ofSeconds(2));
        JsonNode item = Json.mapper().valueToTree(report).at("/evidence/0");
        String id = startSession().get("id").asText();

        Reply reply = api.post(SESSIONS + "/" + id + "/evidence", item.toString());

        assertThat(item.get("type").asText()).isEqualTo("evidence");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode evidence = reply.json().at("/state/evidence/0");
        assertThat(evidence.get("kind")).isEqualTo(item.get("kind"));
        assertThat(evidence.get("value")).isEqualTo(item.get("value"));
        assertThat(evidence.get("detail")).isEqualTo(item.get("detail"));
    }

    @Test
    void evidence_with_a_type_other_than_evidence_is_a_400_naming_the_type() {
        String id = startSession().get("id").asText();

        Reply reply =
                api.post(
                        SESSIONS + "/" + id + "/evidence",
                        json(
                                "type",
                                "answered",
                                "kind",
                                "tcp-connect",
                                "value",
                                "open",
                                "source",
                                "probe"));

        assertThat(assertProblem(reply, 400, "type").get("detail").asText())
                .isEqualTo(
                        "'type' must be \"evidence\", as in a probe report's evidence, or left out");
        assertThat(api.get(SESSIONS + "/" + id).json().get("eventCount").asInt()).isEqualTo(1);
    }

    @Test
    void evidence_is_added_to_the_state_with_its_source_and_detail() {
        String id = startSession().get("id").asText();

        Reply reply =
                api.post(
                        SESSIONS + "/" + id + "/evidence",
                        json(
                                "kind",
                                "tcp-connect",
                                "value",
                                "open",
                                "source",
                                "probe",
                                "detail",
                                "connected in 12 ms"));

        assertThat(reply.status()).isEqualTo(200);
        JsonNode evidence = reply.json().at("/state/evidence/0");
        assertThat(evidence.get("kind").asText()).isEqualTo("tcp-connect");
        assertThat(evidence.get("value").asText()).isEqualTo("open");
        assertThat(evidence.get("source").asText()).isEqualTo("probe");
        assertThat(evidence.get("detail").asText()).isEqualTo("connected in 12 ms");
        assertThat(reply.json().at("/events/1/event/type").asText()).isEqualTo("evidence");
    }

    @Test
    void a_fix_that_worked_solves_the_session() {
        String id = startSession().get("id").asText();
        JsonNode diagnosed =
                api.post(
                                answers(id),
                                json("questionId", "error-message", "optionId", "credssp-oracle"))
                        .json();
        String fix = diagnosed.at("/state/fixes/0/fixId").asText();

        Reply reply =
                api.post(
                        SESSIONS + "/" + id + "/fix-outcomes",
                        "{\"fixId\": \"" + fix + "\", \"worked\": true}");

        assertThat(reply.status()).isEqualTo(200);
        JsonNode session = reply.json();
        assertThat(session.get("status").asText()).isEqualTo("solved");
        assertThat(session.at("/state/status").asText()).isEqualTo("solved");
        assertThat(session.at("/state/confirmedCause").asText())
                .isEqualTo("credssp-oracle-mismatch");
        assertThat(session.at("/state/fixOutcomes/0/fix").asText()).isEqualTo(fix);
        assertThat(session.at("/state/fixOutcomes/0/worked").asBoolean()).isTrue();
    }

    @Test
    void abandoning_a_session_marks_it_abandoned() {
        String id = startSession().get("id").asText();

        Reply reply = api.post(SESSIONS + "/" + id + "/abandon", "");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("status").asText()).isEqualTo("abandoned");
        assertThat(api.get(SESSIONS + "/" + id).json().get("status").asText())
                .isEqualTo("abandoned");
    }

    @Test
    void a_query_parameter_the_operation_does_not_take_is_a_400_naming_it_not_ignored() {
        startSession("INC-11");
        startSession("INC-12");

        Reply misspelt = api.get(SESSIONS + "?ticket_ref=INC-11");
        Reply decode = api.get("/api/v1/decode?code=0x904&extended=0x7&foo=1");
        Reply none = api.get("/api/v1/causes?limit=2");

        assertThat(assertProblem(misspelt, 400, "ticket_ref").get("detail").asText())
                .isEqualTo(
                        "'ticket_ref' is not a query parameter of GET /api/v1/sessions (did you"
                                + " mean 'ticketRef'?), which takes ticketRef, limit, cursor");
        assertThat(assertProblem(decode, 400, "foo").get("detail").asText())
                .endsWith("which takes code, extended");
        assertThat(assertProblem(none, 400, "limit").get("detail").asText())
                .endsWith("/api/v1/causes, which takes none");
    }

    @Test
    void listing_by_ticket_ref_returns_the_sessions_of_that_ticket() {
        String first = startSession("INC-7").get("id").asText();
        String second = startSession("INC-7").get("id").asText();
        startSession("INC-8");

        Reply reply = api.get(SESSIONS + "?ticketRef=INC-7");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).startsWith("application/json");
        assertThat(reply.json())
                .extracting(s -> s.get("id").asText())
                .containsExactlyInAnyOrder(first, second);
        assertThat(reply.json())
                .allSatisfy(s -> assertThat(s.get("ticketRef").asText()).isEqualTo("INC-7"));
    }

    @Test
    void a_padded_ticket_ref_and_host_are_kept_without_their_spaces_as_the_start_page_keeps_them() {
        Reply created =
                api.post(
                        SESSIONS,
                        json(
                                "errorCode",
                                "0x904",
                                "ticketRef",
                                "  INC-77  ",
                                "host",
                                " rds01 ",
                                "notes",
                                "   "));
        String id = created.json().get("id").asText();

        Reply exact = api.get(SESSIONS + "?ticketRef=INC-77");
        Reply padded = api.get(SESSIONS + "?ticketRef=%20INC-77%20");

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("ticketRef").asText()).isEqualTo("INC-77");
        assertThat(created.json().at("/events/0/event/host").asText()).isEqualTo("rds01");
        assertThat(created.json().at("/events/0/event/notes").isNull()).isTrue();
        assertThat(exact.json()).extracting(s -> s.get("id").asText()).containsExactly(id);
        assertThat(padded.json()).extracting(s -> s.get("id").asText()).containsExactly(id);
    }

    @Test
    void padded_codes_are_kept_and_listed_without_their_spaces() {
        Reply created =
                api.post(
                        SESSIONS,
                        json(
                                "errorCode",
                                "  0x904 ",
                                "extendedCode",
                                " 0x7 ",
                                "ticketRef",
                                "INC-78"));

        Reply listed = api.get(SESSIONS + "?ticketRef=INC-78");

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().at("/events/0/event/errorCode").asText()).isEqualTo("0x904");
        assertThat(created.json().at("/events/0/event/extendedCode").asText()).isEqualTo("0x7");
        assertThat(listed.json().get(0).get("errorCode").asText()).isEqualTo("0x904");
        assertThat(listed.json().get(0).get("extendedCode").asText()).isEqualTo("0x7");
    }

    @Test
    void a_ticket_ref_with_an_invisible_character_is_a_400_naming_it_and_nothing_is_started() {
        Reply created = api.post(SESSIONS, json("errorCode", "0x904", "ticketRef", "INC\u200b42"));

        assertThat(assertProblem(created, 400, "ticketRef").get("detail").asText())
                .isEqualTo(
                        "ticketRef: has the invisible character U+200B at character 4; sessions are"
                                + " found by their ticket reference exactly, so remove it");
        assertThat(doctor.recentSessions(10)).isEmpty();
    }

    @Test
    void a_blank_ticket_ref_is_no_ticket_ref() {
        Reply created = api.post(SESSIONS, json("errorCode", "0x904", "ticketRef", " "));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("ticketRef").isNull()).isTrue();
    }

    @Test
    void the_list_tells_a_diagnosis_that_is_only_a_guess_from_one_the_answers_support() {
        String id = startSession("INC-9").get("id").asText();
        JsonNode state = api.get(SESSIONS + "/" + id).json().get("state");
        while (state.get("status").asText().equals("asking")) {
            String question = state.at("/nextQuestion/id").asText();
            state =
                    api.post(answers(id), json("questionId", question, "optionId", "unknown"))
                            .json()
                            .get("state");
        }
        String supported = startSession("INC-10").get("id").asText();
        api.post(answers(supported), json("questionId", "error-message", "optionId", "only-codes"));

        JsonNode guessed = api.get(SESSIONS + "?ticketRef=INC-9").json().get(0);
        JsonNode answered = api.get(SESSIONS + "?ticketRef=INC-10").json().get(0);

        assertThat(state.get("basisNote").asText()).contains("guess");
        assertThat(guessed.get("stateStatus").asText()).isEqualTo("diagnosed");
        assertThat(guessed.get("guess").asBoolean()).isTrue();
        assertThat(answered.get("guess").isBoolean()).isTrue();
        assertThat(answered.get("guess").asBoolean()).isFalse();
    }

    @Test
    void listing_without_ticket_ref_returns_the_recent_sessions_up_to_the_limit() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(startSession().get("id").asText());
        }

        Reply limited = api.get(SESSIONS + "?limit=2");
        Reply all = api.get(SESSIONS);

        assertThat(limited.status()).isEqualTo(200);
        assertThat(limited.json()).hasSize(2);
        assertThat(all.json())
                .extracting(s -> s.get("id").asText())
                .containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void the_list_links_to_its_next_page_until_every_session_was_listed_once() {
        for (int i = 0; i < 5; i++) {
            startSession();
        }
        List<String> newestFirst = ids(api.get(SESSIONS + "?limit=10"));

        List<String> paged = new ArrayList<>();
        List<String> links = new ArrayList<>();
        Reply page = api.get(SESSIONS + "?limit=2");
        paged.addAll(ids(page));
        while (!page.header("Link").isEmpty()) {
            links.add(page.header("Link"));
            page = api.get(nextPage(page));
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            paged.addAll(ids(page));
        }

        assertThat(paged).hasSize(5).containsExactlyElementsOf(newestFirst);
        assertThat(links)
                .hasSize(2)
                .allSatisfy(
                        l ->
                                assertThat(l)
                                        .matches(
                                                "</api/v1/sessions\\?limit=2&cursor=[A-Za-z0-9_-]+>; rel=\"next\""));
    }

    @Test
    void the_pages_of_a_ticket_keep_its_reference_in_the_next_link() {
        String ticket = "INC 42/é&x";
        String query = "ticketRef=" + URLEncoder.encode(ticket, StandardCharsets.UTF_8);
        for (int i = 0; i < 3; i++) {
            startSession(ticket);
            startSession("other");
        }
        List<String> ofTicket = ids(api.get(SESSIONS + "?limit=10&" + query));

        Reply first = api.get(SESSIONS + "?limit=2&" + query);
        Reply second = api.get(nextPage(first));

        assertThat(ofTicket).hasSize(3);
        assertThat(ids(first)).containsExactlyElementsOf(ofTicket.subList(0, 2));
        assertThat(ids(second)).containsExactlyElementsOf(ofTicket.subList(2, 3));
        assertThat(second.header("Link")).isEmpty();
    }

    @Test
    void a_cursor_sent_with_another_listing_than_the_one_that_gave_it_is_a_400_naming_cursor() {
        for (int i = 0; i < 3; i++) {
            startSession("INC-9");
            startSession("other");
        }
        String cursor = nextPage(api.get(SESSIONS + "?limit=1")).replaceAll(".*cursor=", "");

        Reply ofTicket = api.get(SESSIONS + "?ticketRef=INC-9&cursor=" + cursor);
        Reply ofAll = api.get(SESSIONS + "?cursor=" + cursor);

        assertThat(assertProblem(ofTicket, 400, "cursor").get("detail").asText())
                .contains("was given out for another listing");
        assertThat(ofAll.status()).as(ofAll.body()).isEqualTo(200);
        String ofTicketCursor =
                nextPage(api.get(SESSIONS + "?limit=1&ticketRef=%20INC-9%20"))
                        .replaceAll(".*cursor=", "");
        Reply unpadded = api.get(SESSIONS + "?ticketRef=INC-9&cursor=" + ofTicketCursor);
        assertThat(unpadded.status()).as("the same listing, unpadded").isEqualTo(200);
    }

    @ParameterizedTest(name = "cursor={0}")
    @CsvSource({
        "x",
        "not base64!",
        "MjAyNi0wMS0wMVQwMDowMDowMFp8bm8tdXVpZA",
        "''",
        "KzEwMDAwMDAwMDAtMDEtMDFUMDA6MDA6MDBafDBmOGZhZDViLWQ5Y2ItNDY5Zi1hMTY1LTcwODY3NzI4OTUwZQ",
        "KzMwMDAwMC0wMS0wMVQwMDowMDowMFp8MGY4ZmFkNWItZDljYi00NjlmLWExNjUtNzA4Njc3Mjg5NTBl",
        "MTk2OS0xMi0zMVQyMzo1OTo1OVp8MGY4ZmFkNWItZDljYi00NjlmLWExNjUtNzA4Njc3Mjg5NTBl"
    })
    void a_cursor_the_server_did_not_give_out_is_a_400_naming_cursor(String cursor) {
        startSession();

        Reply reply =
                api.get(SESSIONS + "?cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));

        assertThat(assertProblem(reply, 400, "cursor").get("detail").asText())
                .contains("send the one of the previous page's Link header");
    }

    @Test
    void reading_a_ticket_gives_its_codes_evidence_and_other_error_codes_and_stores_nothing() {
        String ticket =
                "Error code: 0x904, Extended error code: 0x7. Yesterday: error code 0x204."
                        + " Event ID 36870";

        Reply reading = api.post("/api/v1/ticket-reading", json("ticketText", ticket));

        assertThat(reading.status()).as(reading.body()).isEqualTo(200);
        JsonNode found = reading.json();
        assertThat(found.get("errorCode").asText()).isEqualTo("0x904");
        assertThat(found.get("extendedCode").asText()).isEqualTo("0x7");
        assertThat(found.get("otherErrorCodes"))
                .extracting(JsonNode::asText)
                .containsExactly("0x204");
        JsonNode evidence = found.get("evidence").get(0);
        assertThat(evidence.get("kind").asText()).isEqualTo("event-id");
        assertThat(evidence.get("value").asText()).isEqualTo("36870");
        assertThat(doctor.recentSessions(10)).isEmpty();
        String id = startSession().get("id").asText();
        Reply posted = api.post(SESSIONS + "/" + id + "/evidence", evidence.toString());
        assertThat(posted.status()).as(posted.body()).isEqualTo(200);
    }

    @ParameterizedTest(name = "body [{0}] names {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "''|ticketText",
                "{}|ticketText",
                "{\"ticketText\": \"  \"}|ticketText",
                "{\"ticketText\": 7}|ticketText",
                "{\"ticketText\": \"x\", \"errorCode\": \"0x904\"}|errorCode",
                "{\"ticketText\": \"a\\u0000b\"}|ticketText"
            })
    void a_ticket_reading_without_usable_text_is_a_400_naming_the_field(String body, String field) {
        assertProblem(api.post("/api/v1/ticket-reading", body), 400, field);
    }

    @Test
    void a_ticket_text_over_100000_characters_is_a_400_naming_it() {
        Reply reply = api.post("/api/v1/ticket-reading", json("ticketText", "x".repeat(100_001)));

        assertThat(assertProblem(reply, 400, "ticketText").get("detail").asText())
                .contains("longer than 100,000 characters");
    }

    @Test
    void text_with_unicode_line_and_paragraph_separators_is_stored_as_given() {
        String pasted = "first line\u2028second\u2029third\u0085fourth";

        Reply created =
                api.post(
                        SESSIONS,
                        json("errorCode", "0x904", "notes", pasted, "ticketText", pasted));

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode read = api.get(SESSIONS + "/" + created.json().get("id").asText()).json();
        assertThat(read.at("/events/0/event/notes").asText()).isEqualTo(pasted);
        assertThat(read.at("/events/0/event/ticketText").asText()).isEqualTo(pasted);
    }

    @Test
    void a_ticket_text_gives_the_codes_and_evidence_from_the_ticket() {
        String body = json("ticketText", CREDSSP_TICKET, "ticketRef", "INC-9");

        Reply reply = api.post(SESSIONS, body);

        assertThat(reply.status()).isEqualTo(201);
        JsonNode state = reply.json().get("state");
        assertThat(state.at("/decoded/error/hex").asText()).isEqualTo("0x904");
        assertThat(state.at("/decoded/extended/hex").asText()).isEqualTo("0x7");
        assertThat(state.get("evidence"))
                .anySatisfy(
                        e -> {
                            assertThat(e.get("kind").asText()).isEqualTo("message");
                            assertThat(e.get("value").asText()).isEqualTo("credssp-oracle");
                            assertThat(e.get("source").asText()).isEqualTo("ticket");
                        });
        assertThat(state.at("/nextQuestion/id").asText()).isNotEqualTo("error-message");
        assertThat(state.at("/answers/0/questionId").asText()).isEqualTo("error-message");
        assertThat(state.at("/answers/0/source").asText()).isEqualTo("ticket");
        JsonNode read = api.get(SESSIONS + "/" + reply.json().get("id").asText()).json();
        assertThat(read.get("state")).isEqualTo(state);
        assertThat(read.at("/events/0/event/ticketText").asText())
                .as("the ticket as pasted, kept with the session")
                .isEqualTo(CREDSSP_TICKET);
    }

    @Test
    void an_error_code_given_alone_is_told_that_the_tickets_extended_code_was_not_taken() {
        String ticket = "Extended error code: 0x9\nEvent 36870\n";

        Reply windows = api.post(SESSIONS, json("errorCode", "0x904", "ticketText", ticket));
        Reply freerdp = api.post(SESSIONS, json("errorCode", "0x00020008", "ticketText", ticket));
        Reply paired =
                api.post(
                        SESSIONS,
                        json("errorCode", "0x904", "extendedCode", "0x7", "ticketText", ticket));

        assertThat(windows.status()).as(windows.body()).isEqualTo(201);
        assertThat(windows.json().at("/state/decoded/extended").isNull()).isTrue();
        assertThat(windows.json().get("ticketNotes"))
                .extracting(JsonNode::asText)
                .containsExactly(
                        "The ticket also names the extended code 0x9, but no error code: it was"
                                + " not taken with errorCode 0x904; give extendedCode 0x9 if the"
                                + " dialog showed it.");
        assertThat(freerdp.json().get("ticketNotes"))
                .extracting(JsonNode::asText)
                .containsExactly(
                        "The ticket also names the extended code 0x9, which 0x00020008"
                                + " contradicts (FreeRDP's last error is the whole report): it was"
                                + " not taken.");
        assertThat(paired.json().get("ticketNotes")).isEmpty();
        Reply read = api.get(SESSIONS + "/" + windows.json().get("id").asText());
        assertThat(read.json().has("ticketNotes")).isFalse();
        assertThat(windows.header("ETag")).isEqualTo(read.header("ETag")).isNotEmpty();
    }

    @Test
    void a_tickets_other_error_codes_and_an_extended_code_freerdps_reason_contradicts_are_told() {
        String twoCodes = "Error code: 0x904, Extended error code: 0x7\nlater Error code: 0x204\n";
        String mixed =
                "Remmina: ERRINFO_SERVER_INSUFFICIENT_PRIVILEGES [0x00010009]\n"
                        + "From the office PC: Extended error code: 0x7\n";

        Reply fromTicket = api.post(SESSIONS, json("ticketText", twoCodes));
        Reply typed = api.post(SESSIONS, json("errorCode", "0x204", "ticketText", twoCodes));
        Reply setAside = api.post(SESSIONS, json("ticketText", mixed));

        assertThat(fromTicket.status()).as(fromTicket.body()).isEqualTo(201);
        assertThat(fromTicket.json().get("ticketNotes"))
                .extracting(JsonNode::asText)
                .containsExactly(
                        "The ticket also names 0x204: this session diagnoses 0x904; start another"
                                + " for each.");
        assertThat(typed.json().get("ticketNotes"))
                .extracting(JsonNode::asText)
                .containsExactly(
                        "The ticket also names 0x904 / 0x7: this session diagnoses 0x204; start another"
                                + " for each.");
        assertThat(setAside.status()).as(setAside.body()).isEqualTo(201);
        assertThat(setAside.json().at("/state/decoded/extended").isNull()).isTrue();
        assertThat(setAside.json().get("ticketNotes"))
                .extracting(JsonNode::asText)
                .containsExactly(
                        "The ticket also names the extended code 0x7, which 0x00010009"
                                + " contradicts (FreeRDP's last error is the whole report): it was"
                                + " not taken.");
    }

    @Test
    void a_dialog_that_showed_no_code_starts_a_session_from_its_message() {
        String dialog =
                "An authentication error has occurred.\n"
                        + "This could be due to CredSSP encryption oracle remediation.\n";

        Reply none =
                api.post(
                        SESSIONS,
                        json("errorCode", "None", "ticketText", dialog, "ticketRef", "N-1"));
        Reply withExtended = api.post(SESSIONS, json("errorCode", "none", "extendedCode", "0x7"));
        Reply withNoneExtended =
                api.post(SESSIONS, json("errorCode", "none", "extendedCode", "0x0"));
        Reply uncoded = api.post(SESSIONS, json("ticketText", dialog));

        assertThat(none.status()).as(none.body()).isEqualTo(201);
        JsonNode state = none.json().get("state");
        assertThat(state.at("/decoded/error/reading").asText()).isEqualTo("none");
        assertThat(state.at("/decoded/error/meaning").asText()).startsWith("The dialog showed no");
        assertThat(state.at("/ranking/0/causeId").asText()).isEqualTo("credssp-oracle-mismatch");
        assertThat(state.get("status").asText()).isEqualTo("diagnosed");
        assertThat(none.json().at("/events/0/event/errorCode").asText()).isEqualTo("none");
        assertThat(api.get(SESSIONS + "?ticketRef=N-1").json().at("/0/errorCode").asText())
                .isEqualTo("none");
        assertThat(
                        api.get(
                                        SESSIONS
                                                + "/"
                                                + none.json().get("id").asText()
                                                + "/transcript?format=markdown")
                                .body())
                .contains("- Error code: none — The dialog showed no error code");
        assertThat(assertProblem(withExtended, 400, "extendedCode").get("detail").asText())
                .contains("0x7 cannot come without an error code");
        assertThat(assertProblem(withNoneExtended, 400, "extendedCode").get("detail").asText())
                .contains("0x0 cannot come without an error code");
        assertThat(assertProblem(uncoded, 400, "errorCode").get("detail").asText())
                .contains("or none when the dialog showed no code");
    }

    @Test
    void a_typed_error_code_takes_the_extended_code_the_ticket_shows_beside_it_and_no_other() {
        String ticket =
                "User B: Error code: 0x112f\nUser A: Error code: 0x904 Extended error code: 0x7";

        Reply typed = api.post(SESSIONS, json("errorCode", "0x904", "ticketText", ticket));
        Reply other = api.post(SESSIONS, json("errorCode", "0x112f", "ticketText", ticket));

        Reply second =
                api.post(
                        SESSIONS,
                        json(
                                "errorCode",
                                "0x904",
                                "ticketText",
                                "First try: Error code: 0x204 Extended error code: 0x0\n"
                                        + "Second try: Error code: 0x904 Extended error code: 0x7"));

        assertThat(typed.status()).as(typed.body()).isEqualTo(201);
        assertThat(typed.json().at("/events/0/event/extendedCode").asText()).isEqualTo("0x7");
        assertThat(second.json().at("/events/0/event/extendedCode").asText())
                .as("the pair the ticket names second")
                .isEqualTo("0x7");
        assertThat(other.status()).as(other.body()).isEqualTo(201);
        assertThat(other.json().at("/events/0/event/extendedCode").isNull()).isTrue();
        assertThat(other.json().get("ticketNotes"))
                .extracting(JsonNode::asText)
                .singleElement()
                .asString()
                .startsWith("The ticket also names 0x904 / 0x7: this session diagnoses ");
    }

    // ------------------------------------------------------------------ If-Match

    @Test
    void if_match_with_the_current_event_count_applies_the_change() {
        String id = startSession().get("id").asText();

        Reply reply =
                api.post(
                        answers(id),
                        json("questionId", "error-message", "optionId", "unknown"),
                        "If-Match",
                        "\"1\"");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("eventCount").asInt()).isEqualTo(2);
    }

    @Test
    void an_event_count_without_quotes_is_still_taken_as_clients_sent_it_before_the_etag() {
        String id = startSession().get("id").asText();
        String body = json("questionId", "error-message", "optionId", "unknown");

        Reply stale = api.post(answers(id), body, "If-Match", "4");
        Reply current = api.post(answers(id), body, "If-Match", "1");

        assertThat(assertProblem(stale, 412, "If-Match").get("detail").asText())
                .contains("has 1 event, not 4");
        assertThat(current.status()).as(current.body()).isEqualTo(200);
    }

    @Test
    void an_event_count_with_a_leading_zero_is_not_the_count_as_tags_compare_strongly() {
        String id = startSession().get("id").asText();
        String body = json("questionId", "error-message", "optionId", "unknown");

        Reply padded = api.post(answers(id), body, "If-Match", "\"01\"");
        Reply paddedTag = api.post(answers(id), body, "If-Match", "\"01-0\"");

        assertProblem(padded, 412, "If-Match");
        assertProblem(paddedTag, 412, "If-Match");
        assertThat(doctor.session(id).eventCount()).isEqualTo(1);
    }

    @Test
    void if_match_and_if_none_match_sent_as_several_lines_are_read_as_one_list() {
        String id = startSession().get("id").asText();
        String etag = api.get(SESSIONS + "/" + id).header("ETag");

        Reply unchanged =
                api.get(SESSIONS + "/" + id, "If-None-Match", "\"x\"", "If-None-Match", etag);
        Reply written =
                api.post(
                        answers(id),
                        json("questionId", "error-message", "optionId", "unknown"),
                        "If-Match",
                        "\"7\"",
                        "If-Match",
                        etag);

        assertThat(unchanged.status()).isEqualTo(304);
        assertThat(written.status()).as(written.body()).isEqualTo(200);
        assertThat(written.json().get("eventCount").asInt()).isEqualTo(2);
    }

    @Test
    void if_match_with_another_event_count_is_a_412_and_changes_nothing() {
        String id = startSession().get("id").asText();

        Reply reply =
                api.post(
                        answers(id),
                        json("questionId", "error-message", "optionId", "unknown"),
                        "If-Match",
                        "\"4\"");

        JsonNode problem = assertProblem(reply, 412, "If-Match");
        assertThat(problem.get("detail").asText()).contains("has 1 event, not 4");
        assertThat(api.get(SESSIONS + "/" + id).json().get("eventCount").asInt()).isEqualTo(1);
    }

    @Test
    void a_write_that_keeps_losing_to_another_server_is_a_409_naming_no_field_and_loses_nothing() {
        String url = "jdbc:h2:mem:api-shared-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        AtomicInteger races = new AtomicInteger();
        try (RdpDoctor other = new RdpDoctor(rules, JdbcSessionStore.open(url, null, null));
                RdpDoctor racing =
                        new RdpDoctor(
                                rules,
                                RacingStore.writingFirst(
                                        JdbcSessionStore.open(url, null, null),
                                        // Each time, the other server changes the answer.
                                        id ->
                                                other.apply(
                                                        id,
                                                        new Event.Answered(
                                                                "error-timing",
                                                                races.incrementAndGet() % 2 == 0
                                                                        ? "immediately"
                                                                        : "after-credentials"))))) {
            Javalin racingApp = WebApp.create(racing, null).start("127.0.0.1", 0);
            try {
                ApiClient client = new ApiClient(racingApp.port());
                String id =
                        client.post(SESSIONS, json("errorCode", "0x904", "extendedCode", "0x7"))
                                .json()
                                .get("id")
                                .asText();

                Reply lost =
                        client.post(
                                answers(id),
                                json("questionId", "error-message", "optionId", "unknown"));
                Reply guarded =
                        client.post(
                                answers(id),
                                json("questionId", "error-message", "optionId", "unknown"),
                                "If-Match",
                                "\"" + (1 + races.get()) + "\"");

                JsonNode conflict = assertProblem(lost, 409, null);
                assertThat(conflict.get("detail").asText())
                        .contains("it changed meanwhile; reload it and try again");
                assertThat(assertProblem(guarded, 412, "If-Match").get("detail").asText())
                        .contains("it changed meanwhile");
                JsonNode session = client.get(SESSIONS + "/" + id).json();
                assertThat(session.get("eventCount").asInt()).isEqualTo(1 + races.get());
                assertThat(session.findValuesAsText("questionId")).doesNotContain("error-message");
                assertThat(client.unexpectedErrors()).isEmpty();
            } finally {
                racingApp.stop();
            }
        }
    }

    @Test
    void if_match_on_a_withdrawal_is_checked_too() {
        String id = startSession().get("id").asText();
        api.post(answers(id), json("questionId", "error-message", "optionId", "unknown"));

        Reply reply = api.delete(answers(id) + "/error-message", "If-Match", "\"1\"");

        assertProblem(reply, 412, "If-Match");
    }

    @Test
    void if_match_on_an_abandonment_is_checked_too() {
        String id = startSession().get("id").asText();

        Reply stale = api.post(SESSIONS + "/" + id + "/abandon", "", "If-Match", "\"4\"");
        Reply current = api.post(SESSIONS + "/" + id + "/abandon", "", "If-Match", "\"1\"");

        assertThat(assertProblem(stale, 412, "If-Match").get("detail").asText())
                .contains("has 1 event, not 4");
        assertThat(current.status()).isEqualTo(200);
        assertThat(current.json().get("status").asText()).isEqualTo("abandoned");
    }

    @Test
    void a_session_read_has_a_strong_etag_and_a_matching_if_none_match_gets_304_until_it_changes() {
        String id = startSession().get("id").asText();

        Reply first = api.get(SESSIONS + "/" + id);
        String etag = first.header("ETag");
        Reply unchanged = api.get(SESSIONS + "/" + id, "If-None-Match", etag);
        Reply any = api.get(SESSIONS + "/" + id, "If-None-Match", "*");
        api.post(answers(id), json("questionId", "error-message", "optionId", "unknown"));
        Reply changed = api.get(SESSIONS + "/" + id, "If-None-Match", etag);
        api.post(SESSIONS + "/" + id + "/abandon", "");
        Reply abandoned = api.get(SESSIONS + "/" + id, "If-None-Match", changed.header("ETag"));

        assertThat(etag).matches("\"1-[0-9a-f]{16}\"");
        assertThat(unchanged.status()).isEqualTo(304);
        assertThat(unchanged.body()).isEmpty();
        assertThat(unchanged.header("ETag")).isEqualTo(etag);
        assertThat(any.status()).isEqualTo(304);
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.header("ETag")).startsWith("\"2-");
        assertThat(changed.json().get("eventCount").asInt()).isEqualTo(2);
        assertThat(abandoned.status()).as("abandoned: no event, but another body").isEqualTo(200);
        assertThat(abandoned.json().get("status").asText()).isEqualTo("abandoned");
    }

    @Test
    void if_match_takes_the_etag_of_a_read_and_star_for_any_version() {
        String id = startSession().get("id").asText();
        String etag = api.get(SESSIONS + "/" + id).header("ETag");

        Reply withEtag =
                api.post(
                        answers(id),
                        json("questionId", "error-message", "optionId", "unknown"),
                        "If-Match",
                        etag);
        Reply stale =
                api.post(
                        answers(id),
                        json("questionId", "error-timing", "optionId", "unknown"),
                        "If-Match",
                        etag);
        Reply star = api.post(SESSIONS + "/" + id + "/abandon", "", "If-Match", "*");

        assertThat(withEtag.status()).isEqualTo(200);
        assertThat(assertProblem(stale, 412, "If-Match").get("detail").asText())
                .contains("has 2 events, not 1");
        assertThat(star.status()).isEqualTo(200);
        assertThat(star.json().get("status").asText()).isEqualTo("abandoned");
    }

    @Test
    void each_write_gives_the_etag_a_read_would_so_writes_chain_without_reads() {
        Reply created = api.post(SESSIONS, json("errorCode", "0x904", "extendedCode", "0x7"));
        String id = created.json().get("id").asText();
        Reply answered =
                api.post(
                        answers(id),
                        json("questionId", "error-message", "optionId", "unknown"),
                        "If-Match",
                        created.header("ETag"));
        Reply withdrawn =
                api.delete(answers(id) + "/error-message", "If-Match", answered.header("ETag"));
        Reply abandoned =
                api.post(
                        SESSIONS + "/" + id + "/abandon", "", "If-Match", withdrawn.header("ETag"));
        Reply read = api.get(SESSIONS + "/" + id);

        assertThat(created.header("ETag")).matches("\"1-[0-9a-f]{16}\"");
        assertThat(answered.status()).as(answered.body()).isEqualTo(200);
        assertThat(withdrawn.status()).as(withdrawn.body()).isEqualTo(200);
        assertThat(abandoned.status()).as(abandoned.body()).isEqualTo(200);
        assertThat(abandoned.header("ETag")).isEqualTo(read.header("ETag"));
        assertThat(api.get(SESSIONS + "/" + id, "If-None-Match", abandoned.header("ETag")).status())
                .isEqualTo(304);
    }

    @Test
    void an_abandonment_with_a_body_other_than_an_empty_object_is_a_400() {
        String id = startSession().get("id").asText();

        Reply field = api.post(SESSIONS + "/" + id + "/abandon", "{\"reason\": \"gave up\"}");
        Reply notJson = api.post(SESSIONS + "/" + id + "/abandon", "please");
        Reply empty = api.post(SESSIONS + "/" + id + "/abandon", "{}");

        assertThat(assertProblem(field, 400, "reason").get("detail").asText())
                .isEqualTo("unknown field 'reason'");
        assertProblem(notJson, 400, "body");
        assertThat(empty.status()).isEqualTo(200);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {"abc", "\"1", "\"1\" \"2\"", "*, \"1\""})
    void if_match_that_is_not_a_list_of_entity_tags_is_a_400(String header) {
        String id = startSession().get("id").asText();

        Reply reply =
                api.post(
                        answers(id),
                        json("questionId", "error-message", "optionId", "unknown"),
                        "If-Match",
                        header);

        assertProblem(reply, 400, "If-Match");
        assertThat(api.get(SESSIONS + "/" + id).json().get("eventCount").asInt()).isEqualTo(1);
    }

    @Test
    void
            if_match_with_the_etag_read_before_an_abandonment_is_a_412_and_the_session_stays_abandoned() {
        String id = startSession().get("id").asText();
        String read = api.get(SESSIONS + "/" + id).header("ETag");
        Reply abandoned = api.post(SESSIONS + "/" + id + "/abandon", "");

        Reply answer =
                api.post(
                        answers(id),
                        json("questionId", "error-message", "optionId", "unknown"),
                        "If-Match",
                        read);
        Reply abandonAgain = api.post(SESSIONS + "/" + id + "/abandon", "", "If-Match", read);

        assertThat(abandoned.header("ETag")).isNotEqualTo(read).startsWith("\"1-");
        assertThat(assertProblem(answer, 412, "If-Match").get("detail").asText())
                .contains("is in no version the request names: it is abandoned with 1 event now")
                .endsWith("it changed meanwhile; reload it and try again");
        assertProblem(abandonAgain, 412, "If-Match");
        JsonNode session = api.get(SESSIONS + "/" + id).json();
        assertThat(session.get("status").asText()).isEqualTo("abandoned");
        assertThat(session.get("eventCount").asInt()).isEqualTo(1);
    }

    @Test
    void an_abandonment_by_another_server_between_the_check_and_the_write_is_a_412() {
        String url = "jdbc:h2:mem:api-abandoning-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        try (RdpDoctor other = new RdpDoctor(rules, JdbcSessionStore.open(url, null, null));
                RdpDoctor racing =
                        new RdpDoctor(
                                rules,
                                RacingStore.writingFirst(
                                        JdbcSessionStore.open(url, null, null), other::abandon))) {
            Javalin racingApp = WebApp.create(racing, null).start("127.0.0.1", 0);
            try {
                ApiClient client = new ApiClient(racingApp.port());
                Reply created =
                        client.post(SESSIONS, json("errorCode", "0x904", "extendedCode", "0x7"));
                String id = created.json().get("id").asText();

                Reply answer =
                        client.post(
                                answers(id),
                                json("questionId", "error-message", "optionId", "unknown"),
                                "If-Match",
                                created.header("ETag"));

                assertThat(assertProblem(answer, 412, "If-Match").get("detail").asText())
                        .contains("is abandoned, not open: it changed meanwhile");
                JsonNode session = client.get(SESSIONS + "/" + id).json();
                assertThat(session.get("status").asText()).isEqualTo("abandoned");
                assertThat(session.get("eventCount").asInt()).isEqualTo(1);
            } finally {
                racingApp.stop();
            }
        }
    }

    @Test
    void a_bare_event_count_in_if_match_names_only_the_events_so_it_reopens_an_abandoned_session() {
        String id = startSession().get("id").asText();
        api.post(SESSIONS + "/" + id + "/abandon", "");

        Reply answer =
                api.post(
                        answers(id),
                        json("questionId", "error-message", "optionId", "unknown"),
                        "If-Match",
                        "\"1\"");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().get("status").asText()).isEqualTo("open");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {"W/\"1\"", "\"abc\"", "\"12345678901\"", "\"7\", W/\"1\""})
    void if_match_with_a_weak_tag_or_a_tag_of_no_version_is_a_412(String header) {
        String id = startSession().get("id").asText();

        Reply reply =
                api.post(
                        answers(id),
                        json("questionId", "error-message", "optionId", "unknown"),
                        "If-Match",
                        header);

        JsonNode problem = assertProblem(reply, 412, "If-Match");
        assertThat(api.get(SESSIONS + "/" + id).json().get("eventCount").asInt()).isEqualTo(1);
        if (header.contains("W/")) {
            assertThat(problem.get("detail").asText())
                    .endsWith(
                            " (a weak tag, W/\"…\", never matches: If-Match compares tags"
                                    + " strongly, so send the ETag as it came, without W/)");
        } else {
            assertThat(problem.get("detail").asText()).doesNotContain("weak");
        }
    }

    @Test
    void if_match_with_a_list_applies_the_change_when_any_tag_matches() {
        String id = startSession().get("id").asText();
        String etag = api.get(SESSIONS + "/" + id).header("ETag");

        Reply byCount =
                api.post(
                        answers(id),
                        json("questionId", "error-message", "optionId", "unknown"),
                        "If-Match",
                        "\"7\", W/\"1\", \"1\"");
        Reply byEtag =
                api.post(
                        SESSIONS + "/" + id + "/abandon",
                        "",
                        "If-Match",
                        etag + ", " + byCount.header("ETag"));

        assertThat(byCount.status()).as(byCount.body()).isEqualTo(200);
        assertThat(byEtag.status()).as(byEtag.body()).isEqualTo(200);
        assertThat(byEtag.json().get("status").asText()).isEqualTo("abandoned");
    }

    @Test
    void if_match_listing_counts_none_of_which_is_the_sessions_is_a_412_saying_what_it_has() {
        String id = startSession().get("id").asText();
        api.post(answers(id), json("questionId", "error-message", "optionId", "unknown"));

        Reply reply =
                api.post(
                        answers(id),
                        json("questionId", "error-timing", "optionId", "unknown"),
                        "If-Match",
                        "\"1\", \"3\"");

        assertThat(assertProblem(reply, 412, "If-Match").get("detail").asText())
                .contains("is in no version the request names: it is open with 2 events now")
                .doesNotContain("is not as it was read");
    }

    // ------------------------------------------------------------------ transcript

    @Test
    void the_markdown_transcript_has_the_codes_the_answers_and_the_ranking() {
        String id = startSession().get("id").asText();
        JsonNode answered =
                api.post(
                                answers(id),
                                json("questionId", "error-message", "optionId", "credssp-oracle"))
                        .json();

        Reply reply = api.get(SESSIONS + "/" + id + "/transcript?format=markdown");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).startsWith("text/markdown");
        assertThat(reply.body())
                .contains("Error code: 0x904")
                .contains("Extended error code: 0x7")
                .contains(answered.at("/state/answers/0/question").asText())
                .contains(answered.at("/state/answers/0/label").asText())
                .contains("### Ranking")
                .contains("1. " + answered.at("/state/ranking/0/title").asText());
    }

    @Test
    void the_json_transcript_lists_the_steps_in_order() {
        String id = startSession().get("id").asText();
        api.post(answers(id), json("questionId", "error-message", "optionId", "credssp-oracle"));
        api.delete(answers(id) + "/error-message");

        Reply reply = api.get(SESSIONS + "/" + id + "/transcript");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).startsWith("application/json");
        JsonNode transcript = reply.json();
        assertThat(transcript.get("sessionId").asText()).isEqualTo(id);
        assertThat(transcript.at("/decoded/error/hex").asText()).isEqualTo("0x904");
        assertThat(transcript.get("steps"))
                .extracting(s -> s.get("kind").asText())
                .containsExactly("answer", "withdrawn");
        assertThat(transcript.get("ranking")).hasSize(5);
    }

    @Test
    void an_unknown_transcript_format_is_a_400_naming_format() {
        String id = startSession().get("id").asText();

        Reply reply = api.get(SESSIONS + "/" + id + "/transcript?format=pdf");

        JsonNode problem = assertProblem(reply, 400, "format");
        assertThat(problem.get("detail").asText()).contains("'pdf'");
    }

    // ------------------------------------------------------------------ knowledge

    @Test
    void decode_reads_the_error_code_and_the_extended_code() {
        Reply reply = api.get("/api/v1/decode?code=0x904&extended=0x7");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).startsWith("application/json");
        JsonNode decoded = reply.json();
        assertThat(decoded.at("/error/decimal").asInt()).isEqualTo(2308);
        assertThat(decoded.at("/error/known").asBoolean()).isTrue();
        assertThat(decoded.at("/error/name").asText())
                .isEqualTo("disconnectReasonAtClientWinsockFDCLOSE");
        assertThat(decoded.at("/extended/name").asText())
                .isEqualTo("exDiscReasonServerDeniedConnection");
        assertThat(decoded.at("/extended/serverName").asText())
                .isEqualTo("ERRINFO_SERVER_DENIED_CONNECTION");
    }

    @Test
    void a_freerdp_log_as_the_ticket_starts_a_session_from_its_last_error() {
        String log =
                "[14:02:11:482] [4121:4122] [ERROR][com.freerdp.core] - freerdp_set_last_error_ex"
                        + " ERRCONNECT_TLS_CONNECT_FAILED [0x00020008]";

        Reply reply = api.post(SESSIONS, json("ticketText", log));
        JsonNode decoded = api.get("/api/v1/decode?code=0x00020008").json();

        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        JsonNode state = reply.json().get("state");
        assertThat(state.at("/decoded/error/name").asText())
                .isEqualTo("ERRCONNECT_TLS_CONNECT_FAILED");
        assertThat(state.get("evidence"))
                .extracting(
                        e ->
                                e.get("kind").asText()
                                        + "="
                                        + e.get("value").asText()
                                        + " from "
                                        + e.get("source").asText())
                .containsExactlyInAnyOrder(
                        "tls-handshake=failed from error-code",
                        "client-software=freerdp from error-code",
                        "client-software=freerdp from ticket");
        assertThat(state.get("answers"))
                .extracting(a -> a.get("questionId").asText() + "=" + a.get("optionId").asText())
                .contains("client-platform=linux-freerdp");
        assertThat(state.at("/nextQuestion/id").asText())
                .isNotIn("error-message", "client-platform");
        assertThat(decoded.at("/error/known").asBoolean()).isTrue();
        assertThat(decoded.at("/error/meaning").asText())
                .contains("FreeRDP's last error of class 2");
    }

    @Test
    void a_ticket_that_names_freerdps_connection_error_without_its_code_starts_from_that_code() {
        Reply reply =
                api.post(
                        SESSIONS,
                        json(
                                "ticketText",
                                "User on the Linux thin client: Remmina shows"
                                        + " ERRCONNECT_CONNECT_TRANSPORT_FAILED, nothing else."));

        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        JsonNode state = reply.json().get("state");
        assertThat(state.at("/decoded/error/hex").asText()).isEqualTo("0x2000D");
        assertThat(state.at("/decoded/error/shown").asText()).isEqualTo("0x0002000D");
        assertThat(state.at("/decoded/error/name").asText())
                .isEqualTo("ERRCONNECT_CONNECT_TRANSPORT_FAILED");
        assertThat(state.get("answers"))
                .extracting(a -> a.get("questionId").asText() + "=" + a.get("optionId").asText())
                .contains("client-platform=linux-freerdp");
    }

    @Test
    void an_extended_code_that_contradicts_freerdps_server_reason_is_a_400_naming_it() {
        Reply contradicts =
                api.post(SESSIONS, json("errorCode", "0x00010009", "extendedCode", "0x7"));
        Reply none = api.post(SESSIONS, json("errorCode", "0x00010009", "extendedCode", "0x0"));
        Reply same = api.post(SESSIONS, json("errorCode", "0x00010009", "extendedCode", "9"));

        JsonNode problem = assertProblem(contradicts, 400, "extendedCode");
        assertThat(problem.get("detail").asText())
                .contains("0x7 disagrees with the error code 0x00010009")
                .contains("server's reason 0x9");
        for (Reply started : List.of(none, same)) {
            assertThat(started.status()).as(started.body()).isEqualTo(201);
            assertThat(started.json().at("/state/ranking/0/causeId").asText())
                    .isEqualTo("user-lacks-remote-logon-right");
        }
        assertThat(none.json().at("/state/decoded/extended").isNull()).isTrue();
        assertThat(
                        api.get("/api/v1/decode?code=0x00010009&extended=0x7")
                                .json()
                                .path("conflict")
                                .asText())
                .as("the start page's live decoding says it before the form is sent")
                .startsWith("0x7 disagrees with the error code 0x00010009");
        assertThat(api.get("/api/v1/decode?code=0x00010009&extended=0x0").json().has("conflict"))
                .isFalse();
    }

    @Test
    void freerdps_own_connection_error_with_an_extended_code_is_a_400_naming_it() {
        Reply paired = api.post(SESSIONS, json("errorCode", "0x00020008", "extendedCode", "0x7"));
        Reply none = api.post(SESSIONS, json("errorCode", "0x00020008", "extendedCode", "0x0"));

        assertThat(assertProblem(paired, 400, "extendedCode").get("detail").asText())
                .contains("0x7 cannot come with the error code 0x00020008")
                .endsWith("give none");
        assertThat(none.status()).as(none.body()).isEqualTo(201);
        assertThat(none.json().at("/state/decoded/extended").isNull())
                .as("0x0 beside FreeRDP's last error is no extended code")
                .isTrue();
    }

    @Test
    void freerdps_own_connection_error_given_as_the_extended_code_is_a_400_naming_it() {
        Reply session =
                api.post(SESSIONS, json("errorCode", "0x904", "extendedCode", "0x00020008"));
        Reply decoded = api.get("/api/v1/decode?code=0x904&extended=0x00020008");
        Reply both = api.get("/api/v1/decode?code=0x00020008&extended=0x00020008");

        for (Reply reply : List.of(session, decoded, both)) {
            assertThat(
                            assertProblem(
                                            reply,
                                            400,
                                            reply == session ? "extendedCode" : "extended")
                                    .get("detail")
                                    .asText())
                    .contains("'0x00020008' is FreeRDP's own connection error (class 2)")
                    .endsWith("give it as the error code, with no extended code");
        }
    }

    @Test
    void a_ticket_pairing_freerdps_reason_with_another_extended_code_starts_from_freerdps() {
        String ticket =
                "Remmina: [ERROR][com.freerdp.core] - freerdp_set_last_error_ex"
                        + " ERRINFO_SERVER_INSUFFICIENT_PRIVILEGES [0x00010009]\n"
                        + "From the office PC it said: Extended error code: 0x7";

        Reply reply = api.post(SESSIONS, json("ticketText", ticket));

        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        assertThat(reply.json().at("/state/ranking/0/causeId").asText())
                .isEqualTo("user-lacks-remote-logon-right");
        assertThat(reply.json().at("/state/decoded/extended").isNull()).isTrue();
    }

    @Test
    void decode_without_an_extended_code_gives_only_the_error() {
        Reply reply = api.get("/api/v1/decode?code=2308");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().at("/error/hex").asText()).isEqualTo("0x904");
        assertThat(reply.json().has("extended")).isFalse();
    }

    @Test
    void a_code_that_is_not_a_number_is_a_400_naming_code() {
        Reply reply = api.get("/api/v1/decode?code=zz");

        JsonNode problem = assertProblem(reply, 400, "code");
        assertThat(problem.get("detail").asText()).contains("'zz'");
    }

    @Test
    void a_missing_code_is_a_400_naming_code() {
        assertProblem(api.get("/api/v1/decode?extended=0x7"), 400, "code");
    }

    @Test
    void an_extended_code_with_the_nul_character_is_a_400_naming_extended() {
        Reply reply = api.get("/api/v1/decode?code=0x904&extended=0x7%00");

        assertThat(assertProblem(reply, 400, "extended").get("detail").asText())
                .isEqualTo("extended: must not contain the NUL character (U+0000)");
    }

    @Test
    void an_extended_code_that_is_not_a_number_is_a_400_naming_extended() {
        assertProblem(api.get("/api/v1/decode?code=0x904&extended=zz"), 400, "extended");
    }

    @Test
    void a_query_parameter_given_twice_is_a_400_naming_it() {
        String id = startSession().get("id").asText();

        Reply code = api.get("/api/v1/decode?code=0x904&code=0x204");
        Reply format = api.get(SESSIONS + "/" + id + "/transcript?format=json&format=markdown");
        Reply limit = api.get(SESSIONS + "?limit=5&limit=500");

        assertThat(assertProblem(code, 400, "code").get("detail").asText())
                .isEqualTo("'code' is given 2 times: give it once");
        assertProblem(format, 400, "format");
        assertProblem(limit, 400, "limit");
    }

    @Test
    void questions_lists_every_question_with_its_options() {
        Reply reply = api.get("/api/v1/questions");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).startsWith("application/json");
        assertThat(reply.json().size()).isEqualTo(rules.knowledge().questions().size());
        JsonNode message = find(reply.json(), "id", "error-message");
        assertThat(message.get("evidenceKind").asText()).isEqualTo("message");
        assertThat(message.get("options"))
                .extracting(o -> o.get("id").asText())
                .contains("credssp-oracle", "only-codes");
    }

    @Test
    void causes_lists_every_cause_with_its_fixes() {
        Reply reply = api.get("/api/v1/causes");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).startsWith("application/json");
        assertThat(reply.json().size()).isEqualTo(rules.knowledge().causes().size());
        JsonNode credssp = find(reply.json(), "id", "credssp-oracle-mismatch");
        assertThat(credssp.get("title").asText()).contains("CredSSP");
        assertThat(credssp.get("fixes")).isNotEmpty();
    }

    // ------------------------------------------------------------------ bad bodies

    @Test
    void malformed_json_is_a_400_whose_detail_gives_line_and_column() {
        Reply reply = api.post(SESSIONS, "{\n  \"errorCode\": 0x904\n}");

        JsonNode problem = assertProblem(reply, 400, "body");
        assertThat(problem.get("detail").asText())
                .startsWith("the body is not valid JSON")
                .contains("line 2, column");
    }

    @Test
    void json_that_ends_early_is_described_in_plain_words_without_the_parsers_settings() {
        Reply reply = api.post(SESSIONS, "{\"errorCode\": \"0x904\"");

        JsonNode problem = assertProblem(reply, 400, "body");
        assertThat(problem.get("detail").asText())
                .endsWith("the input ends before the JSON does: an object or a list is not closed")
                .doesNotContain("REDACTED")
                .doesNotContain("StreamReadFeature");
    }

    @Test
    void json_nested_too_deep_is_described_in_plain_words_without_the_parsers_settings() {
        Reply reply =
                api.post(
                        SESSIONS,
                        "{\"errorCode\": \"0x904\", \"notes\": "
                                + "[".repeat(1200)
                                + "]".repeat(1200)
                                + "}");

        JsonNode problem = assertProblem(reply, 400, "body");
        assertThat(problem.get("detail").asText())
                .isEqualTo(
                        "the body is not valid JSON: lists or objects nested more than 1,000 deep");
        assertThat(doctor.recentSessions(10)).isEmpty();
    }

    @Test
    void content_after_the_json_object_is_a_400() {
        Reply reply = api.post(SESSIONS, json("errorCode", "0x904") + " {}");

        JsonNode problem = assertProblem(reply, 400, "body");
        assertThat(problem.get("detail").asText()).contains("more content after the JSON object");
    }

    @Test
    void an_empty_body_is_a_400() {
        JsonNode problem = assertProblem(api.post(SESSIONS, ""), 400, "body");

        assertThat(problem.get("detail").asText()).contains("needs a JSON body");
    }

    @Test
    void a_body_that_is_not_an_object_is_a_400_that_says_so_in_plain_words() {
        List<Reply> replies =
                List.of(
                        api.post(SESSIONS, "[\"0x904\"]"),
                        api.post(SESSIONS, "[]"),
                        api.post(SESSIONS, "null"),
                        api.post(SESSIONS, "\"0x904\""));

        assertThat(replies)
                .allSatisfy(
                        reply ->
                                assertThat(assertProblem(reply, 400, "body").get("detail").asText())
                                        .isEqualTo("the request body must be a JSON object"));
        assertThat(doctor.recentSessions(10)).isEmpty();
    }

    @Test
    void a_field_of_the_wrong_type_is_a_400_naming_the_field() {
        String id = startSession().get("id").asText();

        Reply create = api.post(SESSIONS, "{\"errorCode\": [\"0x904\"]}");
        Reply fix =
                api.post(
                        SESSIONS + "/" + id + "/fix-outcomes",
                        "{\"fixId\": \"install-credssp-updates\", \"worked\": \"yes\"}");

        assertThat(assertProblem(create, 400, "errorCode").get("detail").asText())
                .isEqualTo("'errorCode' has the wrong type: it must be a string");
        assertThat(assertProblem(fix, 400, "worked").get("detail").asText())
                .isEqualTo("'worked' has the wrong type: it must be true or false");
    }

    @Test
    void a_number_for_worked_is_a_400_naming_the_field_not_read_as_true_or_false() {
        String id = startSession().get("id").asText();
        String outcomes = SESSIONS + "/" + id + "/fix-outcomes";

        Reply one = api.post(outcomes, "{\"fixId\": \"install-credssp-updates\", \"worked\": 1}");
        Reply zero = api.post(outcomes, "{\"fixId\": \"install-credssp-updates\", \"worked\": 0}");

        assertThat(assertProblem(one, 400, "worked").get("detail").asText())
                .isEqualTo("'worked' has the wrong type: it must be true or false");
        assertProblem(zero, 400, "worked");
        assertThat(doctor.session(id).eventCount()).isEqualTo(1);
    }

    @Test
    void a_number_or_boolean_for_a_text_field_is_a_400_naming_the_field_not_stored_as_text() {
        Reply host = api.post(SESSIONS, "{\"errorCode\": \"0x904\", \"host\": true}");
        Reply notes = api.post(SESSIONS, "{\"errorCode\": \"0x904\", \"notes\": 3.14}");
        Reply ticketRef = api.post(SESSIONS, "{\"errorCode\": \"0x904\", \"ticketRef\": false}");
        Reply errorCode = api.post(SESSIONS, "{\"errorCode\": 2308}");

        assertThat(assertProblem(host, 400, "host").get("detail").asText())
                .isEqualTo("'host' has the wrong type: it must be a string");
        assertProblem(notes, 400, "notes");
        assertProblem(ticketRef, 400, "ticketRef");
        assertProblem(errorCode, 400, "errorCode");
        assertThat(doctor.recentSessions(10)).isEmpty();
    }

    @Test
    void a_string_for_worked_is_a_400_naming_the_field_not_read_as_true_or_false() {
        String id = startSession().get("id").asText();
        String outcomes = SESSIONS + "/" + id + "/fix-outcomes";

        Reply yes =
                api.post(
                        outcomes, "{\"fixId\": \"install-credssp-updates\", \"worked\": \"true\"}");
        Reply no =
                api.post(
                        outcomes,
                        "{\"fixId\": \"install-credssp-updates\", \"worked\": \"False\"}");

        assertThat(assertProblem(yes, 400, "worked").get("detail").asText())
                .isEqualTo("'worked' has the wrong type: it must be true or false");
        assertProblem(no, 400, "worked");
        assertThat(doctor.session(id).eventCount()).isEqualTo(1);
    }

    @Test
    void a_line_break_in_a_one_line_field_is_a_400_naming_the_field() {
        String id = startSession().get("id").asText();

        Reply ticketRef =
                api.post(
                        SESSIONS,
                        json(
                                "errorCode",
                                "0x904",
                                "ticketRef",
                                "INC-1\n- Status: solved\n\n### Steps"));
        Reply host = api.post(SESSIONS, json("errorCode", "0x904", "host", "rds01\r\nx"));
        Reply detail =
                api.post(
                        SESSIONS + "/" + id + "/evidence",
                        json(
                                "kind",
                                "tcp-connect",
                                "value",
                                "open",
                                "source",
                                "user",
                                "detail",
                                "fast\n### Ranking"));

        assertThat(assertProblem(ticketRef, 400, "ticketRef").get("detail").asText())
                .isEqualTo(
                        "ticketRef: must be one line, without control characters such as line"
                                + " breaks or tabs");
        assertProblem(host, 400, "host");
        assertProblem(detail, 400, "detail");
        assertThat(doctor.recentSessions(10)).hasSize(1);
        assertThat(doctor.session(id).eventCount()).isEqualTo(1);
    }

    @Test
    void a_long_value_is_quoted_shortened_and_a_huge_id_is_refused_by_its_length() {
        String id = startSession().get("id").asText();

        Reply quoted =
                api.post(
                        SESSIONS + "/" + id + "/evidence",
                        json("kind", "k".repeat(150), "value", "open", "source", "user"));
        Reply huge =
                api.post(
                        SESSIONS + "/" + id + "/evidence",
                        json("kind", "k".repeat(300_000), "value", "open", "source", "user"));

        assertThat(assertProblem(quoted, 400, "kind").get("detail").asText())
                .endsWith("'" + "k".repeat(60) + "…(150 characters)'")
                .hasSizeLessThan(200);
        assertThat(assertProblem(huge, 400, "kind").get("detail").asText())
                .isEqualTo("kind: longer than 200 characters (300,000 given)");
    }

    @Test
    void a_session_at_its_event_limit_refuses_more_with_a_400_and_is_still_read() {
        String id = startSession().get("id").asText();
        List<Event> flipping =
                IntStream.range(1, RdpDoctor.MAX_EVENTS - 1)
                        .mapToObj(
                                i ->
                                        (Event)
                                                new Event.Answered(
                                                        "error-message",
                                                        i % 2 == 0
                                                                ? "credssp-oracle"
                                                                : "internal-error"))
                        .toList();
        doctor.applyAll(id, flipping, null);

        Reply last =
                api.post(
                        answers(id), json("questionId", "error-message", "optionId", "only-codes"));
        Reply retried =
                api.post(
                        answers(id), json("questionId", "error-message", "optionId", "only-codes"));
        Reply over =
                api.post(
                        answers(id),
                        json("questionId", "error-message", "optionId", "credssp-oracle"));

        assertThat(last.status()).isEqualTo(200);
        assertThat(last.json().get("eventCount").asInt()).isEqualTo(RdpDoctor.MAX_EVENTS);
        assertThat(retried.status()).isEqualTo(200);
        assertThat(retried.header("ETag")).isEqualTo(last.header("ETag"));
        assertThat(assertProblem(over, 400, "events").get("detail").asText())
                .isEqualTo(
                        "events: the session holds 1,000 events and this adds 1, more than the"
                                + " 1,000 a"
                                + " session takes; start a new session for the ticket");
        Reply read = api.get(SESSIONS + "/" + id);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().get("eventCount").asInt()).isEqualTo(RdpDoctor.MAX_EVENTS);
    }

    @Test
    void a_field_given_twice_is_a_400_naming_the_field_and_nothing_is_stored() {
        String id = startSession().get("id").asText();

        Reply create = api.post(SESSIONS, "{\"errorCode\": \"0x904\", \"errorCode\": \"0x1\"}");
        Reply fix =
                api.post(
                        SESSIONS + "/" + id + "/fix-outcomes",
                        "{\"worked\": false, \"fixId\": \"install-credssp-updates\","
                                + " \"worked\": true}");

        assertThat(assertProblem(create, 400, "errorCode").get("detail").asText())
                .isEqualTo("'errorCode' is given more than once; give it once");
        assertProblem(fix, 400, "worked");
        assertThat(doctor.recentSessions(10)).hasSize(1);
        assertThat(doctor.session(id).eventCount()).isEqualTo(1);
    }

    @Test
    void invalid_utf8_in_a_field_is_a_400_naming_the_field_and_nothing_is_stored() {
        String id = startSession().get("id").asText();
        List<byte[]> invalid =
                List.of(
                        new byte[] {(byte) 0xFF, (byte) 0xFE, (byte) 0xC0},
                        new byte[] {(byte) 0xC0, (byte) 0xAF},
                        new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                        new byte[] {(byte) 0xE2, (byte) 0x82});
        List<Reply> replies = new ArrayList<>();

        for (byte[] bad : invalid) {
            replies.add(
                    api.send(
                            "POST",
                            SESSIONS,
                            BodyPublishers.ofByteArray(
                                    concat(
                                            "{\"errorCode\": \"0x904\", \"host\": \"rds",
                                            bad,
                                            "\"}"))));
        }
        Reply answer =
                api.send(
                        "POST",
                        SESSIONS + "/" + id + "/answers",
                        BodyPublishers.ofByteArray(
                                concat(
                                        "{\"questionId\": \"error-message\", \"optionId\": \"",
                                        invalid.get(0),
                                        "\"}")));

        assertThat(replies)
                .allSatisfy(
                        reply ->
                                assertThat(assertProblem(reply, 400, "host").get("detail").asText())
                                        .startsWith("'host' is not valid UTF-8 (at byte 35 "));
        assertProblem(answer, 400, "optionId");
        assertThat(doctor.recentSessions(10)).hasSize(1);
        assertThat(doctor.session(id).eventCount()).isEqualTo(1);
    }

    @Test
    void invalid_utf8_outside_a_string_value_is_a_400_about_the_body() {
        Reply reply =
                api.send(
                        "POST",
                        SESSIONS,
                        BodyPublishers.ofByteArray(
                                concat(
                                        "{\"error",
                                        new byte[] {(byte) 0xFF},
                                        "Code\": \"0x904\"}")));

        assertThat(assertProblem(reply, 400, "body").get("detail").asText())
                .isEqualTo("the body is not valid UTF-8 (at byte 7 of the body)");
        assertThat(doctor.recentSessions(10)).isEmpty();
    }

    @Test
    void a_body_that_starts_with_a_byte_order_mark_is_read_as_without_it() {
        Reply reply =
                api.send(
                        "POST",
                        SESSIONS,
                        BodyPublishers.ofByteArray(
                                concat(
                                        "",
                                        new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                                        "{\"errorCode\": \"0x904\", \"host\": \"rds01\"}")));

        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.json().at("/events/0/event/host").asText()).isEqualTo("rds01");
    }

    @Test
    void an_unknown_field_is_a_400_naming_the_field() {
        Reply reply = api.post(SESSIONS, json("errorCode", "0x904", "colour", "red"));

        JsonNode problem = assertProblem(reply, 400, "colour");
        assertThat(problem.get("detail").asText())
                .isEqualTo(
                        "unknown field 'colour'; fields: errorCode, extendedCode, host, notes,"
                                + " ticketRef, ticketText");
    }

    @Test
    void a_session_without_an_error_code_or_ticket_text_is_a_400_naming_error_code() {
        assertProblem(api.post(SESSIONS, json("extendedCode", "0x7")), 400, "errorCode");
    }

    @Test
    void a_ticket_text_without_a_code_is_a_400_naming_error_code() {
        assertProblem(
                api.post(SESSIONS, json("ticketText", "the laptop cannot connect")),
                400,
                "errorCode");
    }

    @Test
    void an_error_code_that_is_not_a_number_is_a_400_naming_error_code() {
        assertProblem(api.post(SESSIONS, json("errorCode", "0xZZ")), 400, "errorCode");
        assertProblem(
                api.post(SESSIONS, json("errorCode", "0x904", "extendedCode", "seven")),
                400,
                "extendedCode");
    }

    @Test
    void a_field_longer_than_its_limit_is_a_400_naming_it() {
        String body = json("errorCode", "0x904", "host", "h".repeat(254));

        Reply reply = api.post(SESSIONS, body);

        JsonNode problem = assertProblem(reply, 400, "host");
        assertThat(problem.get("detail").asText()).contains("longer than 253 characters");
    }

    @Test
    void a_limit_counts_characters_outside_the_basic_plane_once() {
        String emoji = "\uD83D\uDCBB";

        Reply fits = api.post(SESSIONS, json("errorCode", "0x904", "ticketRef", emoji.repeat(200)));
        Reply over = api.post(SESSIONS, json("errorCode", "0x904", "ticketRef", emoji.repeat(201)));

        assertThat(fits.status()).as(fits.body()).isEqualTo(201);
        assertThat(fits.json().get("ticketRef").asText()).isEqualTo(emoji.repeat(200));
        String lookup = URLEncoder.encode(emoji.repeat(200), StandardCharsets.UTF_8);
        assertThat(api.get(SESSIONS + "?ticketRef=" + lookup).json()).hasSize(1);
        assertThat(assertProblem(over, 400, "ticketRef").get("detail").asText())
                .isEqualTo("ticketRef: longer than 200 characters (201 given)");
    }

    @ParameterizedTest(name = "{0} without {1}")
    @CsvSource({
        "answers,      optionId,   '{\"questionId\": \"error-message\"}'",
        "answers,      questionId, '{\"optionId\": \"unknown\"}'",
        "evidence,     source,     '{\"kind\": \"tcp-connect\", \"value\": \"open\"}'",
        "evidence,     kind,       '{\"value\": \"open\", \"source\": \"probe\"}'",
        "fix-outcomes, worked,     '{\"fixId\": \"install-credssp-updates\"}'",
        "fix-outcomes, fixId,      '{\"worked\": true}'"
    })
    void a_missing_required_field_is_a_400_naming_it(String endpoint, String field, String body) {
        String id = startSession().get("id").asText();

        Reply reply = api.post(SESSIONS + "/" + id + "/" + endpoint, body);

        JsonNode problem = assertProblem(reply, 400, field);
        assertThat(problem.get("detail").asText()).contains("'" + field + "'");
    }

    // ------------------------------------------------------------------ bad events

    @Test
    void an_unknown_question_is_a_400_naming_question_id() {
        String id = startSession().get("id").asText();

        Reply reply =
                api.post(answers(id), json("questionId", "favourite-colour", "optionId", "blue"));

        JsonNode problem = assertProblem(reply, 400, "questionId");
        assertThat(problem.get("detail").asText()).contains("unknown question 'favourite-colour'");
    }

    @Test
    void an_option_the_question_lacks_is_a_400_naming_option_id_and_stores_nothing() {
        String id = startSession().get("id").asText();

        Reply reply =
                api.post(answers(id), json("questionId", "error-message", "optionId", "maybe"));

        JsonNode problem = assertProblem(reply, 400, "optionId");
        assertThat(problem.get("detail").asText())
                .contains("'maybe' is not an option of 'error-message'")
                .contains("credssp-oracle");
        assertThat(api.get(SESSIONS + "/" + id).json().get("eventCount").asInt()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "kind,   no-such-kind, open,      probe",
        "value,  tcp-connect,  half-open, probe",
        "source, tcp-connect,  open,      rumour"
    })
    void unknown_evidence_is_a_400_naming_the_field(
            String field, String kind, String value, String source) {
        String id = startSession().get("id").asText();

        Reply reply =
                api.post(
                        SESSIONS + "/" + id + "/evidence",
                        json("kind", kind, "value", value, "source", source));

        assertProblem(reply, 400, field);
    }

    @Test
    void an_unknown_fix_is_a_400_naming_fix_id() {
        String id = startSession().get("id").asText();

        Reply reply =
                api.post(
                        SESSIONS + "/" + id + "/fix-outcomes",
                        "{\"fixId\": \"reboot-the-internet\", \"worked\": true}");

        JsonNode problem = assertProblem(reply, 400, "fixId");
        assertThat(problem.get("detail").asText()).contains("'reboot-the-internet'");
    }

    @Test
    void withdrawing_an_answer_never_given_is_a_400_naming_question_id() {
        String id = startSession().get("id").asText();

        Reply unanswered = api.delete(answers(id) + "/error-timing");
        Reply unknown = api.delete(answers(id) + "/no-such-question");

        assertThat(assertProblem(unanswered, 400, "questionId").get("detail").asText())
                .contains("no answer of the user's to withdraw");
        assertProblem(unknown, 400, "questionId");
    }

    @Test
    void evidence_taken_back_ends_the_answer_it_gave_and_a_wrong_kind_or_source_names_the_field() {
        String id = startSession().get("id").asText();
        String evidence = SESSIONS + "/" + id + "/evidence";
        api.post(evidence, json("kind", "tcp-connect", "value", "refused", "source", "user"));

        Reply noSource = api.delete(evidence + "/tcp-connect");
        Reply misspelt = api.delete(evidence + "/tcp-conect?source=user");
        Reply otherSource = api.delete(evidence + "/tcp-connect?source=probe");
        Reply taken = api.delete(evidence + "/tcp-connect?source=user");

        assertProblem(noSource, 400, "source");
        assertThat(assertProblem(misspelt, 400, "kind").get("detail").asText())
                .contains("unknown evidence kind 'tcp-conect'");
        assertThat(assertProblem(otherSource, 400, "kind").get("detail").asText())
                .contains("no evidence of kind 'tcp-connect' from 'probe'");
        assertThat(taken.status()).isEqualTo(200);
        JsonNode state = taken.json().get("state");
        assertThat(state.get("evidence")).isEmpty();
        assertThat(state.get("answers").findValuesAsText("questionId"))
                .doesNotContain("tcp-port-test");
    }

    // ------------------------------------------------------------------ not found, limits

    @TestFactory
    Stream<DynamicTest> an_unknown_session_is_a_404_problem_on_every_session_endpoint() {
        String missing = SESSIONS + "/no-such-session";
        return Stream.of(
                        new Call("GET", missing, ""),
                        new Call(
                                "POST",
                                missing + "/answers",
                                json("questionId", "error-message", "optionId", "unknown")),
                        new Call("DELETE", missing + "/answers/error-message", ""),
                        new Call("DELETE", missing + "/evidence/tcp-connect?source=probe", ""),
                        new Call(
                                "POST",
                                missing + "/evidence",
                                json("kind", "tcp-connect", "value", "open", "source", "probe")),
                        new Call(
                                "POST",
                                missing + "/fix-outcomes",
                                "{\"fixId\": \"install-credssp-updates\", \"worked\": false}"),
                        new Call("POST", missing + "/abandon", ""),
                        new Call("GET", missing + "/transcript", ""),
                        new Call("GET", missing + "/transcript?format=markdown", ""))
                .map(call -> DynamicTest.dynamicTest(call.toString(), () -> assertNoSession(call)));
    }

    private void assertNoSession(Call call) {
        Reply reply = send(call);

        JsonNode problem = assertProblem(reply, 404, "id");
        assertThat(problem.get("detail").asText())
                .isEqualTo("no session with id 'no-such-session'");
    }

    @Test
    void an_unknown_route_is_a_404_problem() {
        Reply reply = api.get("/api/v1/sessionz");

        JsonNode problem = assertProblem(reply, 404, "url");
        assertThat(problem.get("instance").asText()).isEqualTo("/api/v1/sessionz");
    }

    @Test
    void a_method_http_does_not_know_is_named_as_sent_in_the_405() {
        Reply foo = api.send("FOO", SESSIONS, BodyPublishers.noBody());

        assertThat(assertProblem(foo, 405, "method").get("detail").asText())
                .isEqualTo(
                        "method FOO is not allowed on /api/v1/sessions; it takes GET, POST, HEAD");
    }

    @Test
    void a_method_the_route_does_not_take_is_a_405_problem_with_the_allowed_methods() {
        String id = startSession().get("id").asText();

        Reply put = api.send("PUT", SESSIONS, BodyPublishers.ofString("{}"));
        Reply delete = api.delete(SESSIONS + "/" + id);
        Reply post = api.post("/api/v1/decode", "{}");

        assertThat(assertProblem(put, 405, "method").get("detail").asText())
                .isEqualTo(
                        "method PUT is not allowed on /api/v1/sessions; it takes GET, POST, HEAD");
        assertThat(put.header("Allow")).isEqualTo("GET, POST, HEAD");
        assertProblem(delete, 405, "method");
        assertThat(delete.header("Allow")).isEqualTo("GET, HEAD");
        assertProblem(post, 405, "method");
        assertThat(post.header("Allow")).isEqualTo("GET, HEAD");
        assertProblem(api.get("/api/v1/sessionz/" + id), 404, "url");
    }

    @Test
    void a_post_to_a_path_that_takes_none_is_405_whatever_its_content_type() {
        String id = startSession().get("id").asText();

        Reply session =
                api.post(SESSIONS + "/" + id, "errorCode=0x904", "Content-Type", "text/plain");
        Reply unknown = api.post("/api/v1/sessionz", "{}", "Content-Type", "text/plain");

        assertProblem(session, 405, "method");
        assertThat(session.header("Allow")).isEqualTo("GET, HEAD");
        assertProblem(unknown, 404, "url");
    }

    @Test
    void head_answers_as_get_would_without_the_body() {
        String id = startSession().get("id").asText();

        Reply found = api.send("HEAD", SESSIONS + "/" + id, BodyPublishers.noBody());
        Reply missing = api.send("HEAD", SESSIONS + "/no-such-session", BodyPublishers.noBody());
        Reply decode = api.send("HEAD", "/api/v1/decode?code=0x904", BodyPublishers.noBody());

        assertThat(found.status()).isEqualTo(200);
        assertThat(found.contentType()).isEqualTo("application/json");
        assertThat(found.body()).isEmpty();
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.contentType()).isEqualTo(Problem.CONTENT_TYPE);
        assertThat(decode.status()).isEqualTo(200);
    }

    @Test
    void a_body_over_the_limit_is_a_413_problem() {
        String body = json("errorCode", "0x904", "notes", "n".repeat((int) WebApp.MAX_BODY_BYTES));

        Reply reply = api.post(SESSIONS, body);

        JsonNode problem = assertProblem(reply, 413, "body");
        assertThat(problem.get("detail").asText()).contains(String.valueOf(WebApp.MAX_BODY_BYTES));
    }

    @Test
    void a_chunked_body_over_the_limit_is_a_413_problem_too() {
        byte[] body =
                json("errorCode", "0x904", "notes", "n".repeat((int) WebApp.MAX_BODY_BYTES))
                        .getBytes(StandardCharsets.UTF_8);

        Reply reply =
                api.send(
                        "POST",
                        SESSIONS,
                        BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));

        assertProblem(reply, 413, "body");
    }

    @Test
    void a_body_just_under_the_limit_is_read_and_checked_field_by_field() {
        String start = "{\"errorCode\": \"0x904\", \"notes\": \"";
        String body = start + "n".repeat((int) WebApp.MAX_BODY_BYTES - start.length() - 2) + "\"}";

        Reply reply = api.post(SESSIONS, body);

        assertThat(body).hasSize((int) WebApp.MAX_BODY_BYTES);
        assertProblem(reply, 400, "notes");
    }

    @Test
    void fields_at_their_limits_are_taken_with_every_character_escaped_as_pythons_json_writes_it() {
        String emoji = "\uD83D\uDCBB";
        String ticketText = "Ошибка " + emoji.repeat(TextLimits.TEXT_MAX - 7);
        String start =
                escaped(
                        "errorCode",
                        "0x904",
                        "extendedCode",
                        "0x7",
                        "host",
                        emoji.repeat(TextLimits.HOST_MAX),
                        "ticketRef",
                        emoji.repeat(TextLimits.TICKET_REF_MAX),
                        "notes",
                        emoji.repeat(TextLimits.TEXT_MAX),
                        "ticketText",
                        ticketText);
        String ticket = escaped("ticketText", ticketText);

        Reply started = api.post(SESSIONS, start);
        Reply read = api.post("/api/v1/ticket-reading", ticket);

        assertThat(start).hasSizeGreaterThan(2_400_000).containsIgnoringCase("\\ud83d\\udcbb");
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        assertThat(read.status()).as(read.body()).isEqualTo(200);
    }

    @Test
    void a_body_one_byte_over_the_limit_is_a_413_however_little_its_fields_hold() {
        String fields = escaped("errorCode", "0x904", "ticketText", "Ошибка");
        String body =
                fields.substring(0, fields.length() - 1)
                        + " ".repeat((int) WebApp.MAX_BODY_BYTES + 1 - fields.length())
                        + "}";

        Reply reply = api.post(SESSIONS, body);

        assertThat(body).hasSize((int) WebApp.MAX_BODY_BYTES + 1);
        assertProblem(reply, 413, "body");
    }

    @ParameterizedTest(name = "limit={0}")
    @CsvSource({"0", "1001", "-3", "twenty", "99999999999"})
    void a_limit_out_of_range_or_not_a_number_is_a_400_naming_limit(String limit) {
        assertProblem(api.get(SESSIONS + "?limit=" + limit), 400, "limit");
    }

    @Test
    void a_closed_database_is_a_503_problem_that_says_when_to_retry() {
        store.close();

        Reply reply = api.get(SESSIONS + "/any");

        assertProblem(reply, 503, null);
        assertThat(reply.header("Retry-After")).isEqualTo("5");
    }

    // ------------------------------------------------------------------ never a 500

    @TestFactory
    Stream<DynamicTest> bad_input_is_answered_with_a_4xx_problem_never_a_500() {
        String session = SESSIONS + "/" + startSession().get("id").asText();
        return Stream.of(
                        new Call("POST", SESSIONS, "{\"errorCode\": 0x904"),
                        new Call("POST", SESSIONS, "{\"errorCode\": \"0x904\"}}"),
                        new Call("POST", SESSIONS, "\"0x904\""),
                        new Call("POST", SESSIONS, "42"),
                        new Call("POST", SESSIONS, "{\"errorCode\": null}"),
                        new Call("POST", SESSIONS, "{\"errorCode\": {\"hex\": \"0x904\"}}"),
                        new Call("POST", SESSIONS, "{\"errorCode\": \"\", \"ticketText\": \"  \"}"),
                        new Call("POST", SESSIONS, "{\"errorCode\": \"-1\"}"),
                        new Call("POST", SESSIONS, "{\"errorCode\": \"0x\"}"),
                        new Call("POST", SESSIONS, "{\"errorCode\": \"99999999999999999999\"}"),
                        new Call("POST", SESSIONS, "{\"extra\": " + "[".repeat(5000)),
                        new Call("POST", SESSIONS, "{\"errorCode\": 7.5e400}"),
                        new Call("POST", SESSIONS, "{\"ticketText\": \"Error code: 0x\\u0000\"}"),
                        new Call(
                                "POST",
                                session + "/answers",
                                "{\"questionId\": null, \"optionId\": null}"),
                        new Call(
                                "POST",
                                session + "/answers",
                                "{\"questionId\": [], \"optionId\": {}}"),
                        new Call(
                                "POST",
                                session + "/evidence",
                                "{\"kind\": \"\", \"value\": \"\", \"source\": \"\"}"),
                        new Call(
                                "POST",
                                session + "/fix-outcomes",
                                "{\"fixId\": \"x\", \"worked\": 1e999}"),
                        new Call(
                                "POST",
                                session + "/fix-outcomes",
                                "{\"fixId\": \"x\", \"worked\": null}"),
                        new Call("DELETE", session + "/answers/%20", ""),
                        new Call("GET", "/api/v1/decode?code=", ""),
                        new Call("GET", "/api/v1/decode?code=%00", ""),
                        new Call("GET", "/api/v1/decode?code=0x904&extended=-7", ""),
                        new Call("GET", SESSIONS + "?ticketRef=" + "t".repeat(201), ""),
                        new Call("GET", SESSIONS + "?limit=", ""),
                        new Call("PATCH", session, "{}"))
                .map(call -> DynamicTest.dynamicTest(call.toString(), () -> assertRefused(call)));
    }

    private void assertRefused(Call call) {
        Reply reply = send(call);

        assertThat(reply.status()).as(reply.body()).isBetween(400, 499);
        assertProblem(reply, reply.status(), FIELD_ANY);
    }

    // ------------------------------------------------------------------ fixtures

    /** The UTF-8 bytes of {@code before}, then {@code bytes}, then those of {@code after}. */
    private static byte[] concat(String before, byte[] bytes, String after) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(before.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(bytes);
        out.writeBytes(after.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private JsonNode startSession() {
        return startSession(null);
    }

    private JsonNode startSession(String ticketRef) {
        String body =
                ticketRef == null
                        ? json("errorCode", "0x904", "extendedCode", "0x7")
                        : json("errorCode", "0x904", "extendedCode", "0x7", "ticketRef", ticketRef);
        Reply reply = api.post(SESSIONS, body);
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return reply.json();
    }

    private static List<String> ids(Reply list) {
        List<String> ids = new ArrayList<>();
        list.json().forEach(s -> ids.add(s.get("id").asText()));
        return ids;
    }

    /** The path of the page a list's {@code Link} header names as next. */
    private static String nextPage(Reply list) {
        Matcher link = Pattern.compile("<([^>]+)>; rel=\"next\"").matcher(list.header("Link"));
        assertThat(link.matches()).as(list.header("Link")).isTrue();
        return link.group(1);
    }

    private static String answers(String id) {
        return SESSIONS + "/" + id + "/answers";
    }

    /** A JSON object of string fields, from name, value pairs. */
    private static String json(String... fields) {
        return object(fields).toString();
    }

    /**
     * A JSON object of string fields, from name, value pairs, with every character beyond ASCII
     * escaped ({@code \}{@code u041e}), as Python's {@code json.dumps} writes it by default.
     */
    private static String escaped(String... fields) {
        try {
            return Json.mapper()
                    .writer()
                    .with(JsonWriteFeature.ESCAPE_NON_ASCII)
                    .writeValueAsString(object(fields));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The session a {@code POST /sessions} answered with, as a read of it answers: without the
     * answer's {@code ticketNotes}, which only a start tells.
     */
    private static JsonNode session(Reply created) {
        ObjectNode session = (ObjectNode) created.json();
        assertThat(session.remove("ticketNotes")).as("ticketNotes").isEmpty();
        return session;
    }

    private static ObjectNode object(String... fields) {
        ObjectNode node = Json.mapper().createObjectNode();
        for (int i = 0; i < fields.length; i += 2) {
            node.put(fields[i], fields[i + 1]);
        }
        return node;
    }

    /** A request to send; its text names a dynamic test. */
    private record Call(String method, String path, String body) {
        @Override
        public String toString() {
            String shown = body.length() > 60 ? body.substring(0, 60) + "…" : body;
            return method + " " + path + (body.isEmpty() ? "" : " " + shown);
        }
    }

    private Reply send(Call call) {
        return api.send(call.method(), call.path(), BodyPublishers.ofString(call.body()));
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode element : array) {
            if (element.path(field).asText().equals(value)) {
                return element;
            }
        }
        throw new AssertionError("no element with " + field + " '" + value + "' in " + array);
    }

    /**
     * Checks an RFC 9457 problem: the status, its content type, its members, and the field at fault
     * ({@code null}: none; {@link #FIELD_ANY}: not checked). Returns the problem.
     */
    private static JsonNode assertProblem(Reply reply, int status, String field) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        JsonNode problem = reply.json();
        assertThat(problem.get("type").asText()).isEqualTo("about:blank");
        assertThat(problem.get("title").asText()).isNotBlank();
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("detail").asText()).isNotBlank();
        assertThat(problem.get("instance").asText()).startsWith("/api/v1");
        if (field == null) {
            assertThat(problem.has("field")).as("field in %s", problem).isFalse();
        } else if (!field.equals(FIELD_ANY)) {
            assertThat(problem.path("field").asText()).as("field in %s", problem).isEqualTo(field);
        }
        return problem;
    }
}
