package org.rdpdoctor.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.WebElement;
import org.rdpdoctor.engine.RuleBase;
import org.rdpdoctor.kb.KnowledgeBase;

/**
 * A helpdesk agent's journeys through the pages in headless Chromium, against the real server and
 * knowledge: from 0x904/0x7 through questions and fixes to a solved session, changing and
 * withdrawing answers, and the transcript for the ticket. Screenshots of every page go to {@code
 * <build dir>/screenshots/}.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class DiagnosisJourneyBrowserIT {
    @RegisterExtension static final Browsers BROWSERS = new Browsers();

    /**
     * The CredSSP message makes the oracle mismatch lead at once; a host that requires SSL makes
     * the security layer the suspect once the CredSSP fix fails, as in {@code
     * kb/scenarios/fix-loop/credssp-updates-fail-security-layer.yaml}. Other questions: unknown.
     */
    private static final Map<String, String> CREDSSP_THEN_SECURITY_LAYER =
            Map.of("error-message", "credssp-oracle", "server-security-policy", "ssl-required");

    private static RuleBase rules;
    private static RunningApp app;

    @BeforeAll
    static void startApp() {
        rules = RuleBase.load(Path.of("kb"), Path.of("rules"));
        app = RunningApp.withMemoryStore(rules);
    }

    @AfterAll
    static void stopApp() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void a_failed_fix_hands_over_to_the_next_cause_and_a_working_fix_solves_the_session() {
        Helpdesk agent = agent("fix-loop");
        agent.open("/");
        agent.fill("host", "rds01.example.test");
        agent.fill("notes", "Since this morning; other users connect.");
        agent.startWithCommonPair("INC-1001");

        agent.answerUntilDiagnosis(CREDSSP_THEN_SECURITY_LAYER);
        String first = agent.leadingCause();
        String firstHeading = agent.heading();
        agent.tryFirstFix(false);
        String next = agent.leadingCause();
        agent.answerUntilDiagnosis(CREDSSP_THEN_SECURITY_LAYER);
        String nextHeading = agent.heading();
        agent.tryFirstFix(true);

        assertThat(first).isEqualTo(title("credssp-oracle-mismatch"));
        assertThat(firstHeading).isEqualTo("Most likely: " + first);
        assertThat(next).isNotEqualTo(first);
        assertThat(nextHeading).isEqualTo("Most likely: " + next);
        assertThat(agent.heading()).isEqualTo("Solved: " + next);
        assertThat(agent.sessionStatus()).isEqualTo("solved by a fix");
        assertThat(agent.browser().findAll("form.fix-outcome")).isEmpty();
        assertThat(agent.browser().findAll(".fix.worked .outcome"))
                .singleElement()
                .satisfies(outcome -> assertThat(outcome.getText()).isEqualTo("worked"));
        assertThat(agent.browser().findAll(".fixes-tried li strong"))
                .extracting(WebElement::getText)
                .containsExactly("did not help", "worked");
        assertThat(agent.browser().findAll(".fixes-tried li button"))
                .extracting(WebElement::getText)
                .containsExactly("Correct: it fixed it", "Correct: it did not help");
        assertThat(agent.browser().find(".context").getText())
                .contains("rds01.example.test")
                .contains("Since this morning; other users connect.");
        assertThat(agent.browser().consoleErrors()).isEmpty();
    }

    @Test
    void starting_again_after_the_back_button_lands_on_the_session_already_started() {
        Helpdesk agent = agent("start-twice");
        agent.open("/");
        agent.startWithCommonPair("INC-1009");
        String first = agent.browser().driver().getCurrentUrl();

        agent.back();
        agent.start();

        assertThat(agent.browser().driver().getCurrentUrl()).startsWith(first + "?note=");
        assertThat(agent.browser().find("p.note").getText())
                .startsWith("Already recorded: this form was sent twice");
        assertThat(app.doctor().sessionsOfTicket("INC-1009")).hasSize(1);
    }

    @Test
    void changing_an_earlier_answer_changes_the_leading_cause() {
        Helpdesk agent = agent("change-answer");
        agent.open("/");
        agent.startWithCommonPair("INC-1002");
        agent.answerUntilDiagnosis(Map.of("error-message", "credssp-oracle"));
        String before = agent.leadingCause();
        Map<String, Double> scoresBefore = agent.sidePanel();

        agent.change("error-message");
        String changeHeading = agent.heading();
        agent.answer("internal-error");

        assertThat(before).isEqualTo(title("credssp-oracle-mismatch"));
        assertThat(changeHeading).isEqualTo(question("error-message"));
        assertThat(agent.leadingCause()).isNotEqualTo(before);
        assertThat(agent.sidePanel().getOrDefault(before, -1.0))
                .isLessThan(scoresBefore.get(before));
        assertThat(agent.answersSoFar())
                .contains(answer("error-message", "internal-error"))
                .doesNotContain(answer("error-message", "credssp-oracle"));
        assertThat(agent.browser().consoleErrors()).isEmpty();
    }

    @Test
    void withdrawing_an_answer_takes_its_support_back() {
        Helpdesk agent = agent("withdraw-answer");
        agent.open("/");
        agent.startWithCommonPair("INC-1003");
        agent.answer("unknown");
        String unanswered = agent.leadingCause();
        Map<String, Double> scoresUnanswered = agent.sidePanel();
        List<String> answersUnanswered = agent.answersSoFar();
        String asked = agent.questionId();

        agent.answer("credssp-oracle");
        String answered = agent.leadingCause();
        agent.withdraw("error-message");

        assertThat(asked).isEqualTo("error-message");
        assertThat(answered).isEqualTo(title("credssp-oracle-mismatch")).isNotEqualTo(unanswered);
        assertThat(agent.leadingCause()).isEqualTo(unanswered);
        assertThat(agent.sidePanel()).isEqualTo(scoresUnanswered);
        assertThat(agent.questionId()).isEqualTo("error-message");
        assertThat(agent.answersSoFar()).isEqualTo(answersUnanswered);
        assertThat(agent.browser().consoleErrors()).isEmpty();
    }

    @Test
    void the_transcript_holds_the_codes_and_answers_as_markdown_to_copy() {
        Helpdesk agent = agent("transcript");
        agent.open("/");
        agent.startWithCommonPair("INC-1004");
        List<String> asked =
                agent.answerUntilDiagnosis(
                        Map.of(
                                "error-timing",
                                "after-credentials",
                                "error-message",
                                "credssp-oracle"));

        agent.openTranscript();
        WebElement copy = agent.browser().find("button[data-copy-target=markdown]");
        String copyLabel = copy.getText();
        boolean copyShown = copy.isDisplayed();

        // The clipboard may refuse headless: only the text and a click without errors count.
        copy.click();

        String markdown = agent.browser().find("#markdown").getDomProperty("value");
        assertThat(copyLabel).isEqualTo("Copy as Markdown");
        assertThat(copyShown).isTrue();
        assertThat(asked).containsExactly("error-timing", "error-message");
        assertThat(markdown)
                .contains("- Ticket: INC-1004")
                .contains("- Error code: 0x904")
                .contains("- Extended error code: 0x7")
                .contains(
                        "1. "
                                + question("error-timing")
                                + " — **"
                                + label("error-timing", "after-credentials")
                                + "**")
                .contains(
                        "2. "
                                + question("error-message")
                                + " — **"
                                + label("error-message", "credssp-oracle")
                                + "**")
                .contains("1. " + title("credssp-oracle-mismatch"));
        assertThat(agent.browser().consoleErrors()).isEmpty();
    }

    @Test
    void copy_as_markdown_selects_the_markdown_where_the_clipboard_api_is_missing() {
        Helpdesk agent =
                new Helpdesk(
                        BROWSERS.open("copy-plain-http", 1280, 900),
                        app.origin(Browser.PLAIN_HTTP_HOST));
        agent.open("/");
        agent.startWithCommonPair("INC-1005");
        agent.answerUntilDiagnosis(Map.of("error-message", "credssp-oracle"));
        agent.openTranscript();

        agent.browser().find("button[data-copy-target=markdown]").click();

        assertThat(agent.browser().script("return typeof navigator.clipboard"))
                .isEqualTo("undefined");
        assertThat(
                        agent.browser()
                                .script(
                                        "var t = document.activeElement; return t.id + ' '"
                                                + " + (t.selectionEnd - t.selectionStart === t.value.length)"))
                .isEqualTo("markdown true");
        assertThat(agent.browser().consoleErrors()).isEmpty();
    }

    @Test
    void typing_codes_a_session_would_refuse_says_so_before_the_form_is_sent() {
        Helpdesk agent = agent("decode-conflict");
        agent.open("/");
        agent.fill("errorCode", "0x00010009");
        agent.fill("extendedCode", "0x7");

        String said = agent.browser().textOnceItHolds("#decode-live", "disagrees");

        assertThat(said)
                .startsWith("0x00010009: ")
                .contains(
                        "0x7 disagrees with the error code 0x00010009, which is FreeRDP's report of"
                                + " the server's reason 0x9: a session refuses the pair");
        assertThat(agent.browser().find("#pair-other").isSelected()).isTrue();
        assertThat(agent.browser().consoleErrors()).isEmpty();
    }

    @Test
    void choosing_the_preset_again_empties_the_codes_typed_so_the_session_starts_from_it() {
        Helpdesk agent = agent("preset-again");
        agent.open("/");
        agent.fill("errorCode", "0x204");
        assertThat(agent.browser().find("#pair-other").isSelected()).isTrue();

        agent.browser().find("#pair-common").click();

        assertThat(agent.browser().find("#errorCode").getDomProperty("value")).isEmpty();
        agent.startWithCommonPair("T-PRESET");
        assertThat(agent.browser().find("main").getText())
                .contains("0x904")
                .doesNotContain("0x204");
        assertThat(agent.browser().consoleErrors()).isEmpty();
    }

    private Helpdesk agent(String journey) {
        return new Helpdesk(BROWSERS.open(journey, 1280, 900), app.url(""));
    }

    private static KnowledgeBase kb() {
        return rules.knowledge();
    }

    private static String title(String causeId) {
        return kb().cause(causeId).orElseThrow().title();
    }

    private static String question(String questionId) {
        return kb().question(questionId).orElseThrow().text();
    }

    /** An answer as "Answers so far" lists it. */
    private static String answer(String questionId, String optionId) {
        return question(questionId) + " — " + label(questionId, optionId);
    }

    private static String label(String questionId, String optionId) {
        return kb().question(questionId).orElseThrow().option(optionId).orElseThrow().label();
    }
}
