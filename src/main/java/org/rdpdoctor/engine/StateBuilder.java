package org.rdpdoctor.engine;

import com.github.benmanes.caffeine.cache.Cache;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.rdpdoctor.kb.Cause;
import org.rdpdoctor.kb.DecodedCode;
import org.rdpdoctor.kb.Fix;
import org.rdpdoctor.kb.KnowledgeBase;
import org.rdpdoctor.kb.Option;
import org.rdpdoctor.kb.Question;

/**
 * Computes a session's {@link DiagnosisState}: ranking with explanations, status, the fixes to try,
 * and the next question. The next question is the askable one whose answers would settle the
 * ranking most for the effort of asking, found by trying each answer in the session and taking it
 * back. Once a cause is diagnosed, the fix question is the least effort one whose answer would
 * change the order to try its fixes in, found the same way.
 */
final class StateBuilder {
    /** How many leading causes the explanation of a question names. */
    private static final int LEADERS = 3;

    /** A helpdesk answers at most this many questions; then the best diagnosis so far stands. */
    static final int MAX_QUESTIONS = 12;

    /**
     * A question whose answers lower the uncertainty less than this (nats) among the causes some
     * support speaks to is not asked. Measured over all causes, the threshold is this times their
     * share of the belief: causes no rule has spoken to (knowledge about other errors) dilute the
     * uncertainty, and would otherwise silence every question in a large knowledge base.
     */
    private static final double MIN_VALUE = 0.05;

    /**
     * The order of reasons: the heaviest first, then by rule, then by the facts they matched. The
     * order depends on nothing but the reasons, so that a session kept in memory and the same
     * session rebuilt from its events give the same state, byte for byte (its ETag).
     */
    private static final Comparator<DiagnosisState.Reason> REASON_ORDER =
            Comparator.comparing((DiagnosisState.Reason r) -> -Math.abs(r.value()))
                    .thenComparing(DiagnosisState.Reason::rule)
                    .thenComparing(r -> String.join("\n", r.facts()));

    private final Diagnosis diagnosis;
    private final KnowledgeBase kb;
    private final boolean explained;
    private final Map<Object, String> described = new HashMap<>();

    /**
     * @param explained whether the state carries the ranking's reasons, the fixes and the answers;
     *     without them it is an outline for exploring many situations (status, ranking order and
     *     scores, next question)
     */
    StateBuilder(Diagnosis diagnosis, boolean explained) {
        this.diagnosis = diagnosis;
        this.kb = diagnosis.kb();
        this.explained = explained;
    }

    DiagnosisState build() {
        Set<Support> supports = diagnosis.supports();
        Map<String, List<Support>> byCause = Ranking.byCause(supports);
        List<Ranking.Scored> order = diagnosis.rules().priorRanking().rank(byCause);
        String top = order.get(0).cause().id();
        double topScore = order.get(0).score();
        double second = order.size() > 1 ? order.get(1).score() : -1;

        Optional<String> confirmed = confirmedCause(order);
        DiagnosisState.Status status;
        DiagnosisState.NextQuestion next = null;
        if (confirmed.isPresent()) {
            status = DiagnosisState.Status.SOLVED;
        } else if (Ranking.isClear(topScore, second)
                || isBeingFixed(order.get(0).cause())
                        && topScore > Ranking.PLAUSIBLE_SCORE
                        && topScore - second >= Ranking.CLEAR_MARGIN) {
            status = DiagnosisState.Status.DIAGNOSED;
        } else {
            next = nextQuestion(byCause, order).orElse(null);
            if (next != null) {
                status = DiagnosisState.Status.ASKING;
            } else if (topScore > Ranking.PLAUSIBLE_SCORE) {
                status = DiagnosisState.Status.DIAGNOSED;
            } else {
                status = DiagnosisState.Status.EXHAUSTED;
            }
        }
        String leading = confirmed.orElse(topScore > 0 ? top : null);
        List<DiagnosisState.FixView> fixes =
                leading == null || !explained || status == DiagnosisState.Status.EXHAUSTED
                        ? List.of()
                        : fixes(leading);
        return new DiagnosisState(
                status,
                diagnosis.rules().version(),
                decoded(),
                next,
                status == DiagnosisState.Status.DIAGNOSED && !fixes.isEmpty()
                        ? fixQuestion(leading, fixes, byCause, order).orElse(null)
                        : null,
                leading,
                confirmed.orElse(null),
                confirmedFirst(ranking(order, byCause), confirmed.orElse(null)),
                fixes,
                diagnosis.questionsAsked(),
                explained ? answers() : List.of(),
                diagnosis.evidence(),
                diagnosis.fixOutcomes(),
                diagnosis.leftOut(),
                basis(byCause, order.get(0).cause().id(), confirmed.isPresent()));
    }

    /**
     * What the ranking rests on (see {@link DiagnosisState#basis()}): before anything but the codes
     * is known, whether any rule spoke; after, whether anything speaks for the leading cause, and
     * whether anything but the codes does. A fix that worked speaks for the cause it confirms.
     */
    private DiagnosisState.Basis basis(
            Map<String, List<Support>> byCause, String leader, boolean confirmed) {
        if (confirmed) {
            return DiagnosisState.Basis.ANSWERS;
        }
        if (!DiagnosisState.informed(
                diagnosis.userAnswers().values().stream(),
                diagnosis.evidence(),
                diagnosis.fixOutcomes())) {
            return byCause.isEmpty() ? DiagnosisState.Basis.PRIORS : DiagnosisState.Basis.CODES;
        }
        List<Support> forLeader =
                byCause.getOrDefault(leader, List.of()).stream()
                        .filter(s -> s.weight().value() > 0)
                        .toList();
        if (forLeader.isEmpty()) {
            return DiagnosisState.Basis.PRIORS;
        }
        return forLeader.stream().allMatch(StateBuilder::fromCodes)
                ? DiagnosisState.Basis.CODES
                : DiagnosisState.Basis.ANSWERS;
    }

    /** Whether every fact a support matched came from the error codes. */
    private static boolean fromCodes(Support support) {
        return support.facts().stream()
                .allMatch(
                        f ->
                                f instanceof ErrorReport
                                        || f instanceof Evidence e
                                                && e.source().equals(Diagnosis.CODE_SOURCE)
                                        || f instanceof Answer a
                                                && a.source().equals(Diagnosis.CODE_SOURCE));
    }

    /**
     * Whether the user is working through the fixes of {@code cause}: one has failed and another is
     * still untried. A partial fix that did not help (a restart, one of two settings) lowers the
     * cause, perhaps below a clear lead; while it still leads the rest by the clear margin, its
     * next fix is offered rather than more questions.
     */
    private boolean isBeingFixed(Cause cause) {
        Set<String> tried = new HashSet<>();
        boolean failed = false;
        for (FixOutcome outcome : diagnosis.fixOutcomes()) {
            tried.add(outcome.fix());
            failed |= !outcome.worked() && cause.fixes().contains(outcome.fix());
        }
        return failed && !tried.containsAll(cause.fixes());
    }

    /** The best-ranked cause that has a fix that worked. */
    private Optional<String> confirmedCause(List<Ranking.Scored> order) {
        Set<String> worked =
                diagnosis.fixOutcomes().stream()
                        .filter(FixOutcome::worked)
                        .map(FixOutcome::fix)
                        .collect(Collectors.toSet());
        if (worked.isEmpty()) {
            return Optional.empty();
        }
        return order.stream()
                .map(Ranking.Scored::cause)
                .filter(cause -> cause.fixes().stream().anyMatch(worked::contains))
                .map(Cause::id)
                .findFirst();
    }

    /**
     * The next question, from the rule base's memory when a session with the same facts asked it
     * before: the choice depends only on the facts, and working it out is most of a step.
     */
    private Optional<DiagnosisState.NextQuestion> nextQuestion(
            Map<String, List<Support>> byCause, List<Ranking.Scored> order) {
        if (diagnosis.userAnswers().size() >= MAX_QUESTIONS) {
            return Optional.empty();
        }
        return remembered(diagnosis.rules().nextQuestions(), () -> lookAhead(byCause, order));
    }

    /**
     * What {@code cache} holds for the session's situation, worked out and kept when it holds
     * nothing yet. Working it out fires the session's rules, so it is done outside the cache's
     * lock.
     */
    private Optional<DiagnosisState.NextQuestion> remembered(
            Cache<Situation, Optional<DiagnosisState.NextQuestion>> cache,
            Supplier<Optional<DiagnosisState.NextQuestion>> work) {
        Situation situation = situation();
        Optional<DiagnosisState.NextQuestion> known = cache.getIfPresent(situation);
        if (known == null) {
            known = work.get();
            cache.put(situation, known);
        }
        return known;
    }

    /** The session's facts, which the next question and the fix question depend on alone. */
    private Situation situation() {
        return new Situation(
                diagnosis.report().disconnect(),
                diagnosis.report().extended(),
                diagnosis.answers().values().stream()
                        .flatMap(List::stream)
                        .collect(Collectors.toUnmodifiableSet()),
                Set.copyOf(diagnosis.evidence()),
                Set.copyOf(diagnosis.fixOutcomes()));
    }

    /**
     * The questions a rule made askable that are neither answered nor measured by evidence, in the
     * order of questions.yaml.
     */
    private List<Question> candidates() {
        Set<String> measured =
                diagnosis.evidence().stream().map(Evidence::kind).collect(Collectors.toSet());
        Set<String> askable = new HashSet<>();
        diagnosis.asks().forEach(a -> askable.add(a.question()));
        return kb.questions().stream()
                .filter(q -> askable.contains(q.id()))
                .filter(q -> !diagnosis.answers().containsKey(q.id()))
                .filter(q -> q.evidenceKind() == null || !measured.contains(q.evidenceKind()))
                .toList();
    }

    /** Tries every answer of every question worth asking and takes the most telling question. */
    private Optional<DiagnosisState.NextQuestion> lookAhead(
            Map<String, List<Support>> byCause, List<Ranking.Scored> order) {
        List<Question> candidates = candidates();
        Map<String, List<Diagnosis.TriedAnswer>> tried = diagnosis.ifAnswered(candidates);
        LookAhead lookAhead = new LookAhead(diagnosis.rules().priorRanking(), order, byCause);
        double threshold = MIN_VALUE * lookAhead.inPlay();
        Question best = null;
        double bestValue = 0;
        List<DiagnosisState.Effect> bestEffects = List.of();
        boolean leaderCanChange = false;
        for (Question q : candidates) {
            List<DiagnosisState.Effect> effects = new ArrayList<>();
            List<LookAhead.Outcome> outcomes = new ArrayList<>();
            List<Diagnosis.TriedAnswer> perOption = tried.get(q.id());
            for (int i = 0; i < q.options().size(); i++) {
                Option option = q.options().get(i);
                LookAhead.Outcome after = lookAhead.after(perOption.get(i).supports());
                outcomes.add(after);
                leaderCanChange |= !after.leader().equals(order.get(0).cause().id());
                effects.add(effect(option, after, null));
            }
            double value = lookAhead.expectedGain(outcomes);
            if (value > threshold && value / q.effortWeight() > bestValue) {
                best = q;
                bestValue = value / q.effortWeight();
                bestEffects = effects;
            }
        }
        if (best == null || (!leaderCanChange && order.get(0).score() >= Ranking.SETTLED_SCORE)) {
            return Optional.empty();
        }
        return Optional.of(
                DiagnosisState.NextQuestion.of(
                        best,
                        new DiagnosisState.Why(summary(order), askedBecause(best), bestEffects)));
    }

    /** The rules that make {@code q} askable now, with the facts each matched. */
    private List<DiagnosisState.Reason> askedBecause(Question q) {
        return diagnosis.asks().stream()
                .filter(a -> a.question().equals(q.id()))
                .map(a -> reason(a.rule(), DiagnosisState.Reason.ASK, a.facts()))
                .sorted(REASON_ORDER)
                .toList();
    }

    /**
     * Why {@code q}, which the user has not answered, is worth answering: the rules that make it
     * askable and what each answer would do, as the next question's why tells it; empty when no
     * rule makes it askable.
     */
    Optional<DiagnosisState.Why> why(Question q) {
        List<DiagnosisState.Reason> because = askedBecause(q);
        if (because.isEmpty()) {
            return Optional.empty();
        }
        Map<String, List<Support>> byCause = Ranking.byCause(diagnosis.supports());
        List<Ranking.Scored> order = diagnosis.rules().priorRanking().rank(byCause);
        LookAhead lookAhead = new LookAhead(diagnosis.rules().priorRanking(), order, byCause);
        List<Diagnosis.TriedAnswer> perOption = diagnosis.ifAnswered(List.of(q)).get(q.id());
        List<DiagnosisState.Effect> effects = new ArrayList<>();
        for (int i = 0; i < q.options().size(); i++) {
            effects.add(
                    effect(q.options().get(i), lookAhead.after(perOption.get(i).supports()), null));
        }
        return Optional.of(
                new DiagnosisState.Why(
                        "Without your answer to it, the leading causes are: "
                                + leaders(order)
                                + ".",
                        because,
                        effects));
    }

    /**
     * The question whose answer would change the order to try the leading cause's untried fixes in,
     * remembered by situation like the next question; empty when no unanswered question would, and
     * once the user has answered as many questions as a session asks.
     */
    private Optional<DiagnosisState.NextQuestion> fixQuestion(
            String causeId,
            List<DiagnosisState.FixView> fixes,
            Map<String, List<Support>> byCause,
            List<Ranking.Scored> order) {
        if (diagnosis.userAnswers().size() >= MAX_QUESTIONS) {
            return Optional.empty();
        }
        return remembered(
                diagnosis.rules().fixQuestions(), () -> orderFixes(causeId, fixes, byCause, order));
    }

    /**
     * Tries every answer of every question worth asking and takes the least effort question one of
     * whose answers keeps the cause in the lead and reorders its untried fixes. The explanation
     * says what each answer that changes something would do: the order it gives, or the cause that
     * would lead instead; and which rules would move the fixes up.
     */
    private Optional<DiagnosisState.NextQuestion> orderFixes(
            String causeId,
            List<DiagnosisState.FixView> fixes,
            Map<String, List<Support>> byCause,
            List<Ranking.Scored> order) {
        Cause cause = kb.cause(causeId).orElseThrow();
        Set<String> done =
                diagnosis.fixOutcomes().stream().map(FixOutcome::fix).collect(Collectors.toSet());
        List<String> now =
                untried(fixes.stream().map(DiagnosisState.FixView::fixId).toList(), done);
        if (now.size() < 2) {
            return Optional.empty();
        }
        List<Question> candidates = candidates();
        Map<String, List<Diagnosis.TriedAnswer>> tried = diagnosis.ifAnswered(candidates);
        LookAhead lookAhead = new LookAhead(diagnosis.rules().priorRanking(), order, byCause);
        Question best = null;
        List<String> bestSaid = List.of();
        List<DiagnosisState.Effect> bestEffects = List.of();
        List<DiagnosisState.Reason> bestBecause = List.of();
        for (Question q : candidates) {
            List<String> said = new ArrayList<>();
            List<DiagnosisState.Effect> effects = new ArrayList<>();
            Set<TryFirst> moving = new HashSet<>();
            boolean reorders = false;
            for (int i = 0; i < q.options().size(); i++) {
                Diagnosis.TriedAnswer answer = tried.get(q.id()).get(i);
                Option option = q.options().get(i);
                LookAhead.Outcome after = lookAhead.after(answer.supports());
                if (!after.leader().equals(causeId)) {
                    DiagnosisState.Effect instead = effect(option, after, null);
                    effects.add(instead);
                    said.add(
                            "if “%s”, %s would lead instead"
                                    .formatted(option.label(), instead.leaderTitle()));
                    continue;
                }
                List<String> ordered = inOrder(cause.fixes(), firstFixes(answer.tryFirst()));
                List<String> then = untried(ordered, done);
                effects.add(effect(option, after, then));
                if (then.equals(now)) {
                    continue;
                }
                reorders = true;
                said.add(
                        "if “%s”, %s"
                                .formatted(
                                        option.label(),
                                        then.stream()
                                                .map(id -> kb.fix(id).map(Fix::title).orElse(id))
                                                .collect(Collectors.joining(", then "))));
                Set<String> moved = movedUp(cause.fixes(), ordered);
                answer.tryFirst().stream()
                        .filter(t -> moved.contains(t.fix()))
                        .forEach(moving::add);
            }
            if (reorders && (best == null || q.effortWeight() < best.effortWeight())) {
                best = q;
                bestSaid = said;
                bestEffects = effects;
                moving.removeAll(diagnosis.tryFirst());
                bestBecause =
                        moving.stream()
                                .map(t -> reason(t.rule(), DiagnosisState.Reason.FIRST, t.facts()))
                                .sorted(REASON_ORDER)
                                .toList();
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        boolean allSaid = bestSaid.size() == best.options().size();
        return Optional.of(
                DiagnosisState.NextQuestion.of(
                        best,
                        new DiagnosisState.Why(
                                "Its answer decides the order to try the fixes of "
                                        + cause.title()
                                        + " in: "
                                        + String.join("; ", bestSaid)
                                        + (allSaid
                                                ? "."
                                                : "; any other answer keeps the order shown."),
                                bestBecause,
                                bestEffects)));
    }

    /** What answering {@code option} would do, with the fix order it gives (or null). */
    private DiagnosisState.Effect effect(
            Option option, LookAhead.Outcome after, List<String> fixOrder) {
        return new DiagnosisState.Effect(
                option.id(),
                option.label(),
                after.leader(),
                kb.cause(after.leader()).map(Cause::title).orElse(after.leader()),
                round(after.leaderScore()),
                fixOrder);
    }

    /** The fixes of {@code listed} that come earlier in {@code ordered} than in {@code listed}. */
    private static Set<String> movedUp(List<String> listed, List<String> ordered) {
        Set<String> moved = new HashSet<>();
        for (int i = 0; i < ordered.size(); i++) {
            if (i < listed.indexOf(ordered.get(i))) {
                moved.add(ordered.get(i));
            }
        }
        return moved;
    }

    /** The fixes some of {@code hints} put first. */
    private static Set<String> firstFixes(Set<TryFirst> hints) {
        return hints.stream().map(TryFirst::fix).collect(Collectors.toUnmodifiableSet());
    }

    /** {@code fixIds} without those in {@code tried}, in their order. */
    private static List<String> untried(List<String> fixIds, Set<String> tried) {
        return fixIds.stream().filter(id -> !tried.contains(id)).toList();
    }

    /**
     * A cause's fixes in the order to try them: those in {@code first} ahead of the rest, each
     * group in the order the cause lists them.
     */
    private static List<String> inOrder(List<String> listed, Set<String> first) {
        List<String> out = new ArrayList<>(listed.size());
        listed.stream().filter(first::contains).forEach(out::add);
        listed.stream().filter(id -> !first.contains(id)).forEach(out::add);
        return out;
    }

    private String summary(List<Ranking.Scored> order) {
        return "It best separates the leading causes: " + leaders(order) + ".";
    }

    /** The titles of the leading causes, as the explanation of a question names them. */
    private static String leaders(List<Ranking.Scored> order) {
        return order.stream()
                .limit(LEADERS)
                .map(s -> s.cause().title())
                .collect(Collectors.joining("; "));
    }

    /**
     * The ranking with the cause a fix confirmed at its head, whatever its score: a reader of the
     * ranking (the page's bars, {@code ask}'s top five, an API client's first row) sees the cause
     * found, not the one the answers pointed at.
     */
    private static List<DiagnosisState.RankedCause> confirmedFirst(
            List<DiagnosisState.RankedCause> ranking, String confirmed) {
        if (confirmed == null) {
            return ranking;
        }
        List<DiagnosisState.RankedCause> out = new ArrayList<>(ranking.size());
        ranking.stream().filter(c -> c.causeId().equals(confirmed)).forEach(out::add);
        ranking.stream().filter(c -> !c.causeId().equals(confirmed)).forEach(out::add);
        return out;
    }

    private List<DiagnosisState.RankedCause> ranking(
            List<Ranking.Scored> order, Map<String, List<Support>> byCause) {
        List<DiagnosisState.RankedCause> out = new ArrayList<>(order.size());
        for (Ranking.Scored scored : order) {
            List<Support> supports = byCause.get(scored.cause().id());
            if (supports == null) {
                out.add(diagnosis.rules().priorRanking().row(scored.cause().id()));
                continue;
            }
            if (!explained) {
                out.add(row(scored.cause(), scored.score(), List.of()));
                continue;
            }
            List<DiagnosisState.Reason> reasons =
                    supports.stream().map(this::reason).sorted(REASON_ORDER).toList();
            out.add(row(scored.cause(), scored.score(), reasons));
        }
        return out;
    }

    /** A cause's row in a ranking: its score and the reasons for it. */
    static DiagnosisState.RankedCause row(
            Cause cause, double score, List<DiagnosisState.Reason> reasons) {
        return new DiagnosisState.RankedCause(
                cause.id(),
                cause.title(),
                cause.category(),
                round(score),
                cause.prior(),
                score <= Ranking.RULED_OUT_SCORE,
                reasons);
    }

    /** A support's reason: what it weighed for or against its cause. */
    private DiagnosisState.Reason reason(Support support) {
        return reason(
                support.rule(), support.weight().id(), support.weight().value(), support.facts());
    }

    /**
     * A reason that weighs nothing: {@code kind} is {@link DiagnosisState.Reason#ASK} or {@link
     * DiagnosisState.Reason#FIRST}.
     */
    private DiagnosisState.Reason reason(String rule, String kind, List<Object> facts) {
        return reason(rule, kind, 0, facts);
    }

    private DiagnosisState.Reason reason(
            String rule, String weight, double value, List<Object> facts) {
        List<String> sources =
                diagnosis.rules().rule(rule).map(RuleInfo::sources).orElse(List.of());
        return new DiagnosisState.Reason(
                rule,
                weight,
                value,
                sources,
                diagnosis.rules().provenance().unconfirmed(sources),
                facts.stream().map(this::describe).toList());
    }

    /** A fact in words, worked out once per state: many reasons name the same facts. */
    private String describe(Object fact) {
        return described.computeIfAbsent(fact, f -> FactText.describe(f, kb));
    }

    /**
     * The cause's fixes in the order to try them: those a {@link TryFirst} points at ahead of the
     * rest, each group in the order the cause lists them. A fix shows the rules that point at it
     * only when they moved it up the list.
     */
    private List<DiagnosisState.FixView> fixes(String causeId) {
        Map<String, Boolean> outcomes =
                diagnosis.fixOutcomes().stream()
                        .collect(Collectors.toMap(FixOutcome::fix, FixOutcome::worked));
        Map<String, List<DiagnosisState.Reason>> first =
                diagnosis.tryFirst().stream()
                        .collect(
                                Collectors.groupingBy(
                                        TryFirst::fix,
                                        Collectors.mapping(
                                                t ->
                                                        reason(
                                                                t.rule(),
                                                                DiagnosisState.Reason.FIRST,
                                                                t.facts()),
                                                Collectors.collectingAndThen(
                                                        Collectors.toList(),
                                                        reasons ->
                                                                reasons.stream()
                                                                        .sorted(REASON_ORDER)
                                                                        .toList()))));
        List<String> listed = kb.cause(causeId).orElseThrow().fixes();
        List<String> ordered = inOrder(listed, first.keySet());
        Set<String> moved = movedUp(listed, ordered);
        List<DiagnosisState.FixView> out = new ArrayList<>();
        for (String id : ordered) {
            Fix fix = kb.fix(id).orElseThrow();
            out.add(
                    new DiagnosisState.FixView(
                            fix.id(),
                            fix.title(),
                            fix.risk(),
                            fix.steps(),
                            fix.verify(),
                            fix.followUp(),
                            outcomes.get(id),
                            fix.ifFailed(causeId),
                            moved.contains(id) ? first.get(id) : List.of()));
        }
        return out;
    }

    private List<DiagnosisState.AnswerView> answers() {
        List<DiagnosisState.AnswerView> out = new ArrayList<>();
        List<String> ids = new ArrayList<>(diagnosis.userAnswers().keySet());
        diagnosis.answers().keySet().stream()
                .filter(id -> !ids.contains(id))
                .sorted()
                .forEach(ids::add);
        for (String id : ids) {
            Question q = kb.question(id).orElseThrow();
            String user = diagnosis.userAnswers().get(id);
            for (Answer answer : diagnosis.answers().get(id)) {
                boolean fromEvidence = !answer.option().equals(user);
                String label = q.option(answer.option()).map(Option::label).orElse(answer.option());
                out.add(
                        new DiagnosisState.AnswerView(
                                id,
                                q.text(),
                                answer.option(),
                                label,
                                answer.source(),
                                fromEvidence));
            }
        }
        return out;
    }

    private DiagnosisState.Decoded decoded() {
        return new DiagnosisState.Decoded(
                code(diagnosis.error(), false), code(diagnosis.extended(), true));
    }

    private DiagnosisState.Code code(DecodedCode code, boolean extended) {
        if (code == null) {
            return null;
        }
        String server =
                extended
                        ? kb.errorCodes()
                                .serverErrorInfo(code.value())
                                .map(c -> c.name())
                                .orElse(null)
                        : null;
        return new DiagnosisState.Code(
                code.input(),
                code.hex(),
                code.shown(),
                code.decimal(),
                code.reading(),
                code.isKnown(),
                code.name(),
                code.meaning(),
                code.sources(),
                server);
    }

    private static double round(double score) {
        return Math.round(score * 1000) / 1000.0;
    }

    /** Everything the choice of the next question depends on: the facts of a session. */
    record Situation(
            int error,
            int extended,
            Set<Answer> answers,
            Set<Evidence> evidence,
            Set<FixOutcome> fixOutcomes) {}
}
