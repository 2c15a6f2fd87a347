package org.rdpdoctor.store;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged server, killed with SIGKILL right after it acknowledged writes, then restarted on
 * the same H2 file: every acknowledged event must still be there. The servers' output goes to
 * {@code <build dir>/durability-it/}.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class DurabilityIT {
    private static final Path BUILD = Path.of(System.getProperty("build.dir", "target"));
    private static final Path JAR = BUILD.resolve("rdp-doctor.jar");
    private static final Path LOGS = BUILD.resolve("durability-it");
    private static final Duration START_LIMIT = Duration.ofSeconds(60);
    private static final Duration REQUEST_LIMIT = Duration.ofSeconds(30);
    private static final Duration EXIT_LIMIT = Duration.ofSeconds(30);
    private static final Pattern SERVING =
            Pattern.compile("rdp-doctor is serving on (http://127\\.0\\.0\\.1:\\d+)/");
    private static final int SIGKILL_EXIT = 128 + 9;
    private static final int ANSWERS = 4;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void every_acknowledged_event_survives_a_sigkill_of_the_server(@TempDir Path dir)
            throws Exception {
        String db = "jdbc:h2:file:" + dir.resolve("db");
        List<JsonNode> acknowledged = new ArrayList<>();
        int exitCode;
        try (Server server = Server.start(db, "before-kill")) {
            JsonNode session = post(server, "/api/v1/sessions", started(), 201);
            acknowledged.add(session);
            for (int i = 0; i < ANSWERS && session.path("state").hasNonNull("nextQuestion"); i++) {
                String path = "/api/v1/sessions/" + session.get("id").asText() + "/answers";
                session = post(server, path, answer(session, i), 200);
                acknowledged.add(session);
            }
            exitCode = server.kill();
        }
        JsonNode last = acknowledged.get(acknowledged.size() - 1);

        JsonNode reloaded;
        try (Server server = Server.start(db, "after-kill")) {
            reloaded = get(server, "/api/v1/sessions/" + last.get("id").asText());
        }

        assertThat(exitCode).as("exit code of the killed server").isEqualTo(SIGKILL_EXIT);
        assertThat(acknowledged.size()).as("acknowledged writes").isGreaterThan(2);
        assertThat(reloaded.get("eventCount").asInt())
                .as("events after the restart")
                .isEqualTo(last.get("eventCount").asInt())
                .isEqualTo(acknowledged.size());
        for (JsonNode ack : acknowledged) {
            int count = ack.get("eventCount").asInt();
            assertThat(reloaded.get("events").get(count - 1))
                    .as("acknowledged event %d", count)
                    .isEqualTo(ack.get("events").get(count - 1));
        }
        assertThat(reloaded.get("events")).isEqualTo(last.get("events"));
        assertThat(reloaded.get("state")).isEqualTo(last.get("state"));
    }

    private static String started() {
        return JSON.createObjectNode()
                .put("errorCode", "0x904")
                .put("extendedCode", "0x7")
                .toString();
    }

    /** Answers "I don't know", then the question's last real option, and so on. */
    private static String answer(JsonNode session, int turn) {
        JsonNode question = session.get("state").get("nextQuestion");
        JsonNode options = question.get("options");
        String option = "unknown";
        for (int i = 0; turn % 2 == 1 && i < options.size(); i++) {
            String id = options.get(i).get("id").asText();
            option = id.equals("unknown") ? option : id;
        }
        return JSON.createObjectNode()
                .put("questionId", question.get("id").asText())
                .put("optionId", option)
                .toString();
    }

    private JsonNode post(Server server, String path, String body, int expectedStatus)
            throws IOException, InterruptedException {
        return send(
                HttpRequest.newBuilder(server.uri(path))
                        .timeout(REQUEST_LIMIT)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                expectedStatus);
    }

    private JsonNode get(Server server, String path) throws IOException, InterruptedException {
        return send(
                HttpRequest.newBuilder(server.uri(path)).timeout(REQUEST_LIMIT).GET().build(), 200);
    }

    private JsonNode send(HttpRequest request, int expectedStatus)
            throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode())
                .as("%s %s: %s", request.method(), request.uri(), response.body())
                .isEqualTo(expectedStatus);
        return JSON.readTree(response.body());
    }

    /** {@code serve} in its own process on a free loopback port; closing it kills it. */
    private static final class Server implements AutoCloseable {
        private final Process process;
        private final String base;

        private Server(Process process, String base) {
            this.process = process;
            this.base = base;
        }

        static Server start(String db, String name) throws IOException, InterruptedException {
            Files.createDirectories(LOGS);
            Path out = LOGS.resolve(name + ".out");
            Path err = LOGS.resolve(name + ".err");
            Process process =
                    new ProcessBuilder(
                                    Path.of(System.getProperty("java.home"), "bin", "java")
                                            .toString(),
                                    "-jar",
                                    JAR.toString(),
                                    "serve",
                                    "--host",
                                    "127.0.0.1",
                                    "--port",
                                    "0",
                                    "--db",
                                    db)
                            .redirectError(err.toFile())
                            .start();
            try {
                String base = servingAddress(process, out).get(START_LIMIT.toSeconds(), SECONDS);
                return new Server(process, base);
            } catch (TimeoutException | ExecutionException e) {
                process.destroyForcibly().waitFor(EXIT_LIMIT.toSeconds(), SECONDS);
                String what =
                        e instanceof TimeoutException
                                ? "did not print its address within "
                                        + START_LIMIT.toSeconds()
                                        + " s"
                                : "stopped before it printed its address";
                throw new AssertionError("the server " + what + "; see " + out + " and " + err, e);
            }
        }

        /** Copies the server's output to {@code log}; completes with the address it serves on. */
        private static CompletableFuture<String> servingAddress(Process process, Path log) {
            CompletableFuture<String> address = new CompletableFuture<>();
            Thread copier =
                    new Thread(
                            () -> {
                                try (BufferedReader in =
                                                new BufferedReader(
                                                        new InputStreamReader(
                                                                process.getInputStream(),
                                                                StandardCharsets.UTF_8));
                                        Writer copy =
                                                Files.newBufferedWriter(
                                                        log, StandardCharsets.UTF_8)) {
                                    for (String line = in.readLine();
                                            line != null;
                                            line = in.readLine()) {
                                        copy.write(line + "\n");
                                        copy.flush();
                                        Matcher serving = SERVING.matcher(line);
                                        if (serving.find()) {
                                            address.complete(serving.group(1));
                                        }
                                    }
                                    address.completeExceptionally(
                                            new IllegalStateException("the server exited"));
                                } catch (IOException e) {
                                    address.completeExceptionally(new UncheckedIOException(e));
                                }
                            },
                            "server-output-" + log.getFileName());
            copier.setDaemon(true);
            copier.start();
            return address;
        }

        URI uri(String path) {
            return URI.create(base + path);
        }

        /** Kills the server with SIGKILL and returns its exit code. */
        int kill() throws InterruptedException {
            process.destroyForcibly();
            assertThat(process.waitFor(EXIT_LIMIT.toSeconds(), SECONDS))
                    .as("the killed server exited")
                    .isTrue();
            return process.exitValue();
        }

        @Override
        public void close() throws InterruptedException {
            process.destroyForcibly().waitFor(EXIT_LIMIT.toSeconds(), SECONDS);
        }
    }
}
