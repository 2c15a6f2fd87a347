package org.rdpdoctor.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.rdpdoctor.engine.RuleBase;
import org.rdpdoctor.kb.Cause;
import org.rdpdoctor.kb.Fix;
import org.rdpdoctor.kb.KnowledgeBase;

/** The causes page over the real knowledge: every cause with its fixes, without a session. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class CausesPageTest {
    private static RuleBase rules;
    private static RunningApp app;
    private static ApiClient api;

    @BeforeAll
    static void start() {
        rules = RuleBase.load(Path.of("kb"), Path.of("rules"));
        app = RunningApp.withMemoryStore(rules);
        api = new ApiClient(app.port());
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void every_cause_is_listed_by_category_with_its_fixes_step_by_step() {
        KnowledgeBase kb = rules.knowledge();
        Cause credssp = kb.cause("credssp-oracle-mismatch").orElseThrow();
        Fix first = kb.fix(credssp.fixes().get(0)).orElseThrow();

        ApiClient.Reply page = api.get("/causes");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body())
                .contains("<section class=\"card\" id=\"category-security\"")
                .contains("<details class=\"cause\" id=\"credssp-oracle-mismatch\">")
                .contains("<h3><span class=\"num\">1</span> <span>" + html(first.title()))
                .contains("<p>" + html(first.steps().get(0).text()) + "</p>");
        for (Cause cause : kb.causes()) {
            assertThat(page.body()).contains("id=\"" + cause.id() + "\"");
        }
    }

    @Test
    void a_ranked_cause_on_the_session_page_links_to_its_entry() {
        String id =
                api.post("/api/v1/sessions", "{\"errorCode\":\"0x904\",\"extendedCode\":\"0x7\"}")
                        .json()
                        .get("id")
                        .asText();

        assertThat(api.get("/sessions/" + id).body())
                .contains("<a class=\"bar-label\" href=\"/causes#credssp-oracle-mismatch\">");
    }

    private static String html(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
