package org.rdpdoctor.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdpdoctor.engine.RuleBase;
import org.rdpdoctor.kb.BrokenFixture;
import org.rdpdoctor.web.ApiClient.Reply;

/**
 * A rule that throws only on some answer gets past every check that does not give that answer. When
 * a helpdesk gives it, the answer is refused with the rule's name, and the session keeps what it
 * had.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class BrokenRulesTest {
    @TempDir Path dir;

    private RunningApp app;
    private ApiClient api;

    @BeforeEach
    void startAppWithARuleThatThrowsOnOneAnswer() {
        BrokenFixture.create(dir, "drl-throws-with-windows-7");
        app = RunningApp.withMemoryStore(RuleBase.load(dir.resolve("kb"), dir.resolve("rules")));
        api = new ApiClient(app.port());
    }

    @AfterEach
    void stopApp() {
        app.close();
    }

    @Test
    void the_answer_is_refused_naming_the_rule_and_the_session_goes_on() {
        Reply created =
                api.post("/api/v1/sessions", "{\"errorCode\":\"0x904\",\"extendedCode\":\"0x7\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String sessionPath = "/api/v1/sessions/" + created.json().get("id").asText();
        String answers = sessionPath + "/answers";

        Reply timing =
                api.post(answers, "{\"questionId\":\"timing\",\"optionId\":\"after-credentials\"}");
        Reply refused =
                api.post(answers, "{\"questionId\":\"client-platform\",\"optionId\":\"win7\"}");
        Reply other =
                api.post(answers, "{\"questionId\":\"client-platform\",\"optionId\":\"modern\"}");

        assertThat(timing.status()).as(timing.body()).isEqualTo(200);
        assertThat(refused.status()).isEqualTo(500);
        assertThat(refused.contentType()).isEqualTo("application/problem+json");
        assertThat(refused.json().get("detail").asText())
                .isEqualTo(
                        "the knowledge base in force failed on this session, so nothing was"
                                + " changed; tell its editors: rule \"Timing as a number\" threw"
                                + " NumberFormatException: For input string:"
                                + " \"after-credentials\"");
        assertThat(other.status()).as(other.body()).isEqualTo(200);
        assertThat(other.json().get("eventCount").asInt()).isEqualTo(3);
        assertThat(api.get(sessionPath).json().at("/events/2/event/optionId").asText())
                .isEqualTo("modern");
    }
}
