package org.rdpdoctor.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.rdpdoctor.engine.DecisionTree;
import org.rdpdoctor.engine.RuleBase;

/** The decision tree page over the small knowledge base, whose tree is known exactly. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class TreePageTest {
    private RunningApp app;

    @BeforeEach
    void start() {
        Path small = Path.of("src/test/resources/small");
        app =
                RunningApp.withMemoryStore(
                        RuleBase.load(small.resolve("kb"), small.resolve("rules")));
    }

    @AfterEach
    void stop() {
        app.close();
    }

    @Test
    void tree_page_shows_size_questions_answers_and_leaves() throws Exception {
        HttpResponse<String> page = get("/tree?code=0x904&extended=0x7");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains("7 (4 leaves)")
                .contains("average 1.75")
                .contains("When does the error appear?")
                .contains("After entering credentials →")
                .contains("credssp-mismatch")
                .contains("It best separates the leading causes");
    }

    @Test
    void a_tree_cut_off_gives_no_questions_to_a_diagnosis_which_would_be_too_low() {
        Path small = Path.of("src/test/resources/small");
        RuleBase rules = RuleBase.load(small.resolve("kb"), small.resolve("rules"));

        DecisionTree cut = DecisionTree.explore(rules, "0x904", "0x7", false, 100, 1);

        assertThat(cut.truncated()).isTrue();
        assertThat(TreePage.questions(cut))
                .isEqualTo(
                        "not counted in a tree cut off at 20,000 states (the tree command of"
                                + " rdp-doctor explores it whole)");
    }

    @Test
    void tree_page_draws_as_many_questions_as_asked_and_links_on_from_where_it_stops()
            throws Exception {
        HttpResponse<String> page = get("/tree?depth=1");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains("7 (4 leaves)")
                .contains("When does the error appear?")
                .contains("<a href=\"/tree?code=0x904&amp;extended=0x7&amp;from=n1&amp;depth=1\">")
                .contains("— go on from here")
                .doesNotContain("<strong>Which client?</strong>")
                .doesNotContain("Does a TCP test to port 3389 succeed?")
                .contains("After entering credentials →")
                .contains("2 states, up to 1 question deep");
    }

    @Test
    void tree_page_from_a_state_shows_the_answers_that_lead_there() throws Exception {
        HttpResponse<String> page = get("/tree?from=n2");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains("the start</a>")
                .contains("When does the error appear?</a> <span class=\"edge\">Before")
                .contains("Does a TCP test to port 3389 succeed?")
                .contains("port-blocked")
                .doesNotContain("old-client");
    }

    @Test
    void a_leaf_not_explored_further_says_so_and_its_link_explores_the_states_below_it()
            throws Exception {
        try (RunningApp cut = RunningApp.withMemoryStore(small(), oneStateATree())) {
            HttpResponse<String> start = get(cut, "/tree");
            HttpResponse<String> below = get(cut, "/tree?from=n1");
            HttpResponse<String> further = get(cut, "/tree?from=n1.n1");
            HttpResponse<String> unknown = get(cut, "/tree?from=n1.n9");

            assertThat(start.body())
                    .contains("Before the credential prompt →")
                    .contains(
                            "<a class=\"cut\""
                                    + " href=\"/tree?code=0x904&amp;extended=0x7&amp;from=n1&amp;depth=4\">not"
                                    + " explored further (credssp-mismatch 0.10) — go on from"
                                    + " here</a>")
                    .doesNotContain("Which client?");
            assertThat(below.statusCode()).isEqualTo(200);
            assertThat(below.body())
                    .contains("Explored anew from n1, where the tree above it was not explored")
                    .contains("When does the error appear?</a> <span class=\"edge\">Before")
                    .contains("<li id=\"n1\">")
                    .contains("<strong>Which client?</strong>")
                    .contains("old-client")
                    .contains("from=n1.n1&amp;depth=4\">not explored further");
            assertThat(further.statusCode()).isEqualTo(200);
            assertThat(further.body())
                    .contains("Explored anew from n1.n1,")
                    .contains(
                            "<a href=\"/tree?code=0x904&amp;extended=0x7&amp;from=n1&amp;depth=4\">Which"
                                    + " client?</a> <span class=\"edge\">Windows 10 or 11 →")
                    .contains("<strong>Does a TCP test to port 3389 succeed?</strong>")
                    .contains("port-blocked")
                    .doesNotContain("<a class=\"cut\"");
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(unknown.body())
                    .contains(
                            "has no state &#39;n1.n9&#39; (the states explored below n1 are n1.n1 to n1.n2");
        }
    }

    @Test
    void tree_page_with_the_depth_field_emptied_draws_the_default_depth() throws Exception {
        HttpResponse<String> empty = get("/tree?depth=");
        HttpResponse<String> spaces = get("/tree?depth=%20%20");

        for (HttpResponse<String> page : List.of(empty, spaces)) {
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body())
                    .contains("name=\"depth\" type=\"number\" min=\"1\" max=\"50\" value=\"4\"")
                    .contains("7 states, up to 4 questions deep");
        }
    }

    @Test
    void tree_page_names_a_bad_depth_or_an_unknown_state() throws Exception {
        HttpResponse<String> depth = get("/tree?depth=0");
        HttpResponse<String> word = get("/tree?depth=abc");
        HttpResponse<String> from = get("/tree?from=n99");

        assertThat(depth.statusCode()).isEqualTo(400);
        assertThat(depth.body()).contains("&#39;depth&#39; is &#39;0&#39;: give a whole number");
        assertThat(word.statusCode()).isEqualTo(400);
        assertThat(word.body()).contains("&#39;depth&#39; is &#39;abc&#39;: give a whole number");
        assertThat(from.statusCode()).isEqualTo(404);
        assertThat(from.body()).contains("has no state &#39;n99&#39; (its states are n0 to n6");
    }

    @Test
    void tree_page_refuses_a_malformed_code_with_the_error_page() throws Exception {
        HttpResponse<String> page = get("/tree?code=0xZZ");

        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.body()).contains("is not a number").contains("Back to the decision tree");
    }

    @Test
    void tree_page_errors_lead_back_to_the_tree_with_what_was_typed_but_the_value_at_fault()
            throws Exception {
        HttpResponse<String> extended = get("/tree?code=0x904&extended=0xZZ&depth=2");
        HttpResponse<String> from = get("/tree?code=0x904&extended=0x7&from=n99");

        assertThat(extended.statusCode()).isEqualTo(400);
        assertThat(extended.body())
                .contains(
                        "<a class=\"button primary\" href=\"/tree?code=0x904&amp;depth=2\">Back to"
                                + " the decision tree</a>");
        assertThat(from.statusCode()).isEqualTo(404);
        assertThat(from.body())
                .contains("href=\"/tree?code=0x904&amp;extended=0x7\">Back to the decision tree");
    }

    @Test
    void tree_page_with_a_code_alone_explores_without_an_extended_code() throws Exception {
        HttpResponse<String> page = get("/tree?code=0x00020008");

        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertThat(page.body())
                .contains("id=\"code\" name=\"code\" maxlength=\"32\" value=\"0x00020008\"")
                .contains("id=\"extended\" name=\"extended\" maxlength=\"32\" value=\"\"");
    }

    @Test
    void tree_page_names_its_own_code_fields_when_a_code_is_refused() throws Exception {
        HttpResponse<String> code = get("/tree?code=0xZZ");
        HttpResponse<String> extended = get("/tree?code=0x904&extended=0xZZ");
        HttpResponse<String> emptied = get("/tree?code=&extended=0x7");

        assertThat(code.body())
                .contains("&#39;code&#39;: error code &#39;0xZZ&#39; is not a number")
                .doesNotContain("errorCode");
        assertThat(extended.body())
                .contains("&#39;extended&#39;: extended error code &#39;0xZZ&#39; is not a number")
                .doesNotContain("extendedCode");
        assertThat(emptied.statusCode()).isEqualTo(400);
        assertThat(emptied.body())
                .contains("&#39;code&#39;: missing: give the error code shown")
                .doesNotContain("errorCode");
    }

    /**
     * Trees of the small knowledge explored one question deep, so that most of their leaves are
     * cut.
     */
    private static TreeCache oneStateATree() {
        return new TreeCache(
                TreeCache.WAIT,
                (rules, code, extended, answers) ->
                        DecisionTree.explore(rules, code, extended, answers, false, 1));
    }

    private static RuleBase small() {
        Path small = Path.of("src/test/resources/small");
        return RuleBase.load(small.resolve("kb"), small.resolve("rules"));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return get(app, path);
    }

    private static HttpResponse<String> get(RunningApp app, String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(app.url(path))).build(),
                        HttpResponse.BodyHandlers.ofString());
    }
}
