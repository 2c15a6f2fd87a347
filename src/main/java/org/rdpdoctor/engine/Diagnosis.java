package org.rdpdoctor.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.FactHandle;
import org.rdpdoctor.kb.Cause;
import org.rdpdoctor.kb.DecodedCode;
import org.rdpdoctor.kb.ErrorCode;
import org.rdpdoctor.kb.ErrorCodeTable;
import org.rdpdoctor.kb.EvidenceKind;
import org.rdpdoctor.kb.Fix;
import org.rdpdoctor.kb.InvalidKnowledgeException;
import org.rdpdoctor.kb.KnowledgeBase;
import org.rdpdoctor.kb.Option;
import org.rdpdoctor.kb.Problem;
import org.rdpdoctor.kb.Question;

/**
 * One diagnosis session: takes events, keeps the facts they imply in a Drools session, and reports
 * its {@link DiagnosisState}. The state depends only on the events, so replaying them rebuilds it
 * exactly. Not thread-safe: one owner at a time.
 */
public final class Diagnosis implements AutoCloseable {
    /** The source of evidence measured by a probe, from the machine rdp-doctor runs on. */
    static final String PROBE_SOURCE = "probe";

    /** The sources an event may name for its evidence. */
    static final List<String> EVIDENCE_SOURCES = List.of(PROBE_SOURCE, "ticket", "user");

    /** The source of the evidence an error code stands for; events cannot claim it. */
    static final String CODE_SOURCE = "error-code";

    /**
     * Every source an {@link Answer} or {@link Evidence} fact holds: an event's, or the codes'. An
     * answer has the source of the evidence that gave it, or {@code user}.
     */
    static final List<String> FACT_SOURCES =
            Stream.concat(Stream.of(CODE_SOURCE), EVIDENCE_SOURCES.stream()).toList();

    private final RuleBase rules;
    private final KnowledgeBase kb;
    private final KieSession session;
    private final List<Event> events = new ArrayList<>();
    private final Map<String, String> userAnswers = new LinkedHashMap<>();
    private final Map<String, List<Answer>> answers = new HashMap<>();
    private final Map<String, List<FactHandle>> answerHandles = new HashMap<>();
    private final Map<List<String>, Evidence> evidence = new LinkedHashMap<>();
    private final Map<List<String>, FactHandle> evidenceHandles = new HashMap<>();
    private final Map<String, FixOutcome> fixOutcomes = new LinkedHashMap<>();
    private final Map<String, FactHandle> fixHandles = new HashMap<>();
    private final Set<String> linkedCauses = new HashSet<>();
    private final DerivedFacts derived;
    private DecodedCode error;
    private DecodedCode extended;
    private ErrorReport report;
    private DiagnosisState state;

    /** Events of a restored session that the knowledge and the engine in force no longer take. */
    private final List<DiagnosisState.LeftOut> leftOut = new ArrayList<>();

    /**
     * Whether this session is a stored one being restored, whose start may hold codes that an
     * earlier version took and this one refuses: they are then left out rather than refused.
     */
    private boolean restoring;

    private Diagnosis(RuleBase rules) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.kb = rules.knowledge();
        this.derived =
                new DerivedFacts(id -> kb.cause(id).isPresent(), id -> kb.fix(id).isPresent());
        this.session = rules.kieBase().newKieSession();
        this.session.addEventListener(derived);
    }

    /**
     * Starts a session from its first event.
     *
     * @throws InvalidEventException when a code is malformed
     */
    public static Diagnosis start(RuleBase rules, Event.Started started) {
        Diagnosis diagnosis = new Diagnosis(rules);
        try {
            diagnosis.take(started);
            diagnosis.fire();
            return diagnosis;
        } catch (RuntimeException e) {
            diagnosis.close();
            throw e;
        }
    }

    /**
     * Rebuilds a session from its events, the first of which must be {@link Event.Started}.
     *
     * @throws InvalidEventException naming the first event the session cannot take
     */
    public static Diagnosis replay(RuleBase rules, List<? extends Event> events) {
        return rebuild(rules, events, false);
    }

    /**
     * Rebuilds a stored session under the knowledge in force, which may have renamed or retired a
     * question, an option, an evidence kind or a fix since the session recorded it: an event after
     * the first that the knowledge no longer takes is left out, as is a start's extended code the
     * engine now refuses (one beside FreeRDP's last error, or one that no longer reads), and the
     * state names it in {@link DiagnosisState#leftOut()}, so the session can still be read,
     * continued and closed.
     *
     * @throws InvalidEventException when the first event is not a start the knowledge takes
     */
    public static Diagnosis restore(RuleBase rules, List<? extends Event> events) {
        return rebuild(rules, events, true);
    }

    private static Diagnosis rebuild(
            RuleBase rules, List<? extends Event> events, boolean leaveOut) {
        if (events.isEmpty() || !(events.get(0) instanceof Event.Started)) {
            throw new InvalidEventException("events[0]", "the first event must be 'started'");
        }
        Diagnosis diagnosis = new Diagnosis(rules);
        diagnosis.restoring = leaveOut;
        try {
            for (int i = 0; i < events.size(); i++) {
                try {
                    diagnosis.take(events.get(i));
                } catch (InvalidEventException e) {
                    if (leaveOut && i > 0) {
                        diagnosis.leftOut.add(
                                new DiagnosisState.LeftOut(i + 1, e.field(), e.reason()));
                        continue;
                    }
                    throw i == 0 ? e : e.within("events[" + i + "].");
                }
            }
            diagnosis.fire();
            return diagnosis;
        } catch (RuntimeException e) {
            diagnosis.close();
            throw e;
        }
    }

    /**
     * Applies one event and returns the new state.
     *
     * @throws InvalidEventException when the event names something the knowledge base lacks or does
     *     not fit the session; the session is then unchanged
     */
    public DiagnosisState apply(Event event) {
        change(event);
        return state();
    }

    /**
     * Whether applying {@code event} would change the session: not so for what the session already
     * holds (a form sent again, a request retried), which a caller need not store: an answer the
     * question already has from the user, the result a fix already has, or evidence it already has
     * from that source, with the same detail.
     */
    public boolean changes(Event event) {
        if (event instanceof Event.Answered a) {
            return a.optionId() == null || !a.optionId().equals(userAnswers.get(a.questionId()));
        }
        if (event instanceof Event.FixTried f) {
            FixOutcome now = fixOutcomes.get(f.fixId());
            return now == null || now.worked() != f.worked();
        }
        if (event instanceof Event.EvidenceAdded e) {
            return evidence.values().stream()
                    .noneMatch(
                            held ->
                                    held.kind().equals(e.kind())
                                            && held.value().equals(e.value())
                                            && held.source().equals(e.source())
                                            && Objects.equals(held.detail(), e.detail()));
        }
        return true;
    }

    /**
     * Why the question {@code questionId} is worth answering now, told as the next question's is:
     * the rules that make it askable and what each of its answers would do to the ranking. For a
     * question the user answered, the session is rebuilt without that answer to try the others, so
     * this session stays as it was.
     *
     * @return empty when no rule makes the question askable in this session
     * @throws InvalidEventException when the knowledge has no such question
     */
    public Optional<DiagnosisState.Why> whyAsk(String questionId) {
        Question q = question("questionId", questionId);
        if (!userAnswers.containsKey(q.id())) {
            return new StateBuilder(this, false).why(q);
        }
        try (Diagnosis without = rebuild(rules, events, true)) {
            without.change(new Event.Withdrawn(q.id()));
            return new StateBuilder(without, false).why(q);
        }
    }

    /** Applies one event without working out the new state, which {@link #outline()} may then. */
    void change(Event event) {
        take(event);
        fire();
    }

    /**
     * Fires the rules.
     *
     * @throws InvalidKnowledgeException when a rule named a cause or fix the knowledge lacks, or
     *     threw on the session's facts
     */
    private void fire() {
        try {
            session.fireAllRules();
        } catch (RuntimeException e) {
            throw RuleFailure.of(rules, e);
        }
        derived.unknown()
                .ifPresent(
                        u -> {
                            Optional<RuleInfo> rule = rules.rule(u.rule());
                            throw new InvalidKnowledgeException(
                                    List.of(
                                            new Problem(
                                                    rule.map(RuleInfo::file).orElse("rules"),
                                                    rule.map(RuleInfo::line).orElse(0),
                                                    0,
                                                    u.type(),
                                                    "rule \"%s\" %s"
                                                            .formatted(u.rule(), u.what()))));
                        });
    }

    /**
     * Takes one event's facts into the session without firing the rules. Rules only insert facts
     * logically, so what they derive depends on the facts alone, not on when they fired: a replay
     * takes every event and fires once at the end.
     */
    private void take(Event event) {
        Objects.requireNonNull(event, "event");
        if (events.isEmpty() != (event instanceof Event.Started)) {
            throw new InvalidEventException(
                    "type",
                    events.isEmpty()
                            ? "a session begins with 'started'"
                            : "the session has already started");
        }
        if (event instanceof Event.Started e) {
            begin(e);
        } else if (event instanceof Event.Answered e) {
            answer(e);
        } else if (event instanceof Event.Withdrawn e) {
            withdraw(e);
        } else if (event instanceof Event.EvidenceAdded e) {
            addEvidence(e);
        } else if (event instanceof Event.EvidenceWithdrawn e) {
            withdrawEvidence(e);
        } else if (event instanceof Event.FixTried e) {
            tryFix(e);
        }
        events.add(event);
        state = null;
    }

    /** Inserts a fact; Drools evaluates some conditions as it goes in, the rest as rules fire. */
    private FactHandle insert(Object fact) {
        try {
            return session.insert(fact);
        } catch (RuntimeException e) {
            throw RuleFailure.of(rules, e);
        }
    }

    /** The events applied so far, in order. */
    public List<Event> events() {
        return List.copyOf(events);
    }

    public RuleBase rules() {
        return rules;
    }

    /** The current state, computed once per event. */
    public DiagnosisState state() {
        if (state == null) {
            state = new StateBuilder(this, true).build();
        }
        return state;
    }

    /**
     * The current state without the ranking's reasons, the fixes and the answers, for walking many
     * situations (the decision tree): the reasons' texts were a fifth of {@code lint}'s time.
     */
    DiagnosisState outline() {
        return state != null ? state : new StateBuilder(this, false).build();
    }

    @Override
    public void close() {
        session.dispose();
    }

    private void begin(Event.Started e) {
        DecodedCode code = decode("errorCode", e.errorCode(), true);
        DecodedCode ext;
        try {
            ext = decode("extendedCode", e.extendedCode(), false);
        } catch (InvalidEventException unreadable) {
            if (!restoring) {
                throw unreadable;
            }
            leaveOutExtendedCode(unreadable.reason());
            ext = null;
        }
        if (ext != null && !code.takes(ext)) {
            Optional<String> contradiction = code.contradiction(ext);
            if (contradiction.isPresent()) {
                String reason = contradiction.get();
                if (!restoring) {
                    throw InvalidEventException.unknownToKnowledge(
                            "extendedCode", reason + ": " + code.remedy());
                }
                leaveOutExtendedCode(reason);
            }
            ext = null;
        }
        error = code;
        extended = ext;
        report = new ErrorReport(code.value(), ext == null ? code.errorInfo() : ext.value());
        insert(report);
        implied("error code", code);
        implied("extended code", ext);
    }

    /**
     * Notes that a stored start's extended code, which the session would refuse now, is left out:
     * the session stays readable without it.
     */
    private void leaveOutExtendedCode(String why) {
        leftOut.add(
                new DiagnosisState.LeftOut(
                        1, "extendedCode", why + "; the session goes on without it"));
    }

    /**
     * Puts in the evidence a code stands for, such as a failed TCP connect for 0x204, and what its
     * being in FreeRDP's form tells.
     */
    private void implied(String which, DecodedCode code) {
        if (code == null) {
            return;
        }
        if (code.entry() != null && code.entry().evidence() != null) {
            observed(code.entry().evidence(), which + " " + code.shown());
        }
        ErrorCodeTable.FreerdpForm form = kb.errorCodes().freerdpForm();
        if (code.freerdpClass() != null && form != null) {
            observed(form.evidence(), which + " " + code.shown() + " in FreeRDP's form");
        }
    }

    private void observed(ErrorCode.Observation o, String detail) {
        putEvidence(
                kb.evidenceKind(o.kind()).orElseThrow(),
                new Evidence(o.kind(), o.value(), CODE_SOURCE, detail));
    }

    private DecodedCode decode(String field, String text, boolean required) {
        if (text == null || text.isBlank()) {
            if (required) {
                throw new InvalidEventException(
                        field,
                        "missing: give the error code shown, e.g. 0x904, or none when the dialog"
                                + " showed no code");
            }
            return null;
        }
        try {
            return field.equals("errorCode")
                    ? kb.errorCodes().decodeDisconnect(text)
                    : kb.errorCodes().decodeExtended(text);
        } catch (IllegalArgumentException ex) {
            throw new InvalidEventException(field, ex.getMessage());
        }
    }

    private void answer(Event.Answered e) {
        Question q = question("questionId", e.questionId());
        required("optionId", e.optionId());
        if (q.option(e.optionId()).isEmpty()) {
            throw InvalidEventException.unknownToKnowledge(
                    "optionId",
                    "'"
                            + e.optionId()
                            + "' is not an option of '"
                            + q.id()
                            + "'; options: "
                            + q.options().stream().map(Option::id).toList()
                            + " or unknown");
        }
        userAnswers.remove(q.id());
        userAnswers.put(q.id(), e.optionId());
        refresh(q);
    }

    private void withdraw(Event.Withdrawn e) {
        Question q = question("questionId", e.questionId());
        if (userAnswers.remove(q.id()) == null) {
            throw new InvalidEventException(
                    "questionId",
                    "'"
                            + q.id()
                            + "' has no answer of the user's to withdraw"
                            + (answers.containsKey(q.id())
                                    ? "; evidence answers it, and answering the question "
                                            + (kb.answeredBySeveralValues(q)
                                                    ? "adds to that (an answer that names none"
                                                            + " of its values replaces it)"
                                                    : "replaces that")
                                    : ""));
        }
        refresh(q);
    }

    private void addEvidence(Event.EvidenceAdded e) {
        required("kind", e.kind());
        required("value", e.value());
        required("source", e.source());
        var kind = evidenceKind(e.kind());
        if (kind.value(e.value()).isEmpty()) {
            throw InvalidEventException.unknownToKnowledge(
                    "value",
                    "'"
                            + e.value()
                            + "' is not a value of '"
                            + kind.id()
                            + "'; values: "
                            + kind.values().stream().map(v -> v.id()).toList());
        }
        checkSource(e.source());
        putEvidence(kind, new Evidence(e.kind(), e.value(), e.source(), e.detail()));
    }

    private EvidenceKind evidenceKind(String id) {
        return kb.evidenceKind(id)
                .orElseThrow(
                        () ->
                                InvalidEventException.unknownToKnowledge(
                                        "kind", "unknown evidence kind '" + id + "'"));
    }

    /** A source events may name: not {@value #CODE_SOURCE}, which only the codes give. */
    private static void checkSource(String source) {
        if (!EVIDENCE_SOURCES.contains(source)) {
            throw new InvalidEventException(
                    "source", "'" + source + "' is not one of " + EVIDENCE_SOURCES);
        }
    }

    private void withdrawEvidence(Event.EvidenceWithdrawn e) {
        required("kind", e.kind());
        required("source", e.source());
        evidenceKind(e.kind());
        checkSource(e.source());
        List<List<String>> keys =
                evidence.entrySet().stream()
                        .filter(
                                entry ->
                                        entry.getValue().kind().equals(e.kind())
                                                && entry.getValue().source().equals(e.source()))
                        .map(Map.Entry::getKey)
                        .toList();
        if (keys.isEmpty()) {
            throw new InvalidEventException(
                    "kind",
                    "the session has no evidence of kind '"
                            + e.kind()
                            + "' from '"
                            + e.source()
                            + "' to withdraw");
        }
        for (List<String> key : keys) {
            evidence.remove(key);
            session.delete(evidenceHandles.remove(key));
        }
        refreshAskingFor(e.kind());
    }

    /**
     * Puts evidence into the session, replacing what the same source said before about a kind that
     * has one value, and answers the questions that ask for its kind (see {@link #refresh}).
     */
    private void putEvidence(EvidenceKind kind, Evidence fact) {
        List<String> key =
                kind.multiple()
                        ? List.of(fact.kind(), fact.value(), fact.source())
                        : List.of(fact.kind(), fact.source());
        FactHandle old = evidenceHandles.remove(key);
        if (old != null) {
            session.delete(old);
        }
        evidence.remove(key);
        evidence.put(key, fact);
        evidenceHandles.put(key, insert(fact));
        refreshAskingFor(fact.kind());
    }

    /** Refreshes the questions that ask for evidence of {@code kind}. */
    private void refreshAskingFor(String kind) {
        for (Question q : kb.questions()) {
            if (kind.equals(q.evidenceKind())) {
                refresh(q);
            }
        }
    }

    private void tryFix(Event.FixTried e) {
        required("fixId", e.fixId());
        if (kb.fix(e.fixId()).isEmpty()) {
            throw InvalidEventException.unknownToKnowledge(
                    "fixId", "unknown fix '" + e.fixId() + "'");
        }
        FactHandle old = fixHandles.remove(e.fixId());
        if (old != null) {
            session.delete(old);
        }
        // Which causes a fix repairs matters only once it has an outcome: linking every fix at
        // the start would cost each session as much as the knowledge base is large. A cause is
        // linked with all its fixes at once, so that rules can tell when every one of them failed.
        for (Cause cause : kb.causes()) {
            if (cause.fixes().contains(e.fixId()) && linkedCauses.add(cause.id())) {
                List<String> fixes = cause.fixes();
                for (int i = 0; i < fixes.size(); i++) {
                    Fix fix = kb.fix(fixes.get(i)).orElseThrow();
                    Weight ifFailed = Weight.against(fix.ifFailed(cause.id()).against());
                    insert(new FixOf(fix.id(), cause.id(), ifFailed, i == fixes.size() - 1));
                }
            }
        }
        FixOutcome outcome = new FixOutcome(e.fixId(), e.worked());
        fixOutcomes.remove(e.fixId());
        fixOutcomes.put(e.fixId(), outcome);
        fixHandles.put(e.fixId(), insert(outcome));
    }

    /** Refuses a field an event cannot do without, null or blank. */
    private static void required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidEventException(field, "missing");
        }
    }

    private Question question(String field, String id) {
        required(field, id);
        return kb.question(id)
                .orElseThrow(
                        () ->
                                InvalidEventException.unknownToKnowledge(
                                        field, "unknown question '" + id + "'"));
    }

    /**
     * Puts the effective answers of a question into the session. Evidence of a kind with one value
     * answers with the option of the latest report, and the user's answer replaces it. Evidence of
     * a kind with several values (event IDs) answers with the option of each value reported, so two
     * events named in one ticket both count, and the user's answer counts beside them (first, and
     * once when it names an option the evidence gives too): an event the user saw in the log does
     * not undo one the ticket quotes. An option that names no value ("None of these") says the log
     * holds none of them, so it replaces them.
     */
    private void refresh(Question q) {
        String user = userAnswers.get(q.id());
        List<Answer> wanted;
        if (user == null) {
            wanted = evidenceAnswers(q);
        } else if (kb.answeredBySeveralValues(q) && !namesNoValue(q, user)) {
            wanted =
                    Stream.concat(
                                    Stream.of(new Answer(q.id(), user, "user")),
                                    evidenceAnswers(q).stream()
                                            .filter(a -> !a.option().equals(user)))
                            .toList();
        } else {
            wanted = List.of(new Answer(q.id(), user, "user"));
        }
        if (wanted.equals(answers.getOrDefault(q.id(), List.of()))) {
            return;
        }
        answerHandles.getOrDefault(q.id(), List.of()).forEach(session::delete);
        answerHandles.remove(q.id());
        answers.remove(q.id());
        if (!wanted.isEmpty()) {
            answers.put(q.id(), wanted);
            List<FactHandle> handles = new ArrayList<>();
            wanted.forEach(answer -> handles.addAll(insertAnswer(q, answer)));
            answerHandles.put(q.id(), handles);
        }
    }

    /**
     * Whether {@code option} is an answer that names no evidence value, as "None of these" does; "I
     * don't know" says nothing about the values.
     */
    private static boolean namesNoValue(Question q, String option) {
        return !Option.UNKNOWN.equals(option)
                && q.option(option).map(o -> o.evidence().isEmpty()).orElse(false);
    }

    /**
     * The answers the evidence gives a question, one per option, in the order reported; for a kind
     * with one value, only the latest report counts, even when no option stands for its value. The
     * questions ask about the failing client, so for such a kind a probe, which measures from the
     * machine rdp-doctor runs on, answers only while nothing from the client's side (its error
     * code, the ticket, the user) reports the kind: a probe that connects does not undo the
     * client's own failed connect.
     */
    private List<Answer> evidenceAnswers(Question q) {
        boolean several = kb.answeredBySeveralValues(q);
        boolean fromClient =
                !several
                        && evidence.values().stream()
                                .anyMatch(
                                        f ->
                                                f.kind().equals(q.evidenceKind())
                                                        && !f.source().equals(PROBE_SOURCE));
        Map<String, Answer> byOption = new LinkedHashMap<>();
        for (Evidence fact : evidence.values()) {
            if (!fact.kind().equals(q.evidenceKind())
                    || fromClient && fact.source().equals(PROBE_SOURCE)) {
                continue;
            }
            if (!several) {
                byOption.clear();
            }
            q.optionFor(fact.kind(), fact.value())
                    .ifPresent(
                            o ->
                                    byOption.putIfAbsent(
                                            o.id(), new Answer(q.id(), o.id(), fact.source())));
        }
        return List.copyOf(byOption.values());
    }

    private List<FactHandle> insertAnswer(Question q, Answer answer) {
        List<FactHandle> handles = new ArrayList<>();
        handles.add(insert(answer));
        q.option(answer.option())
                .map(Option::environment)
                .flatMap(kb::environment)
                .ifPresent(
                        env ->
                                env.traits()
                                        .forEach(
                                                t ->
                                                        handles.add(
                                                                insert(
                                                                        new Trait(
                                                                                env.role(),
                                                                                t,
                                                                                env.id())))));
        return handles;
    }

    /**
     * What each answer of each question would change: for every question, in order, the supports
     * the session would gain and lose and the fix hints it would hold with each of its options as
     * the answer. One answer is tried at a time; trying the next one takes the previous one back in
     * the same firing, and the session is as before at the end.
     */
    Map<String, List<TriedAnswer>> ifAnswered(List<Question> questions) {
        Map<String, List<TriedAnswer>> found = new LinkedHashMap<>();
        List<FactHandle> tried = List.of();
        derived.openJournal();
        try {
            for (Question q : questions) {
                List<TriedAnswer> perOption = new ArrayList<>();
                for (Option option : q.options()) {
                    tried.forEach(session::delete);
                    tried = insertAnswer(q, new Answer(q.id(), option.id(), "user"));
                    fire();
                    perOption.add(
                            new TriedAnswer(derived.sinceOpened(), Set.copyOf(derived.tryFirst)));
                }
                found.put(q.id(), perOption);
            }
        } finally {
            tried.forEach(session::delete);
            fire();
            derived.closeJournal();
        }
        return found;
    }

    /** What one tried answer would do: the supports gained and lost, and the fix hints in force. */
    record TriedAnswer(SupportChange supports, Set<TryFirst> tryFirst) {}

    /** The supports in the session now (a copy). */
    Set<Support> supports() {
        return new LinkedHashSet<>(derived.supports);
    }

    /** The asks in the session now (a copy). */
    Set<Ask> asks() {
        return new LinkedHashSet<>(derived.asks);
    }

    /** The fix hints in the session now (a copy). */
    Set<TryFirst> tryFirst() {
        return new LinkedHashSet<>(derived.tryFirst);
    }

    KnowledgeBase kb() {
        return kb;
    }

    DecodedCode error() {
        return error;
    }

    DecodedCode extended() {
        return extended;
    }

    /** The codes as the rules see them. */
    ErrorReport report() {
        return report;
    }

    /** The questions the user answers now: a changed answer counts once, a withdrawn one not. */
    int questionsAsked() {
        return userAnswers.size();
    }

    List<DiagnosisState.LeftOut> leftOut() {
        return leftOut;
    }

    /** Each answered question's effective answers: one, or one per option its evidence gives. */
    Map<String, List<Answer>> answers() {
        return answers;
    }

    Map<String, String> userAnswers() {
        return userAnswers;
    }

    List<Evidence> evidence() {
        return List.copyOf(evidence.values());
    }

    List<FixOutcome> fixOutcomes() {
        return List.copyOf(fixOutcomes.values());
    }
}
