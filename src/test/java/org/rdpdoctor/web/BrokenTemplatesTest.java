package org.rdpdoctor.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rdpdoctor.web.PagesTest.newBrowser;
import static org.rdpdoctor.web.PagesTest.send;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdpdoctor.engine.RuleBase;
import org.rdpdoctor.kb.BrokenFixture;
import org.rdpdoctor.web.PagesTest.Page;

/**
 * Templates are read from disk at every request so that editors see their changes at once; a page
 * or the error page itself that an edit breaks must still give an answer, not take the server down.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class BrokenTemplatesTest {
    private static final RuleBase RULES =
            RuleBase.load(
                    Path.of("src/test/resources/small/kb"),
                    Path.of("src/test/resources/small/rules"));

    @TempDir Path templates;

    private RunningApp app;

    @BeforeEach
    void startAppOverACopyOfTheTemplates() {
        BrokenFixture.copyTree(Path.of("templates"), templates);
        app = RunningApp.withMemoryStore(RULES, templates);
    }

    @AfterEach
    void stopApp() {
        app.close();
    }

    @Test
    void a_broken_page_is_an_error_page() throws IOException {
        Files.writeString(templates.resolve("start.html"), "<p th:text=\"${\">unclosed</p>");

        Page page = get("/");

        assertThat(page.status()).isEqualTo(500);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.body()).contains("an unexpected error occurred; it has been logged");
    }

    @Test
    void a_broken_error_page_too_is_answered_in_plain_text_and_the_server_goes_on()
            throws IOException {
        Files.delete(templates.resolve("start.html"));
        Files.writeString(templates.resolve("error.html"), "<p th:text=\"${\">unclosed</p>");

        Page broken = get("/");
        Page missing = get("/no-such-page");

        assertThat(broken.status()).isEqualTo(500);
        assertThat(broken.header("Content-Type")).startsWith("text/plain");
        assertThat(broken.body())
                .isEqualTo(
                        "500 Internal server error: an unexpected error occurred; it has been"
                                + " logged");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body()).startsWith("404 Not found: there is no page or endpoint at");
        assertThat(get("/api/v1/sessions").status()).isEqualTo(200);
    }

    @Test
    void the_shipped_templates_folder_lacks_nothing_and_an_empty_one_lacks_every_page()
            throws IOException {
        Path empty = Files.createDirectory(templates.resolve("empty"));

        assertThat(WebApp.missingTemplates(Path.of("templates"))).isEmpty();
        assertThat(WebApp.missingTemplates(empty))
                .startsWith("start.html", "session.html")
                .contains("error.html", "layout.html", "static/app.css");
    }

    /** Bounded: a server caught in a loop fails the test instead of hanging it. */
    private Page get(String path) {
        return send(
                newBrowser(),
                HttpRequest.newBuilder(URI.create(app.url(path)))
                        .timeout(Duration.ofSeconds(10))
                        .build());
    }
}
