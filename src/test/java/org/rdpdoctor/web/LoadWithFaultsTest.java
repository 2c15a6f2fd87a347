package org.rdpdoctor.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rdpdoctor.KnowledgeReloader;
import org.rdpdoctor.RdpDoctor;
import org.rdpdoctor.ReloadStatus;
import org.rdpdoctor.ReloadStatus.Outcome;
import org.rdpdoctor.engine.Json;
import org.rdpdoctor.engine.RuleBase;
import org.rdpdoctor.kb.BrokenFixture;
import org.rdpdoctor.store.H2TcpServer;
import org.rdpdoctor.store.JdbcSessionStore;
import org.rdpdoctor.store.SessionSummary;
import org.rdpdoctor.web.ApiClient.Reply;

/**
 * Issue 7, load with faults: eight clients run sessions through the JSON API while the knowledge is
 * edited under the watching reloader (a good edit, a broken rule, a broken YAML key, each broken
 * edit then fixed) and while the database server is stopped and started again. The app is built as
 * {@code serve} builds it, over a copy of the small knowledge base and an H2 server on loopback, a
 * real outage for its connection pool.
 *
 * <p>The checks do not depend on timing: each phase waits (up to a generous bound) for what must
 * happen, and at the end every session's stored log must be exactly what its client was told, with
 * the writes whose 503 said their outcome was unknown as the only possible extra events. A start
 * carries an {@code Idempotency-Key} and is sent again after a 503, so each ticket ends with one
 * session, whether the failed attempt stored it or not.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class LoadWithFaultsTest {
    private static final int CLIENTS = 8;
    private static final Duration PHASE = Duration.ofSeconds(60);
    private static final String SESSIONS = "/api/v1/sessions";
    private static final String ADMIN_PASSWORD = "load-test-admin";
    private static final String TITLE = "title: The port is blocked\n";
    private static final String EDITED_TITLE = "title: The port is blocked (edited)\n";
    private static final String RULE_LINE =
            "Answer(question == \"timing\", option == \"after-credentials\")\n";
    private static final String BROKEN_RULE_LINE = RULE_LINE.replace(")\n", "\n");
    private static final String PRIOR = "  prior: 0.1\n";
    private static final String UNKNOWN_KEY = "  priority: 0.1\n";
    private static final String OUTCOME_UNKNOWN = "may or may not have been saved";

    @TempDir Path dir;

    private Path kb;
    private Path rules;
    private H2TcpServer database;
    private RdpDoctor doctor;
    private KnowledgeReloader reloader;
    private Javalin app;
    private ApiClient api;
    private LoadControl control;
    private final List<LoadClient> clients = new ArrayList<>();
    private final List<String> ownSessions = new ArrayList<>();
    private final Map<String, Long> phaseMillis = new LinkedHashMap<>();
    private final Map<String, Long> probeMillis = new ConcurrentHashMap<>();
    private ExecutorService threads;
    private long started;

    @BeforeEach
    void startTheAppOverACopyOfTheKnowledgeAndAnH2Server() {
        kb = BrokenFixture.copyTree(Path.of("src/test/resources/small/kb"), dir.resolve("kb"));
        rules =
                BrokenFixture.copyTree(
                        Path.of("src/test/resources/small/rules"), dir.resolve("rules"));
        BrokenFixture.copyTree(Path.of("src/test/resources/load/rules"), rules);
        database = new H2TcpServer(dir.resolve("db"));
        doctor =
                new RdpDoctor(
                        RuleBase.load(kb, rules),
                        JdbcSessionStore.open(database.url("sessions"), null, null));
        reloader = new KnowledgeReloader(doctor, kb, rules).watch();
        app =
                WebApp.create(doctor, Path.of("templates"), null, reloader, ADMIN_PASSWORD)
                        .start("127.0.0.1", 0);
        api = new ApiClient(app.port());
        control = new LoadControl(doctor.rules().version());
        threads = Executors.newFixedThreadPool(CLIENTS);
        started = System.nanoTime();
    }

    @AfterEach
    void stopEverything() throws InterruptedException {
        control.stop();
        threads.shutdownNow();
        threads.awaitTermination(1, TimeUnit.MINUTES);
        reloader.close();
        app.stop();
        doctor.close();
        database.close();
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void sessions_under_load_lose_no_event_through_reloads_and_a_database_outage()
            throws Exception {
        startClients();
        awaitEveryClientFinishes(2, "every client finished two sessions");
        phase("warm-up");

        String edited = aGoodEditGoesLive();
        phase("good edit");
        aBrokenRuleIsRefusedAtItsLineWhileTheOldKnowledgeServes(edited);
        phase("broken rule");
        aBrokenYamlKeyIsRefusedAtItsLineWhileTheOldKnowledgeServes(edited);
        phase("broken key");
        theDatabaseGoesAwayAndComesBack();
        phase("outage");
        control.stop();
        threads.shutdown();
        assertThat(threads.awaitTermination(1, TimeUnit.MINUTES)).as("clients ended").isTrue();

        everyStoredLogIsExactlyWhatItsClientWasTold();
        everyErrorWasAClear503OrADeliberate412();
        everyResponseShowedTheKnowledgeInForceWhenItWasSent();
        assertThat(api.unexpectedErrors()).as("responses with status 500").isEmpty();
        phase("checks");
        report();
    }

    // ------------------------------------------------------------------ phases

    private String aGoodEditGoesLive() throws Exception {
        String before = doctor.rules().version();

        ReloadStatus status =
                edit(kb.resolve("causes.yaml"), TITLE, EDITED_TITLE, o -> o == Outcome.LOADED);
        control.inForce(status.version());

        assertThat(status.version()).isNotEqualTo(before);
        assertThat(api.get("/api/v1/causes").body()).contains("The port is blocked (edited)");
        assertThat(startSession().at("/state/knowledgeVersion").asText())
                .isEqualTo(status.version());
        awaitEveryClientFinishesAnotherSession("every client ran a session under the edit");
        return status.version();
    }

    private void aBrokenRuleIsRefusedAtItsLineWhileTheOldKnowledgeServes(String inForce)
            throws Exception {
        Path drl = rules.resolve("small.drl");
        String good = Files.readString(drl);
        String broken = good.replace(RULE_LINE, BROKEN_RULE_LINE);
        int line = lineOf(broken, BROKEN_RULE_LINE.strip());

        ReloadStatus refused = write(drl, broken, o -> o == Outcome.REFUSED);

        assertRefusedAt(refused, drl, line, line + 1, inForce);
        awaitEveryClientFinishesAnotherSession("every client ran a session after the broken rule");
        ReloadStatus fixed = write(drl, good, o -> o != Outcome.REFUSED);
        assertThat(fixed.version()).isEqualTo(inForce);
    }

    private void aBrokenYamlKeyIsRefusedAtItsLineWhileTheOldKnowledgeServes(String inForce)
            throws Exception {
        Path causes = kb.resolve("causes.yaml");
        String good = Files.readString(causes);
        String broken = good.replaceFirst(PRIOR, PRIOR + UNKNOWN_KEY);
        int line = lineOf(broken, UNKNOWN_KEY.strip());

        ReloadStatus refused = write(causes, broken, o -> o == Outcome.REFUSED);

        assertRefusedAt(refused, causes, line, line, inForce);
        assertThat(refused.lastAttempt().problems())
                .anySatisfy(p -> assertThat(p.message()).contains("priority"));
        awaitEveryClientFinishesAnotherSession("every client ran a session after the broken key");
        ReloadStatus fixed = write(causes, good, o -> o != Outcome.REFUSED);
        assertThat(fixed.version()).isEqualTo(inForce);
    }

    private void theDatabaseGoesAwayAndComesBack() throws Exception {
        String someSession = ownSessions.get(0);
        int[] before = clients.stream().mapToInt(LoadClient::unavailableCount).toArray();

        database.stop();
        CompletableFuture<Reply> create =
                timed("create", api -> api.post(SESSIONS, "{\"errorCode\": \"0x904\"}"));
        CompletableFuture<Reply> read = timed("read", api -> api.get(SESSIONS + "/" + someSession));
        List<Reply> probes =
                List.of(create.get(1, TimeUnit.MINUTES), read.get(1, TimeUnit.MINUTES));
        control.await(
                () -> everyClient(i -> clients.get(i).unavailableCount() > before[i]),
                PHASE,
                "every client got a 503 while the database was down");
        database.start();

        assertThat(probes)
                .allSatisfy(
                        reply -> {
                            assertThat(reply.status()).as(reply.body()).isEqualTo(503);
                            assertClear503(
                                    reply.header("Retry-After"), reply.contentType(), reply.body());
                        });
        awaitEveryClientFinishesAnotherSession("every client finished a session after the restart");
        assertThat(api.get(SESSIONS + "/" + someSession).status()).isEqualTo(200);
    }

    /** Sends a request on a client of its own, keeping how long it took to answer. */
    private CompletableFuture<Reply> timed(String name, Function<ApiClient, Reply> request) {
        ApiClient own = new ApiClient(app.port());
        return CompletableFuture.supplyAsync(
                () -> {
                    long sent = System.nanoTime();
                    Reply reply = request.apply(own);
                    probeMillis.put(name, (System.nanoTime() - sent) / 1_000_000);
                    return reply;
                });
    }

    // ------------------------------------------------------------------ final checks

    private void everyStoredLogIsExactlyWhatItsClientWasTold() {
        Map<String, List<JsonNode>> told = new HashMap<>();
        clients.forEach(c -> told.putAll(c.sessions()));
        Set<String> stored = new HashSet<>();
        for (SessionSummary s : doctor.recentSessions(1_000_000)) {
            stored.add(s.id());
        }

        Set<String> started = new HashSet<>(told.keySet());
        started.addAll(ownSessions);
        assertThat(stored).as("sessions in the database").isEqualTo(started);
        assertThat(told)
                .allSatisfy(
                        (id, log) -> {
                            JsonNode view = api.get(SESSIONS + "/" + id).json();
                            List<JsonNode> events = new ArrayList<>();
                            List<Integer> seqs = new ArrayList<>();
                            view.get("events").forEach(e -> events.add(e.get("event")));
                            view.get("events").forEach(e -> seqs.add(e.get("seq").asInt()));
                            assertThat(events).as("stored log of " + id).isEqualTo(log);
                            assertThat(seqs).as("seq of " + id).isEqualTo(rangeClosed(log.size()));
                        });
        assertThat(clients.stream().flatMap(c -> c.storedDespite503().stream()))
                .as("503s whose write was stored all the same")
                .allSatisfy(detail -> assertThat(detail).contains(OUTCOME_UNKNOWN));
    }

    private void everyErrorWasAClear503OrADeliberate412() {
        assertThat(clients.stream().flatMap(c -> c.failures().stream()))
                .as("client failures")
                .isEmpty();
        assertThat(clients.stream().flatMap(c -> c.unavailable().stream()))
                .isNotEmpty()
                .allSatisfy(u -> assertClear503(u.retryAfter(), u.contentType(), u.body()));
    }

    private void everyResponseShowedTheKnowledgeInForceWhenItWasSent() {
        List<String> versions = control.versions();

        assertThat(clients.stream().flatMap(c -> c.versions().stream()))
                .allSatisfy(
                        seen ->
                                assertThat(versions.indexOf(seen.version()))
                                        .as(
                                                seen.request()
                                                        + " showed "
                                                        + seen.version()
                                                        + " of "
                                                        + versions)
                                        .isGreaterThanOrEqualTo(seen.known() - 1));
    }

    private static void assertClear503(String retryAfter, String contentType, String body)
            throws IOException {
        JsonNode problem = Json.mapper().readTree(body);
        assertThat(retryAfter).as("Retry-After of " + body).isEqualTo("5");
        assertThat(contentType).startsWith(Problem.CONTENT_TYPE);
        assertThat(problem.get("status").asInt()).isEqualTo(503);
        assertThat(problem.get("title").asText()).isEqualTo("Service unavailable");
        assertThat(problem.get("detail").asText()).startsWith("the session database ");
    }

    private void assertRefusedAt(
            ReloadStatus refused, Path file, int from, int to, String inForce) {
        assertThat(refused.version()).isEqualTo(inForce);
        assertThat(doctor.rules().version()).isEqualTo(inForce);
        String shown = org.rdpdoctor.kb.Problem.shown(file);
        org.rdpdoctor.kb.Problem problem =
                refused.lastAttempt().problems().stream()
                        .filter(p -> p.file().equals(shown))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError("no problem in " + shown));
        assertThat(problem.line()).as(problem.toString()).isBetween(from, to);
        assertThat(adminPage()).contains("<code>" + shown + ":" + problem.line());
        assertThat(startSession().at("/state/knowledgeVersion").asText()).isEqualTo(inForce);
    }

    private void phase(String name) {
        long now = System.nanoTime();
        long total = phaseMillis.values().stream().mapToLong(Long::longValue).sum();
        phaseMillis.put(name, (now - started) / 1_000_000 - total);
    }

    private void report() {
        List<Long> waits =
                clients.stream()
                        .flatMap(c -> c.unavailable().stream())
                        .map(LoadClient.Unavailable::millis)
                        .sorted()
                        .toList();
        System.out.printf(
                "load with faults: %d clients, %d sessions, %d events acknowledged, %d deliberate"
                        + " 412s, %d 503s to clients (answered in %d-%d ms), %d writes stored"
                        + " despite a 503, ms to answer requests sent while the database was down"
                        + " %s, versions %s, ms per phase %s%n",
                CLIENTS,
                clients.stream().mapToInt(c -> c.sessions().size()).sum(),
                clients.stream().mapToInt(LoadClient::acknowledged).sum(),
                clients.stream().mapToInt(LoadClient::conflicts).sum(),
                waits.size(),
                waits.get(0),
                waits.get(waits.size() - 1),
                clients.stream().mapToInt(c -> c.storedDespite503().size()).sum(),
                probeMillis,
                control.versions(),
                phaseMillis);
    }

    // ------------------------------------------------------------------ helpers

    /** Starts a session from the test itself, outside the clients' load. */
    private JsonNode startSession() {
        Reply reply = api.post(SESSIONS, "{\"errorCode\": \"0x904\"}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        ownSessions.add(reply.json().get("id").asText());
        return reply.json();
    }

    private void startClients() {
        for (int i = 0; i < CLIENTS; i++) {
            LoadClient client = new LoadClient(i, 0x10AD_0000L + i, app.port(), control);
            clients.add(client);
            threads.execute(client);
        }
    }

    private void awaitEveryClientFinishes(int sessions, String what) throws InterruptedException {
        control.await(() -> everyClient(i -> clients.get(i).finished() >= sessions), PHASE, what);
    }

    private void awaitEveryClientFinishesAnotherSession(String what) throws InterruptedException {
        int[] before = clients.stream().mapToInt(LoadClient::finished).toArray();
        control.await(() -> everyClient(i -> clients.get(i).finished() > before[i]), PHASE, what);
    }

    private boolean everyClient(IntPredicate holds) {
        for (int i = 0; i < clients.size(); i++) {
            if (!holds.test(i)) {
                return false;
            }
        }
        return true;
    }

    private ReloadStatus edit(Path file, String from, String to, Predicate<Outcome> expected)
            throws Exception {
        String text = Files.readString(file);
        assertThat(text).contains(from);
        return write(file, text.replace(from, to), expected);
    }

    /**
     * Writes a knowledge file and waits for the watcher's reload attempt that ends as {@code
     * expected}; an attempt started by an earlier write may end first.
     */
    private ReloadStatus write(Path file, String text, Predicate<Outcome> expected)
            throws Exception {
        long deadline = System.nanoTime() + PHASE.toNanos();
        CompletableFuture<ReloadStatus> attempt = reloader.nextAttempt();
        Files.writeString(file, text);
        while (true) {
            ReloadStatus status = attempt.get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (expected.test(status.lastAttempt().outcome())) {
                return status;
            }
            attempt = reloader.nextAttempt();
        }
    }

    private String adminPage() {
        String credentials =
                Base64.getEncoder()
                        .encodeToString(
                                ("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
        Reply page =
                api.send(
                        "GET",
                        "/admin",
                        BodyPublishers.noBody(),
                        "Authorization",
                        "Basic " + credentials);
        assertThat(page.status()).isEqualTo(200);
        return page.body();
    }

    private static int lineOf(String text, String fragment) {
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(fragment)) {
                return i + 1;
            }
        }
        throw new AssertionError("no line contains " + fragment);
    }

    private static List<Integer> rangeClosed(int n) {
        List<Integer> range = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            range.add(i);
        }
        return range;
    }
}
