package org.rdpdoctor.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.rdpdoctor.RdpDoctor;
import org.rdpdoctor.StartRequest;
import org.rdpdoctor.engine.RuleBase;
import org.rdpdoctor.probe.ProbePolicy;
import org.rdpdoctor.store.JdbcSessionStore;
import org.rdpdoctor.web.ApiClient.Reply;

/**
 * The JSON API under hostile input: a seeded fuzzer over every POST endpoint, wrong content types
 * and methods, and probe requests outside the allow-list. Nothing may answer 5xx; every error is
 * problem JSON, naming the field when a field is at fault.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class HardeningTest {
    private static final long SEED = 0x5EED_2026L;
    private static final int CASES = 500;
    private static final String SESSIONS = "/api/v1/sessions";
    private static final String PROBLEM = "application/problem+json";

    private static RuleBase rules;

    private RdpDoctor doctor;
    private Javalin app;
    private ApiClient api;

    @BeforeAll
    static void compileRules() {
        rules = RuleBase.load(Path.of("kb"), Path.of("rules"));
    }

    @AfterEach
    void stopApp() {
        app.stop();
        doctor.close();
        assertThat(api.unexpectedErrors()).as("responses with status 500").isEmpty();
    }

    // ------------------------------------------------------------------ fuzzer

    @Test
    void fuzzed_bodies_on_every_post_endpoint_get_a_4xx_problem_naming_the_field_never_a_5xx() {
        start(ProbePolicy.NONE);
        Random random = new Random(SEED);
        SoftAssertions softly = new SoftAssertions();

        for (int n = 0; n < CASES; n++) {
            Case c = fuzzCase(random, n);
            Reply reply = api.send("POST", c.path(), BodyPublishers.ofByteArray(c.body()));
            check(softly, c, reply);
        }

        softly.assertAll();
    }

    @Test
    void wrong_content_types_and_odd_encodings_get_a_problem_not_a_5xx() {
        start(ProbePolicy.NONE);
        String id = session();
        String valid = "{\"errorCode\": \"0x904\"}";
        byte[] utf16 = valid.getBytes(StandardCharsets.UTF_16);
        byte[] bom = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, bytes(valid));
        List<Reply> replies = new ArrayList<>();

        for (String type :
                List.of(
                        "text/plain",
                        "application/x-www-form-urlencoded",
                        "multipart/form-data; boundary=x",
                        "application/xml",
                        "application/json; charset=ISO-8859-1",
                        "garbage")) {
            replies.add(api.post(SESSIONS, valid, "Content-Type", type));
            replies.add(api.post(SESSIONS, "errorCode=0x904", "Content-Type", type));
        }
        replies.add(
                api.send(
                        "POST",
                        SESSIONS,
                        BodyPublishers.ofByteArray(utf16),
                        "Content-Type",
                        "application/json; charset=UTF-16"));
        replies.add(api.send("POST", SESSIONS, BodyPublishers.ofByteArray(bom)));
        replies.add(
                api.post(SESSIONS + "/" + id + "/answers", "<xml/>", "Content-Type", "text/xml"));

        assertThat(replies)
                .allSatisfy(
                        reply -> {
                            assertThat(reply.status()).as(reply.body()).isLessThan(500);
                            if (reply.status() >= 400) {
                                assertThat(reply.contentType()).startsWith(PROBLEM);
                            }
                        });
    }

    /**
     * Requests Jetty refuses before any route sees them, sent as raw bytes because an HTTP client
     * would refuse to send them at all.
     */
    @Test
    void urls_and_headers_the_server_cannot_read_get_a_problem_naming_what_was_wrong() {
        start(ProbePolicy.NONE);
        String big = "X-Big: " + "a".repeat(20_000) + "\r\n";

        for (String path :
                List.of(
                        SESSIONS + "/%00",
                        SESSIONS + "/%ZZ",
                        SESSIONS + "/%",
                        "/sessions/%00",
                        "/static/../../etc/passwd")) {
            String reply = api.raw("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            assertThat(reply)
                    .as(path)
                    .startsWith("HTTP/1.1 400 ")
                    .contains("Content-Type: " + PROBLEM)
                    .contains("\"field\":\"url\"")
                    .contains("%00")
                    .contains("a /../ that climbs above /");
        }
        assertThat(api.raw("GET /" + "x".repeat(10_000) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"))
                .startsWith("HTTP/1.1 414 ")
                .contains("\"title\":\"URI too long\"")
                .contains("\"detail\":\"the URL is longer than the server accepts\"")
                .contains("\"field\":\"url\"");
        assertThat(api.raw("GET " + SESSIONS + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + big + "\r\n"))
                .startsWith("HTTP/1.1 431 ")
                .contains("Content-Type: " + PROBLEM)
                .contains("\"field\":\"headers\"");
    }

    /**
     * Framing and Host faults Jetty refuses before any route: the problem names the header, not the
     * URL, which was fine.
     */
    @Test
    void a_header_the_server_cannot_read_is_named_as_the_field_at_fault_not_the_url() {
        start(ProbePolicy.NONE);
        String post =
                "POST "
                        + SESSIONS
                        + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n";
        String chunked = "\r\n2\r\n{}\r\n0\r\n\r\n";
        Map<String, String> faults = new LinkedHashMap<>();
        faults.put(post + "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}", "Content-Length");
        faults.put(
                post + "Content-Length: 2\r\nTransfer-Encoding: chunked\r\n" + chunked,
                "Transfer-Encoding");
        faults.put(
                post + "Transfer-Encoding: chunked, identity\r\n" + chunked, "Transfer-Encoding");
        faults.put(
                "GET " + SESSIONS + " HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: 127.0.0.1\r\n\r\n",
                "Host");
        faults.put("GET " + SESSIONS + " HTTP/1.1\r\n\r\n", "Host");

        Map<String, String> replies = new LinkedHashMap<>();
        faults.keySet().forEach(request -> replies.put(request, api.raw(request)));
        String unnamed =
                api.raw("GET " + SESSIONS + " HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Name: x\r\n\r\n");

        assertThat(replies)
                .allSatisfy(
                        (request, reply) ->
                                assertThat(reply)
                                        .as(request)
                                        .startsWith("HTTP/1.1 400 ")
                                        .contains("Content-Type: " + PROBLEM)
                                        .contains("\"field\":\"" + faults.get(request) + "\"")
                                        .contains("the request's headers could not be read (")
                                        .doesNotContain("check the URL"));
        assertThat(unnamed)
                .startsWith("HTTP/1.1 400 ")
                .contains("the request line or its headers could not be read (Illegal character")
                .doesNotContain("\"field\"")
                .doesNotContain("check the URL");
    }

    @Test
    void a_chunked_body_with_a_chunk_size_that_is_no_number_is_refused_saying_so() {
        start(ProbePolicy.NONE);

        String reply =
                api.raw(
                        "POST "
                                + SESSIONS
                                + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json"
                                + "\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n");

        assertThat(reply)
                .startsWith("HTTP/1.1 400 ")
                .contains("\"field\":\"body\"")
                .contains("a chunk size of its chunked encoding is not a hex number")
                .doesNotContain("its Content-Length says");
    }

    @Test
    void a_ticket_ref_with_a_broken_percent_escape_is_a_400_naming_it() {
        start(ProbePolicy.NONE);

        String reply =
                api.raw("GET " + SESSIONS + "?ticketRef=%zz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");

        assertThat(reply)
                .startsWith("HTTP/1.1 400 ")
                .contains("\"field\":\"ticketRef\"")
                .contains(
                        "'ticketRef' is not valid in a URL: a % must be followed by two hex digits");
    }

    @Test
    void a_broken_percent_escape_is_a_400_naming_the_parameter_however_its_name_is_written() {
        start(ProbePolicy.NONE);

        assertThat(
                        api.raw(
                                "GET "
                                        + SESSIONS
                                        + "?ticket%52ef=%zz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"))
                .startsWith("HTTP/1.1 400 ")
                .contains("\"field\":\"ticketRef\"")
                .contains(
                        "'ticketRef' is not valid in a URL: a % must be followed by two hex digits");
        assertThat(
                        api.raw(
                                "GET /api/v1/decode?code=0x904&ext%65nded=%zz HTTP/1.1\r\n"
                                        + "Host: 127.0.0.1\r\n\r\n"))
                .startsWith("HTTP/1.1 400 ")
                .contains("\"field\":\"extended\"");
        assertThat(api.raw("GET " + SESSIONS + "?ticket%zz=1 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"))
                .startsWith("HTTP/1.1 400 ")
                .contains("'ticket%zz' is not valid in a URL");
    }

    @Test
    void
            a_request_under_a_name_the_server_was_not_given_is_refused_as_dns_rebinding_would_send_it() {
        start(ProbePolicy.NONE);
        String list = "GET " + SESSIONS + " HTTP/1.1\r\nConnection: close\r\nHost: ";

        String rebound = api.raw(list + "evil.example:" + app.port() + "\r\n\r\n");
        String page = api.raw("GET / HTTP/1.1\r\nConnection: close\r\nHost: evil.example\r\n\r\n");

        assertThat(rebound)
                .startsWith("HTTP/1.1 421 ")
                .contains("\"field\":\"Host\"")
                .contains("does not answer to the name 'evil.example'")
                .doesNotContain("\"id\":");
        assertThat(page).startsWith("HTTP/1.1 421 ").contains("<h1>Misdirected request</h1>");
        for (String host :
                List.of("127.0.0.1:" + app.port(), "localhost", "LOCALHOST.", "[::1]:80", "::1")) {
            assertThat(api.raw(list + host + "\r\n\r\n")).as(host).startsWith("HTTP/1.1 200 ");
        }
    }

    @Test
    void a_public_name_given_to_the_server_is_answered_to() {
        start(ProbePolicy.NONE, HostNames.of(List.of("RDP-Doctor.example.org")));

        String response =
                api.raw(
                        "GET "
                                + SESSIONS
                                + " HTTP/1.1\r\nConnection: close\r\nHost:"
                                + " rdp-doctor.example.org\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 200 ");
    }

    @Test
    void wrong_methods_on_the_api_get_a_4xx_problem() {
        start(ProbePolicy.NONE);
        String id = session();
        List<String> paths =
                List.of(
                        SESSIONS,
                        SESSIONS + "/" + id,
                        SESSIONS + "/" + id + "/answers",
                        SESSIONS + "/" + id + "/evidence",
                        SESSIONS + "/" + id + "/fix-outcomes",
                        SESSIONS + "/" + id + "/abandon",
                        SESSIONS + "/" + id + "/probe",
                        "/api/v1/decode",
                        "/api/v1/ticket-reading");
        List<Reply> replies = new ArrayList<>();

        for (String path : paths) {
            for (String method : List.of("PUT", "PATCH", "DELETE")) {
                replies.add(api.send(method, path, BodyPublishers.ofString("{}")));
            }
        }
        replies.add(api.get(SESSIONS + "/" + id + "/answers"));
        replies.add(api.get(SESSIONS + "/" + id + "/abandon"));

        assertThat(replies)
                .allSatisfy(
                        reply -> {
                            assertThat(reply.status()).as(reply.body()).isBetween(400, 499);
                            assertThat(reply.contentType()).startsWith(PROBLEM);
                        });
        assertThat(doctor.session(id).eventCount()).isEqualTo(1);
    }

    // ------------------------------------------------------------------ probe allow-list

    @Test
    void probes_outside_the_name_allow_list_are_refused_with_the_reason_and_nothing_is_probed() {
        start(ProbePolicy.of(List.of("*.corp.example", "rds01.lab.test"), Set.of(3389), 50));
        String id = session();
        Map<String, String> refusals = new LinkedHashMap<>();
        refusals.put("{\"host\": \"rds.not-allowed.invalid\"}", "'rds.not-allowed.invalid' is not");
        refusals.put(
                "{\"host\": \"rds01.corp.example.invalid\"}", "is not on the probe allow-list");
        refusals.put("{\"host\": \"a.b.corp.example\"}", "'a.b.corp.example' is not on");
        refusals.put("{\"host\": \"rds02.lab.test\"}", "'rds02.lab.test' is not on");
        refusals.put("{\"host\": \"127.0.0.1\"}", "'127.0.0.1' is not on the probe allow-list");
        refusals.put("{\"host\": \"[::1]:3389\"}", "is not on the probe allow-list");
        refusals.put("{\"host\": \"rds01.corp.example:22\"}", "port 22 may not be probed");
        refusals.put("{\"host\": \"rds01.lab.test:3390\"}", "port 3390 may not be probed");
        refusals.put(
                "{\"host\": \"rds01.lab.test:22\", \"gateway\": \"gw.not-allowed.invalid\"}",
                "port 22 may not be probed");
        refusals.put(
                "{\"host\": \"rds01.corp.example:3389\", \"gateway\": \"gw.not-allowed.invalid\"}",
                "'gw.not-allowed.invalid' is not on the probe allow-list");
        Map<String, Reply> replies = new LinkedHashMap<>();

        refusals.keySet()
                .forEach(body -> replies.put(body, api.post(SESSIONS + "/" + id + "/probe", body)));

        assertThat(replies)
                .allSatisfy(
                        (body, reply) -> {
                            assertThat(reply.status())
                                    .as(body + " → " + reply.body())
                                    .isEqualTo(403);
                            assertThat(reply.contentType()).startsWith(PROBLEM);
                            assertThat(reply.json().get("field").asText())
                                    .isEqualTo(
                                            refusals.get(body).contains("gw.")
                                                    ? "gateway"
                                                    : "host");
                            assertThat(reply.json().get("detail").asText())
                                    .contains(refusals.get(body));
                        });
        assertThat(doctor.session(id).eventCount()).as("no evidence was added").isEqualTo(1);
    }

    @Test
    void probes_of_addresses_outside_the_cidr_range_are_refused_and_nothing_is_probed() {
        start(ProbePolicy.of(List.of("127.0.0.1/32"), Set.of(3389), 50));
        String id = session();
        List<String> outside =
                List.of(
                        "127.0.0.2",
                        "127.1.2.3:3389",
                        "[::1]",
                        "[::ffff:127.0.0.2]:3389",
                        "[0:0:0:0:0:0:0:1]:3389");
        Map<String, Reply> replies = new LinkedHashMap<>();

        outside.forEach(
                host ->
                        replies.put(
                                host,
                                api.post(
                                        SESSIONS + "/" + id + "/probe",
                                        "{\"host\": \"" + host + "\"}")));
        Reply gateway =
                api.post(
                        SESSIONS + "/" + id + "/probe",
                        "{\"host\": \"127.0.0.1\", \"gateway\": \"127.0.0.2\"}");

        assertThat(replies)
                .allSatisfy(
                        (host, reply) -> {
                            assertThat(reply.status())
                                    .as(host + " → " + reply.body())
                                    .isEqualTo(403);
                            assertThat(reply.json().get("detail").asText())
                                    .contains("is not on the probe allow-list");
                        });
        assertThat(gateway.status()).as(gateway.body()).isEqualTo(403);
        assertThat(gateway.json().get("detail").asText())
                .isEqualTo("'127.0.0.2' is not on the probe allow-list");
        assertThat(doctor.session(id).eventCount()).as("no evidence was added").isEqualTo(1);
    }

    // ------------------------------------------------------------------ the fuzzer's cases

    /**
     * One request: {@code field} is the field a 400 must name (null: any or none), {@code mustFail}
     * whether a 4xx is required, {@code status} an exact status required (0: any).
     */
    private record Case(
            int n,
            String what,
            String path,
            byte[] body,
            String field,
            boolean mustFail,
            int status) {}

    /** The endpoints with a JSON body, with a valid body of each as field → JSON value. */
    private Map<String, Map<String, String>> endpoints(String id) {
        String fix = rules.knowledge().causes().get(0).fixes().get(0);
        Map<String, Map<String, String>> endpoints = new LinkedHashMap<>();
        endpoints.put(
                SESSIONS,
                fields(
                        "errorCode", "\"0x904\"",
                        "extendedCode", "\"0x7\"",
                        "host", "\"rds01.example.test\"",
                        "ticketRef", "\"INC-1\"",
                        "notes", "\"user says\"",
                        "ticketText", "\"Error code: 0x904\""));
        endpoints.put(
                SESSIONS + "/" + id + "/answers",
                fields("questionId", "\"error-message\"", "optionId", "\"only-codes\""));
        endpoints.put(
                SESSIONS + "/" + id + "/evidence",
                fields(
                        "kind", "\"tcp-connect\"",
                        "value", "\"open\"",
                        "source", "\"user\"",
                        "detail", "\"12 ms\""));
        endpoints.put(
                SESSIONS + "/" + id + "/fix-outcomes",
                fields("fixId", "\"" + fix + "\"", "worked", "true"));
        endpoints.put(
                SESSIONS + "/" + id + "/probe",
                fields("host", "\"rds.not-allowed.invalid\"", "gateway", "\"gw.invalid\""));
        endpoints.put(SESSIONS + "/" + id + "/abandon", fields());
        endpoints.put(
                "/api/v1/ticket-reading",
                fields("ticketText", "\"Error code: 0x904, event ID 36870\""));
        return endpoints;
    }

    private Case fuzzCase(Random random, int n) {
        String id = doctor.start(new StartRequest("0x904", "0x7", null, null, null, null)).id();
        Map<String, Map<String, String>> endpoints = endpoints(id);
        List<String> paths = new ArrayList<>(endpoints.keySet());
        String path = paths.get(random.nextInt(paths.size()));
        Map<String, String> valid = endpoints.get(path);
        List<String> names = new ArrayList<>(valid.keySet());
        String name = names.isEmpty() ? "x" : names.get(random.nextInt(names.size()));
        Map<String, String> body = new LinkedHashMap<>(valid);
        int kind = random.nextInt(14);
        switch (kind) {
            case 0 -> {
                String text = object(body);
                return new Case(
                        n,
                        "truncated",
                        path,
                        bytes(text.substring(0, random.nextInt(Math.max(1, text.length() - 1)))),
                        null,
                        !path.endsWith("/abandon") && !path.endsWith("/probe"),
                        0);
            }
            case 1 -> {
                body.put(name, nested(random, 1 + random.nextInt(6)));
                return fieldCase(
                        n, "nested " + name, path, object(body), name, !path.endsWith("/abandon"));
            }
            case 2 -> {
                body.put(name, random.nextBoolean() ? "" + random.nextLong() : "1.5e300");
                return fieldCase(n, "number for " + name, path, object(body), name, false);
            }
            case 3 -> {
                int size = 200 + random.nextInt(450_000);
                body.put(name, "\"" + "x".repeat(size) + "\"");
                return fieldCase(n, size + " chars in " + name, path, object(body), name, false);
            }
            case 4 -> {
                byte[] bad = INVALID_UTF8.get(random.nextInt(INVALID_UTF8.size()));
                body.put(name, "\"@@\"");
                String[] parts = object(body).split("@@", 2);
                return new Case(
                        n,
                        "invalid UTF-8 in " + name,
                        path,
                        concat(concat(bytes(parts[0]), bad), bytes(parts[1])),
                        name,
                        false,
                        0);
            }
            case 5 -> {
                body.put(name, random.nextBoolean() ? "\"a\\u0000b\"" : "\"\\u0000\"");
                return fieldCase(n, "NUL in " + name, path, object(body), name, false);
            }
            case 6 -> {
                body.put(name, unicode(random));
                return fieldCase(n, "unicode in " + name, path, object(body), name, false);
            }
            case 7 -> {
                String text = object(body);
                String duplicate = "\"" + name + "\": " + scalar(random) + ", ";
                String doubled = text.isEmpty() ? "{}" : "{" + duplicate + text.substring(1);
                return fieldCase(n, "duplicate " + name, path, doubled, name, false);
            }
            case 8 -> {
                String unknown = "zz" + Integer.toHexString(random.nextInt());
                body.put(unknown, scalar(random));
                return fieldCase(
                        n,
                        "unknown field",
                        path,
                        object(body),
                        unknown,
                        !path.endsWith("/abandon"));
            }
            case 9 -> {
                String text = NOT_OBJECTS.get(random.nextInt(NOT_OBJECTS.size()));
                return new Case(
                        n,
                        "not an object: " + text,
                        path,
                        bytes(text),
                        null,
                        !path.endsWith("/abandon") && !(path.endsWith("/probe") && text.isBlank()),
                        0);
            }
            case 10 -> {
                String target = path.contains(id) ? path : paths.get(1);
                String other = target.replace(id, randomId(random));
                String validBody = object(endpoints.get(target));
                return new Case(n, "unknown id " + other, other, bytes(validBody), "id", true, 404);
            }
            case 11 -> {
                body.remove(name);
                return fieldCase(n, "no " + name, path, object(body), name, false);
            }
            case 12 -> {
                body.put(name, "null");
                return fieldCase(n, "null " + name, path, object(body), name, false);
            }
            default -> {
                boolean abandon = path.endsWith("/abandon");
                return new Case(
                        n,
                        "over the size limit",
                        path,
                        bytes("{\"notes\": \"" + "y".repeat((int) WebApp.MAX_BODY_BYTES) + "\"}"),
                        abandon ? null : "body",
                        !abandon,
                        abandon ? 0 : 413);
            }
        }
    }

    private static Case fieldCase(
            int n, String what, String path, String body, String field, boolean mustFail) {
        return new Case(n, what, path, bytes(body), field, mustFail, 0);
    }

    private static void check(SoftAssertions softly, Case c, Reply reply) {
        String where =
                "case "
                        + c.n()
                        + " of seed "
                        + SEED
                        + " ("
                        + c.what()
                        + ") POST "
                        + c.path()
                        + " → "
                        + reply.status()
                        + " "
                        + abbreviated(reply.body());
        softly.assertThat(reply.status()).as(where).isLessThan(500);
        if (c.mustFail()) {
            softly.assertThat(reply.status()).as(where).isBetween(400, 499);
        }
        if (c.status() != 0) {
            softly.assertThat(reply.status()).as(where).isEqualTo(c.status());
        }
        if (reply.status() < 400) {
            return;
        }
        softly.assertThat(reply.contentType()).as(where).startsWith(PROBLEM);
        if (!reply.contentType().startsWith(PROBLEM)) {
            return;
        }
        JsonNode problem = reply.json();
        softly.assertThat(problem.path("status").asInt()).as(where).isEqualTo(reply.status());
        boolean named = reply.status() == 400 || reply.status() == 413 || c.status() == 404;
        if (named && c.field() != null) {
            softly.assertThat(problem.path("field").asText(null)).as(where).isEqualTo(c.field());
        }
    }

    private static final List<byte[]> INVALID_UTF8 =
            List.of(
                    new byte[] {(byte) 0xFF},
                    new byte[] {(byte) 0xC3, (byte) 0x28},
                    new byte[] {(byte) 0xE2, (byte) 0x82},
                    new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                    new byte[] {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
                    new byte[] {(byte) 0xC0, (byte) 0xAF});

    private static final List<String> NOT_OBJECTS =
            List.of(
                    "",
                    "   ",
                    "null",
                    "[]",
                    "[{}]",
                    "42",
                    "\"text\"",
                    "true",
                    "{}{}",
                    "{\"a\":1}]",
                    "{'errorCode': '0x904'}",
                    "{errorCode: 0x904}",
                    "{\"errorCode\": \"0x904\",}",
                    "\u0000",
                    "{\"errorCode\": \"0x904\"} trailing");

    private static final List<String> UNICODE =
            List.of(
                    "é",
                    "日本語",
                    "\uD83D\uDE00",
                    "\u202Etxt.exe",
                    "\u200B",
                    "\uFEFF",
                    "Ω≈ç√",
                    "\\ud800",
                    "\\udfff",
                    "\\ud800\\ud800",
                    "\\uFFFF",
                    "\\\"",
                    "\\\\",
                    "%00",
                    "'; DROP TABLE sessions; --");

    private static String unicode(Random random) {
        StringBuilder text = new StringBuilder("\"");
        for (int i = 1 + random.nextInt(4); i > 0; i--) {
            text.append(UNICODE.get(random.nextInt(UNICODE.size())));
        }
        return text.append('"').toString();
    }

    private static String nested(Random random, int depth) {
        if (depth == 0) {
            return scalar(random);
        }
        return random.nextBoolean()
                ? "[" + nested(random, depth - 1) + ", " + scalar(random) + "]"
                : "{\"k\": " + nested(random, depth - 1) + "}";
    }

    private static String scalar(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> "null";
            case 1 -> "true";
            case 2 -> "" + random.nextInt();
            case 3 -> "-0.0";
            case 4 -> "[]";
            default -> "\"s" + random.nextInt(100) + "\"";
        };
    }

    private static String randomId(Random random) {
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~";
        StringBuilder id = new StringBuilder();
        for (int i = 1 + random.nextInt(40); i > 0; i--) {
            id.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        if (random.nextInt(4) == 0) {
            id.append("%C3%A9%E2%80%AE");
        }
        String text = id.toString();
        return text.equals(".") || text.equals("..") ? "dot" + text : text;
    }

    private static Map<String, String> fields(String... pairs) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            fields.put(pairs[i], pairs[i + 1]);
        }
        return fields;
    }

    /** A JSON object from field → JSON value text, or "" for no fields. */
    private static String object(Map<String, String> fields) {
        if (fields.isEmpty()) {
            return "";
        }
        StringBuilder text = new StringBuilder("{");
        fields.forEach(
                (name, value) ->
                        text.append(text.length() > 1 ? ", " : "")
                                .append('"')
                                .append(name)
                                .append("\": ")
                                .append(value));
        return text.append('}').toString();
    }

    private static String abbreviated(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }

    // ------------------------------------------------------------------ fixtures

    private void start(ProbePolicy policy) {
        start(policy, HostNames.LOCAL);
    }

    private void start(ProbePolicy policy, HostNames hosts) {
        doctor =
                new RdpDoctor(
                        rules,
                        JdbcSessionStore.open(
                                "jdbc:h2:mem:hardening-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                                null,
                                null));
        app =
                WebApp.create(
                                doctor,
                                Path.of("templates"),
                                null,
                                null,
                                null,
                                new Probing(doctor, policy),
                                TrustedProxies.NONE,
                                hosts)
                        .start("127.0.0.1", 0);
        api = new ApiClient(app.port());
    }

    /** A new session for 0x904/0x7, by the API; returns its id. */
    private String session() {
        Reply created = api.post(SESSIONS, "{\"errorCode\": \"0x904\", \"extendedCode\": \"0x7\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asText();
    }
}
