package org.rdpdoctor.web;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.rdpdoctor.IdempotencyKey;
import org.rdpdoctor.RdpDoctor;
import org.rdpdoctor.SessionView;
import org.rdpdoctor.StartRequest;
import org.rdpdoctor.StartedSession;
import org.rdpdoctor.TextLimits;
import org.rdpdoctor.Transcript;
import org.rdpdoctor.engine.Event;
import org.rdpdoctor.engine.RuleBase;
import org.rdpdoctor.kb.ErrorCodeTable;
import org.rdpdoctor.kb.KnowledgeBase;

/** The JSON API, {@code /api/v1}: the contract integrators code against. */
final class ApiRoutes {
    static final String BASE = "/api/v1";

    /** The charsets a JSON body may be labelled with: UTF-8 and its subset US-ASCII. */
    private static final Set<Charset> READABLE_CHARSETS =
            Set.of(StandardCharsets.UTF_8, StandardCharsets.US_ASCII);

    /** The API's schema, {@code openapi.json}, as served and as the query checks read it. */
    static final String OPEN_API = openApi();

    /** The request header that names a start, so that its retries start no second session. */
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    /** The response header of a start answered with the session its key started before. */
    private static final String REPLAYED = "Idempotent-Replayed";

    private final RdpDoctor doctor;

    private final Probing probing;

    ApiRoutes(RdpDoctor doctor, Probing probing) {
        this.doctor = doctor;
        this.probing = probing;
    }

    void register(Javalin app) {
        post(app, BASE + "/sessions", this::create);
        get(app, BASE + "/sessions", this::list);
        get(app, BASE + "/sessions/{id}", this::session);
        post(app, BASE + "/sessions/{id}/answers", this::answer);
        delete(
                app,
                BASE + "/sessions/{id}/answers/{questionId}",
                ctx -> apply(ctx, new Event.Withdrawn(ctx.pathParam("questionId"))));
        post(app, BASE + "/sessions/{id}/evidence", this::evidence);
        delete(
                app,
                BASE + "/sessions/{id}/evidence/{kind}",
                ctx ->
                        apply(
                                ctx,
                                new Event.EvidenceWithdrawn(
                                        ctx.pathParam("kind"),
                                        Bodies.require("source", Bodies.query(ctx, "source")))));
        post(app, BASE + "/sessions/{id}/fix-outcomes", this::fixOutcome);
        post(app, BASE + "/sessions/{id}/abandon", this::abandon);
        post(app, BASE + "/sessions/{id}/probe", this::probe);
        get(app, BASE + "/sessions/{id}/transcript", this::transcript);
        get(app, BASE + "/decode", this::decode);
        post(
                app,
                BASE + "/ticket-reading",
                ctx ->
                        WebApp.json(
                                ctx,
                                doctor.readTicket(
                                        Bodies.require(
                                                "ticketText",
                                                Bodies.readOr(
                                                                ctx,
                                                                Bodies.TicketBody.class,
                                                                new Bodies.TicketBody(null))
                                                        .ticketText()))));
        get(app, BASE + "/questions", ctx -> knowledgeList(ctx, KnowledgeBase::questions));
        get(app, BASE + "/causes", ctx -> knowledgeList(ctx, KnowledgeBase::causes));
        get(app, BASE + "/fixes", ctx -> knowledgeList(ctx, KnowledgeBase::fixes));
        get(app, BASE + "/environments", ctx -> knowledgeList(ctx, KnowledgeBase::environments));
        get(app, BASE + "/sources", ctx -> knowledgeList(ctx, KnowledgeBase::sources));
        get(
                app,
                BASE + "/openapi.json",
                ctx -> ctx.contentType("application/json").result(OPEN_API));
    }

    /** Registers a GET route taking the query parameters the schema declares for it. */
    static void get(Javalin app, String path, Handler handler) {
        app.get(path, QueryParameters.checked("get", path, handler));
    }

    /** Registers a DELETE route taking the query parameters the schema declares for it. */
    static void delete(Javalin app, String path, Handler handler) {
        app.delete(path, QueryParameters.checked("delete", path, handler));
    }

    /**
     * Registers a POST route whose body must be JSON, taking the query parameters the schema
     * declares for it. The check runs in the route, not before every API path, so a POST to a path
     * that takes none is 405 whatever its content type.
     */
    static void post(Javalin app, String path, Handler handler) {
        app.post(
                path,
                QueryParameters.checked(
                        "post",
                        path,
                        ctx -> {
                            requireJson(ctx);
                            handler.handle(ctx);
                        }));
    }

    /**
     * A POST must say it sends JSON, uncompressed (by neither Content-Encoding nor a
     * Transfer-Encoding), in UTF-8. Besides being the contract, this stops another site's page from
     * posting to the API: a browser sends {@code application/json} across sites only after a CORS
     * preflight, which this server never grants.
     */
    private static void requireJson(Context ctx) {
        String type = ctx.contentType();
        if (type == null || !type.split(";", 2)[0].strip().equalsIgnoreCase("application/json")) {
            throw new ApiException(
                    415,
                    "Content-Type",
                    "send the body as JSON with Content-Type: application/json (even when it is empty)");
        }
        requireUncompressed(ctx, "Content-Encoding", "identity", "without a Content-Encoding");
        // Jetty takes a chunked body whatever codings precede chunked, and passes them on.
        requireUncompressed(
                ctx,
                "Transfer-Encoding",
                "chunked",
                "with Transfer-Encoding: chunked alone, or with a Content-Length");
        String charset = charset(type);
        if (charset != null && !isReadable(charset)) {
            throw new ApiException(
                    415,
                    "Content-Type",
                    "charset="
                            + charset
                            + ": the API reads JSON in UTF-8 only (RFC 8259); send the body in"
                            + " UTF-8, with charset=utf-8 or without a charset");
        }
    }

    /**
     * Refuses a body that {@code header} says is coded other than {@code plain}, such as gzip;
     * {@code instead} says how to send it.
     */
    private static void requireUncompressed(
            Context ctx, String header, String plain, String instead) {
        String coding = Bodies.listHeader(ctx, header);
        if (coding != null && !coding.isBlank() && !coding.strip().equalsIgnoreCase(plain)) {
            throw new ApiException(
                    415,
                    header,
                    header
                            + " "
                            + coding.strip()
                            + ": the API reads bodies as sent, not compressed; send the body "
                            + instead);
        }
    }

    /**
     * The {@code charset} parameter of a media type, in lower case and without quotes, or null
     * without one. Parameter names are case-insensitive (RFC 9110), {@code Charset=} included.
     */
    static String charset(String type) {
        for (String parameter : type.split(";")) {
            String[] pair = parameter.split("=", 2);
            if (pair.length == 2 && pair[0].strip().equalsIgnoreCase("charset")) {
                return pair[1].strip().replace("\"", "").toLowerCase(Locale.ROOT);
            }
        }
        return null;
    }

    private static boolean isReadable(String charset) {
        try {
            return READABLE_CHARSETS.contains(Charset.forName(charset));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Starts a session; with an {@code Idempotency-Key}, once per key: a retry of the request gets
     * the session the key started, as it is now, marked {@code Idempotent-Replayed: true}.
     */
    private void create(Context ctx) {
        Bodies.CreateSession body = Bodies.read(ctx, Bodies.CreateSession.class);
        IdempotencyKey key = idempotencyKey(ctx);
        if ((body.errorCode() == null || body.errorCode().isBlank())
                && (body.ticketText() == null || body.ticketText().isBlank())) {
            throw new ApiException(
                    400,
                    "errorCode",
                    "'errorCode' is required (or a 'ticketText' that contains it); give none"
                            + " when the dialog showed no code");
        }
        StartRequest request =
                new StartRequest(
                        body.errorCode(),
                        body.extendedCode(),
                        body.host(),
                        body.ticketRef(),
                        body.notes(),
                        body.ticketText());
        StartedSession started = doctor.start(request, key);
        if (started.replayed()) {
            ctx.header(REPLAYED, "true");
        }
        SessionView session = started.session();
        ctx.status(HttpStatus.CREATED)
                .header("Location", BASE + "/sessions/" + session.id())
                .header("ETag", etag(session));
        WebApp.json(
                ctx,
                new CreatedSession(
                        session, request.ticketNotes(doctor.rules(), "errorCode", "extendedCode")));
    }

    /**
     * A session as {@code POST /sessions} answers it: the session, with what the start did not take
     * from the ticket text, told once here as the start page tells it.
     */
    private record CreatedSession(@JsonUnwrapped SessionView session, List<String> ticketNotes) {}

    /**
     * The request's {@code Idempotency-Key}, or null without one.
     *
     * @throws ApiException 400 when it is not a key
     */
    private static IdempotencyKey idempotencyKey(Context ctx) {
        List<String> headers = Collections.list(ctx.req().getHeaders(IDEMPOTENCY_KEY));
        if (headers.isEmpty()) {
            return null;
        }
        if (headers.size() > 1) {
            throw new ApiException(
                    400,
                    IDEMPOTENCY_KEY,
                    "'"
                            + IDEMPOTENCY_KEY
                            + "' was sent "
                            + headers.size()
                            + " times; send one key, so that it is clear which request this is");
        }
        String header = headers.get(0);
        String problem = IdempotencyKey.problem(header);
        if (problem != null) {
            throw new ApiException(400, IDEMPOTENCY_KEY, "'" + IDEMPOTENCY_KEY + "' " + problem);
        }
        return new IdempotencyKey(header);
    }

    /**
     * A page of sessions, newest first. When more follow, a {@code Link} header (RFC 8288) names
     * the next page: the same request with the {@code cursor} after this page's last session.
     */
    private void list(Context ctx) {
        String typed = Bodies.query(ctx, "ticketRef");
        String ticketRef =
                typed == null
                        ? null
                        : TextLimits.text("ticketRef", typed, TextLimits.TICKET_REF_MAX);
        SessionPage page =
                SessionPage.read(
                        doctor,
                        ticketRef,
                        limit(ctx, SessionPage.defaultLimit(ticketRef)),
                        Bodies.query(ctx, SessionPage.CURSOR));
        if (page.next() != null) {
            ctx.header("Link", "<" + BASE + "/sessions?" + page.next() + ">; rel=\"next\"");
        }
        WebApp.json(ctx, page.sessions());
    }

    /**
     * A session, with a strong ETag of its event count and a digest of the body: an abandonment or
     * a reload of the knowledge changes the body without an event. A poller that sends the ETag
     * back in {@code If-None-Match} gets 304 without the body until the session changes.
     */
    private void session(Context ctx) {
        SessionView session = doctor.session(ctx.pathParam("id"));
        byte[] body = WebApp.jsonBytes(session);
        tagged(ctx, etag(session, body), body);
    }

    /**
     * A session as a write left it, with the ETag a read of it would have: the writer's next {@code
     * If-Match} needs no read in between.
     */
    private static void written(Context ctx, SessionView session) {
        byte[] body = WebApp.jsonBytes(session);
        ctx.header("ETag", etag(session, body)).contentType("application/json").result(body);
    }

    /** The ETag of a session, as a read of it sends it. */
    static String etag(SessionView session) {
        return etag(session, WebApp.jsonBytes(session));
    }

    private static String etag(SessionView session, byte[] body) {
        return "\"" + session.eventCount() + "-" + digest(body) + "\"";
    }

    /**
     * A list of the knowledge in force, tagged with its version: a ticketing system that keeps a
     * copy sends the ETag back and gets 304 until a reload changes the knowledge.
     */
    private void knowledgeList(Context ctx, Function<KnowledgeBase, List<?>> part) {
        RuleBase rules = doctor.rules();
        tagged(
                ctx,
                "\"kb-" + rules.version() + "\"",
                WebApp.jsonBytes(part.apply(rules.knowledge())));
    }

    /** Sends {@code body} with its ETag, or 304 without it when If-None-Match names the tag. */
    private static void tagged(Context ctx, String etag, byte[] body) {
        ctx.header("ETag", etag);
        if (ifNoneMatch(Bodies.listHeader(ctx, "If-None-Match"), etag)) {
            ctx.status(HttpStatus.NOT_MODIFIED);
        } else {
            ctx.contentType("application/json").result(body);
        }
    }

    /** The first 64 bits of the SHA-256 of {@code body}, in hex. */
    private static String digest(byte[] body) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(body), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * Whether an {@code If-None-Match} header names {@code etag} or is {@code *}; its tags are
     * compared weakly, as RFC 9110 says for this header.
     */
    private static boolean ifNoneMatch(String header, String etag) {
        return header != null
                && (header.strip().equals("*")
                        || Arrays.stream(header.split(","))
                                .map(tag -> tag.strip().replaceFirst("^W/", ""))
                                .anyMatch(etag::equals));
    }

    private void answer(Context ctx) {
        Bodies.AnswerBody body = Bodies.read(ctx, Bodies.AnswerBody.class);
        apply(
                ctx,
                new Event.Answered(
                        Bodies.require("questionId", body.questionId()),
                        Bodies.require("optionId", body.optionId())));
    }

    private void evidence(Context ctx) {
        Bodies.EvidenceBody body = Bodies.read(ctx, Bodies.EvidenceBody.class);
        if (body.type() != null && !body.type().equals("evidence")) {
            throw new ApiException(
                    400,
                    "type",
                    "'type' must be \"evidence\", as in a probe report's evidence, or left out");
        }
        apply(
                ctx,
                new Event.EvidenceAdded(
                        Bodies.require("kind", body.kind()),
                        Bodies.require("value", body.value()),
                        Bodies.require("source", body.source()),
                        body.detail()));
    }

    private void fixOutcome(Context ctx) {
        Bodies.FixOutcomeBody body = Bodies.read(ctx, Bodies.FixOutcomeBody.class);
        if (body.worked() == null) {
            throw new ApiException(400, "worked", "'worked' is required: true or false");
        }
        apply(ctx, new Event.FixTried(Bodies.require("fixId", body.fixId()), body.worked()));
    }

    /** Applies an event; an {@code If-Match} header guards against lost updates. */
    private void apply(Context ctx, Event event) {
        IfMatch ifMatch = IfMatch.of(ctx);
        written(
                ctx,
                ifMatch == null
                        ? doctor.apply(ctx.pathParam("id"), event)
                        : doctor.apply(
                                ctx.pathParam("id"), event, ifMatch.count(), ifMatch.expected()));
    }

    /**
     * Abandons a session; an {@code If-Match} header guards it as any write. The body, empty or
     * {@code {}}, carries nothing, but is read all the same: a body left unread makes the server
     * close the connection, which a client still sending it sees as a reset instead of the answer.
     */
    private void abandon(Context ctx) {
        Bodies.readOr(ctx, Bodies.EmptyBody.class, new Bodies.EmptyBody());
        IfMatch ifMatch = IfMatch.of(ctx);
        written(
                ctx,
                ifMatch == null
                        ? doctor.abandon(ctx.pathParam("id"))
                        : doctor.abandon(ctx.pathParam("id"), ifMatch.count(), ifMatch.expected()));
    }

    /**
     * Runs the probes of the session's host (or the body's) and adds their evidence; an {@code
     * If-Match} header guards it as any write, and the answer has the ETag of the session it left.
     */
    private void probe(Context ctx) {
        Bodies.ProbeBody body =
                Bodies.readOr(ctx, Bodies.ProbeBody.class, new Bodies.ProbeBody(null, null));
        Probing.Outcome outcome =
                probing.probe(
                        ctx, ctx.pathParam("id"), body.host(), body.gateway(), IfMatch.of(ctx));
        ctx.header("ETag", etag(outcome.session()));
        WebApp.json(ctx, Map.of("session", outcome.session(), "report", outcome.report()));
    }

    private void transcript(Context ctx) {
        String format = Objects.requireNonNullElse(Bodies.query(ctx, "format"), "json");
        Transcript transcript = doctor.transcript(ctx.pathParam("id"));
        switch (format) {
            case "json" -> WebApp.json(ctx, transcript);
            case "markdown" ->
                    ctx.contentType("text/markdown; charset=utf-8").result(transcript.markdown());
            default ->
                    throw new ApiException(
                            400,
                            "format",
                            "'format' must be markdown or json, not '" + format + "'");
        }
    }

    private void decode(Context ctx) {
        ErrorCodeTable table = knowledge().errorCodes();
        String code = Bodies.require("code", Bodies.query(ctx, "code"));
        String extended =
                TextLimits.text("extended", Bodies.query(ctx, "extended"), TextLimits.CODE_MAX);
        try {
            table.decodeDisconnect(code);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "code", e.getMessage());
        }
        Map<String, Object> out;
        try {
            out = table.describe(code, extended);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "extended", e.getMessage());
        }
        WebApp.json(ctx, out);
    }

    private static int limit(Context ctx, int byDefault) {
        String text = Bodies.query(ctx, "limit");
        int limit;
        try {
            limit = text == null ? byDefault : Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            limit = 0;
        }
        if (limit < 1 || limit > SessionPage.MAX_LIMIT) {
            throw new ApiException(
                    400,
                    "limit",
                    "'limit' must be between 1 and %,d".formatted(SessionPage.MAX_LIMIT));
        }
        return limit;
    }

    private KnowledgeBase knowledge() {
        return doctor.rules().knowledge();
    }

    private static String openApi() {
        try (InputStream in = ApiRoutes.class.getResourceAsStream("/openapi.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("openapi.json is missing from the build", e);
        }
    }
}
