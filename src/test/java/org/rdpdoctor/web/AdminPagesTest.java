package org.rdpdoctor.web;

import static java.net.http.HttpRequest.BodyPublishers.noBody;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdpdoctor.KnowledgeReloader;
import org.rdpdoctor.RdpDoctor;
import org.rdpdoctor.ReloadStatus;
import org.rdpdoctor.StartRequest;
import org.rdpdoctor.engine.Json;
import org.rdpdoctor.engine.RuleBase;
import org.rdpdoctor.kb.BrokenFixture;
import org.rdpdoctor.probe.ProbePolicy;
import org.rdpdoctor.store.JdbcSessionStore;

/**
 * The admin page over HTTP, from the real app, over a copy of the real knowledge: off without a
 * password, behind Basic authentication with one, and a CSRF-protected "Reload now" button.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class AdminPagesTest {
    private static final String PASSWORD = "correct horse battery staple";
    private static final Pattern CSRF_FIELD =
            Pattern.compile("name=\"_csrf\" value=\"([0-9a-f]{32}\\.[0-9a-f]{64})\"");
    private static final String WORKS_BY_IP =
            "    Answer(question == \"works-by-ip\", option == \"ip-works\")\n";

    @TempDir static Path copy;

    private static RuleBase original;

    private final HttpClient browser =
            HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    private RdpDoctor doctor;
    private KnowledgeReloader reloader;
    private Javalin app;

    @BeforeAll
    static void copyAndCompileTheRealKnowledge() {
        BrokenFixture.copyTree(Path.of("kb"), copy.resolve("kb"));
        BrokenFixture.copyTree(Path.of("rules"), copy.resolve("rules"));
        original = RuleBase.load(copy.resolve("kb"), copy.resolve("rules"));
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.stop();
        }
        reloader.close();
        doctor.close();
    }

    @Test
    void admin_pages_are_not_found_when_no_password_is_configured() {
        start(null);
        Javalin blank =
                WebApp.create(doctor, Path.of("templates"), null, reloader, "  ")
                        .start("127.0.0.1", 0);

        try {
            assertThat(get("/admin", PASSWORD).statusCode()).isEqualTo(404);
            assertThat(get("http://127.0.0.1:" + blank.port() + "/admin", PASSWORD).statusCode())
                    .isEqualTo(404);
            assertThat(post("/admin/reload", PASSWORD, null).statusCode()).isEqualTo(404);
        } finally {
            blank.stop();
        }
    }

    @Test
    void admin_page_asks_for_credentials_when_none_are_given() {
        start(PASSWORD);

        HttpResponse<String> page = get("/admin", null);

        assertThat(page.statusCode()).isEqualTo(401);
        assertThat(page.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("Basic realm="));
        assertThat(page.body()).contains("Unauthorized").doesNotContain(original.version());
    }

    @Test
    void head_of_an_admin_page_asks_for_credentials_as_get_does() {
        start(PASSWORD);

        HttpResponse<String> anonymous = send(request("/admin").method("HEAD", noBody()));
        HttpResponse<String> admin =
                send(authorized(request("/admin"), "admin", PASSWORD).method("HEAD", noBody()));

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).isPresent();
        assertThat(admin.statusCode()).isEqualTo(200);
        assertThat(admin.body()).isEmpty();
    }

    @Test
    void admin_page_refuses_a_wrong_password_and_a_wrong_user() {
        start(PASSWORD);

        HttpResponse<String> wrongPassword = get("/admin", "admin", PASSWORD + "!");
        HttpResponse<String> wrongUser = get("/admin", "root", PASSWORD);
        HttpResponse<String> notBase64 =
                send(request("/admin").header("Authorization", "Basic %%%"));

        assertThat(wrongPassword.statusCode()).isEqualTo(401);
        assertThat(wrongUser.statusCode()).isEqualTo(401);
        assertThat(notBase64.statusCode()).isEqualTo(401);
    }

    @Test
    void credentials_without_the_colon_are_refused_with_the_challenge_not_a_server_error() {
        start(PASSWORD);
        String userOnly = Base64.getEncoder().encodeToString("admin".getBytes(UTF_8));

        HttpResponse<String> refused =
                send(request("/admin").header("Authorization", "Basic " + userOnly));

        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate")).isPresent();
    }

    @Test
    void the_basic_scheme_is_read_whatever_its_case() {
        start(PASSWORD);
        String pair = Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(UTF_8));

        HttpResponse<String> lower =
                send(request("/admin").header("Authorization", "basic " + pair));

        assertThat(lower.statusCode()).isEqualTo(200);
    }

    @Test
    void a_client_with_ten_wrong_passwords_is_refused_even_the_right_one_for_a_while() {
        start(PASSWORD);
        for (int i = 0; i < 5; i++) {
            assertThat(get("/admin", null).statusCode()).as("no credentials").isEqualTo(401);
        }
        for (int i = 0; i < 10; i++) {
            assertThat(get("/admin", "admin", "guess-" + i).statusCode()).isEqualTo(401);
        }

        HttpResponse<String> refused = get("/admin", PASSWORD);

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After").map(Long::parseLong))
                .hasValueSatisfying(seconds -> assertThat(seconds).isBetween(1L, 15 * 60L));
        assertThat(refused.body())
                .contains("too many failed admin logins")
                .doesNotContain(original.version());
    }

    @Test
    void behind_a_trusted_proxy_the_lockout_is_of_the_forwarded_client_not_of_the_proxy() {
        start(PASSWORD, TrustedProxies.of(List.of("127.0.0.1")));
        for (int i = 0; i < 10; i++) {
            get("/admin", "guess-" + i, "X-Forwarded-For", "192.0.2.1, 198.51.100.7");
        }

        assertThat(get("/admin", PASSWORD, "X-Forwarded-For", "198.51.100.7").statusCode())
                .as("the locked-out client")
                .isEqualTo(429);
        assertThat(get("/admin", PASSWORD, "X-Forwarded-For", "198.51.100.8").statusCode())
                .as("another client of the same proxy")
                .isEqualTo(200);
        assertThat(get("/admin", PASSWORD, "X-Forwarded-For", "not-an-address").statusCode())
                .as("a malformed header: the proxy itself")
                .isEqualTo(200);
    }

    @Test
    void an_ipv6_client_is_locked_out_with_its_whole_64_network() {
        start(PASSWORD, TrustedProxies.of(List.of("127.0.0.1")));
        for (int i = 1; i <= 10; i++) {
            get("/admin", "guess-" + i, "X-Forwarded-For", "2001:db8::" + i);
        }

        assertThat(get("/admin", PASSWORD, "X-Forwarded-For", "2001:db8::ffff").statusCode())
                .as("another address of the same /64")
                .isEqualTo(429);
        assertThat(get("/admin", PASSWORD, "X-Forwarded-For", "2001:db8:0:1::1").statusCode())
                .as("an address of the next /64")
                .isEqualTo(200);
    }

    @Test
    void without_a_trusted_proxy_x_forwarded_for_is_ignored() {
        start(PASSWORD);
        for (int i = 0; i < 10; i++) {
            get("/admin", "guess-" + i, "X-Forwarded-For", "198.51.100." + i);
        }

        assertThat(get("/admin", PASSWORD, "X-Forwarded-For", "198.51.100.99").statusCode())
                .isEqualTo(429);
    }

    @Test
    void admin_page_shows_the_knowledge_in_force_to_the_admin() {
        start(PASSWORD);

        HttpResponse<String> page = get("/admin", PASSWORD);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(page.body())
                .contains("Knowledge in force")
                .contains("<code>" + original.version() + "</code>")
                .contains("<span>" + original.knowledge().causes().size() + "</span> causes")
                .contains("<span>" + original.rules().size() + "</span> rules")
                .contains("<span>" + original.knowledge().scenarios().size() + "</span> scenarios")
                .contains("No reload since the server started")
                .contains("Reload now")
                .containsPattern(CSRF_FIELD);
    }

    @Test
    void admin_page_footer_names_the_knowledge_version_as_every_page_does() {
        start(PASSWORD);

        HttpResponse<String> page = get("/admin", PASSWORD);

        assertThat(page.body())
                .contains("<span>Knowledge version <code>" + original.version() + "</code></span>");
    }

    @Test
    void outcome_analytics_are_for_the_admin_as_a_page_and_as_json() {
        start(PASSWORD);

        HttpResponse<String> anonymous = get("/admin/analytics.json", null);
        HttpResponse<String> page = get("/admin/analytics?from=2026-01-01&to=2099-12-31", PASSWORD);
        HttpResponse<String> json = get("/admin/analytics.json", PASSWORD);
        HttpResponse<String> badDate = get("/admin/analytics?from=yesterday", PASSWORD);
        HttpResponse<String> tracked =
                get("/admin/analytics?from=2026-01-01&utm_source=mail", PASSWORD);

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(tracked.statusCode()).isEqualTo(200);
        assertThat(tracked.body())
                .as("the JSON link carries only what the report reads, which the API takes")
                .contains("href=\"/api/v1/admin/analytics?from=2026-01-01\"");
        assertThat(page.body()).contains("Outcome analytics").contains("Rules in solved sessions");
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(json.body()).contains("\"sessions\"").contains("\"questions\"");
        assertThat(badDate.statusCode()).isEqualTo(400);
        assertThat(badDate.body()).contains("&#39;from&#39; must be a date like 2026-11-22");
    }

    @Test
    void analytics_of_one_session_say_one_session() {
        start(PASSWORD);
        doctor.start(StartRequest.of("0x904", "0x7"));

        HttpResponse<String> page = get("/admin/analytics", PASSWORD);

        assertThat(page.body())
                .contains("1 session: 0 solved, 0 abandoned.")
                .doesNotContain("1 sessions");
    }

    @Test
    void analytics_for_a_day_beyond_the_year_9999_are_a_400_naming_the_field() {
        start(PASSWORD);

        HttpResponse<String> page =
                get("/admin/analytics?from=2026-01-01&to=%2B999999999-12-31", PASSWORD);
        HttpResponse<String> json = get("/admin/analytics.json?from=-999999999-01-01", PASSWORD);

        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.body()).contains("&#39;to&#39; must be a day of the years 0001 to 9999");
        assertThat(json.statusCode()).isEqualTo(400);
        assertThat(json.headers().firstValue("Content-Type")).hasValue(Problem.CONTENT_TYPE);
        assertThat(json.body())
                .contains("\"field\":\"from\"")
                .contains("'from' must be a day of the years 0001 to 9999");
    }

    @Test
    void analytics_echo_their_period_as_the_days_asked_for_up_to_the_last_day_there_is()
            throws IOException {
        start(PASSWORD);

        JsonNode json =
                Json.mapper()
                        .readTree(
                                get("/admin/analytics.json?from=2026-01-01&to=9999-12-31", PASSWORD)
                                        .body());
        HttpResponse<String> page = get("/admin/analytics?from=2026-01-01&to=9999-12-31", PASSWORD);

        assertThat(json.get("from").asText()).isEqualTo("2026-01-01");
        assertThat(json.get("to").asText()).isEqualTo("9999-12-31");
        assertThat(page.body())
                .contains("name=\"from\" type=\"date\" value=\"2026-01-01\"")
                .contains("name=\"to\" type=\"date\" value=\"9999-12-31\"");
    }

    @Test
    void an_analytics_error_page_leads_back_to_the_analytics() {
        start(PASSWORD);

        HttpResponse<String> badDate = get("/admin/analytics?from=yesterday", PASSWORD);
        HttpResponse<String> reversed =
                get("/admin/analytics?from=2026-02-01&to=2026-01-01", PASSWORD);

        for (HttpResponse<String> page : List.of(badDate, reversed)) {
            assertThat(page.statusCode()).isEqualTo(400);
            assertThat(page.body())
                    .contains("href=\"/admin/analytics\">Back to the analytics</a>")
                    .doesNotContain("Back to the start");
        }
    }

    @Test
    void analytics_without_solved_sessions_say_no_rule_has_spoken_in_one_yet() {
        start(PASSWORD);
        doctor.start(StartRequest.of("0x904", "0x7"));

        HttpResponse<String> page = get("/admin/analytics", PASSWORD);

        assertThat(page.body())
                .containsPattern(
                        "<h2>Rules in solved sessions</h2>\\s*<p class=\"hint\">[^<]*</p>\\s*"
                                + "<p class=\"hint\">None yet: no rule spoke for a cause in a"
                                + " solved session of this period\\.</p>");
    }

    @Test
    void analytics_of_a_period_where_no_cause_led_say_so_instead_of_an_empty_causes_table() {
        start(PASSWORD);
        doctor.start(StartRequest.of("0x904", "0x7"));

        HttpResponse<String> empty =
                get("/admin/analytics?from=2000-01-01&to=2000-01-31", PASSWORD);
        HttpResponse<String> today = get("/admin/analytics", PASSWORD);

        assertThat(empty.body())
                .containsPattern(
                        "<h2>Causes</h2>\\s*<p class=\"hint\">None yet: no cause led a session of"
                                + " this period at its end, and no fix was tried\\.</p>\\s*<h2>")
                .doesNotContain("Led at the end");
        assertThat(today.body())
                .contains("Led at the end")
                .containsPattern("<td>[^<]+</td>\\s*<td>\\s*<svg class=\"chart\"")
                .doesNotContain("None yet: no cause led");
    }

    @Test
    void analytics_as_json_answer_its_errors_as_problem_json() {
        start(PASSWORD);

        HttpResponse<String> anonymous = get("/admin/analytics.json", null);
        HttpResponse<String> badDate = get("/admin/analytics.json?to=yesterday", PASSWORD);

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("Content-Type")).hasValue(Problem.CONTENT_TYPE);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).isPresent();
        assertThat(badDate.statusCode()).isEqualTo(400);
        assertThat(badDate.headers().firstValue("Content-Type")).hasValue(Problem.CONTENT_TYPE);
        assertThat(badDate.body()).contains("\"field\":\"to\"");
    }

    @Test
    void reload_button_without_the_csrf_token_is_refused() {
        start(PASSWORD);
        get("/admin", PASSWORD);

        HttpResponse<String> forged = post("/admin/reload", PASSWORD, null);
        HttpResponse<String> anonymous = post("/admin/reload", null, csrf());

        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(reloader.status().lastAttempt()).isNull();
    }

    @Test
    void reload_button_reloads_and_shows_each_problem_with_file_and_line() throws IOException {
        start(PASSWORD);
        Path drl = copy.resolve("rules/network.drl");
        String text = Files.readString(drl);
        int line = (int) text.lines().takeWhile(l -> !(l + "\n").equals(WORKS_BY_IP)).count() + 1;
        Files.writeString(drl, text.replace(WORKS_BY_IP, WORKS_BY_IP.replace(")\n", "\n")));

        HttpResponse<String> reloaded;
        try {
            reloaded = post("/admin/reload", PASSWORD, csrf());
        } finally {
            Files.writeString(drl, text);
        }

        assertThat(reloaded.statusCode()).isEqualTo(303);
        assertThat(reloaded.headers().firstValue("Location")).hasValue("/admin");
        assertThat(reloader.status().lastAttempt().outcome())
                .isEqualTo(ReloadStatus.Outcome.REFUSED);
        assertThat(doctor.rules()).isSameAs(original);
        assertThat(get("/admin", PASSWORD).body())
                .contains(">refused</span>")
                .contains("The knowledge in force keeps serving")
                .containsPattern(
                        "<code>[^<]*rules/network\\.drl:("
                                + line
                                + "|"
                                + (line + 1)
                                + ")(:\\d+)?</code>: ");
    }

    @Test
    void a_reload_started_by_the_folder_watch_shows_as_running_until_its_outcome_is_known()
            throws Exception {
        start(PASSWORD);
        reloader.watch();
        CompletableFuture<ReloadStatus> ended = reloader.nextAttempt();
        ReloadGate.close();
        Path held = copy.resolve("rules/held.drl");

        String during;
        String after;
        Files.writeString(held, ReloadGate.rule());
        try {
            assertThat(ReloadGate.reached()).as("a reload waits at the gate").isTrue();
            during = get("/admin", PASSWORD).body();
            ReloadGate.open();
            ended.get(2, TimeUnit.MINUTES);
            after = get("/admin", PASSWORD).body();
        } finally {
            ReloadGate.open();
            Files.delete(held);
        }

        assertThat(during)
                .contains(">running</span>")
                .containsPattern(
                        "since <time datetime=\"[^\"]+\">\\d{4}-\\d\\d-\\d\\d [0-9:]+ UTC</time>")
                .contains("started by the folder watch")
                .doesNotContain("No reload since the server started");
        assertThat(after).doesNotContain(">running</span>").contains(">loaded</span>");
    }

    @Test
    void a_reload_started_by_reload_now_shows_as_running_on_another_admin_page() throws Exception {
        start(PASSWORD);
        String token = csrf();
        ReloadGate.close();
        Path held = copy.resolve("rules/held.drl");

        String during;
        Files.writeString(held, ReloadGate.rule());
        try {
            CompletableFuture<HttpResponse<String>> reload =
                    CompletableFuture.supplyAsync(() -> post("/admin/reload", PASSWORD, token));
            assertThat(ReloadGate.reached()).as("a reload waits at the gate").isTrue();
            during = get("/admin", PASSWORD).body();
            ReloadGate.open();
            reload.get(2, TimeUnit.MINUTES);
        } finally {
            ReloadGate.open();
            Files.delete(held);
        }

        assertThat(during).contains(">running</span>").contains("started by Reload now");
    }

    private void start(String password) {
        start(password, TrustedProxies.NONE);
    }

    private void start(String password, TrustedProxies proxies) {
        doctor =
                new RdpDoctor(
                        original,
                        JdbcSessionStore.open(
                                "jdbc:h2:mem:admin-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                                null,
                                null));
        reloader = new KnowledgeReloader(doctor, copy.resolve("kb"), copy.resolve("rules"));
        app =
                password == null
                        ? WebApp.create(doctor, Path.of("templates"), null).start("127.0.0.1", 0)
                        : WebApp.create(
                                        doctor,
                                        Path.of("templates"),
                                        null,
                                        reloader,
                                        password,
                                        new Probing(doctor, ProbePolicy.NONE),
                                        proxies,
                                        HostNames.LOCAL)
                                .start("127.0.0.1", 0);
    }

    /** The token of this browser's CSRF cookie, from the hidden field of the admin page. */
    private String csrf() {
        Matcher field = CSRF_FIELD.matcher(get("/admin", PASSWORD).body());
        assertThat(field.find()).as("a _csrf field on the admin page").isTrue();
        return field.group(1);
    }

    private HttpResponse<String> get(String path, String password) {
        return get(path, "admin", password);
    }

    private HttpResponse<String> get(String path, String user, String password) {
        return send(authorized(request(path), user, password).GET());
    }

    /** A GET as the admin with one more header. */
    private HttpResponse<String> get(String path, String password, String header, String value) {
        return send(authorized(request(path), "admin", password).header(header, value).GET());
    }

    private HttpResponse<String> post(String path, String password, String csrf) {
        String form =
                csrf == null ? "" : "_csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8);
        return send(
                authorized(request(path), "admin", password)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(
                URI.create(
                        path.startsWith("http") ? path : "http://127.0.0.1:" + app.port() + path));
    }

    private static HttpRequest.Builder authorized(
            HttpRequest.Builder request, String user, String password) {
        if (password == null) {
            return request;
        }
        String pair = user + ":" + password;
        return request.header(
                "Authorization",
                "Basic "
                        + Base64.getEncoder()
                                .encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return browser.send(request.build(), BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
