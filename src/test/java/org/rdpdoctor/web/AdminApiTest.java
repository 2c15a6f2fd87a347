package org.rdpdoctor.web;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdpdoctor.KnowledgeReloader;
import org.rdpdoctor.RdpDoctor;
import org.rdpdoctor.engine.RuleBase;
import org.rdpdoctor.kb.BrokenFixture;
import org.rdpdoctor.store.JdbcSessionStore;
import org.rdpdoctor.web.ApiClient.Reply;

/**
 * The admin API over HTTP, from the real app, over a copy of the real knowledge: what a knowledge
 * editor's pipeline sees when it reloads after pushing an edit, behind the admin page's login.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class AdminApiTest {
    private static final String PASSWORD = "correct horse battery staple";
    private static final String RELOAD = "/api/v1/admin/reload";
    private static final String NEW_CAUSE =
            """

            - id: rdp-listener-on-holiday
              title: The Remote Desktop listener is on holiday
              summary: >-
                A cause added by a test, to see it go live.
              category: network
              prior: 0.01
              sources: [r17]
              fixes: [enable-rdp-firewall-rules]
            """;

    @TempDir static Path copy;

    private static RuleBase original;

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
        app.stop();
        reloader.close();
        doctor.close();
    }

    @Test
    void a_reload_of_a_sound_edit_answers_200_and_puts_the_new_knowledge_in_force()
            throws IOException {
        ApiClient api = start();

        Reply reloaded = reloadWithCausesAppended(api, NEW_CAUSE, "");

        assertThat(reloaded.status()).isEqualTo(200);
        assertThat(reloaded.contentType()).isEqualTo("application/json");
        JsonNode status = reloaded.json();
        assertThat(status.at("/lastAttempt/outcome").asText()).isEqualTo("loaded");
        assertThat(status.at("/lastAttempt/problems")).isEmpty();
        assertThat(status.at("/version").asText())
                .isNotEqualTo(original.version())
                .isEqualTo(status.at("/lastAttempt/version").asText())
                .isEqualTo(doctor.rules().version());
        assertThat(status.at("/causes").asInt())
                .isEqualTo(original.knowledge().causes().size() + 1);
        assertThat(api.get("/api/v1/causes").json().findValuesAsText("id"))
                .contains("rdp-listener-on-holiday");
    }

    @Test
    void a_yaml_syntax_error_is_refused_with_422_at_its_file_and_line_and_the_old_knowledge_stays()
            throws IOException {
        ApiClient api = start();
        Path causes = copy.resolve("kb/causes.yaml");
        int line = (int) Files.readString(causes).lines().count() + 2;

        Reply refused = reloadWithCausesAppended(api, "\n- id: mapping: inside a value\n", "{}");

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.contentType()).isEqualTo(Problem.CONTENT_TYPE);
        JsonNode body = refused.json();
        assertThat(body.get("title").asText()).isEqualTo("Unprocessable content");
        assertThat(body.get("detail").asText())
                .startsWith(
                        "the edited knowledge was refused and version "
                                + original.version()
                                + " keeps serving; 1 problem, each at its file and line in"
                                + " reload.lastAttempt.problems; the first: ")
                .contains("causes.yaml:" + line);
        assertThat(body.at("/reload/version").asText()).isEqualTo(original.version());
        assertThat(body.at("/reload/lastAttempt/outcome").asText()).isEqualTo("refused");
        JsonNode problem = body.at("/reload/lastAttempt/problems/0");
        assertThat(problem.get("file").asText()).isEqualTo(org.rdpdoctor.kb.Problem.shown(causes));
        assertThat(problem.get("line").asInt()).isEqualTo(line);
        assertThat(problem.get("where").asText())
                .startsWith(org.rdpdoctor.kb.Problem.shown(causes) + ":" + line);
        assertThat(doctor.rules()).isSameAs(original);
        assertThat(api.get("/api/v1/causes").header("ETag"))
                .isEqualTo("\"kb-" + original.version() + "\"");
        assertThat(api.get(RELOAD).json().get("lastAttempt"))
                .isEqualTo(body.at("/reload/lastAttempt"));
    }

    @Test
    void a_rule_citing_an_unknown_source_is_refused_at_its_file_and_line() throws IOException {
        ApiClient api = start();
        Path drl = copy.resolve("rules/unknown-source.drl");
        String rule =
                """
                package org.rdpdoctor.rules;

                import org.rdpdoctor.engine.*;

                // Cites a source that sources.yaml does not list.
                rule "Cite a source nobody wrote"
                    @source("r999")
                when
                    Answer(question == "error-timing", option == "after-credentials")
                then
                    insertLogical(new Support("windows-firewall-blocks-rdp", Weight.WEAK, kcontext));
                end
                """;

        Reply refused;
        Files.writeString(drl, rule);
        try {
            refused = api.post(RELOAD, "");
        } finally {
            Files.delete(drl);
        }

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().at("/reload/lastAttempt/problems"))
                .anySatisfy(
                        problem -> {
                            assertThat(problem.get("file").asText())
                                    .isEqualTo(org.rdpdoctor.kb.Problem.shown(drl));
                            assertThat(problem.get("line").asInt())
                                    .as("the @source line")
                                    .isEqualTo(7);
                            assertThat(problem.get("message").asText())
                                    .contains("unknown source 'r999'");
                        });
        assertThat(doctor.rules()).isSameAs(original);
    }

    @Test
    void the_reload_status_is_what_the_admin_page_shows() {
        ApiClient api = start();

        Reply status = api.get(RELOAD);

        assertThat(status.status()).isEqualTo(200);
        assertThat(status.header("Cache-Control")).isEqualTo("no-store");
        JsonNode json = status.json();
        assertThat(json.get("version").asText()).isEqualTo(original.version());
        assertThat(json.get("causes").asInt()).isEqualTo(original.knowledge().causes().size());
        assertThat(json.get("rules").asInt()).isEqualTo(original.rules().size());
        assertThat(json.get("scenarios").asInt())
                .isEqualTo(original.knowledge().scenarios().size());
        assertThat(json.get("watching").asBoolean()).isFalse();
        assertThat(json.get("running").isNull()).isTrue();
        assertThat(json.get("lastAttempt").isNull()).isTrue();
    }

    @Test
    void without_or_with_a_wrong_password_the_admin_api_answers_401_and_reloads_nothing() {
        start();
        ApiClient anonymous = new ApiClient(app.port());
        ApiClient guessing = new ApiClient(app.port(), "Authorization", basic("admin", "guess"));

        for (Reply reply :
                new Reply[] {
                    anonymous.get(RELOAD),
                    anonymous.post(RELOAD, ""),
                    guessing.get(RELOAD),
                    guessing.post(RELOAD, "")
                }) {
            assertThat(reply.status()).isEqualTo(401);
            assertThat(reply.contentType()).isEqualTo(Problem.CONTENT_TYPE);
            assertThat(reply.header("WWW-Authenticate")).startsWith("Basic realm=");
            assertThat(reply.json().get("field").asText()).isEqualTo("Authorization");
            assertThat(reply.body()).doesNotContain(original.version());
        }
        assertThat(reloader.status().lastAttempt()).isNull();
    }

    @Test
    void wrong_passwords_given_to_the_api_lock_the_address_out_of_the_admin_page_too() {
        ApiClient admin = start();
        for (int i = 0; i < 10; i++) {
            new ApiClient(app.port(), "Authorization", basic("admin", "guess-" + i)).get(RELOAD);
        }

        Reply page = admin.get("/admin");
        Reply api = admin.post(RELOAD, "");

        assertThat(page.status()).isEqualTo(429);
        assertThat(api.status()).isEqualTo(429);
        assertThat(api.contentType()).isEqualTo(Problem.CONTENT_TYPE);
        assertThat(api.header("Retry-After")).isNotEmpty();
        assertThat(reloader.status().lastAttempt()).isNull();
    }

    @Test
    void the_admin_api_is_there_exactly_when_the_admin_page_is() {
        ApiClient admin = start();
        Javalin blank =
                WebApp.create(doctor, Path.of("templates"), null, reloader, "  ")
                        .start("127.0.0.1", 0);
        ApiClient withoutPassword =
                new ApiClient(blank.port(), "Authorization", basic("admin", PASSWORD));

        Reply[] on = {admin.get("/admin"), admin.get(RELOAD)};
        Reply[] off;
        try {
            off =
                    new Reply[] {
                        withoutPassword.get("/admin"),
                        withoutPassword.get(RELOAD),
                        withoutPassword.post(RELOAD, "")
                    };
        } finally {
            blank.stop();
        }

        assertThat(on).extracting(Reply::status).containsOnly(200);
        assertThat(off).extracting(Reply::status).containsOnly(404);
        assertThat(off[1].contentType()).isEqualTo(Problem.CONTENT_TYPE);
        assertThat(reloader.status().lastAttempt()).isNull();
    }

    @Test
    void a_reload_takes_basic_auth_without_a_csrf_token_but_never_a_form_another_site_can_post() {
        ApiClient api = start();

        Reply form =
                api.send(
                        "POST",
                        RELOAD,
                        BodyPublishers.ofString("_csrf=forged"),
                        "Content-Type",
                        "application/x-www-form-urlencoded",
                        "Sec-Fetch-Site",
                        "cross-site");
        boolean reloadedByTheForm = reloader.status().lastAttempt() != null;
        Reply json = api.post(RELOAD, "");

        assertThat(form.status()).isEqualTo(415);
        assertThat(reloadedByTheForm).isFalse();
        assertThat(json.status()).isEqualTo(200);
        assertThat(json.header("Set-Cookie")).isEmpty();
        assertThat(json.json().at("/lastAttempt/outcome").asText()).isEqualTo("unchanged");
    }

    @Test
    void a_reload_started_through_the_api_shows_as_running_until_it_ends() throws Exception {
        ApiClient api = start();
        ReloadGate.close();
        Path held = copy.resolve("rules/held.drl");

        JsonNode during;
        String page;
        Reply after;
        Files.writeString(held, ReloadGate.rule());
        try {
            CompletableFuture<Reply> reload =
                    CompletableFuture.supplyAsync(() -> api.post(RELOAD, ""));
            assertThat(ReloadGate.reached()).as("a reload waits at the gate").isTrue();
            during = api.get(RELOAD).json();
            page = api.get("/admin").body();
            ReloadGate.open();
            after = reload.get(2, TimeUnit.MINUTES);
        } finally {
            ReloadGate.open();
            Files.delete(held);
        }

        assertThat(during.at("/running/trigger").asText()).isEqualTo("api");
        assertThat(during.at("/running/since").asText()).isNotBlank();
        assertThat(page).contains(">running</span>").contains("started by the admin API");
        assertThat(after.status()).isEqualTo(200);
        assertThat(after.json().get("running").isNull()).isTrue();
        assertThat(after.json().at("/lastAttempt/outcome").asText()).isEqualTo("loaded");
    }

    @Test
    void outcome_analytics_are_served_under_the_api_as_at_the_address_of_the_page_json() {
        ApiClient admin = start();
        ApiClient anonymous = new ApiClient(app.port());
        String period = "?from=2026-01-01&to=2099-12-31";

        Reply api = admin.get("/api/v1/admin/analytics" + period);
        Reply old = admin.get("/admin/analytics.json" + period);
        Reply badDay = admin.get("/api/v1/admin/analytics?from=2026-02-30");
        Reply refused = anonymous.get("/api/v1/admin/analytics");

        assertThat(api.status()).isEqualTo(200);
        assertThat(api.contentType()).isEqualTo("application/json");
        assertThat(api.json().get("from").asText()).isEqualTo("2026-01-01");
        assertThat(api.json().get("to").asText()).isEqualTo("2099-12-31");
        assertThat(api.json().get("causes")).hasSize(original.knowledge().causes().size());
        assertThat(old.status()).isEqualTo(200);
        assertThat(old.json()).isEqualTo(api.json());
        assertThat(badDay.status()).isEqualTo(400);
        assertThat(badDay.json().get("field").asText()).isEqualTo("from");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.header("WWW-Authenticate")).startsWith("Basic realm=");
    }

    @Test
    void a_query_parameter_no_admin_operation_takes_is_told_only_to_the_admin() {
        ApiClient admin = start();
        ApiClient anonymous = new ApiClient(app.port());

        Reply unknownToAnonymous = anonymous.get(RELOAD + "?x=1");
        Reply unknownToAdmin = admin.get(RELOAD + "?x=1");
        Reply api = admin.get("/api/v1/admin/analytics?x=1");
        Reply old = admin.get("/admin/analytics.json?x=1");

        assertThat(unknownToAnonymous.status()).isEqualTo(401);
        assertThat(unknownToAnonymous.header("WWW-Authenticate")).startsWith("Basic realm=");
        assertThat(unknownToAdmin.status()).isEqualTo(400);
        assertThat(unknownToAdmin.json().get("field").asText()).isEqualTo("x");
        assertThat(api.status()).isEqualTo(400);
        assertThat(old.status()).isEqualTo(400);
        assertThat(old.json().get("detail")).isEqualTo(api.json().get("detail"));
    }

    /** Starts the app with the admin password; the client it returns sends the admin's. */
    private ApiClient start() {
        doctor =
                new RdpDoctor(
                        original,
                        JdbcSessionStore.open(
                                "jdbc:h2:mem:admin-api-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                                null,
                                null));
        reloader = new KnowledgeReloader(doctor, copy.resolve("kb"), copy.resolve("rules"));
        app =
                WebApp.create(doctor, Path.of("templates"), null, reloader, PASSWORD)
                        .start("127.0.0.1", 0);
        return new ApiClient(app.port(), "Authorization", basic("admin", PASSWORD));
    }

    /**
     * Reloads through the API, sending {@code body}, while the copy's causes.yaml ends with {@code
     * appended}; the file is put back after.
     */
    private static Reply reloadWithCausesAppended(ApiClient api, String appended, String body)
            throws IOException {
        Path causes = copy.resolve("kb/causes.yaml");
        String text = Files.readString(causes);
        Files.writeString(causes, text + appended);
        try {
            return api.post(RELOAD, body);
        } finally {
            Files.writeString(causes, text);
        }
    }

    private static String basic(String user, String password) {
        return "Basic "
                + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(UTF_8));
    }
}
