package org.rdpdoctor.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * What a helpdesk agent does on the pages, in a browser: start a session, answer, change or
 * withdraw answers, try fixes, read the side panel. Every page reached is saved as a screenshot
 * named after what it shows ({@code question-error-message}, {@code diagnosis}, {@code solved}).
 */
final class Helpdesk {
    /** More questions than any session asks: a loop that reaches it is stuck. */
    static final int MAX_QUESTIONS = 40;

    private final Browser browser;
    private final String origin;

    /** An agent whose browser reaches the app at {@code origin} ({@code http://host:port}). */
    Helpdesk(Browser browser, String origin) {
        this.browser = browser;
        this.origin = origin;
    }

    Browser browser() {
        return browser;
    }

    void open(String path) {
        browser.get(origin + path);
        browser.screenshot(pageName());
    }

    /** On the start page: starts a session for the common pair 0x904/0x7 (the preset choice). */
    void startWithCommonPair(String ticketRef) {
        browser.find("#ticketRef").sendKeys(ticketRef);
        assertThat(browser.find("#pair-common").isSelected()).as("0x904/0x7 is preset").isTrue();
        start();
    }

    /** On the start page: sends the form as it stands. */
    void start() {
        submit(browser.find("form.stack button[type=submit]"));
    }

    /** The browser's Back button. */
    void back() {
        browser.navigate(() -> browser.driver().navigate().back());
        browser.screenshot(pageName());
    }

    /** Types {@code text} into the start page's field {@code id}. */
    void fill(String id, String text) {
        browser.find("#" + id).sendKeys(text);
    }

    /**
     * Whether the page asks a question towards a diagnosis (also when it offers to change an
     * answer); not the optional one a diagnosis asks to order its fixes.
     */
    boolean isAsking() {
        return !browser.findAll("section.question form.answers").isEmpty();
    }

    String questionId() {
        return browser.find("form.answers input[name=questionId]").getDomAttribute("value");
    }

    /** The option ids of the question on the page, in the order shown. */
    List<String> optionIds() {
        return browser.findAll("form.answers button[name=optionId]").stream()
                .map(b -> b.getDomAttribute("value"))
                .toList();
    }

    void answer(String optionId) {
        submit(browser.find("form.answers button[name=optionId][value='" + optionId + "']"));
    }

    /**
     * Answers each question with the option {@code answers} gives for it, or {@code unknown}, until
     * no question is asked; returns the questions asked, in order.
     */
    List<String> answerUntilDiagnosis(Map<String, String> answers) {
        List<String> asked = new ArrayList<>();
        while (isAsking()) {
            assertThat(asked).as("questions asked so far").hasSizeLessThan(MAX_QUESTIONS);
            String question = questionId();
            asked.add(question);
            answer(answers.getOrDefault(question, "unknown"));
        }
        return asked;
    }

    /** Presses a key on the page, which loads another page. */
    void press(CharSequence key) {
        browser.navigate(() -> new Actions(browser.driver()).sendKeys(key).perform());
        browser.screenshot(pageName());
    }

    /** Says whether the first fix not yet tried worked ("This fixed it") or not ("Didn't help"). */
    void tryFirstFix(boolean worked) {
        submit(browser.find("form.fix-outcome button[name=worked][value='" + worked + "']"));
    }

    /** Follows the "Change" link of the answer to {@code questionId}. */
    void change(String questionId) {
        submit(browser.find(".answers-so-far a[href$='?question=" + questionId + "']"));
    }

    /** Presses "Withdraw" on the answer to {@code questionId}. */
    void withdraw(String questionId) {
        submit(
                browser.find(
                        ".answers-so-far form:has(input[name=questionId][value='"
                                + questionId
                                + "']) button"));
    }

    void openTranscript() {
        submit(browser.find(".answers-so-far .links a"));
    }

    /** The page's main heading. */
    String heading() {
        return browser.find("main h1").getText();
    }

    /** The title of the cause the side panel marks as leading. */
    String leadingCause() {
        return browser.find(".ranking li.lead .bar-label").getText();
    }

    /** The side panel's causes, title to score, best first (read in either decimal style). */
    Map<String, Double> sidePanel() {
        Map<String, Double> scores = new LinkedHashMap<>();
        for (WebElement row : browser.findAll(".ranking li")) {
            scores.put(
                    row.findElement(By.cssSelector(".bar-label")).getText(),
                    Double.valueOf(
                            row.findElement(By.cssSelector(".bar-score"))
                                    .getText()
                                    .replace(',', '.')));
        }
        return scores;
    }

    /** "Answers so far" as the page lists them: question text, then the answer's label. */
    List<String> answersSoFar() {
        return browser.findAll(".answers-so-far .answer-list li").stream()
                .map(
                        li ->
                                li.findElement(By.cssSelector(".q")).getText()
                                        + " — "
                                        + li.findElement(By.tagName("strong")).getText())
                .toList();
    }

    /** The session's status as the page's crumbs show it. */
    String sessionStatus() {
        return browser.find(".crumbs .status").getText();
    }

    private void submit(WebElement control) {
        browser.navigate(control::click);
        browser.screenshot(pageName());
    }

    /** What the page shows, for screenshot names. */
    private String pageName() {
        String main = browser.find("main").getDomAttribute("class");
        if (main.contains("error-page")) {
            return "error";
        }
        if (main.contains("transcript")) {
            return "transcript";
        }
        if (main.contains("start")) {
            return "start";
        }
        if (isAsking()) {
            boolean changing = browser.find(".question .step").getText().startsWith("Change");
            return (changing ? "change-" : "question-") + questionId();
        }
        return heading().startsWith("Solved") ? "solved" : "diagnosis";
    }
}
