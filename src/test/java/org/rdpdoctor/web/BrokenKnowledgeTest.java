package org.rdpdoctor.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdpdoctor.engine.RuleBase;
import org.rdpdoctor.kb.BrokenFixture;
import org.rdpdoctor.web.ApiClient.Reply;

/**
 * Knowledge that gets past every check and fails on one session's input: a rule that throws only on
 * some answer, a ticket pattern that backtracks for minutes only on a long ticket that almost
 * matches it. That input is refused naming the rule or pattern, the session keeps what it had, and
 * the server goes on serving.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class BrokenKnowledgeTest {
    @TempDir Path dir;

    private RunningApp app;

    @AfterEach
    void stopApp() {
        app.close();
    }

    private ApiClient start() {
        app = RunningApp.withMemoryStore(RuleBase.load(dir.resolve("kb"), dir.resolve("rules")));
        return new ApiClient(app.port());
    }

    @Test
    void an_answer_a_rule_throws_on_is_refused_naming_the_rule_and_the_session_goes_on() {
        BrokenFixture.create(dir, "drl-throws-with-windows-7");
        ApiClient api = start();
        Reply created =
                api.post("/api/v1/sessions", "{\"errorCode\":\"0x904\",\"extendedCode\":\"0x7\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String sessionPath = "/api/v1/sessions/" + created.json().get("id").asText();
        String answers = sessionPath + "/answers";

        // The platform first: once diagnosed, the session tries the unanswered questions' answers
        // to order the fixes, and a Windows 7 answer tried there would throw as well.
        Reply platform =
                api.post(answers, "{\"questionId\":\"client-platform\",\"optionId\":\"modern\"}");
        Reply timing =
                api.post(answers, "{\"questionId\":\"timing\",\"optionId\":\"after-credentials\"}");
        Reply refused =
                api.post(answers, "{\"questionId\":\"client-platform\",\"optionId\":\"win7\"}");
        Reply other = api.post(answers, "{\"questionId\":\"tcp-test\",\"optionId\":\"succeeds\"}");

        assertThat(platform.status()).as(platform.body()).isEqualTo(200);
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
        assertThat(other.json().get("eventCount").asInt()).isEqualTo(4);
        assertThat(api.get(sessionPath).json().at("/events/3/event/optionId").asText())
                .isEqualTo("succeeds");
    }

    @Test
    void a_ticket_a_pattern_runs_away_on_is_refused_naming_it_and_the_next_one_starts() {
        BrokenFixture.withTicketPattern(dir, "(x+x+)+y");
        ApiClient api = start();
        Reply refused =
                api.post(
                        "/api/v1/sessions",
                        "{\"ticketText\":\"Error code: 0x904 " + "x".repeat(5_000) + "\"}");
        Reply next =
                api.post(
                        "/api/v1/sessions",
                        "{\"ticketText\":\"Error code: 0x904, Extended error code: 0x7\"}");

        assertThat(refused.status()).isEqualTo(500);
        assertThat(refused.json().get("detail").asText())
                .startsWith(
                        "the knowledge base in force failed on this session, so nothing was"
                                + " changed; tell its editors: ticket pattern 'runaway' was"
                                + " stopped after 500 ms on a ticket of 5018 characters");
        assertThat(next.status()).as(next.body()).isEqualTo(201);
        assertThat(next.json().at("/state/decoded/extended/hex").asText()).isEqualTo("0x7");
    }
}
