package org.rdpdoctor.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.rdpdoctor.RdpDoctor;
import org.rdpdoctor.engine.RuleBase;
import org.rdpdoctor.store.JdbcSessionStore;

/** The decision tree page over the small knowledge base, whose tree is known exactly. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class TreePageTest {
    private RdpDoctor doctor;
    private Javalin app;

    @BeforeEach
    void start() {
        Path small = Path.of("src/test/resources/small");
        doctor =
                new RdpDoctor(
                        RuleBase.load(small.resolve("kb"), small.resolve("rules")),
                        JdbcSessionStore.open(
                                "jdbc:h2:mem:tree-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                                null,
                                null));
        app = WebApp.create(doctor, null).start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        app.stop();
        doctor.close();
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
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }
}
