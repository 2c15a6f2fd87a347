package org.rdpdoctor.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.rdpdoctor.IdempotencyKey;
import org.rdpdoctor.IdempotencyKeyReusedException;
import org.rdpdoctor.OneLine;
import org.rdpdoctor.RdpDoctor;
import org.rdpdoctor.SessionView;
import org.rdpdoctor.StartRequest;
import org.rdpdoctor.StartedSession;
import org.rdpdoctor.TextLimits;
import org.rdpdoctor.Transcript;
import org.rdpdoctor.engine.DiagnosisState;
import org.rdpdoctor.engine.Event;
import org.rdpdoctor.engine.FixOutcome;
import org.rdpdoctor.engine.InvalidEventException;
import org.rdpdoctor.engine.Json;
import org.rdpdoctor.engine.RuleBase;
import org.rdpdoctor.kb.Cause;
import org.rdpdoctor.kb.DecodedCode;
import org.rdpdoctor.kb.ErrorCodeTable;
import org.rdpdoctor.kb.Fix;
import org.rdpdoctor.kb.KnowledgeBase;
import org.rdpdoctor.kb.Option;
import org.rdpdoctor.kb.Question;
import org.rdpdoctor.probe.Endpoint;
import org.rdpdoctor.probe.ProbeRefusedException;
import org.rdpdoctor.probe.ProbeResult;
import org.rdpdoctor.probe.ProbeTarget;
import org.rdpdoctor.store.ConcurrentUpdateException;
import org.rdpdoctor.store.SessionSummary;
import org.rdpdoctor.store.StoredEvent;

/**
 * The helpdesk pages: start, one question at a time, the diagnosis with its fixes, the transcript.
 * Forms post and redirect (post/redirect/get), so the back button and a reload never send an answer
 * twice; each form carries the event count it was drawn from.
 */
final class Pages {
    private static final DateTimeFormatter SHOWN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    /**
     * The start form's one-time key: each start page draws a new one, and a form sent again with it
     * (a double click, the Back button) starts no second session, as the API's {@code
     * Idempotency-Key} does.
     */
    static final String START_KEY = "startKey";

    private static final String ALREADY_RECORDED =
            "Already recorded: this form was sent twice, and what it sent counts once. Here is the"
                    + " session as it is now.";

    private final RdpDoctor doctor;
    private final Views views;
    private final Probing probing;
    private final Notes notes;

    Pages(RdpDoctor doctor, Views views, Probing probing, Notes notes) {
        this.doctor = doctor;
        this.views = views;
        this.probing = probing;
        this.notes = notes;
    }

    void register(Javalin app) {
        app.get("/", this::start);
        app.post("/sessions", this::create);
        app.get("/sessions/{id}", this::session);
        app.post(
                "/sessions/{id}/answer",
                ctx ->
                        post(
                                ctx,
                                new Event.Answered(
                                        form(ctx, "questionId"), form(ctx, "optionId"))));
        app.post(
                "/sessions/{id}/withdraw",
                ctx -> post(ctx, new Event.Withdrawn(form(ctx, "questionId"))));
        app.post(
                "/sessions/{id}/fix",
                ctx -> post(ctx, new Event.FixTried(form(ctx, "fixId"), worked(ctx))));
        app.post(
                "/sessions/{id}/evidence/withdraw",
                ctx ->
                        post(
                                ctx,
                                new Event.EvidenceWithdrawn(
                                        form(ctx, "kind"), ProbeResult.SOURCE)));
        app.post("/sessions/{id}/probe", this::probe);
        app.get("/sessions/{id}/transcript", this::transcript);
        app.get(
                "/sessions/{id}/transcript.md",
                ctx ->
                        download(
                                ctx,
                                "md",
                                "text/markdown; charset=utf-8",
                                doctor.transcript(ctx.pathParam("id")).markdown()));
        app.get(
                "/sessions/{id}/transcript.json",
                ctx ->
                        download(
                                ctx,
                                "json",
                                "application/json",
                                Json.mapper()
                                        .writeValueAsString(
                                                doctor.transcript(ctx.pathParam("id")))));
    }

    private void start(Context ctx) {
        renderStart(ctx, new HashMap<>(), Map.of(), null);
    }

    /**
     * The start page; after a refused form, with what was typed and the error shown at the field at
     * fault ({@code errorField}, or below the form when it names none of the form's fields).
     */
    private void renderStart(
            Context ctx, Map<String, Object> form, String errorField, String error) {
        renderStart(ctx, form, errorField == null ? Map.of() : Map.of(errorField, error), error);
    }

    /**
     * The start page after a refused form, with what was typed and each error at its field ({@code
     * fieldErrors}, in the form's order; the first field takes the focus), or {@code error} below
     * the form when they name none of the form's fields.
     */
    private void renderStart(
            Context ctx, Map<String, Object> form, Map<String, String> fieldErrors, String error) {
        String typed = Bodies.query(ctx, "ticketRef");
        String lookup = typed == null || typed.isBlank() ? null : typed.strip();
        String ticketRef =
                lookup == null
                        ? null
                        : TextLimits.text("ticketRef", lookup, TextLimits.TICKET_REF_MAX);
        String cursor = Bodies.query(ctx, SessionPage.CURSOR);
        int limit = SessionPage.defaultLimit(ticketRef);
        String listNote = null;
        SessionPage page;
        try {
            page = SessionPage.read(doctor, ticketRef, limit, cursor);
        } catch (ApiException e) {
            if (!SessionPage.CURSOR.equals(e.field())) {
                throw e;
            }
            // The API's message speaks of a Link header, which a browser's user never sees.
            ctx.status(HttpStatus.BAD_REQUEST);
            listNote =
                    "That link to older sessions was cut short or changed, so it leads nowhere;"
                            + " here are the newest sessions.";
            cursor = null;
            page = SessionPage.read(doctor, ticketRef, limit, null);
        }
        List<SessionSummary> sessions = page.sessions();
        KnowledgeBase kb = doctor.rules().knowledge();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (SessionSummary s : sessions) {
            Map<String, Object> row = Views.map(s);
            row.put(
                    "leadingTitle",
                    s.leadingCause() == null
                            ? null
                            : kb.cause(s.leadingCause())
                                    .map(c -> c.title())
                                    .orElse(s.leadingCause()));
            row.put("updatedShown", SHOWN.format(s.updatedAt()));
            rows.add(row);
        }
        Map<String, Object> model = base(ctx, "Start");
        model.put(START_KEY, UUID.randomUUID().toString());
        model.put("form", form);
        Map<String, String> atFields = new LinkedHashMap<>(fieldErrors);
        atFields.keySet().retainAll(form.keySet());
        model.put("formError", atFields.isEmpty() ? error : null);
        model.put("fieldErrors", atFields);
        model.put("errorField", atFields.keySet().stream().findFirst().orElse(null));
        model.put("lookup", lookup);
        // What no session matched, with a line break or a bidi override written out: the sentence
        // that quotes it is the page's own.
        model.put("lookupShown", lookup == null ? null : OneLine.of(lookup));
        model.put("sessions", rows);
        model.put("olderSessions", page.next() == null ? null : "/?" + page.next());
        model.put("paged", cursor != null);
        model.put("listNote", listNote);
        views.render(ctx, Views.START, model);
    }

    private void create(Context ctx) {
        Map<String, Object> form = new HashMap<>();
        for (String field :
                List.of(
                        "pair",
                        "errorCode",
                        "extendedCode",
                        "host",
                        "ticketRef",
                        "notes",
                        "ticketText")) {
            form.put(field, Bodies.form(ctx, field));
        }
        if (Csrf.expired(ctx)) {
            ctx.status(HttpStatus.FORBIDDEN);
            renderStart(
                    ctx,
                    form,
                    Csrf.FIELD,
                    "Nothing was started: the form on this page had expired (rdp-doctor restarted, or"
                            + " the browser began a new visit, after the page was shown). What you"
                            + " typed is below; send it again.");
            return;
        }
        Csrf.check(ctx);
        try {
            IdempotencyKey key = startKey(ctx);
            String ticketText = field(ctx, "ticketText");
            String typedError = field(ctx, "errorCode");
            String typedExtended = field(ctx, "extendedCode");
            ErrorCodeTable table = doctor.rules().knowledge().errorCodes();
            Map<String, String> text =
                    TextLimits.problems(
                            new StartRequest(
                                    typedError,
                                    typedExtended,
                                    field(ctx, "host"),
                                    field(ctx, "ticketRef"),
                                    field(ctx, "notes"),
                                    ticketText));
            // The codes first, as the form shows them: a text problem, else why it is no code.
            Map<String, String> problems = new LinkedHashMap<>();
            unreadable(problems, text, "errorCode", typedError, table::decodeDisconnect);
            unreadable(problems, text, "extendedCode", typedExtended, table::decodeExtended);
            text.forEach(problems::putIfAbsent);
            if (!problems.isEmpty()) {
                // Every field at fault at once, so that one send fixes them all.
                ctx.status(HttpStatus.BAD_REQUEST);
                renderStart(ctx, form, problems, null);
                return;
            }
            StartCodes codes =
                    StartCodes.of(
                            doctor.rules().knowledge(),
                            typedError,
                            typedExtended,
                            StartCodes.Choice.of(
                                    Bodies.form(ctx, "pair"), typedError, typedExtended),
                            ticketText);
            String code = codes.errorCode();
            String extended = codes.extendedCode();
            List<String> said = new ArrayList<>();
            if (codes.note() != null) {
                said.add(codes.note());
            }
            if (code == null && ticketText == null) {
                throw new InvalidEventException(
                        "errorCode",
                        "give the error code shown, e.g. 0x904, or choose \u201cNo code shown\u201d"
                                + " when the dialog showed none");
            }
            StartedSession started =
                    doctor.start(
                            new StartRequest(
                                    code,
                                    extended,
                                    field(ctx, "host"),
                                    field(ctx, "ticketRef"),
                                    field(ctx, "notes"),
                                    ticketText),
                            key);
            SessionView session = started.session();
            if (started.replayed()) {
                ctx.redirect(
                        "/sessions/" + session.id() + notes.query(ALREADY_RECORDED),
                        HttpStatus.SEE_OTHER);
                return;
            }
            if ("1".equals(Bodies.form(ctx, "probe"))) {
                probeQuietly(ctx, session.id()).ifPresent(said::add);
            }
            ctx.redirect(
                    "/sessions/"
                            + session.id()
                            + (said.isEmpty() ? "" : notes.query(String.join(" ", said))),
                    HttpStatus.SEE_OTHER);
        } catch (InvalidEventException e) {
            ctx.status(HttpStatus.BAD_REQUEST);
            renderStart(ctx, form, e.field(), e.reason());
        } catch (ApiException e) {
            ctx.status(HttpStatus.BAD_REQUEST);
            renderStart(ctx, form, e.field(), e.getMessage());
        } catch (IdempotencyKeyReusedException e) {
            // The page came back (the Back button) with the key it had sent, and was changed: the
            // page drawn now has a new key, so sending it again starts a session with the changes.
            ctx.status(HttpStatus.UNPROCESSABLE_CONTENT);
            renderStart(
                    ctx,
                    form,
                    Map.of(),
                    "Nothing was started: this form already started session "
                            + e.sessionId()
                            + " (in the list below) before it was changed. To start another"
                            + " session with what is typed now, send it again.");
        }
    }

    /**
     * Adds the text problem of {@code field}, if {@code text} has one, else why {@code code}, typed
     * in it, cannot be read as a code, if it cannot.
     */
    private static void unreadable(
            Map<String, String> problems,
            Map<String, String> text,
            String field,
            String code,
            Function<String, DecodedCode> decode) {
        if (text.containsKey(field)) {
            problems.put(field, text.get(field));
            return;
        }
        if (code == null) {
            return;
        }
        try {
            decode.apply(code);
        } catch (IllegalArgumentException e) {
            problems.put(field, e.getMessage());
        }
    }

    /**
     * The start form's one-time key, or null from a form without one (drawn by an older version).
     *
     * @throws ApiException when it is not a key
     */
    private static IdempotencyKey startKey(Context ctx) {
        String value = Bodies.form(ctx, START_KEY);
        if (value == null) {
            return null;
        }
        String problem = IdempotencyKey.problem(value);
        if (problem != null) {
            throw new ApiException(400, START_KEY, "'" + START_KEY + "' " + problem);
        }
        return new IdempotencyKey(value);
    }

    private void session(Context ctx) {
        renderSession(ctx, Map.of(), null, null);
    }

    /**
     * The session page; after a refused "Check the host", with what was typed in its form ({@code
     * probeForm}) and the error shown at the field at fault ({@code errorField}).
     */
    private void renderSession(
            Context ctx, Map<String, Object> probeForm, String errorField, String error) {
        RuleBase rules = doctor.rules();
        SessionView session = doctor.session(ctx.pathParam("id"), rules);
        KnowledgeBase kb = rules.knowledge();
        DiagnosisState state = session.state();
        String reanswer = Bodies.query(ctx, "question");
        DiagnosisState.NextQuestion question = state.nextQuestion();
        String currentOption = null;
        if (reanswer != null) {
            Optional<Question> asked = kb.question(reanswer);
            if (asked.isEmpty()) {
                // A "Change" link of a page drawn before a reload renamed or retired the question.
                // The note does not quote the id: a link made elsewhere could put any words there.
                ctx.redirect(
                        "/sessions/"
                                + session.id()
                                + notes.query(
                                        "That question is not in the knowledge base in force: a"
                                                + " reload since the page was shown may have"
                                                + " renamed or retired it. Here is the session as"
                                                + " the knowledge now sees it."),
                        HttpStatus.SEE_OTHER);
                return;
            }
            Question q = asked.get();
            question =
                    DiagnosisState.NextQuestion.of(
                            q, doctor.whyAsk(session.id(), q.id(), rules).orElse(null));
            // The answer in force is the one to change, the user's before evidence's; where the
            // user's counts beside the evidence's, there is none to change until the user answers.
            currentOption =
                    state.answers().stream()
                            .filter(a -> a.questionId().equals(reanswer))
                            .filter(a -> !a.fromEvidence() || !kb.answeredBySeveralValues(q))
                            .map(DiagnosisState.AnswerView::optionId)
                            .findFirst()
                            .orElse(null);
        }
        Map<String, Object> model = base(ctx, question != null ? question.text() : "Diagnosis");
        model.put("currentOption", currentOption);
        String leading =
                state.confirmedCause() != null ? state.confirmedCause() : state.leadingCause();
        model.put("session", Views.map(session));
        model.put("statusText", Transcript.statusText(session.status(), state));
        model.put("started", started(session));
        model.put("alsoNamed", alsoNamed(kb, session));
        model.put("commandHost", commandHost(session));
        model.put("fixesTried", fixesTried(state, kb));
        model.put("state", Views.plain(state));
        model.put(
                "besideEvidence",
                kb.questions().stream()
                        .filter(kb::answeredBySeveralValues)
                        .map(Question::id)
                        .toList());
        model.put(
                "userAnswered",
                state.answers().stream()
                        .filter(a -> !a.fromEvidence())
                        .map(DiagnosisState.AnswerView::questionId)
                        .toList());
        model.put("question", question == null ? null : Views.plain(question));
        model.put("helpParts", CodeSpans.of(question == null ? null : question.help()));
        model.put("reanswer", reanswer != null);
        DiagnosisState.NextQuestion fixQuestion = question == null ? state.fixQuestion() : null;
        model.put("fixQuestion", fixQuestion == null ? null : Views.plain(fixQuestion));
        model.put("fixHelpParts", CodeSpans.of(fixQuestion == null ? null : fixQuestion.help()));
        model.put(
                "leader",
                state.ranking().stream()
                        .filter(c -> c.causeId().equals(leading))
                        .findFirst()
                        .map(Views::plain)
                        .orElse(null));
        model.put(
                "leaderCause",
                leading == null ? null : kb.cause(leading).map(Views::plain).orElse(null));
        Map<String, String> meanings = new HashMap<>();
        kb.evidenceKinds()
                .forEach(
                        k ->
                                k.values()
                                        .forEach(
                                                v ->
                                                        meanings.put(
                                                                k.id() + "=" + v.id(),
                                                                v.meaning())));
        model.put("meanings", meanings);
        model.put("sources", SourcesPage.links(kb));
        model.put("platforms", platforms(state, kb));
        model.put("probeForm", probeForm);
        model.put("formError", error);
        model.put("fieldErrors", errorField == null ? Map.of() : Map.of(errorField, error));
        model.put("errorField", errorField);
        views.render(ctx, Views.SESSION, model);
    }

    /**
     * The platforms the answers name (client and server), each with what it does by default, as
     * {@code environments.yaml} records it.
     */
    private static List<Object> platforms(DiagnosisState state, KnowledgeBase kb) {
        return state.answers().stream()
                .flatMap(
                        a ->
                                kb
                                        .question(a.questionId())
                                        .flatMap(q -> q.option(a.optionId()))
                                        .map(Option::environment)
                                        .flatMap(kb::environment)
                                        .stream())
                .distinct()
                .map(Views::plain)
                .toList();
    }

    /** The host and notes typed when the session started. */
    private static Map<String, Object> started(SessionView session) {
        return start(session).map(Views::map).orElseGet(Map::of);
    }

    /** The session's start event. */
    private static Optional<Event.Started> start(SessionView session) {
        return session.events().stream()
                .map(StoredEvent::event)
                .filter(Event.Started.class::isInstance)
                .map(Event.Started.class::cast)
                .findFirst();
    }

    /**
     * The error codes the session's ticket names besides its own, as the page tells them: each with
     * the session that diagnoses it, if there is one (the one its form started, else one of the
     * same ticket reference), else the start key of its form. The key is the same on every visit,
     * so a second press, from this page or another tab, opens the session the first one started.
     */
    private Map<String, Object> alsoNamed(KnowledgeBase kb, SessionView session) {
        StartCodes.AlsoNamed also =
                start(session)
                        .map(
                                start ->
                                        StartCodes.AlsoNamed.of(
                                                kb, start.ticketText(), start.errorCode()))
                        .orElse(new StartCodes.AlsoNamed(null, List.of()));
        List<SessionSummary> ofTicket =
                also.others().isEmpty() || session.ticketRef() == null
                        ? List.of()
                        : doctor.sessionsOfTicket(session.ticketRef());
        List<Map<String, Object>> others = new ArrayList<>();
        for (StartCodes.AlsoNamed.Other other : also.others()) {
            Map<String, Object> row = Views.map(other);
            IdempotencyKey key =
                    new IdempotencyKey("also-named:" + session.id() + ":" + other.errorCode());
            Predicate<SessionSummary> diagnosesIt =
                    s ->
                            !s.id().equals(session.id())
                                    && Objects.equals(s.ticketRef(), session.ticketRef())
                                    && kb.errorCodes().sameError(s.errorCode(), other.errorCode());
            Optional<SessionSummary> keyed = doctor.sessionStartedWith(key);
            Optional<String> existing =
                    Stream.concat(keyed.stream(), ofTicket.stream())
                            .filter(diagnosesIt)
                            .map(SessionSummary::id)
                            .findFirst();
            if (existing.isPresent()) {
                row.put("sessionId", existing.get());
            } else {
                // A key some other request took (the API takes any key) cannot start this one.
                row.put(START_KEY, keyed.isPresent() ? UUID.randomUUID().toString() : key.value());
            }
            others.add(row);
        }
        Map<String, Object> view = new HashMap<>();
        view.put("note", also.note());
        view.put("others", others);
        view.put(
                "startNote",
                "Started from the ticket of session "
                        + session.id()
                        + ", which names this error besides its own; the ticket text, and what it"
                        + " shows, stay with that session.");
        return view;
    }

    /**
     * The session's host as the fixes' commands write it in place of {@code <host>}: a host name or
     * an IPv4 address; null when the session names none, names it in a form a command cannot take
     * as typed (an IPv6 address, text that is no host), or names another port than 3389, which
     * commands written for {@code <host>} would not reach.
     */
    private static String commandHost(SessionView session) {
        String host = start(session).map(Event.Started::host).orElse(null);
        if (host == null) {
            return null;
        }
        try {
            Endpoint target = Endpoint.parse(host, ProbeTarget.RDP_PORT);
            return target.host().contains(":") || target.port() != ProbeTarget.RDP_PORT
                    ? null
                    : target.host();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The fixes tried so far, in order, with their titles. */
    private static List<Map<String, Object>> fixesTried(DiagnosisState state, KnowledgeBase kb) {
        List<Map<String, Object>> tried = new ArrayList<>();
        for (FixOutcome outcome : state.fixOutcomes()) {
            Map<String, Object> row = new HashMap<>();
            row.put("fixId", outcome.fix());
            row.put("title", kb.fix(outcome.fix()).map(Fix::title).orElse(outcome.fix()));
            row.put("worked", outcome.worked());
            tried.add(row);
        }
        return tried;
    }

    private void post(Context ctx, Event event) {
        if (expired(ctx)) {
            return;
        }
        Csrf.check(ctx);
        String id = ctx.pathParam("id");
        String count = Bodies.form(ctx, "eventCount");
        if (count != null && !count.matches("\\d{1,9}")) {
            throw new ApiException(
                    400,
                    "eventCount",
                    "'eventCount' must be the number of events the page was drawn from");
        }
        String drawnWith = Bodies.form(ctx, "knowledge");
        Integer drawnFrom = count == null ? null : Integer.valueOf(count);
        String ledBefore =
                event instanceof Event.FixTried tried && !tried.worked()
                        ? doctor.session(id).state().leadingCause()
                        : null;
        SessionView after;
        try {
            after = doctor.apply(id, event, drawnFrom);
        } catch (ConcurrentUpdateException e) {
            if (!sentTwice(id, event, drawnFrom)) {
                throw e;
            }
            ctx.redirect("/sessions/" + id + notes.query(ALREADY_RECORDED), HttpStatus.SEE_OTHER);
            return;
        } catch (InvalidEventException e) {
            if (drawnWith == null || drawnWith.equals(doctor.rules().version())) {
                throw e;
            }
            // What the page offered, the knowledge reloaded since no longer has.
            ctx.redirect(
                    "/sessions/"
                            + id
                            + notes.query(
                                    "This was not recorded: the knowledge base was reloaded after"
                                            + " the page was shown, and what you chose is not in"
                                            + " it any more. Here is the session as the knowledge"
                                            + " now sees it; choose again."),
                    HttpStatus.SEE_OTHER);
            return;
        }
        String note =
                ledBefore == null
                        ? null
                        : failedFixNote(((Event.FixTried) event).fixId(), ledBefore, after.state());
        ctx.redirect(
                "/sessions/" + id + (note == null ? "" : notes.query(note)), HttpStatus.SEE_OTHER);
    }

    /**
     * What a fix that did not help changed, when the page alone would not say it: the cause it
     * counted against no longer leads, or no longer clearly, so another cause's fixes or the
     * questions follow. Null when that cause is still diagnosed and its next fix follows, which the
     * page explains itself.
     */
    private String failedFixNote(String fixId, String ledBefore, DiagnosisState after) {
        KnowledgeBase kb = doctor.rules().knowledge();
        if (ledBefore.equals(after.leadingCause())
                && after.status() == DiagnosisState.Status.DIAGNOSED) {
            return null;
        }
        String recorded =
                "Recorded: \u201C%s\u201D did not help, which counts against %s"
                        .formatted(
                                kb.fix(fixId).map(Fix::title).orElse(fixId),
                                causeTitle(kb, ledBefore));
        return switch (after.status()) {
            case DIAGNOSED ->
                    recorded + ". Most likely now: " + causeTitle(kb, after.leadingCause()) + ".";
            case ASKING -> recorded + ": no cause is clear any more, so the questions go on.";
            default -> recorded + ".";
        };
    }

    private static String causeTitle(KnowledgeBase kb, String causeId) {
        return kb.cause(causeId).map(Cause::title).orElse(causeId);
    }

    /**
     * Whether a form drawn from {@code drawnFrom} events was sent again after it was recorded (a
     * double click, a resend): the session has one event more, and it is {@code event}.
     */
    private boolean sentTwice(String id, Event event, Integer drawnFrom) {
        if (drawnFrom == null) {
            return false;
        }
        SessionView session = doctor.session(id);
        return session.eventCount() == drawnFrom + 1
                && session.events().get(session.events().size() - 1).event().equals(event);
    }

    /**
     * Whether a session's form came from a page drawn before a restart or before the browser's
     * token changed ({@link Csrf#expired}); if so, nothing is done and the session is shown again
     * with a note. The error page said to reload, which sends the same expired form again.
     */
    private boolean expired(Context ctx) {
        if (!Csrf.expired(ctx)) {
            return false;
        }
        ctx.redirect(
                "/sessions/"
                        + ctx.pathParam("id")
                        + notes.query(
                                "This was not recorded: the form on the page had expired (rdp-doctor"
                                        + " restarted, or the browser began a new visit, after the"
                                        + " page was shown). Here is the session as it is now;"
                                        + " check it and try again if still needed."),
                HttpStatus.SEE_OTHER);
        return true;
    }

    private void transcript(Context ctx) {
        Transcript transcript = doctor.transcript(ctx.pathParam("id"));
        Map<String, Object> model = base(ctx, "Transcript");
        model.put("transcript", Views.plain(transcript));
        model.put("markdown", transcript.markdown());
        model.put("startedShown", SHOWN.format(transcript.createdAt()));
        model.put("sources", SourcesPage.links(doctor.rules().knowledge()));
        views.render(ctx, Views.TRANSCRIPT, model);
    }

    private static void download(Context ctx, String extension, String type, String body) {
        ctx.header(
                "Content-Disposition",
                "attachment; filename=\"rdp-doctor-"
                        + ctx.pathParam("id")
                        + "."
                        + extension
                        + "\"");
        ctx.contentType(type).result(body);
    }

    /**
     * "Check the host": probes, then shows the session with what was measured. A check refused for
     * its host or gateway shows the session again with the reason at that field and what was typed.
     */
    private void probe(Context ctx) {
        if (expired(ctx)) {
            return;
        }
        Csrf.check(ctx);
        String id = ctx.pathParam("id");
        Map<String, Object> form = new HashMap<>();
        form.put("host", Bodies.form(ctx, "host"));
        form.put("gateway", Bodies.form(ctx, "gateway"));
        Probing.Outcome outcome;
        try {
            outcome = check(ctx, id, (String) form.get("host"), (String) form.get("gateway"));
        } catch (ProbeRefusedException e) {
            refusedAt(ctx, form, e, e.field(), HttpStatus.FORBIDDEN.getCode());
            return;
        } catch (ApiException e) {
            refusedAt(ctx, form, e, e.field(), e.status());
            return;
        }
        String note =
                outcome.sessionHost() == null
                        ? ""
                        : notes.query(
                                "Checked "
                                        + outcome.report().target()
                                        + ", not "
                                        + outcome.sessionHost()
                                        + ", the host this session started with: what it measured"
                                        + " now counts for this session. If that was a slip, check"
                                        + " the session's host again; its results replace these.");
        ctx.redirect("/sessions/" + id + note, HttpStatus.SEE_OTHER);
    }

    /**
     * Shows the session again with {@code refusal} at the form's {@code field}; a refusal of no
     * field of the form (the rate limit, an unknown session) goes on to the error page.
     */
    private void refusedAt(
            Context ctx,
            Map<String, Object> form,
            RuntimeException refusal,
            String field,
            int status) {
        if (!form.containsKey(field)) {
            throw refusal;
        }
        ctx.status(status);
        renderSession(ctx, form, field, refusal.getMessage());
    }

    /** The check of the form's {@code host} (blank: refused) and {@code gateway}. */
    private Probing.Outcome check(Context ctx, String id, String host, String gateway) {
        if (host != null && host.isBlank()) {
            throw new ApiException(
                    400, "host", "give the host to check, e.g. rds01.example.com or 10.0.0.5:3389");
        }
        return probing.probe(ctx, id, TextLimits.trimmed(host), TextLimits.trimmed(gateway), null);
    }

    /**
     * Probes right after the start; a refusal is said in a note on the session page, not as an
     * error.
     *
     * @return what to say, when the probe was refused
     */
    private Optional<String> probeQuietly(Context ctx, String id) {
        try {
            probing.probe(ctx, id, null, null, null);
            return Optional.empty();
        } catch (ProbeRefusedException | ApiException e) {
            return Optional.of("The host was not checked: " + e.getMessage());
        }
    }

    private Map<String, Object> base(Context ctx, String title) {
        Map<String, Object> model = new HashMap<>();
        model.put("title", title);
        model.put("csrf", Csrf.token(ctx));
        model.put("version", doctor.rules().version());
        model.put("probing", probing.isEnabled());
        model.put("note", notes.shown(Bodies.query(ctx, "note")));
        return model;
    }

    /** The fix form's outcome: its buttons send exactly true or false. */
    private static boolean worked(Context ctx) {
        String worked = Bodies.form(ctx, "worked");
        if (!"true".equals(worked) && !"false".equals(worked)) {
            throw new ApiException(400, "worked", "'worked' must be true or false");
        }
        return Boolean.parseBoolean(worked);
    }

    private static String form(Context ctx, String field) {
        return Bodies.require(field, Bodies.form(ctx, field));
    }

    /**
     * A field of the start form, trimmed (null when blank); {@link RdpDoctor#start} checks its
     * length and characters as it does for the API.
     */
    private static String field(Context ctx, String field) {
        return TextLimits.trimmed(Bodies.form(ctx, field));
    }
}
