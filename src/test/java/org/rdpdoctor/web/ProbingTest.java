package org.rdpdoctor.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.rdpdoctor.RdpDoctor;
import org.rdpdoctor.engine.Event;
import org.rdpdoctor.engine.Evidence;
import org.rdpdoctor.engine.Json;
import org.rdpdoctor.engine.RuleBase;
import org.rdpdoctor.probe.FakeRdpServer;
import org.rdpdoctor.probe.ProbePolicy;
import org.rdpdoctor.store.JdbcSessionStore;

/** "Check the host" through the API, against our fake RDP server on loopback, under a policy. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ProbingTest {
    private static RuleBase rules;
    private RdpDoctor doctor;
    private Javalin app;
    private FakeRdpServer server;

    @BeforeAll
    static void compile() {
        rules = RuleBase.load(Path.of("kb"), Path.of("rules"));
    }

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
        app.stop();
        doctor.close();
    }

    @Test
    void probing_from_the_web_is_off_without_an_allow_list() throws Exception {
        start(ProbePolicy.NONE);
        String id = session("127.0.0.1:3389");

        HttpResponse<String> response = post("/api/v1/sessions/" + id + "/probe", "");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValue("application/problem+json");
        assertThat(Json.mapper().readTree(response.body()).get("detail").asText())
                .startsWith("probing from the web is off");
    }

    @Test
    void an_allowed_host_is_probed_and_its_evidence_answers_the_tcp_question() throws Exception {
        server = FakeRdpServer.start(FakeRdpServer.Behaviour.REQUIRES_NLA);
        start(ProbePolicy.of(List.of("127.0.0.1/32"), Set.of(server.port()), 5));
        String id = session("127.0.0.1:" + server.port());

        HttpResponse<String> response = post("/api/v1/sessions/" + id + "/probe", "");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = Json.mapper().readTree(response.body());
        JsonNode evidence = body.get("session").get("state").get("evidence");
        assertThat(evidence.findValuesAsText("kind"))
                .contains("tcp-connect", "rdp-negotiation", "nla");
        assertThat(evidence.findValuesAsText("source")).containsOnly("probe");
        assertThat(body.get("session").get("state").get("answers").findValuesAsText("questionId"))
                .contains("tcp-port-test");
        JsonNode next = body.get("session").get("state").get("nextQuestion");
        assertThat(next.isNull() ? "" : next.get("id").asText())
                .isNotIn("tcp-port-test", "nla-setting");
    }

    @Test
    void a_new_check_of_the_host_replaces_what_the_last_one_measured() throws Exception {
        server = FakeRdpServer.start(FakeRdpServer.Behaviour.REQUIRES_NLA);
        start(ProbePolicy.of(List.of("127.0.0.1/32"), Set.of(server.port()), 5));
        String id = session("127.0.0.1:" + server.port());
        JsonNode first = probed(post("/api/v1/sessions/" + id + "/probe", ""));
        server.close();
        server = null;

        JsonNode again = probed(post("/api/v1/sessions/" + id + "/probe", ""));

        assertThat(first.findValuesAsText("kind")).contains("latency", "rdp-negotiation", "nla");
        assertThat(again.findValuesAsText("kind"))
                .contains("tcp-connect")
                .doesNotContain("latency", "rdp-negotiation", "nla");
        assertThat(again.findValuesAsText("value")).contains("refused").doesNotContain("open");
    }

    @Test
    void a_new_check_whose_answers_contradict_each_other_withdraws_the_last_nla_finding()
            throws Exception {
        server = FakeRdpServer.start(FakeRdpServer.Behaviour.REQUIRES_NLA);
        try (FakeRdpServer farm =
                FakeRdpServer.start(FakeRdpServer.Behaviour.FARM_SET_UP_DIFFERENTLY)) {
            start(ProbePolicy.of(List.of("127.0.0.1/32"), Set.of(server.port(), farm.port()), 5));
            String id = session("127.0.0.1:" + server.port());
            JsonNode first = probed(post("/api/v1/sessions/" + id + "/probe", ""));

            JsonNode again =
                    probed(
                            post(
                                    "/api/v1/sessions/" + id + "/probe",
                                    "{\"host\": \"127.0.0.1:" + farm.port() + "\"}"));

            assertThat(first.findValuesAsText("kind")).contains("nla");
            assertThat(again.findValuesAsText("kind"))
                    .contains("rdp-negotiation")
                    .doesNotContain("nla");
        }
    }

    @Test
    void checking_an_address_for_a_session_started_with_a_name_gives_no_dns_evidence()
            throws Exception {
        server = FakeRdpServer.start(FakeRdpServer.Behaviour.REQUIRES_NLA);
        start(ProbePolicy.of(List.of("127.0.0.1/32"), Set.of(server.port()), 5));
        String byName = session("localhost:" + server.port());
        String byAddress = session("127.0.0.1:" + server.port());
        String address = "{\"host\": \"127.0.0.1:" + server.port() + "\"}";

        JsonNode other = probed(post("/api/v1/sessions/" + byName + "/probe", address));
        JsonNode own = probed(post("/api/v1/sessions/" + byAddress + "/probe", address));

        assertThat(other.findValuesAsText("kind")).contains("tcp-connect").doesNotContain("dns");
        assertThat(own.findValuesAsText("value")).contains("ip-literal");
    }

    private static JsonNode probed(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.mapper().readTree(response.body()).get("session").get("state").get("evidence");
    }

    @Test
    void a_host_off_the_list_and_a_port_not_allowed_are_refused_with_the_reason() throws Exception {
        start(ProbePolicy.of(List.of("*.corp.example"), Set.of(3389), 5));
        String id = session(null);

        HttpResponse<String> host =
                post("/api/v1/sessions/" + id + "/probe", "{\"host\": \"127.0.0.1\"}");
        HttpResponse<String> port =
                post("/api/v1/sessions/" + id + "/probe", "{\"host\": \"rds01.corp.example:22\"}");

        assertThat(host.statusCode()).as(host.body()).isEqualTo(403);
        assertThat(host.body()).contains("'127.0.0.1' is not on the probe allow-list");
        assertThat(port.statusCode()).as(port.body()).isEqualTo(403);
        assertThat(port.body()).contains("port 22 may not be probed");
    }

    @Test
    void a_gateway_on_a_port_not_allowed_or_off_the_list_is_refused_naming_the_gateway()
            throws Exception {
        int port = FakeRdpServer.closedPort();
        int gatewayPort = port == 65535 ? port - 1 : port + 1;
        start(ProbePolicy.of(List.of("127.0.0.1/32"), Set.of(port), 5));
        String id = session("127.0.0.1:" + port);

        HttpResponse<String> badPort =
                post(
                        "/api/v1/sessions/" + id + "/probe",
                        "{\"gateway\": \"127.0.0.1:" + gatewayPort + "\"}");
        HttpResponse<String> offList =
                post("/api/v1/sessions/" + id + "/probe", "{\"gateway\": \"gw.corp.example\"}");

        assertThat(badPort.statusCode()).as(badPort.body()).isEqualTo(403);
        JsonNode portProblem = Json.mapper().readTree(badPort.body());
        assertThat(portProblem.get("field").asText()).isEqualTo("gateway");
        assertThat(portProblem.get("detail").asText())
                .isEqualTo(
                        "gateway port "
                                + gatewayPort
                                + " may not be probed; allowed: 443 or ["
                                + port
                                + "]");
        assertThat(offList.statusCode()).as(offList.body()).isEqualTo(403);
        JsonNode listProblem = Json.mapper().readTree(offList.body());
        assertThat(listProblem.get("field").asText()).isEqualTo("gateway");
        assertThat(listProblem.get("detail").asText())
                .isEqualTo("'gw.corp.example' is not on the probe allow-list");
        assertThat(doctor.session(id).eventCount()).isEqualTo(1);
    }

    @Test
    void a_client_over_the_rate_limit_gets_429_with_when_to_retry_and_no_field_at_fault()
            throws Exception {
        int port = FakeRdpServer.closedPort();
        start(ProbePolicy.of(List.of("127.0.0.1/32"), Set.of(port), 1));
        String id = session("127.0.0.1:" + port);

        HttpResponse<String> first = post("/api/v1/sessions/" + id + "/probe", "");
        HttpResponse<String> second = post("/api/v1/sessions/" + id + "/probe", "");

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(second.statusCode()).isEqualTo(429);
        assertThat(second.headers().firstValue("Retry-After").map(Integer::parseInt))
                .hasValueSatisfying(seconds -> assertThat(seconds).isBetween(1, 60));
        JsonNode problem = Json.mapper().readTree(second.body());
        assertThat(problem.has("field")).as(second.body()).isFalse();
        assertThat(problem.get("detail").asText())
                .startsWith("too many probe runs from 127.0.0.1: at most 1 a minute; try again in");
    }

    @Test
    void a_refused_host_counts_against_the_rate_limit_as_its_lookup_costs_the_same()
            throws Exception {
        int port = FakeRdpServer.closedPort();
        start(ProbePolicy.of(List.of("127.0.0.1/32"), Set.of(port), 1));
        String id = session("127.0.0.1:" + port);

        HttpResponse<String> refused =
                post("/api/v1/sessions/" + id + "/probe", "{\"host\": \"192.0.2.1:" + port + "\"}");
        HttpResponse<String> allowed = post("/api/v1/sessions/" + id + "/probe", "");

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
        assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(429);
    }

    @Test
    void a_probe_with_an_if_match_of_an_older_version_is_refused_with_412_before_it_runs()
            throws Exception {
        int port = FakeRdpServer.closedPort();
        start(ProbePolicy.of(List.of("127.0.0.1/32"), Set.of(port), 1));
        String id = session("127.0.0.1:" + port);
        String probe = "/api/v1/sessions/" + id + "/probe";

        HttpResponse<String> stale = post(probe, "", "If-Match", "\"0\"");
        HttpResponse<String> current = post(probe, "", "If-Match", "\"1\"");

        assertThat(stale.statusCode()).as(stale.body()).isEqualTo(412);
        JsonNode problem = Json.mapper().readTree(stale.body());
        assertThat(problem.get("field").asText()).isEqualTo("If-Match");
        assertThat(problem.get("detail").asText()).contains("has 1 event, not 0");
        assertThat(current.statusCode())
                .as("the refused probe took no place in the rate limit")
                .isEqualTo(200);
    }

    @Test
    void a_probe_answers_with_the_etag_a_read_of_the_session_gives_for_the_next_if_match()
            throws Exception {
        int port = FakeRdpServer.closedPort();
        start(ProbePolicy.of(List.of("127.0.0.1/32"), Set.of(port), 5));
        String id = session("127.0.0.1:" + port);
        String probe = "/api/v1/sessions/" + id + "/probe";

        HttpResponse<String> first = post(probe, "", "If-Match", etag(id));
        String tag = first.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> second = post(probe, "", "If-Match", tag);

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(doctor.session(id).eventCount()).isGreaterThan(1);
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        assertThat(second.headers().firstValue("ETag")).hasValue(etag(id));
    }

    @Test
    void a_change_to_the_session_while_its_probe_runs_is_refused_with_412_and_nothing_recorded()
            throws Exception {
        try (ServerSocket host = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            start(ProbePolicy.of(List.of("127.0.0.1/32"), Set.of(host.getLocalPort()), 5));
            String id = session("127.0.0.1:" + host.getLocalPort());
            String read = etag(id);
            answerOnFirstConnection(host, id);

            HttpResponse<String> probed =
                    post("/api/v1/sessions/" + id + "/probe", "", "If-Match", read);

            assertThat(probed.statusCode()).as(probed.body()).isEqualTo(412);
            assertThat(doctor.session(id).state().evidence()).isEmpty();
        }
    }

    /**
     * Accepts on {@code host} and closes each connection; at the first, before closing it, answers
     * a question of session {@code id}, as another tab would while the probe runs.
     */
    private void answerOnFirstConnection(ServerSocket host, String id) {
        Thread thread =
                new Thread(
                        () -> {
                            boolean first = true;
                            while (true) {
                                try (Socket connection = host.accept()) {
                                    if (first) {
                                        doctor.apply(
                                                id, new Event.Answered("error-timing", "unknown"));
                                        first = false;
                                    }
                                } catch (IOException e) {
                                    return;
                                }
                            }
                        });
        thread.setDaemon(true);
        thread.start();
    }

    @Test
    void check_the_host_button_adds_the_evidence_with_its_meaning_to_the_session_page()
            throws Exception {
        int port = FakeRdpServer.closedPort();
        start(ProbePolicy.of(List.of("127.0.0.1/32"), Set.of(port), 5));
        String id = session("127.0.0.1:" + port);

        PageCheck check = checkFromThePage(id, "");

        assertThat(check.before()).contains("Check the host");
        assertThat(check.posted()).isEqualTo(303);
        assertThat(check.after())
                .contains("tcp-connect = refused")
                .contains("nothing listens on the port");
    }

    @Test
    void a_gateway_named_on_the_page_is_checked_too_and_its_evidence_shown() throws Exception {
        int port = FakeRdpServer.closedPort();
        int gatewayPort = FakeRdpServer.closedPort();
        start(ProbePolicy.of(List.of("127.0.0.1/32"), Set.of(port, gatewayPort), 5));
        String id = session("127.0.0.1:" + port);

        PageCheck check = checkFromThePage(id, "&gateway=127.0.0.1%3A" + gatewayPort);

        assertThat(check.before()).contains("name=\"gateway\"");
        assertThat(check.posted()).isEqualTo(303);
        assertThat(check.after())
                .contains("rd-gateway = unreachable")
                .contains("The gateway&#39;s port refuses the connection, or nothing answers.");
    }

    @Test
    void a_gateway_finding_the_page_shows_can_be_removed_and_stops_counting() throws Exception {
        int port = FakeRdpServer.closedPort();
        int gatewayPort = FakeRdpServer.closedPort();
        start(ProbePolicy.of(List.of("127.0.0.1/32"), Set.of(port, gatewayPort), 5));
        String id = session("127.0.0.1:" + port);
        PageCheck check = checkFromThePage(id, "&gateway=127.0.0.1%3A" + gatewayPort);
        Matcher remove =
                Pattern.compile(
                                "action=\"/sessions/"
                                        + id
                                        + "/evidence/withdraw\" class=\"inline\">\\s*<input"
                                        + " type=\"hidden\" name=\"_csrf\" value=\"([0-9a-f.]+)\">\\s*"
                                        + "<input type=\"hidden\" name=\"kind\" value=\"rd-gateway\">\\s*"
                                        + "<input type=\"hidden\" name=\"eventCount\" value=\"(\\d+)\">")
                        .matcher(check.after());
        assertThat(remove.find()).as("a Remove form for the gateway finding").isTrue();

        HttpResponse<String> removed =
                check.browser()
                        .send(
                                request("/sessions/" + id + "/evidence/withdraw")
                                        .header("Content-Type", "application/x-www-form-urlencoded")
                                        .POST(
                                                HttpRequest.BodyPublishers.ofString(
                                                        "_csrf="
                                                                + remove.group(1)
                                                                + "&kind=rd-gateway&eventCount="
                                                                + remove.group(2)))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
        String after =
                check.browser()
                        .send(
                                request("/sessions/" + id).build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body();

        assertThat(removed.statusCode()).isEqualTo(303);
        assertThat(after)
                .doesNotContain("rd-gateway = unreachable")
                .contains("tcp-connect = refused");
        assertThat(doctor.session(id).state().evidence())
                .extracting(Evidence::kind)
                .doesNotContain("rd-gateway")
                .contains("tcp-connect");
    }

    @Test
    void checking_another_host_than_the_sessions_says_so_on_the_page_it_lands_on()
            throws Exception {
        int port = FakeRdpServer.closedPort();
        int other = FakeRdpServer.closedPort();
        start(ProbePolicy.of(List.of("127.0.0.1/32"), Set.of(port, other), 5));
        String id = session("127.0.0.1:" + port);

        PageCheck elsewhere = checkFromThePage(id, "&host=127.0.0.1%3A" + other);
        PageCheck same = checkFromThePage(id, "&host=127.0.0.1%3A" + port);

        assertThat(elsewhere.posted()).isEqualTo(303);
        assertThat(elsewhere.after())
                .contains(
                        "Checked 127.0.0.1:"
                                + other
                                + ", not 127.0.0.1:"
                                + port
                                + ", the host this session started with");
        assertThat(same.after()).doesNotContain("the host this session started with");
    }

    @Test
    void
            a_check_refused_on_the_page_shows_the_session_with_the_reason_at_the_field_and_what_was_typed()
                    throws Exception {
        int port = FakeRdpServer.closedPort();
        start(ProbePolicy.of(List.of("127.0.0.1/32"), Set.of(port), 5));
        String id = session("127.0.0.1:" + port);

        PageCheck offList =
                checkFromThePage(id, "&host=192.0.2.1%3A" + port + "&gateway=192.0.2.2");
        PageCheck badPort = checkFromThePage(id, "&host=127.0.0.1%3A70000");
        PageCheck badGateway =
                checkFromThePage(id, "&host=127.0.0.1%3A" + port + "&gateway=192.0.2.2");

        assertThat(offList.posted()).isEqualTo(403);
        assertThat(offList.postedPage())
                .contains("Check the host")
                .contains(
                        "<p class=\"error\" role=\"alert\" id=\"host-error\">&#39;192.0.2.1&#39;"
                                + " is not on the probe allow-list</p>")
                .contains("value=\"192.0.2.1:" + port + "\"")
                .contains("value=\"192.0.2.2\"")
                .contains("aria-invalid=\"true\" aria-describedby=\"host-error\"");
        assertThat(autofocused(offList.postedPage()))
                .singleElement()
                .asString()
                .contains("id=\"probe-host\"");
        assertThat(badPort.posted()).isEqualTo(400);
        assertThat(badPort.postedPage())
                .contains("id=\"host-error\">")
                .contains("value=\"127.0.0.1:70000\"");
        assertThat(badGateway.posted()).isEqualTo(403);
        assertThat(badGateway.postedPage())
                .contains("aria-invalid=\"true\" aria-describedby=\"gateway-error\"")
                .contains(
                        "id=\"gateway-error\">&#39;192.0.2.2&#39; is not on the probe allow-list");
        assertThat(doctor.session(id).eventCount()).isEqualTo(1);
    }

    /**
     * The session page before, the status and page of a "Check the host" post with {@code fields},
     * after (where the post's redirect leads, with any note it carries).
     */
    private record PageCheck(
            HttpClient browser, String before, int posted, String postedPage, String after) {}

    private PageCheck checkFromThePage(String id, String fields) throws Exception {
        HttpClient browser =
                HttpClient.newBuilder().cookieHandler(new java.net.CookieManager()).build();
        String before =
                browser.send(
                                request("/sessions/" + id).build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body();
        java.util.regex.Matcher csrf =
                java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([0-9a-f.]+)\"")
                        .matcher(before);
        assertThat(csrf.find()).as("the page has a CSRF field").isTrue();
        HttpResponse<String> posted =
                browser.send(
                        request("/sessions/" + id + "/probe")
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(
                                        HttpRequest.BodyPublishers.ofString(
                                                "_csrf=" + csrf.group(1) + fields))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        String after =
                browser.send(
                                request(
                                                posted.headers()
                                                        .firstValue("Location")
                                                        .orElse("/sessions/" + id))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body();
        return new PageCheck(browser, before, posted.statusCode(), posted.body(), after);
    }

    /** The elements of a page that take the focus when it loads. */
    private static List<String> autofocused(String page) {
        return Pattern.compile("<(input|textarea)\\b[^>]*\\bautofocus\\b[^>]*>")
                .matcher(page)
                .results()
                .map(MatchResult::group)
                .toList();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path));
    }

    private void start(ProbePolicy policy) {
        doctor =
                new RdpDoctor(
                        rules,
                        JdbcSessionStore.open(
                                "jdbc:h2:mem:probing-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                                null,
                                null));
        app =
                WebApp.create(
                                doctor,
                                Path.of("templates"),
                                null,
                                null,
                                null,
                                new Probing(doctor, policy))
                        .start("127.0.0.1", 0);
    }

    private String session(String host) throws Exception {
        String body =
                "{\"errorCode\": \"0x904\", \"extendedCode\": \"0x7\""
                        + (host == null ? "" : ", \"host\": \"" + host + "\"")
                        + "}";
        return Json.mapper().readTree(post("/api/v1/sessions", body).body()).get("id").asText();
    }

    /** Posts {@code body} as JSON, with {@code headers}: name, value pairs. */
    private HttpResponse<String> post(String path, String body, String... headers)
            throws Exception {
        HttpRequest.Builder request =
                request(path)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HttpClient.newHttpClient()
                .send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The ETag a read of the session sends. */
    private String etag(String id) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        request("/api/v1/sessions/" + id).build(),
                        HttpResponse.BodyHandlers.discarding())
                .headers()
                .firstValue("ETag")
                .orElseThrow();
    }
}
