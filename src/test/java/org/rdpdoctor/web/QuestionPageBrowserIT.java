package org.rdpdoctor.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rdpdoctor.engine.RuleBase;
import org.rdpdoctor.kb.Question;

/**
 * The question page for a hurried agent in headless Chromium: answering with the number keys, and
 * reading it on a 360 px wide phone without scrolling sideways, commands included.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class QuestionPageBrowserIT {
    @RegisterExtension static final Browsers BROWSERS = new Browsers();

    private static final int PHONE_WIDTH = 360;
    private static final String SCROLL_WIDTH = "document.documentElement.scrollWidth";

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
    void pressing_1_answers_with_the_first_option() {
        Helpdesk agent = new Helpdesk(BROWSERS.open("keyboard", 1280, 900), app.url(""));
        agent.open("/");
        agent.startWithCommonPair("INC-2001");
        String question = agent.questionId();
        String first = agent.optionIds().get(0);

        agent.press("1");

        assertThat(agent.answersSoFar()).containsExactly(answer(question, first));
        assertThat(agent.browser().consoleErrors()).isEmpty();
    }

    @Test
    void the_second_click_of_a_double_click_on_the_next_question_and_a_held_key_answer_nothing() {
        Helpdesk agent = new Helpdesk(BROWSERS.open("double-click", 1280, 900), app.url(""));
        agent.open("/");
        agent.startWithCommonPair("INC-2003");
        String first = agent.questionId();
        List<String> options = agent.optionIds();
        String firstOption = options.get(options.size() - 1);
        agent.answer(firstOption);
        String second = agent.questionId();
        String secondOption = agent.optionIds().get(1);

        // The system counts a click soon after another at the same place as click 2, even when the
        // first one's answer has already brought the next question under the pointer.
        clickAsSecondOfDouble(agent, "form.answers button[name=optionId]");
        agent.browser()
                .script(
                        "document.dispatchEvent(new KeyboardEvent('keydown',"
                                + " {key: '1', repeat: true, bubbles: true}))");
        agent.press("2");

        assertThat(agent.answersSoFar())
                .containsExactly(answer(first, firstOption), answer(second, secondOption));
        assertThat(agent.browser().consoleErrors()).isEmpty();
    }

    @Test
    void an_answer_stopped_with_esc_can_be_given_again() {
        Helpdesk agent = new Helpdesk(BROWSERS.open("stopped", 1280, 900), app.url(""));
        agent.open("/");
        agent.startWithCommonPair("INC-2004");
        String question = agent.questionId();
        String first = agent.optionIds().get(0);
        // What the page sees of an answer whose request Esc stopped: its form was sent, and the
        // page stays.
        agent.browser()
                .script(
                        "document.querySelector('form.answers').dispatchEvent("
                                + "new SubmitEvent('submit', {bubbles: true, cancelable: true}))");
        agent.browser()
                .script(
                        "document.dispatchEvent(new KeyboardEvent('keydown',"
                                + " {key: 'Escape', bubbles: true}))");

        agent.press("1");

        assertThat(agent.answersSoFar()).containsExactly(answer(question, first));
        assertThat(agent.browser().consoleErrors()).isEmpty();
    }

    @Test
    void the_question_page_has_no_horizontal_scrollbar_at_360_pixels() {
        Helpdesk agent = new Helpdesk(BROWSERS.open("phone", PHONE_WIDTH, 780), app.url(""));
        agent.open("/");
        agent.startWithCommonPair("INC-2002");

        long scrollWidth = width(agent, SCROLL_WIDTH);

        assertThat(agent.isAsking()).isTrue();
        assertThat(width(agent, "window.innerWidth")).as("viewport").isEqualTo(PHONE_WIDTH);
        assertThat(scrollWidth).as("scrollWidth").isLessThanOrEqualTo(PHONE_WIDTH);
    }

    @Test
    void every_page_of_a_session_fits_360_pixels() {
        Helpdesk agent = new Helpdesk(BROWSERS.open("phone-pages", PHONE_WIDTH, 780), app.url(""));
        Map<String, Long> scrollWidths = new LinkedHashMap<>();

        agent.open("/");
        scrollWidths.put("start", width(agent, SCROLL_WIDTH));
        agent.startWithCommonPair("INC-2003");
        scrollWidths.put("question", width(agent, SCROLL_WIDTH));
        agent.answerUntilDiagnosis(Map.of("error-message", "credssp-oracle"));
        scrollWidths.put("diagnosis", width(agent, SCROLL_WIDTH));
        agent.tryFirstFix(true);
        scrollWidths.put("solved", width(agent, SCROLL_WIDTH));
        agent.openTranscript();
        scrollWidths.put("transcript", width(agent, SCROLL_WIDTH));
        agent.open("/sessions/no-such-session");
        scrollWidths.put("error", width(agent, SCROLL_WIDTH));

        assertThat(width(agent, "window.innerWidth")).as("viewport").isEqualTo(PHONE_WIDTH);
        assertThat(scrollWidths)
                .allSatisfy(
                        (page, width) ->
                                assertThat(width).as(page).isLessThanOrEqualTo(PHONE_WIDTH));
    }

    @Test
    void the_session_list_fits_360_pixels_with_a_ticket_reference_as_long_as_it_may_be() {
        Helpdesk agent = new Helpdesk(BROWSERS.open("long-ref", PHONE_WIDTH, 780), app.url(""));
        agent.open("/");
        String reference = "https://servicedesk.example.com/browse/INC-";
        agent.startWithCommonPair(reference + "9".repeat(200 - reference.length()));

        agent.open("/");

        assertThat(agent.browser().find("ul.session-list").getText()).contains(reference);
        assertThat(width(agent, SCROLL_WIDTH)).as("scrollWidth").isLessThanOrEqualTo(PHONE_WIDTH);
    }

    @Test
    void commands_wrap_at_400_pixels_instead_of_hiding_their_end_in_a_sideways_scroll() {
        Helpdesk agent = new Helpdesk(BROWSERS.open("commands", 400, 780), app.url(""));
        agent.open("/");
        agent.startWithCommonPair("INC-2004");
        agent.answerUntilDiagnosis(Map.of("error-message", "credssp-oracle"));

        long commands = count(agent, "true");
        long cutOff = count(agent, "pre.scrollWidth > pre.clientWidth");

        assertThat(commands).as("commands on the diagnosis").isPositive();
        assertThat(cutOff).as("commands scrolled sideways").isZero();
    }

    /** How many command blocks of the page {@code condition} (on {@code pre}) holds for. */
    private static long count(Helpdesk agent, String condition) {
        return (Long)
                agent.browser()
                        .script(
                                "return Array.from(document.querySelectorAll('.code pre'))"
                                        + ".filter(function (pre) { return "
                                        + condition
                                        + "; }).length");
    }

    /** A width in CSS pixels that a script expression gives. */
    private static long width(Helpdesk agent, String expression) {
        return (Long) agent.browser().script("return " + expression);
    }

    /** An answer as "Answers so far" lists it. */
    private static void clickAsSecondOfDouble(Helpdesk agent, String css) {
        @SuppressWarnings("unchecked")
        Map<String, Object> centre =
                (Map<String, Object>)
                        agent.browser()
                                .script(
                                        "var r = document.querySelector('"
                                                + css
                                                + "').getBoundingClientRect();"
                                                + " return {x: r.x + r.width / 2, y: r.y + r.height / 2};");
        for (String type : List.of("mousePressed", "mouseReleased")) {
            agent.browser()
                    .driver()
                    .executeCdpCommand(
                            "Input.dispatchMouseEvent",
                            Map.of(
                                    "type",
                                    type,
                                    "x",
                                    centre.get("x"),
                                    "y",
                                    centre.get("y"),
                                    "button",
                                    "left",
                                    "clickCount",
                                    2));
        }
    }

    private static String answer(String questionId, String optionId) {
        Question question = rules.knowledge().question(questionId).orElseThrow();
        return question.text() + " — " + question.option(optionId).orElseThrow().label();
    }
}
