package org.rdpdoctor.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rdpdoctor.web.PagesTest.form;
import static org.rdpdoctor.web.PagesTest.newBrowser;
import static org.rdpdoctor.web.PagesTest.send;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.rdpdoctor.RdpDoctor;
import org.rdpdoctor.engine.Json;
import org.rdpdoctor.engine.RuleBase;
import org.rdpdoctor.store.JdbcSessionStore;
import org.rdpdoctor.web.ApiClient.Reply;
import org.rdpdoctor.web.PagesTest.Page;

/**
 * The NUL character (U+0000) in any text the API or a form takes is refused with a 400 naming the
 * field, and nothing is stored: H2 would store it, but PostgreSQL's text columns cannot, which
 * surfaced as a 503. Over the small knowledge.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class NulCharacterTest {
    private static final String SESSIONS = "/api/v1/sessions";
    private static final String NUL = "a\u0000b";
    private static final Pattern CSRF_FIELD =
            Pattern.compile("name=\"_csrf\" value=\"([0-9a-f]{32}\\.[0-9a-f]{64})\"");

    private static RuleBase rules;

    private RdpDoctor doctor;
    private Javalin app;
    private ApiClient api;
    private final HttpClient browser = newBrowser();

    @BeforeAll
    static void compileRules() {
        rules =
                RuleBase.load(
                        Path.of("src/test/resources/small/kb"),
                        Path.of("src/test/resources/small/rules"));
    }

    @BeforeEach
    void startApp() {
        doctor =
                new RdpDoctor(
                        rules,
                        JdbcSessionStore.open(
                                "jdbc:h2:mem:nul-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                                null,
                                null));
        app = WebApp.create(doctor, Path.of("templates"), null).start("127.0.0.1", 0);
        api = new ApiClient(app.port());
    }

    @AfterEach
    void stopApp() {
        app.stop();
        doctor.close();
        assertThat(api.unexpectedErrors()).as("responses with status 500").isEmpty();
    }

    @Test
    void a_nul_in_any_text_field_of_an_api_body_is_a_400_naming_the_field() {
        String id = api.post(SESSIONS, "{\"errorCode\": \"0x904\"}").json().get("id").asText();
        Map<String, ObjectNode> bodies = new LinkedHashMap<>();
        bodies.put(
                SESSIONS,
                object(
                        "errorCode", "0x904",
                        "extendedCode", "0x7",
                        "host", "rds01.example.test",
                        "ticketRef", "INC-1",
                        "notes", "user says",
                        "ticketText", "Error code: 0x904"));
        bodies.put(
                SESSIONS + "/" + id + "/answers",
                object("questionId", "tcp-test", "optionId", "fails"));
        bodies.put(
                SESSIONS + "/" + id + "/evidence",
                object(
                        "kind",
                        "tcp-connect",
                        "value",
                        "open",
                        "source",
                        "user",
                        "detail",
                        "12 ms"));
        bodies.put(
                SESSIONS + "/" + id + "/fix-outcomes",
                object("fixId", "open-port").put("worked", false));
        bodies.put(SESSIONS + "/" + id + "/probe", object("host", "rds01", "gateway", "gw01"));
        Map<String, Reply> replies = new LinkedHashMap<>();

        bodies.forEach(
                (path, valid) ->
                        valid.fieldNames()
                                .forEachRemaining(
                                        field -> {
                                            if (valid.get(field).isTextual()) {
                                                ObjectNode body = valid.deepCopy().put(field, NUL);
                                                replies.put(
                                                        field + " of " + path,
                                                        api.post(path, body.toString()));
                                            }
                                        }));

        assertThat(replies).hasSize(15);
        assertThat(replies)
                .allSatisfy(
                        (what, reply) -> {
                            String field = what.substring(0, what.indexOf(' '));
                            assertNulRefused(reply, field);
                        });
        assertThat(doctor.recentSessions(10)).hasSize(1);
        assertThat(doctor.session(id).eventCount()).isEqualTo(1);
    }

    @Test
    void half_a_surrogate_pair_in_an_api_body_is_a_400_naming_the_field_and_a_whole_pair_is_kept() {
        Reply half = api.post(SESSIONS, "{\"errorCode\": \"0x904\", \"host\": \"rds\\ud800\"}");
        Reply whole =
                api.post(SESSIONS, "{\"errorCode\": \"0x904\", \"notes\": \"\\ud83d\\ude00 ok\"}");

        assertThat(half.status()).as(half.body()).isEqualTo(400);
        assertThat(half.json().get("field").asText()).isEqualTo("host");
        assertThat(half.json().get("detail").asText())
                .contains("half of a UTF-16 surrogate pair (\\uD800 at character 4)");
        assertThat(whole.status()).as(whole.body()).isEqualTo(201);
        assertThat(doctor.recentSessions(10)).hasSize(1);
    }

    @Test
    void a_nul_in_a_query_parameter_is_a_400_naming_it() {
        Reply reply = api.get(SESSIONS + "?ticketRef=" + encode(NUL));

        assertNulRefused(reply, "ticketRef");
    }

    @Test
    void a_nul_in_a_start_form_field_is_refused_and_the_form_says_which_field() {
        Map<String, Page> pages = new LinkedHashMap<>();

        for (String field :
                List.of("errorCode", "extendedCode", "host", "ticketRef", "notes", "ticketText")) {
            Map<String, String> fields =
                    form("_csrf", token(), "errorCode", "0x904", "extendedCode", "0x7");
            fields.put(field, NUL);
            pages.put(field, post("/sessions", fields));
        }

        assertThat(pages)
                .allSatisfy(
                        (field, page) -> {
                            assertThat(page.status()).as(field + ": " + page.body()).isEqualTo(400);
                            assertThat(page.body())
                                    .contains(
                                            "id=\""
                                                    + field
                                                    + "-error\">Must not contain the NUL character"
                                                    + " (U+0000)");
                        });
        assertThat(doctor.recentSessions(10)).isEmpty();
    }

    @Test
    void a_nul_in_an_answer_form_is_a_400_page_and_nothing_is_stored() {
        String id = api.post(SESSIONS, "{\"errorCode\": \"0x904\"}").json().get("id").asText();

        Page page =
                post(
                        "/sessions/" + id + "/answer",
                        form("_csrf", token(), "questionId", NUL, "optionId", "fails"));

        assertThat(page.status()).as(page.body()).isEqualTo(400);
        assertThat(page.body()).contains("questionId: must not contain the NUL character");
        assertThat(doctor.session(id).eventCount()).isEqualTo(1);
    }

    @Test
    void a_nul_in_a_session_path_is_refused_by_jetty_before_it_reaches_the_app() {
        String path = "/sessions/" + encode(NUL);

        Reply api = this.api.get("/api/v1" + path);
        Page page = send(browser, HttpRequest.newBuilder(uri(path)).GET().build());

        assertThat(api.status()).as(api.body()).isEqualTo(400);
        assertThat(page.status()).as(page.body()).isEqualTo(400);
    }

    private static void assertNulRefused(Reply reply, String field) {
        assertThat(reply.status()).as(field + ": " + reply.body()).isEqualTo(400);
        assertThat(reply.contentType()).startsWith(Problem.CONTENT_TYPE);
        JsonNode problem = reply.json();
        assertThat(problem.get("field").asText()).isEqualTo(field);
        assertThat(problem.get("detail").asText())
                .isEqualTo(field + ": must not contain the NUL character (U+0000)");
    }

    private static ObjectNode object(String... pairs) {
        ObjectNode node = Json.mapper().createObjectNode();
        for (int i = 0; i < pairs.length; i += 2) {
            node.put(pairs[i], pairs[i + 1]);
        }
        return node;
    }

    private String token() {
        Page start = send(browser, HttpRequest.newBuilder(uri("/")).GET().build());
        Matcher csrf = CSRF_FIELD.matcher(start.body());
        assertThat(csrf.find()).as("a CSRF field on the start page").isTrue();
        return csrf.group(1);
    }

    private Page post(String path, Map<String, String> fields) {
        String body =
                fields.entrySet().stream()
                        .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                        .collect(Collectors.joining("&"));
        return send(
                browser,
                HttpRequest.newBuilder(uri(path))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + app.port() + path);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
