package org.rdpdoctor.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
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
    void tree_page_refuses_a_malformed_code_with_the_error_page() throws Exception {
        HttpResponse<String> page = get("/tree?code=0xZZ");

        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.body()).contains("is not a number").contains("Back to the start");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(app.url(path))).build(),
                        HttpResponse.BodyHandlers.ofString());
    }
}
