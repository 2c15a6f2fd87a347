package org.rdpdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.component.LifeCycle;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdpdoctor.KnowledgeReloader;
import org.rdpdoctor.RdpDoctor;
import org.rdpdoctor.engine.Json;
import org.rdpdoctor.engine.RuleBase;
import org.rdpdoctor.store.JdbcSessionStore;
import org.rdpdoctor.store.RacingStore;
import org.rdpdoctor.web.WebApp;
import picocli.CommandLine;

/**
 * The options of {@code serve} for reloading and the admin pages, what it prints, and how it stops.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ServeCommandTest {
    private static final Path SMALL_KB = Path.of("src/test/resources/small/kb");
    private static final Path SMALL_RULES = Path.of("src/test/resources/small/rules");

    private static RuleBase small;

    @BeforeAll
    static void compileTheSmallKnowledge() {
        small = RuleBase.load(SMALL_KB, SMALL_RULES);
    }

    @Test
    void watching_is_on_unless_turned_off() {
        assertThat(serve().watch).isTrue();
        assertThat(serve("--watch").watch).isTrue();
        assertThat(serve("--no-watch").watch).isFalse();
    }

    @Test
    void the_banner_says_the_admin_pages_are_on_but_never_shows_the_password() {
        String banner = banner(serve("--admin-password", "s3cret-Pa55", "--port", "8080"));

        assertThat(banner)
                .contains("admin      on: http://127.0.0.1:8080/admin (user admin)")
                .contains("reload     watching")
                .doesNotContain("s3cret-Pa55");
    }

    @Test
    void the_banner_shows_the_database_but_never_a_password_in_its_url() {
        String h2 = banner(serve("--db", "jdbc:h2:mem:t;USER=sa;PassWord=secret123;MODE=Regular"));
        String postgres =
                banner(
                        serve(
                                "--db",
                                "jdbc:postgresql://db/rdp?user=rdp&password=secret123&ssl=true"));

        assertThat(h2)
                .contains("database   jdbc:h2:mem:t;USER=sa;PassWord=***;MODE=Regular")
                .doesNotContain("secret123");
        assertThat(postgres)
                .contains("database   jdbc:postgresql://db/rdp?user=rdp&password=***&ssl=true")
                .doesNotContain("secret123");
    }

    @Test
    void the_banner_says_the_admin_pages_are_off_without_a_password() {
        String banner = banner(serve("--admin-password", "", "--no-watch"));

        assertThat(banner)
                .contains("admin      off: no --admin-password or $RDP_DOCTOR_ADMIN_PASSWORD")
                .contains("reload     not watching (--no-watch)");
    }

    @Test
    void the_banner_names_the_trusted_proxies() {
        assertThat(banner(serve("--no-watch")))
                .contains("clients    each by its own address (no --trusted-proxy)");
        assertThat(banner(serve("--trusted-proxy", "127.0.0.1", "--trusted-proxy", "::1")))
                .contains(
                        "clients    by X-Forwarded-For when the request comes from 127.0.0.1, ::1");
    }

    @Test
    void help_never_shows_the_admin_password() {
        StringWriter help = new StringWriter();
        CommandLine cli = new CommandLine(serve("--admin-password", "s3cret-Pa55"));

        cli.usage(new PrintWriter(help));

        assertThat(help.toString()).contains("--admin-password").doesNotContain("s3cret-Pa55");
    }

    /**
     * A start request whose write is held until the stop begins: the stop a SIGTERM runs waits for
     * it, and only then closes the database.
     */
    @Test
    void a_stop_lets_a_request_in_progress_finish_and_keeps_its_write(@TempDir Path dir)
            throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("db");
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch stopping = new CountDownLatch(1);
        RdpDoctor doctor =
                new RdpDoctor(
                        small,
                        RacingStore.creatingAfter(
                                JdbcSessionStore.open(url, null, null),
                                () -> {
                                    writing.countDown();
                                    await(stopping);
                                }));
        Javalin app =
                ServeCommand.graceful(
                        WebApp.create(doctor, Path.of("templates"), null).start("127.0.0.1", 0));
        app.jettyServer()
                .server()
                .addEventListener(
                        new LifeCycle.Listener() {
                            @Override
                            public void lifeCycleStopping(LifeCycle server) {
                                stopping.countDown();
                            }
                        });
        CompletableFuture<HttpResponse<String>> start =
                HttpClient.newHttpClient()
                        .sendAsync(
                                HttpRequest.newBuilder(
                                                URI.create(
                                                        "http://127.0.0.1:"
                                                                + app.port()
                                                                + "/api/v1/sessions"))
                                        .header("Content-Type", "application/json")
                                        .POST(
                                                BodyPublishers.ofString(
                                                        "{\"errorCode\": \"0x904\","
                                                                + " \"extendedCode\": \"0x7\"}"))
                                        .build(),
                                BodyHandlers.ofString());
        await(writing);

        ServeCommand.stop(app, new KnowledgeReloader(doctor, SMALL_KB, SMALL_RULES), doctor);

        HttpResponse<String> started = start.get(1, TimeUnit.MINUTES);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        String id = Json.mapper().readTree(started.body()).get("id").asText();
        try (JdbcSessionStore reopened = JdbcSessionStore.open(url, null, null)) {
            assertThat(reopened.find(id)).as("session " + id).isPresent();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(1, TimeUnit.MINUTES)) {
                throw new IllegalStateException("waited a minute in vain");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static ServeCommand serve(String... args) {
        return CommandLine.populateCommand(new ServeCommand(), args);
    }

    private static String banner(ServeCommand serve) {
        StringWriter out = new StringWriter();
        serve.printBanner(new PrintWriter(out), small, serve.port);
        return out.toString();
    }
}
