package org.rdpdoctor.web;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdpdoctor.KnowledgeReloader;
import org.rdpdoctor.RdpDoctor;
import org.rdpdoctor.engine.Json;
import org.rdpdoctor.engine.RuleBase;
import org.rdpdoctor.kb.BrokenFixture;
import org.rdpdoctor.probe.FakeRdpServer;
import org.rdpdoctor.probe.ProbeReport;
import org.rdpdoctor.probe.ProbeRunner;
import org.rdpdoctor.probe.ProbeTarget;
import org.rdpdoctor.store.JdbcSessionStore;
import org.rdpdoctor.web.ApiClient.Reply;

/** {@code openapi.json} describes exactly the routes the app registers, as they answer. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class OpenApiTest {
    private static final Set<String> METHODS =
            Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)}");
    private static final String ADMIN =
            "Basic " + Base64.getEncoder().encodeToString("admin:openapi".getBytes(UTF_8));

    /** Where the admin API reloads from: empty until a test copies the knowledge there. */
    @TempDir static Path reloaded;

    private static final List<String> routes = Collections.synchronizedList(new ArrayList<>());
    private static RdpDoctor doctor;
    private static KnowledgeReloader reloader;
    private static Javalin app;
    private static ApiClient api;
    private static JsonNode document;

    @BeforeAll
    static void startApp() throws IOException {
        doctor =
                new RdpDoctor(
                        RuleBase.load(Path.of("kb"), Path.of("rules")),
                        JdbcSessionStore.open(
                                "jdbc:h2:mem:api-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                                null,
                                null));
        reloader = new KnowledgeReloader(doctor, reloaded.resolve("kb"), reloaded.resolve("rules"));
        app =
                WebApp.create(doctor, Path.of("templates"), routes, reloader, "openapi")
                        .start("127.0.0.1", 0);
        // As the admin, so that the admin operations answer as the others do.
        api = new ApiClient(app.port(), "Authorization", ADMIN);
        try (InputStream in = OpenApiTest.class.getResourceAsStream("/openapi.json")) {
            assertThat(in).as("openapi.json on the class path").isNotNull();
            document = Json.mapper().readTree(in);
        }
    }

    @AfterAll
    static void stopApp() {
        app.stop();
        reloader.close();
        doctor.close();
    }

    @Test
    void the_document_is_openapi_3_for_the_rdp_doctor_api() {
        assertThat(document.get("openapi").asText()).isEqualTo("3.0.3");
        assertThat(document.at("/info/title").asText()).isEqualTo("rdp-doctor API");
        assertThat(document.at("/info/version").asText()).isEqualTo("1");
    }

    @Test
    void its_operations_are_exactly_the_api_routes_the_app_registers() {
        Set<String> registered = new TreeSet<>();
        for (String route : routes) {
            String[] methodAndPath = route.split(" ", 2);
            if (methodAndPath[1].startsWith(ApiRoutes.BASE + "/")) {
                registered.add(methodAndPath[0].toUpperCase(Locale.ROOT) + " " + methodAndPath[1]);
            }
        }

        Set<String> documented = new TreeSet<>();
        operations().forEach(operation -> documented.add(operation.toString()));

        assertThat(registered).isNotEmpty();
        assertThat(documented).isEqualTo(registered);
    }

    @Test
    void every_operation_has_an_id_and_responses() {
        List<String> problems = new ArrayList<>();

        for (Operation operation : operations()) {
            if (operation.node().path("operationId").asText().isBlank()) {
                problems.add(operation + ": no operationId");
            }
            if (operation.node().path("responses").isEmpty()) {
                problems.add(operation + ": no responses");
            }
        }

        assertThat(problems).isEmpty();
    }

    @Test
    void every_path_parameter_is_declared_by_its_operations() {
        List<String> problems = new ArrayList<>();

        for (Operation operation : operations()) {
            Set<String> declared = new TreeSet<>();
            for (JsonNode parameter : operation.node().path("parameters")) {
                JsonNode resolved = resolve(parameter);
                if (resolved.path("in").asText().equals("path")) {
                    declared.add(resolved.path("name").asText());
                }
            }
            Set<String> inPath = new TreeSet<>();
            Matcher m = PATH_PARAMETER.matcher(operation.path());
            while (m.find()) {
                inPath.add(m.group(1));
            }
            if (!declared.equals(inPath)) {
                problems.add(operation + ": declares " + declared);
            }
        }

        assertThat(problems).isEmpty();
    }

    @Test
    void every_reference_resolves() {
        List<String> refs = new ArrayList<>();
        collectRefs(document, refs);

        assertThat(refs).isNotEmpty();
        assertThat(refs)
                .allSatisfy(ref -> assertThat(resolve(ref).isMissingNode()).as(ref).isFalse());
    }

    @Test
    void the_error_responses_are_problem_json() {
        List<String> problems = new ArrayList<>();

        for (Operation operation : operations()) {
            for (var response :
                    (Iterable<Map.Entry<String, JsonNode>>)
                            operation.node().path("responses")::fields) {
                boolean error = response.getKey().matches("[45]\\d\\d");
                JsonNode content = resolve(response.getValue()).path("content");
                if (error && !content.has("application/problem+json")) {
                    problems.add(operation + " " + response.getKey());
                }
            }
        }

        assertThat(problems).isEmpty();
    }

    @Test
    void the_running_server_serves_it_as_application_json() {
        Reply reply = api.get("/api/v1/openapi.json");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).startsWith("application/json");
        assertThat(reply.json()).isEqualTo(document);
    }

    @Test
    void real_responses_match_their_documented_schemas() {
        Map<JsonNode, String> samples = new LinkedHashMap<>();
        JsonNode created =
                api.post(
                                "/api/v1/sessions",
                                "{\"errorCode\": \"0x904\", \"extendedCode\": \"0x7\", \"ticketRef\": \"T-1\"}")
                        .json();
        String session = "/api/v1/sessions/" + created.get("id").asText();
        api.post(
                session + "/evidence",
                "{\"kind\": \"tcp-connect\", \"value\": \"open\", \"source\": \"probe\"}");
        api.post(
                session + "/answers",
                "{\"questionId\": \"error-timing\", \"optionId\": \"unknown\"}");
        api.delete(session + "/answers/error-timing");
        JsonNode diagnosed =
                api.post(
                                session + "/answers",
                                "{\"questionId\": \"error-message\", \"optionId\": \"credssp-oracle\"}")
                        .json();
        JsonNode clientOnly =
                api.post(
                                session + "/answers",
                                "{\"questionId\": \"recent-updates\", \"optionId\": \"client-only\"}")
                        .json();
        String fix = diagnosed.at("/state/fixes/0/fixId").asText();

        samples.put(created, "SessionView");
        samples.put(diagnosed, "SessionView");
        samples.put(clientOnly, "SessionView");
        samples.put(
                api.post(
                                session + "/fix-outcomes",
                                "{\"fixId\": \"" + fix + "\", \"worked\": true}")
                        .json(),
                "SessionView");
        samples.put(api.get(session).json(), "SessionView");
        samples.put(api.post(session + "/abandon", "").json(), "SessionView");
        samples.put(api.get(session + "/transcript").json(), "Transcript");
        String corrected =
                "/api/v1/sessions/"
                        + api.post("/api/v1/sessions", "{\"errorCode\": \"0x904\"}")
                                .json()
                                .get("id")
                                .asText();
        for (String answer : List.of("credssp-oracle", "internal-error", "credssp-oracle")) {
            api.post(
                    corrected + "/answers",
                    "{\"questionId\": \"error-message\", \"optionId\": \"" + answer + "\"}");
        }
        for (boolean worked : List.of(true, false)) {
            api.post(
                    corrected + "/fix-outcomes",
                    "{\"fixId\": \"" + fix + "\", \"worked\": " + worked + "}");
        }
        api.delete(corrected + "/answers/error-message");
        JsonNode transcript = api.get(corrected + "/transcript").json();
        samples.put(transcript, "Transcript");
        samples.put(api.get("/api/v1/sessions?ticketRef=T-1").json().get(0), "SessionSummary");
        samples.put(api.get("/api/v1/decode?code=0x904&extended=0x7").json(), "DecodeResult");
        samples.put(api.get("/api/v1/decode?code=0x9999").json(), "DecodeResult");
        samples.put(
                api.post(
                                "/api/v1/ticket-reading",
                                "{\"ticketText\": \"Error code: 0x904, extended error code: 0x7; later"
                                        + " error code 0x204. Event ID 36870\"}")
                        .json(),
                "TicketReading");
        samples.put(
                api.post("/api/v1/ticket-reading", "{\"ticketText\": \"no codes\"}").json(),
                "TicketReading");
        api.get("/api/v1/questions").json().forEach(q -> samples.put(q, "Question"));
        api.get("/api/v1/causes").json().forEach(c -> samples.put(c, "Cause"));
        api.get("/api/v1/fixes").json().forEach(f -> samples.put(f, "Fix"));
        api.get("/api/v1/environments").json().forEach(e -> samples.put(e, "Environment"));
        api.get("/api/v1/sources").json().forEach(s -> samples.put(s, "Source"));
        samples.put(api.get(session + "/transcript?format=pdf").json(), "Problem");
        JsonNode analytics =
                api.get("/api/v1/admin/analytics?from=2000-01-01&to=9999-12-31").json();
        samples.put(analytics, "Analytics");
        samples.put(
                api.get("/api/v1/admin/analytics?from=2000-01-01&to=1999-12-31").json(), "Problem");

        SchemaCheck schemas = new SchemaCheck(document);
        List<String> problems = new ArrayList<>();
        samples.forEach((body, schema) -> problems.addAll(schemas.problems(body, schema)));
        assertThat(problems).isEmpty();
        assertThat(analytics.at("/rules/0/precision").isNumber()).as("a sample precision").isTrue();
        assertThat(clientOnly.at("/state/fixes/1/tryFirst/0/weight").asText())
                .as("a sample fix put first")
                .isEqualTo("first");
        assertThat(transcript.get("steps"))
                .as("every kind of step in the sample")
                .extracting(step -> step.get("kind").asText())
                .contains("answer", "changed", "withdrawn", "fix", "fix-corrected");
        assertThat(api.unexpectedErrors()).isEmpty();
    }

    @Test
    void the_admin_reload_answers_match_their_documented_schemas() throws IOException {
        Map<JsonNode, String> samples = new LinkedHashMap<>();
        String reload = "/api/v1/admin/reload";
        samples.put(api.get(reload).json(), "ReloadView");
        Reply refused = api.post(reload, "");
        samples.put(refused.json(), "ReloadRefused");
        samples.put(api.get(reload).json(), "ReloadView");
        BrokenFixture.copyTree(Path.of("kb"), reloaded.resolve("kb"));
        BrokenFixture.copyTree(Path.of("rules"), reloaded.resolve("rules"));
        Reply unchanged = api.post(reload, "{}");
        samples.put(unchanged.json(), "ReloadView");
        Reply anonymous =
                api.get(
                        reload,
                        "Authorization",
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString("admin:wrong".getBytes(UTF_8)));
        samples.put(anonymous.json(), "Problem");

        SchemaCheck schemas = new SchemaCheck(document);
        List<String> problems = new ArrayList<>();
        samples.forEach((body, schema) -> problems.addAll(schemas.problems(body, schema)));
        assertThat(problems).isEmpty();
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.contentType()).isEqualTo("application/problem+json");
        assertThat(refused.json().at("/reload/lastAttempt/problems")).isNotEmpty();
        assertThat(unchanged.status()).isEqualTo(200);
        assertThat(unchanged.json().at("/lastAttempt/outcome").asText()).isEqualTo("unchanged");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(api.unexpectedErrors()).isEmpty();
    }

    @Test
    void every_nullable_schema_names_its_type_as_openapi_3_0_requires() {
        List<String> typeless = new ArrayList<>();

        collectTypelessNullables(document, "#", typeless);

        assertThat(typeless).as("nullable without type: null stays refused").isEmpty();
    }

    private static void collectTypelessNullables(JsonNode node, String at, List<String> out) {
        if (node.path("nullable").asBoolean() && !node.has("type")) {
            out.add(at);
        }
        node.fields()
                .forEachRemaining(
                        field ->
                                collectTypelessNullables(
                                        field.getValue(), at + "/" + field.getKey(), out));
        for (int i = 0; node.isArray() && i < node.size(); i++) {
            collectTypelessNullables(node.get(i), at + "/" + i, out);
        }
    }

    @Test
    void a_probe_report_matches_its_documented_schema() throws IOException {
        int closed = FakeRdpServer.closedPort();
        ProbeReport report =
                new ProbeRunner()
                        .run(ProbeTarget.parse("127.0.0.1:" + closed, null), Duration.ofSeconds(2));

        JsonNode json = Json.mapper().valueToTree(report);

        assertThat(new SchemaCheck(document).problems(json, "ProbeReport")).isEmpty();
        assertThat(json.at("/results/1/status").asText()).isEqualTo("failure");
    }

    @Test
    void the_405_and_415_answers_are_documented_on_the_operations_whose_paths_give_them() {
        String id = newSession();
        List<String> problems = new ArrayList<>();

        for (Operation operation : operations()) {
            String path = concretePath(operation, id);
            Reply wrongMethod = api.send("PATCH", path, BodyPublishers.noBody());
            problems.addAll(undocumented(operation, wrongMethod));
            if (!wrongMethod.header("Allow").contains(operation.method())) {
                problems.add(operation + ": Allow is '" + wrongMethod.header("Allow") + "'");
            }
            if (operation.method().equals("POST")) {
                problems.addAll(
                        undocumented(
                                operation,
                                api.send(
                                        "POST",
                                        path,
                                        BodyPublishers.ofString("{}"),
                                        "Content-Type",
                                        "text/plain")));
            }
        }

        assertThat(problems).isEmpty();
    }

    /**
     * The operation's path with its parameters filled in: session {@code id}, and ids that exist.
     */
    private static String concretePath(Operation operation, String id) {
        return operation
                .path()
                .replace("{id}", id)
                .replace("{questionId}", "error-timing")
                .replace("{kind}", "tcp-connect");
    }

    @Test
    void the_413_answer_is_documented_on_every_operation_that_reads_a_body() {
        String id = newSession();
        String tooLarge = "{\"host\": \"" + "a".repeat((int) WebApp.MAX_BODY_BYTES) + "\"}";
        List<String> problems = new ArrayList<>();

        for (Operation operation : operations()) {
            if (operation.method().equals("POST")) {
                Reply reply = api.post(operation.path().replace("{id}", id), tooLarge);
                if (reply.status() != 413) {
                    problems.add(operation + " answers " + reply.status());
                }
                problems.addAll(undocumented(operation, reply));
            }
        }

        assertThat(problems).isEmpty();
    }

    @Test
    void the_400_for_a_broken_escape_in_the_query_is_documented_on_every_operation() {
        String id = newSession();
        List<String> problems = new ArrayList<>();

        for (Operation operation : operations()) {
            String path = concretePath(operation, id);
            Reply reply = api.sendAsTyped(operation.method(), path + "?ticketRef=%zz");
            if (reply.status() != 400) {
                problems.add(operation + " answers " + reply.status());
            }
            problems.addAll(undocumented(operation, reply));
        }

        assertThat(problems).isEmpty();
    }

    @Test
    void the_414_and_431_for_a_request_too_large_to_read_are_documented_on_every_operation() {
        String id = newSession();
        SchemaCheck schemas = new SchemaCheck(document);
        List<String> problems = new ArrayList<>();

        for (Operation operation : operations()) {
            String target = operation.method() + " " + concretePath(operation, id);
            Reply longUrl =
                    api.sendRaw(
                            target
                                    + "?ticketRef="
                                    + "x".repeat(10_000)
                                    + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            Reply bigHeaders =
                    api.sendRaw(
                            target
                                    + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: "
                                    + "a".repeat(20_000)
                                    + "\r\n\r\n");
            if (longUrl.status() != 414 || !longUrl.body().contains("\"field\":\"url\"")) {
                problems.add(operation + " with a long URL answers " + longUrl.status());
            }
            if (bigHeaders.status() != 431
                    || !bigHeaders.body().contains("\"field\":\"headers\"")) {
                problems.add(operation + " with big headers answers " + bigHeaders.status());
            }
            problems.addAll(undocumented(operation, longUrl));
            problems.addAll(undocumented(operation, bigHeaders));
            problems.addAll(schemas.problems(longUrl.json(), "Problem"));
            problems.addAll(schemas.problems(bigHeaders.json(), "Problem"));
        }

        assertThat(problems).isEmpty();
    }

    @Test
    void a_request_the_server_cannot_read_gets_the_documented_problem_without_an_instance() {
        SchemaCheck schemas = new SchemaCheck(document);

        Reply url = api.sendRaw("GET /api/v1/sessions/%00 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        Reply header =
                api.sendRaw(
                        "GET /api/v1/sessions HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: 127.0.0.1\r\n\r\n");

        assertThat(List.of(url, header))
                .allSatisfy(
                        reply -> {
                            assertThat(reply.status()).isEqualTo(400);
                            assertThat(reply.json().has("instance")).isFalse();
                            assertThat(schemas.problems(reply.json(), "Problem")).isEmpty();
                        });
    }

    private static String newSession() {
        return api.post("/api/v1/sessions", "{\"errorCode\": \"0x904\"}").json().get("id").asText();
    }

    /** The reply's status, when the operation does not document it as problem JSON. */
    private static List<String> undocumented(Operation operation, Reply reply) {
        String status = String.valueOf(reply.status());
        JsonNode documented = resolve(operation.node().path("responses").path(status));
        return documented.path("content").has(reply.contentType())
                ? List.of()
                : List.of(operation + " answers " + status + " " + reply.contentType());
    }

    /** One operation of the document, its method in upper case. */
    private record Operation(String method, String path, JsonNode node) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private static List<Operation> operations() {
        List<Operation> out = new ArrayList<>();
        for (var path : (Iterable<Map.Entry<String, JsonNode>>) document.path("paths")::fields) {
            for (var op : (Iterable<Map.Entry<String, JsonNode>>) path.getValue()::fields) {
                if (METHODS.contains(op.getKey())) {
                    out.add(
                            new Operation(
                                    op.getKey().toUpperCase(Locale.ROOT),
                                    path.getKey(),
                                    op.getValue()));
                }
            }
        }
        return out;
    }

    private static JsonNode resolve(JsonNode node) {
        return node.has("$ref") ? resolve(node.get("$ref").asText()) : node;
    }

    private static JsonNode resolve(String ref) {
        return ref.startsWith("#/") ? document.at(ref.substring(1)) : MissingNode.getInstance();
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.has("$ref")) {
            refs.add(node.get("$ref").asText());
        }
        node.forEach(child -> collectRefs(child, refs));
    }
}
