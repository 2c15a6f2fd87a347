package org.rdpdoctor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.rdpdoctor.engine.Diagnosis;
import org.rdpdoctor.engine.DiagnosisState;
import org.rdpdoctor.engine.Event;
import org.rdpdoctor.engine.RuleBase;
import org.rdpdoctor.kb.Cause;
import org.rdpdoctor.kb.KnowledgeBase;
import org.rdpdoctor.kb.Option;
import org.rdpdoctor.kb.Question;
import org.rdpdoctor.store.SessionStatus;
import org.rdpdoctor.store.SessionStore;
import org.rdpdoctor.store.SessionSummary;
import org.rdpdoctor.store.StoredSession;

/**
 * What the recorded sessions say about the knowledge: how often each cause led and how often its
 * fixes worked, how precise each rule is (in solved sessions, how often it spoke for the cause a
 * fix then confirmed), and how each question fares (asked, answered by evidence, "I don't know",
 * last question before a session was abandoned). Sessions are replayed under the current knowledge.
 *
 * @param knowledgeVersion the version sessions were filtered on, or null for all
 * @param capped whether the period has more sessions than one report replays ({@link
 *     #MAX_SESSIONS}): the report is of the newest of them
 */
public record Analytics(
        Instant from,
        Instant to,
        String knowledgeVersion,
        int sessions,
        boolean capped,
        int solved,
        int abandoned,
        List<CauseStats> causes,
        List<RuleStats> rules,
        List<QuestionStats> questions) {

    /** The most sessions one report replays. */
    public static final int MAX_SESSIONS = 5_000;

    public Analytics {
        causes = List.copyOf(causes);
        rules = List.copyOf(rules);
        questions = List.copyOf(questions);
    }

    /** One cause: sessions it led at their end, fixes confirming it, fixes tried for it. */
    public record CauseStats(
            String causeId,
            String title,
            int led,
            int confirmed,
            int fixesWorked,
            int fixesFailed) {}

    /**
     * One rule over solved sessions: how often it supported some cause, and how often that was the
     * confirmed one; {@code precision} is their ratio (null when it never fired there).
     */
    public record RuleStats(String rule, int fired, int supportedConfirmed, Double precision) {}

    /** One question: how its sessions used it. */
    public record QuestionStats(
            String questionId,
            String text,
            int asked,
            int answeredByEvidence,
            int unknown,
            int lastBeforeAbandon) {}

    static Analytics of(
            RuleBase rules, SessionStore store, Instant from, Instant to, String version) {
        KnowledgeBase kb = rules.knowledge();
        Map<String, int[]> causes = new LinkedHashMap<>();
        kb.causes().forEach(c -> causes.put(c.id(), new int[4]));
        Map<String, int[]> ruleCounts = new LinkedHashMap<>();
        Map<String, int[]> questions = new LinkedHashMap<>();
        kb.questions().forEach(q -> questions.put(q.id(), new int[4]));
        int sessions = 0;
        int solved = 0;
        int abandoned = 0;
        Set<String> counted = new HashSet<>();
        List<SessionSummary> created = store.createdBetween(from, to, MAX_SESSIONS);
        for (SessionSummary summary : created) {
            if (version != null && !version.equals(summary.knowledgeVersion())) {
                continue;
            }
            StoredSession stored = store.find(summary.id()).orElse(null);
            if (stored == null) {
                continue;
            }
            counted.add(summary.id());
            sessions++;
            solved += summary.status() == SessionStatus.SOLVED ? 1 : 0;
            abandoned += summary.status() == SessionStatus.ABANDONED ? 1 : 0;
            String lastQuestion = null;
            for (Event event : stored.events()) {
                if (event instanceof Event.Answered a && questions.containsKey(a.questionId())) {
                    questions.get(a.questionId())[0]++;
                    questions.get(a.questionId())[2] += Option.UNKNOWN.equals(a.optionId()) ? 1 : 0;
                    lastQuestion = a.questionId();
                }
            }
            if (summary.status() == SessionStatus.ABANDONED && lastQuestion != null) {
                questions.get(lastQuestion)[3]++;
            }
            DiagnosisState state;
            try (Diagnosis diagnosis = Diagnosis.restore(rules, stored.events())) {
                state = diagnosis.state();
            } catch (IllegalArgumentException e) {
                continue;
            }
            state.answers().stream()
                    .filter(DiagnosisState.AnswerView::fromEvidence)
                    .map(DiagnosisState.AnswerView::questionId)
                    .distinct()
                    .filter(questions::containsKey)
                    .forEach(id -> questions.get(id)[1]++);
            if (state.leadingCause() != null && causes.containsKey(state.leadingCause())) {
                causes.get(state.leadingCause())[0]++;
            }
            String confirmed = state.confirmedCause();
            if (confirmed == null) {
                continue;
            }
            causes.get(confirmed)[1]++;
            for (DiagnosisState.RankedCause cause : state.ranking()) {
                for (DiagnosisState.Reason reason : cause.explanation()) {
                    if (reason.value() > 0) {
                        int[] counts = ruleCounts.computeIfAbsent(reason.rule(), r -> new int[2]);
                        counts[0]++;
                        counts[1] += cause.causeId().equals(confirmed) ? 1 : 0;
                    }
                }
            }
        }
        // A fix's outcome corrected later (a misclick) counts once, as last recorded.
        Map<List<String>, SessionStore.RecordedOutcome> latest = new LinkedHashMap<>();
        for (SessionStore.RecordedOutcome outcome : store.outcomesBetween(from, to)) {
            latest.put(List.of(outcome.sessionId(), outcome.fixId()), outcome);
        }
        for (SessionStore.RecordedOutcome outcome : latest.values()) {
            if (counted.contains(outcome.sessionId())
                    && outcome.cause() != null
                    && causes.containsKey(outcome.cause())) {
                causes.get(outcome.cause())[outcome.worked() ? 2 : 3]++;
            }
        }
        List<CauseStats> causeStats = new ArrayList<>();
        for (Cause c : kb.causes()) {
            int[] n = causes.get(c.id());
            causeStats.add(new CauseStats(c.id(), c.title(), n[0], n[1], n[2], n[3]));
        }
        causeStats.sort(Comparator.comparingInt((CauseStats c) -> -c.led()));
        List<RuleStats> ruleStats = new ArrayList<>();
        ruleCounts.forEach(
                (rule, n) ->
                        ruleStats.add(
                                new RuleStats(
                                        rule,
                                        n[0],
                                        n[1],
                                        n[0] == 0 ? null : (double) n[1] / n[0])));
        ruleStats.sort(
                Comparator.comparingInt((RuleStats r) -> -r.fired())
                        .thenComparing(RuleStats::rule));
        List<QuestionStats> questionStats = new ArrayList<>();
        for (Question q : kb.questions()) {
            int[] n = questions.get(q.id());
            questionStats.add(new QuestionStats(q.id(), q.text(), n[0], n[1], n[2], n[3]));
        }
        return new Analytics(
                from,
                to,
                version,
                sessions,
                created.size() == MAX_SESSIONS,
                solved,
                abandoned,
                causeStats,
                ruleStats,
                questionStats);
    }
}
