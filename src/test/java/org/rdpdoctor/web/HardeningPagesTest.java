package org.rdpdoctor.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.rdpdoctor.KnowledgeReloader;
import org.rdpdoctor.RdpDoctor;
import org.rdpdoctor.engine.Event;
import org.rdpdoctor.engine.RuleBase;
import org.rdpdoctor.probe.ProbePolicy;
import org.rdpdoctor.store.JdbcSessionStore;
import org.rdpdoctor.store.SessionStore;
import org.rdpdoctor.store.SessionSummary;
import org.rdpdoctor.web.PagesTest.Page;

/**
 * The pages under attack: script in every text field, forms posted without or with a stolen CSRF
 * token, and the admin pages without, with wrong and with the right credentials.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class HardeningPagesTest {
    private static final String PAYLOAD =
            "<script>alert(1)</script>\"'><img src=x onerror=alert(1)>";
    private static final String ESCAPED =
            "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&gt;&lt;img src=x"
                    + " onerror=alert(1)&gt;";

    /** For fields of at most 32 characters. */
    private static final String SHORT_PAYLOAD = "\"'><img src=x onerror=alert(1)>";

    private static final String SHORT_ESCAPED = "&quot;&#39;&gt;&lt;img src=x onerror=alert(1)&gt;";
    private static final String PASSWORD = "hardening password";
    private static final Pattern CSRF_FIELD =
            Pattern.compile("name=\"_csrf\" value=\"([0-9a-f]{32}\\.[0-9a-f]{64})\"");

    private static RuleBase rules;
    private static JdbcSessionStore store;
    private static RdpDoctor doctor;
    private static KnowledgeReloader reloader;
    private static Javalin app;

    private final HttpClient browser = newBrowser();

    @BeforeAll
    static void startApp() {
        rules = RuleBase.load(Path.of("kb"), Path.of("rules"));
        store =
                JdbcSessionStore.open(
                        "jdbc:h2:mem:hardening-pages-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                        null,
                        null);
        doctor = new RdpDoctor(rules, store);
        reloader = new KnowledgeReloader(doctor, Path.of("kb"), Path.of("rules"));
        app =
                WebApp.create(
                                doctor,
                                Path.of("templates"),
                                null,
                                reloader,
                                PASSWORD,
                                new Probing(
                                        doctor,
                                        ProbePolicy.of(
                                                List.of("*.never.invalid"), Set.of(3389), 5)))
                        .start("127.0.0.1", 0);
    }

    @AfterAll
    static void stopApp() {
        if (app != null) {
            app.stop();
        }
        reloader.close();
        doctor.close();
    }

    @Test
    void
            checking_the_host_with_the_field_emptied_asks_for_a_host_instead_of_probing_the_sessions() {
        String session = startSession("host", "rds01.never.invalid");

        Page refused = postForm(session + "/probe", "host", "  ");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body())
                .contains("Give the host to check")
                .contains("aria-describedby=\"host-error\"");
        assertThat(doctor.session(id(session)).eventCount()).isEqualTo(1);
    }

    @Test
    void starting_from_ticket_codes_with_a_refused_check_says_both() {
        Page created =
                post(
                        "/sessions",
                        form(
                                "_csrf",
                                token(),
                                "pair",
                                "0x904/0x7",
                                "ticketText",
                                "Error code: 0x204",
                                "host",
                                "rds01.elsewhere.test",
                                "probe",
                                "1"));

        assertThat(created.status()).isEqualTo(303);
        assertThat(get(created.header("Location")).body())
                .contains("The codes were read from the ticket text (0x204)")
                .contains("The host was not checked: ");
    }

    // ------------------------------------------------------------------ XSS

    @Test
    void a_script_in_every_text_field_is_shown_escaped_on_every_page() {
        String session =
                startSession(
                        "host", PAYLOAD,
                        "ticketRef", PAYLOAD,
                        "notes", PAYLOAD,
                        "ticketText", "Error code: 0x904 " + PAYLOAD);
        String id = id(session);
        answer(session, "error-message", "credssp-oracle");
        evidence(id, PAYLOAD);
        Map<String, Page> shown = new LinkedHashMap<>();
        Map<String, Page> hidden = new LinkedHashMap<>();

        shown.put("start", get("/"));
        shown.put("lookup", get("/?ticketRef=" + encode(PAYLOAD)));
        shown.put("session", get(session));
        hidden.put("note", get(session + "?note=" + encode(PAYLOAD)));
        Page change = get(session + "?question=" + encode(PAYLOAD));
        hidden.put("change", get(change.header("Location")));
        shown.put("transcript", get(session + "/transcript"));
        shown.put("errorCode", post("/sessions", form("_csrf", token(), "errorCode", PAYLOAD)));
        shown.put(
                "extendedCode",
                post(
                        "/sessions",
                        form("_csrf", token(), "errorCode", "0x904", "extendedCode", PAYLOAD)));
        shown.put(
                "questionId",
                postForm(session + "/answer", "questionId", PAYLOAD, "optionId", "x"));
        shown.put(
                "optionId",
                postForm(session + "/answer", "questionId", "error-message", "optionId", PAYLOAD));
        shown.put("withdraw", postForm(session + "/withdraw", "questionId", PAYLOAD));
        shown.put("fixId", postForm(session + "/fix", "fixId", PAYLOAD, "worked", "true"));
        Page treeCode = get("/tree?code=" + encode(SHORT_PAYLOAD));
        Page treeExtended = get("/tree?code=0x904&extended=" + encode(SHORT_PAYLOAD));
        hidden.put("tree code", treeCode);
        hidden.put("tree extended", treeExtended);
        Page treeFrom = get("/tree?from=" + encode(SHORT_PAYLOAD));
        hidden.put("tree from", treeFrom);
        shown.put("tree depth", get("/tree?depth=" + encode(PAYLOAD)));
        shown.put("analytics", admin("/admin/analytics?version=" + encode(PAYLOAD)));
        hidden.put("admin", admin("/admin"));
        hidden.put("analytics date", admin("/admin/analytics?from=" + encode(PAYLOAD)));

        assertThat(shown)
                .allSatisfy(
                        (name, page) ->
                                assertThat(page.body())
                                        .as(name + " (" + page.status() + ")")
                                        .contains(ESCAPED)
                                        .doesNotContain("<script>alert(1)")
                                        .doesNotContain("<img src=x"));
        assertThat(hidden)
                .allSatisfy(
                        (name, page) ->
                                assertThat(page.body())
                                        .as(name + " (" + page.status() + ")")
                                        .doesNotContain("<script>alert(1)")
                                        .doesNotContain("<img src=x"));
        assertThat(List.of(treeCode, treeExtended, treeFrom))
                .allSatisfy(page -> assertThat(page.body()).contains(SHORT_ESCAPED));
        assertThat(shown.get("session").body())
                .contains("<dt>Target host</dt><dd><code>" + ESCAPED + "</code></dd>")
                .contains("<dt>Notes</dt><dd class=\"notes\">" + ESCAPED + "</dd>")
                .contains("<pre>Error code: 0x904 " + ESCAPED + "</pre>")
                .contains("value=\"" + ESCAPED + "\"");
    }

    // ------------------------------------------------------------------ CSRF

    /**
     * A form without the token is refused. One with another browser's token, or with none in the
     * cookie, is refused at the admin page and, at the helpdesk's pages, comes back as a form that
     * had expired (the start form again, or the session with a note): a tab whose cookie another
     * visit replaced looks the same.
     */
    @Test
    void
            every_form_refuses_a_post_without_the_token_or_with_another_browsers_and_changes_nothing() {
        String session = startSession("host", "rds01.never.invalid");
        answer(session, "error-message", "credssp-oracle");
        int sessions = doctor.recentSessions(200).size();
        int events = doctor.session(id(session)).eventCount();
        String fix = rules.knowledge().causes().get(0).fixes().get(0);
        String theirs = csrfField(send(newBrowser(), request("/").GET()));
        token();
        Map<String, Map<String, String>> forms = new LinkedHashMap<>();
        forms.put("/sessions", form("pair", "0x904/0x7", "probe", "1"));
        forms.put(
                session + "/answer",
                form("questionId", "error-message", "optionId", "only-codes", "eventCount", "2"));
        forms.put(session + "/withdraw", form("questionId", "error-message", "eventCount", "2"));
        forms.put(session + "/fix", form("fixId", fix, "worked", "true", "eventCount", "2"));
        forms.put(session + "/probe", form("host", "rds01.never.invalid"));
        forms.put("/admin/reload", form());
        Map<String, Page> refused = new LinkedHashMap<>();
        Map<String, Page> shownAgain = new LinkedHashMap<>();

        forms.forEach(
                (path, fields) -> {
                    Map<String, String> stolen = new LinkedHashMap<>(fields);
                    stolen.put("_csrf", theirs);
                    Map<String, Page> other = path.startsWith("/admin") ? refused : shownAgain;
                    refused.put("no token: " + path, send(browser, asAdmin(posting(path, fields))));
                    other.put(
                            "their token: " + path, send(browser, asAdmin(posting(path, stolen))));
                    other.put(
                            "no cookie: " + path,
                            send(newBrowser(), asAdmin(posting(path, stolen))));
                });

        assertThat(refused)
                .hasSize(8)
                .allSatisfy(
                        (name, page) -> {
                            assertThat(page.status()).as(name + ": " + page.body()).isEqualTo(403);
                            assertThat(page.body()).contains("<h1>Forbidden</h1>");
                        });
        assertThat(shownAgain)
                .hasSize(10)
                .allSatisfy(
                        (name, page) ->
                                assertThat(
                                                page.status() == 403
                                                        ? page.body()
                                                        : send(
                                                                        browser,
                                                                        request(
                                                                                        page.header(
                                                                                                "Location"))
                                                                                .GET())
                                                                .body())
                                        .as(name)
                                        .containsAnyOf(
                                                "Nothing was started: the form on this page had"
                                                        + " expired",
                                                "This was not recorded: the form on the page had"
                                                        + " expired"));
        assertThat(doctor.session(id(session)).eventCount()).isEqualTo(events);
        assertThat(doctor.recentSessions(200)).hasSize(sessions);
        assertThat(reloader.status().lastAttempt()).isNull();
    }

    @Test
    void an_evidence_detail_stored_with_a_line_break_and_an_override_is_shown_written_out() {
        SessionSummary stored =
                store.create(
                        List.of(
                                new Event.Started("0x904", "0x7", null, null, null),
                                new Event.EvidenceAdded(
                                        "tcp-connect",
                                        "open",
                                        "user",
                                        "ok\n- Status: solved\u202eevil")),
                        new SessionStore.Snapshot(
                                "asking", false, null, Map.of(), rules.version()));

        Page page = get("/sessions/" + stored.id());

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body())
                .contains("<span class=\"detail\">ok\\u000A- Status: solved\\u202Eevil</span>")
                .doesNotContain("\u202e");
    }

    @Test
    void a_token_this_server_did_not_sign_or_a_post_from_another_site_is_refused() {
        int sessions = doctor.recentSessions(200).size();
        String planted = "0123456789abcdef0123456789abcdef";
        Map<String, String> start = form("pair", "0x904/0x7");
        Map<String, Page> refused = new LinkedHashMap<>();
        for (String token : List.of("x", "", planted, planted + "." + "0".repeat(64))) {
            Map<String, String> fields = new LinkedHashMap<>(start);
            fields.put("_csrf", token);
            refused.put(
                    "planted '" + token + "'",
                    send(
                            newBrowser(),
                            posting("/sessions", fields).header("Cookie", "rdp_csrf=" + token)));
        }
        Map<String, String> signed = new LinkedHashMap<>(start);
        signed.put("_csrf", token());
        refused.put(
                "another port of this host",
                send(browser, posting("/sessions", signed).header("Sec-Fetch-Site", "same-site")));
        int before = doctor.recentSessions(200).size();

        Page own =
                send(browser, posting("/sessions", signed).header("Sec-Fetch-Site", "same-origin"));

        assertThat(refused)
                .allSatisfy(
                        (name, page) ->
                                assertThat(page.status())
                                        .as(name + ": " + page.body())
                                        .isEqualTo(403));
        assertThat(before).isEqualTo(sessions);
        assertThat(own.status()).as(own.body()).isEqualTo(303);
    }

    // ------------------------------------------------------------------ admin

    @Test
    void admin_pages_are_not_found_without_a_configured_password() {
        Javalin open = WebApp.create(doctor, Path.of("templates"), null).start("127.0.0.1", 0);
        Map<String, Integer> statuses = new LinkedHashMap<>();

        try {
            for (String path : List.of("/admin", "/admin/analytics", "/admin/analytics.json")) {
                statuses.put(
                        path,
                        send(browser, authorized(at(open, path), "admin", PASSWORD).GET())
                                .status());
            }
            statuses.put(
                    "/admin/reload",
                    send(
                                    browser,
                                    authorized(at(open, "/admin/reload"), "admin", PASSWORD)
                                            .header(
                                                    "Content-Type",
                                                    "application/x-www-form-urlencoded")
                                            .POST(HttpRequest.BodyPublishers.ofString("")))
                            .status());
        } finally {
            open.stop();
        }

        assertThat(statuses)
                .containsOnlyKeys(
                        "/admin", "/admin/analytics", "/admin/analytics.json", "/admin/reload");
        assertThat(statuses.values()).containsOnly(404);
    }

    @Test
    void admin_pages_ask_for_credentials_refuse_wrong_ones_and_serve_the_admin() {
        List<String> pages = List.of("/admin", "/admin/analytics", "/admin/analytics.json");
        Map<String, Integer> statuses = new LinkedHashMap<>();

        for (String path : pages) {
            statuses.put("none " + path, send(browser, request(path).GET()).status());
            statuses.put(
                    "wrong password " + path,
                    send(browser, authorized(request(path), "admin", "nope").GET()).status());
            statuses.put(
                    "wrong user " + path,
                    send(browser, authorized(request(path), "root", PASSWORD).GET()).status());
            statuses.put("admin " + path, admin(path).status());
        }
        statuses.put(
                "none reload",
                send(browser, posting("/admin/reload", form("_csrf", token()))).status());
        statuses.put(
                "wrong password reload",
                send(
                                browser,
                                authorized(
                                        posting("/admin/reload", form("_csrf", token())),
                                        "admin",
                                        "nope"))
                        .status());
        String adminToken = csrfField(admin("/admin"));
        Page reloaded =
                send(
                        browser,
                        authorized(
                                posting("/admin/reload", form("_csrf", adminToken)),
                                "admin",
                                PASSWORD));

        assertThat(statuses)
                .allSatisfy(
                        (name, status) ->
                                assertThat(status)
                                        .as(name)
                                        .isEqualTo(name.startsWith("admin ") ? 200 : 401));
        assertThat(reloaded.status()).isEqualTo(303);
        assertThat(reloaded.header("Location")).isEqualTo("/admin");
        assertThat(reloader.status().lastAttempt()).isNotNull();
    }

    // ------------------------------------------------------------------ helpers

    /** Starts a session for 0x904 with the given extra fields; returns its page's path. */
    private String startSession(String... fields) {
        Map<String, String> form =
                form("_csrf", token(), "errorCode", "0x904", "extendedCode", "0x7");
        form.putAll(form(fields));
        Page created = post("/sessions", form);
        assertThat(created.status()).as("starting a session: %s", created.body()).isEqualTo(303);
        // The page's path, without the query of a note the redirect may carry.
        return created.header("Location").replaceFirst("\\?.*", "");
    }

    private void answer(String session, String questionId, String optionId) {
        Page answered =
                postForm(session + "/answer", "questionId", questionId, "optionId", optionId);
        assertThat(answered.status()).as(answered.body()).isEqualTo(303);
    }

    /** Adds evidence with {@code detail} through the API. */
    private void evidence(String id, String detail) {
        ApiClient api = new ApiClient(app.port());
        String body =
                "{\"kind\": \"tcp-connect\", \"value\": \"open\", \"source\": \"user\", \"detail\": "
                        + org.rdpdoctor.engine.Json.mapper().valueToTree(detail)
                        + "}";
        assertThat(api.post("/api/v1/sessions/" + id + "/evidence", body).status()).isEqualTo(200);
    }

    /** Posts a form of this browser, with its token. */
    private Page postForm(String path, String... fields) {
        Map<String, String> form = form("_csrf", token());
        form.putAll(form(fields));
        return post(path, form);
    }

    private String token() {
        return csrfField(get("/"));
    }

    private static String csrfField(Page page) {
        Matcher field = CSRF_FIELD.matcher(page.body());
        assertThat(field.find()).as("the page has a _csrf field").isTrue();
        return field.group(1);
    }

    /** With the admin's credentials, which only the admin pages read. */
    private static HttpRequest.Builder asAdmin(HttpRequest.Builder request) {
        return authorized(request, "admin", PASSWORD);
    }

    private Page admin(String path) {
        return send(browser, authorized(request(path), "admin", PASSWORD).GET());
    }

    private Page get(String path) {
        return send(browser, request(path).GET());
    }

    private Page post(String path, Map<String, String> form) {
        return send(browser, posting(path, form));
    }

    private static HttpRequest.Builder posting(String path, Map<String, String> form) {
        String body =
                form.entrySet().stream()
                        .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                        .collect(Collectors.joining("&"));
        return request(path)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private static HttpRequest.Builder request(String path) {
        return at(app, path);
    }

    private static HttpRequest.Builder at(Javalin target, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + target.port() + path));
    }

    private static HttpRequest.Builder authorized(
            HttpRequest.Builder request, String user, String password) {
        String pair = user + ":" + password;
        return request.header(
                "Authorization",
                "Basic "
                        + Base64.getEncoder()
                                .encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }

    private static Page send(HttpClient client, HttpRequest.Builder request) {
        return PagesTest.send(client, request.build());
    }

    private static HttpClient newBrowser() {
        return PagesTest.newBrowser();
    }

    private static Map<String, String> form(String... pairs) {
        return PagesTest.form(pairs);
    }

    private static String id(String sessionPath) {
        return sessionPath.substring("/sessions/".length());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
