package org.rdpdoctor.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.rdpdoctor.engine.Json;
import org.rdpdoctor.web.ApiClient.Reply;

/**
 * One helpdesk agent of {@link LoadWithFaultsTest}: runs sessions through the JSON API one after
 * another (start, answer the next question, now and then take an answer back, report fixes) and
 * keeps every event the server acknowledged, to compare with what it stored. Every write carries
 * {@code If-Match}. After a 503 it reads the session back to learn whether the write was stored
 * after all, as a careful integrator would; now and then it sends a stale {@code If-Match} on
 * purpose, which must get a 412 and store nothing.
 *
 * <p>Everything but the progress counters is read by the test only after the client's thread has
 * ended.
 */
final class LoadClient implements Runnable {
    private static final String SESSIONS = "/api/v1/sessions";
    private static final int MAX_SESSIONS = 1_000;
    private static final int MAX_STEPS = 8;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration READ_BACK_DEADLINE = Duration.ofSeconds(60);

    /**
     * A pause between requests, as an agent reading the screen would make: it keeps the load on a
     * two-core CI machine bounded (at most about 8 × 40 requests a second). No check depends on it.
     */
    private static final long THINK_MILLIS = 25;

    private final int number;
    private final Random random;
    private final URI base;
    private final LoadControl control;
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final Map<String, List<JsonNode>> sessions = new LinkedHashMap<>();
    private final List<String> failures = new ArrayList<>();
    private final List<Unavailable> unavailable = new ArrayList<>();
    private final List<String> storedDespite503 = new ArrayList<>();
    private final List<Seen> versions = new ArrayList<>();
    private final AtomicInteger finished = new AtomicInteger();
    private final AtomicInteger unavailableCount = new AtomicInteger();
    private int acknowledged;
    private int conflicts;

    LoadClient(int number, long seed, int port, LoadControl control) {
        this.number = number;
        this.random = new Random(seed);
        this.base = URI.create("http://127.0.0.1:" + port);
        this.control = control;
    }

    /** A 503 as the client got it, and how long it waited for it. */
    record Unavailable(
            String request, String retryAfter, String contentType, String body, long millis) {}

    /**
     * A knowledge version a response showed; {@code known} versions were in force when the request
     * was sent, so it must show the last of them or a later one.
     */
    record Seen(int known, String version, String request) {}

    @Override
    public void run() {
        for (int n = 0; n < MAX_SESSIONS && !control.isStopped(); n++) {
            try {
                runSession("LOAD-" + number + "-" + n);
            } catch (RuntimeException e) {
                failures.add("session LOAD-" + number + "-" + n + ": " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            finished.incrementAndGet();
            control.progressed();
        }
    }

    int finished() {
        return finished.get();
    }

    int unavailableCount() {
        return unavailableCount.get();
    }

    /** Each session's log as acknowledged (plus writes found stored after a 503), in order. */
    Map<String, List<JsonNode>> sessions() {
        return sessions;
    }

    /** Everything that went wrong: unexpected statuses, logs that differ, failed requests. */
    List<String> failures() {
        return failures;
    }

    List<Unavailable> unavailable() {
        return unavailable;
    }

    /** The detail of each 503 whose write turned out to be stored. */
    List<String> storedDespite503() {
        return storedDespite503;
    }

    List<Seen> versions() {
        return versions;
    }

    int acknowledged() {
        return acknowledged;
    }

    int conflicts() {
        return conflicts;
    }

    private void runSession(String ticketRef) throws InterruptedException {
        JsonNode view = create(ticketRef);
        for (int step = 0; view != null && step < MAX_STEPS && !control.isStopped(); step++) {
            Thread.sleep(THINK_MILLIS);
            String id = view.get("id").asText();
            String status = view.at("/state/status").asText();
            if (status.equals("asking")) {
                view = answer(id, view.at("/state/nextQuestion"));
            } else if (status.equals("diagnosed")) {
                view = reportFix(id, view);
            } else {
                view = null;
            }
        }
    }

    /**
     * Starts a session with an idempotency key, as a ticketing system should: a 503 is followed by
     * the same request with the same key until the database answers, which starts the session or
     * answers with the one the failed attempt stored after all.
     */
    private JsonNode create(String ticketRef) throws InterruptedException {
        String body =
                object("errorCode", "0x904", "extendedCode", "0x7", "ticketRef", ticketRef)
                        .toString();
        String key = "start-" + ticketRef;
        List<String> failed = new ArrayList<>();
        long deadline = System.nanoTime() + READ_BACK_DEADLINE.toNanos();
        int known = control.versionCount();
        Reply reply = send("POST", SESSIONS, body, "Idempotency-Key", key);
        while (reply.status() == 503 && System.nanoTime() < deadline) {
            failed.add(reply.json().path("detail").asText());
            Thread.sleep(100);
            known = control.versionCount();
            reply = send("POST", SESSIONS, body, "Idempotency-Key", key);
        }
        if (reply.status() != 201) {
            return unexpected(reply, "create " + ticketRef + " (after " + failed.size() + " 503s)");
        }
        JsonNode view = reply.json();
        JsonNode events = view.get("events");
        if (events.size() != 1 || !matches(events.get(0).get("event"), started(ticketRef))) {
            failures.add("created " + ticketRef + " with events " + events);
            return null;
        }
        boolean replayed = "true".equals(reply.header("Idempotent-Replayed"));
        if (replayed) {
            // The attempt that stored it is the one whose 503 said it may have been saved.
            storedDespite503.add(
                    failed.stream()
                            .filter(d -> d.contains("may or may not"))
                            .findFirst()
                            .orElse("replayed after " + failed));
        }
        sessions.put(view.get("id").asText(), new ArrayList<>(List.of(events.get(0).get("event"))));
        acknowledged++;
        // A replay shows the session under the knowledge in force now, stored under the one then.
        seen(known, view, !replayed, "create " + ticketRef);
        return view;
    }

    private JsonNode answer(String id, JsonNode question) throws InterruptedException {
        String questionId = question.get("id").asText();
        JsonNode options = question.get("options");
        String optionId = options.get(random.nextInt(options.size())).get("id").asText();
        String path = "/answers";
        String body = object("questionId", questionId, "optionId", optionId).toString();
        if (random.nextInt(8) == 0) {
            sendStale(id, path, body);
        }
        ObjectNode sent =
                object("type", "answered", "questionId", questionId, "optionId", optionId);
        int before = sessions.get(id).size();
        JsonNode view = write(id, "POST", path, body, sent);
        boolean stored = sessions.get(id).size() > before;
        if (view != null && stored && random.nextInt(4) == 0) {
            Thread.sleep(THINK_MILLIS);
            view =
                    write(
                            id,
                            "DELETE",
                            "/answers/" + questionId,
                            null,
                            object("type", "withdrawn", "questionId", questionId));
        }
        return view;
    }

    private JsonNode reportFix(String id, JsonNode view) throws InterruptedException {
        for (JsonNode fix : view.at("/state/fixes")) {
            if (fix.get("worked").isNull()) {
                String fixId = fix.get("fixId").asText();
                boolean worked = random.nextBoolean();
                ObjectNode body = object("fixId", fixId).put("worked", worked);
                ObjectNode sent =
                        object("type", "fixOutcome", "fixId", fixId).put("worked", worked);
                return write(id, "POST", "/fix-outcomes", body.toString(), sent);
            }
        }
        return null;
    }

    /**
     * Sends one write with {@code If-Match} and returns the session after it, or null when the
     * session cannot go on (the reason is in {@link #failures()}).
     */
    private JsonNode write(String id, String method, String path, String body, ObjectNode sent)
            throws InterruptedException {
        List<JsonNode> log = sessions.get(id);
        int known = control.versionCount();
        String request = method + " " + id + path;
        Reply reply = send(method, SESSIONS + "/" + id + path, body, ifMatch(log.size()));
        if (reply.status() == 200) {
            JsonNode view = reply.json();
            if (!continues(view.get("events"), log, sent, request)) {
                return null;
            }
            log.add(view.get("events").get(log.size()).get("event"));
            acknowledged++;
            seen(known, view, true, request);
            return view;
        }
        if (reply.status() != 503) {
            return unexpected(reply, request);
        }
        JsonNode view = readBack(SESSIONS + "/" + id);
        if (view == null) {
            return null;
        }
        JsonNode events = view.get("events");
        if (events.size() == log.size()) {
            return continues(events, log, null, request) ? view : null;
        }
        if (!continues(events, log, sent, request + " (read back after a 503)")) {
            return null;
        }
        log.add(events.get(log.size()).get("event"));
        storedDespite503.add(reply.json().path("detail").asText());
        return view;
    }

    /** A write with an {@code If-Match} one behind: it must be refused and store nothing. */
    private void sendStale(String id, String path, String body) {
        int count = sessions.get(id).size();
        Reply reply = send("POST", SESSIONS + "/" + id + path, body, ifMatch(count - 1));
        String request = "stale POST " + id + path;
        if (reply.status() == 412) {
            conflicts++;
            JsonNode problem = reply.json();
            String detail = problem.path("detail").asText();
            if (!reply.contentType().startsWith(Problem.CONTENT_TYPE)
                    || !problem.path("field").asText().equals("If-Match")
                    || !detail.matches(
                            ".* has " + count + " events?, not " + (count - 1) + ":.*")) {
                failures.add(request + " got an unclear 412: " + reply.body());
            }
        } else if (reply.status() != 503) {
            unexpected(reply, request);
        }
    }

    /**
     * Whether {@code events} are {@code log} and then, when {@code sent} is not null, exactly one
     * more event that is {@code sent}; records a failure when not.
     */
    private boolean continues(
            JsonNode events, List<JsonNode> log, ObjectNode sent, String request) {
        int expected = log.size() + (sent == null ? 0 : 1);
        boolean same = events.size() == expected;
        for (int i = 0; same && i < log.size(); i++) {
            same =
                    events.get(i).get("seq").asInt() == i + 1
                            && events.get(i).get("event").equals(log.get(i));
        }
        if (same && sent != null) {
            JsonNode last = events.get(log.size());
            same = last.get("seq").asInt() == expected && matches(last.get("event"), sent);
        }
        if (!same) {
            failures.add(
                    request + ": the server's log " + events + " is not " + log + " then " + sent);
        }
        return same;
    }

    /** Reads until the database answers again; null (with a failure) on any other error. */
    private JsonNode readBack(String path) throws InterruptedException {
        long deadline = System.nanoTime() + READ_BACK_DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            Reply reply = send("GET", path, null);
            if (reply.status() == 200) {
                return reply.json();
            }
            if (reply.status() != 503) {
                return unexpected(reply, "GET " + path);
            }
            Thread.sleep(100);
        }
        failures.add(
                "GET " + path + " still got 503 after " + READ_BACK_DEADLINE.toSeconds() + " s");
        return null;
    }

    private JsonNode unexpected(Reply reply, String request) {
        failures.add(request + " got " + reply.status() + ": " + reply.body());
        return null;
    }

    private void seen(int known, JsonNode view, boolean write, String request) {
        String version = view.at("/state/knowledgeVersion").asText();
        versions.add(new Seen(known, version, request));
        if (write && !view.get("knowledgeVersion").asText().equals(version)) {
            failures.add(
                    request
                            + " stored version "
                            + view.get("knowledgeVersion")
                            + " but answered under "
                            + version);
        }
    }

    /** Sends a request; a 503 is recorded here, other statuses are for the caller to judge. */
    private Reply send(String method, String path, String body, String... headers) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(base.resolve(path))
                        .timeout(REQUEST_TIMEOUT)
                        .method(
                                method,
                                body == null
                                        ? BodyPublishers.noBody()
                                        : BodyPublishers.ofString(body))
                        .header("Content-Type", "application/json");
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        long started = System.nanoTime();
        try {
            var response = http.send(request.build(), BodyHandlers.ofString());
            Reply reply = new Reply(response.statusCode(), response.headers(), response.body());
            if (reply.status() == 503) {
                unavailable.add(
                        new Unavailable(
                                method + " " + path,
                                reply.header("Retry-After"),
                                reply.contentType(),
                                reply.body(),
                                (System.nanoTime() - started) / 1_000_000));
                unavailableCount.incrementAndGet();
                control.progressed();
            }
            return reply;
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method + " " + path + " was interrupted", e);
        }
    }

    private static String[] ifMatch(int count) {
        return new String[] {"If-Match", "\"" + count + "\""};
    }

    private static ObjectNode started(String ticketRef) {
        return object(
                "type",
                "started",
                "errorCode",
                "0x904",
                "extendedCode",
                "0x7",
                "ticketRef",
                ticketRef);
    }

    /** Whether {@code event} has every field of {@code sent}, with the same values. */
    private static boolean matches(JsonNode event, ObjectNode sent) {
        for (Map.Entry<String, JsonNode> field : sent.properties()) {
            if (!field.getValue().equals(event.get(field.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private static ObjectNode object(String... pairs) {
        ObjectNode node = Json.mapper().createObjectNode();
        for (int i = 0; i < pairs.length; i += 2) {
            node.put(pairs[i], pairs[i + 1]);
        }
        return node;
    }
}
