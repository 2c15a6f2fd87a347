package org.rdpdoctor.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.rdpdoctor.engine.RuleBase;

/**
 * The sources page and the session page's links to sources, over the real knowledge: a seed article
 * is not on the web, so its link leads to its entry here, and a reason that rests on seeds alone is
 * marked unconfirmed.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SourcesPageTest {
    private static RunningApp app;
    private static ApiClient api;

    @BeforeAll
    static void start() {
        app = RunningApp.withMemoryStore(RuleBase.load(Path.of("kb"), Path.of("rules")));
        api = new ApiClient(app.port());
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void sources_page_lists_every_source_with_its_trust_and_what_rests_on_seeds_alone() {
        ApiClient.Reply page = api.get("/sources");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body())
                .contains("<tr id=\"seed-003\">")
                .contains("seeds/003_c42348ebab55561c.txt")
                .contains(
                        "<a href=\"https://learn.microsoft.com/windows/win32/termserv/imstscaxevents-ondisconnected\"")
                .contains("Resting on seed articles alone")
                .contains(
                        "<q>Another client app connects</q> <span class=\"hint\">rules/client.drl:");
    }

    @Test
    void a_session_links_a_seed_to_its_entry_and_marks_a_reason_resting_on_seeds_unconfirmed() {
        String id = sessionAnsweredByAnotherClientApp().id();

        String page = api.get("/sessions/" + id).body();

        assertThat(page)
                .contains("href=\"/sources#seed-003\"")
                .doesNotContain("href=\"seeds/")
                .contains(">unconfirmed</a>");
    }

    @Test
    void the_api_lists_the_sources_and_flags_an_unconfirmed_reason() {
        ApiClient.Reply sources = api.get("/api/v1/sources");
        String state = sessionAnsweredByAnotherClientApp().state();

        assertThat(sources.status()).isEqualTo(200);
        assertThat(sources.body()).contains("{\"id\":\"seed-003\",").contains("\"trust\":\"low\"");
        assertThat(state)
                .contains(
                        "\"rule\":\"Another client app connects\",\"weight\":\"strong\",\"value\":")
                .contains("\"sources\":[\"seed-003\"],\"unconfirmed\":true");
    }

    /** A session from 0x904 / 0x7 where another client app connects, and its state as JSON. */
    private static Answered sessionAnsweredByAnotherClientApp() {
        String id =
                api.post("/api/v1/sessions", "{\"errorCode\":\"0x904\",\"extendedCode\":\"0x7\"}")
                        .json()
                        .get("id")
                        .asText();
        String state =
                api.post(
                                "/api/v1/sessions/" + id + "/answers",
                                "{\"questionId\":\"other-client-app\",\"optionId\":\"other-app-works\"}")
                        .body();
        return new Answered(id, state);
    }

    private record Answered(String id, String state) {}
}
