package org.rdpdoctor.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.rdpdoctor.engine.Diagnosis;
import org.rdpdoctor.engine.DiagnosisState;
import org.rdpdoctor.engine.Event;
import org.rdpdoctor.engine.RuleBase;
import org.rdpdoctor.engine.ScenarioResult;
import org.rdpdoctor.engine.ScenarioRunner;
import org.rdpdoctor.kb.Option;
import org.rdpdoctor.kb.Question;
import org.rdpdoctor.kb.Scenario;

/**
 * Questions to a diagnosis over every scenario of kb/scenarios: the engine's adaptive choice (the
 * scenario runner of test-scenarios) against asking in the fixed order of questions.yaml. The
 * engine's count includes the questions it asked after the diagnosis to order the fixes and the
 * scenario answered: each is a question the agent answered.
 *
 * <p>Fixed order: the same session, evidence, answers ("I don't know" where the scenario gives none)
 * and stop rule as the engine; only the choice differs. While the engine's status is {@code asking},
 * ask the first question of questions.yaml that a rule finds worth asking, that has no answer and
 * whose evidence was not measured; stop when the status is not {@code asking} or no such question
 * is left. Failed fixes are reported once a diagnosis is reached, as the scenario runner does. With
 * {@code --every-question} the fixed order is a plain questionnaire: it also asks the questions no
 * rule finds worth asking.
 *
 * <p>Run: {@code java -cp bench/target/rdp-doctor-bench.jar org.rdpdoctor.bench.QuestionsBench
 * [--every-question]}
 */
public final class QuestionsBench {
    private QuestionsBench() {}

    /**
     * How a session ended: the questions the agent answered, the leader, the status and what the
     * scenario expects of the end that it does not meet (status, leader, causes that must not lead,
     * first fix; not the scenario's cap on the engine's questions).
     */
    record Outcome(List<String> asked, String leader, String status, List<String> unmet) {}

    public static void main(String[] args) {
        boolean gated = !List.of(args).contains("--every-question");
        RuleBase rules = Bench.load();
        int adaptiveTotal = 0;
        int fixedTotal = 0;
        int adaptiveLeader = 0;
        int fixedLeader = 0;
        int adaptivePass = 0;
        int fixedPass = 0;
        int adaptiveAll = 0;
        int fixedAll = 0;
        int answering = 0;
        int answeringAdaptive = 0;
        int answeringFixed = 0;
        List<String> misses = new ArrayList<>();
        List<Scenario> scenarios = rules.knowledge().scenarios();
        System.out.println(
                "| scenario | expected leader | adaptive: questions | leader ok | fixed order: questions | leader ok |");
        System.out.println("|---|---|---:|:-:|---:|:-:|");
        for (Scenario s : scenarios) {
            ScenarioResult r = ScenarioRunner.run(rules, s);
            List<String> answered = new ArrayList<>(r.asked());
            answered.addAll(r.askedForFixes());
            Outcome a =
                    new Outcome(
                            answered,
                            r.state() == null ? null : r.state().ranking().get(0).causeId(),
                            r.state() == null ? null : r.state().status().id(),
                            r.state() == null
                                    ? r.failures()
                                    : ScenarioRunner.unmet(s, r.state()));
            Outcome f = fixedOrder(rules, s, gated);
            boolean aOk = s.expect().leader().equals(a.leader());
            boolean fOk = s.expect().leader().equals(f.leader());
            adaptiveTotal += a.asked().size();
            fixedTotal += f.asked().size();
            adaptiveLeader += aOk ? 1 : 0;
            fixedLeader += fOk ? 1 : 0;
            adaptivePass += aOk && s.expect().status().equals(a.status()) ? 1 : 0;
            fixedPass += fOk && s.expect().status().equals(f.status()) ? 1 : 0;
            adaptiveAll += a.unmet().isEmpty() ? 1 : 0;
            fixedAll += f.unmet().isEmpty() ? 1 : 0;
            if (aOk && !a.unmet().isEmpty()) {
                misses.add(s.id() + ", adaptive: " + String.join("; ", a.unmet()));
            }
            if (fOk && !f.unmet().isEmpty()) {
                misses.add(s.id() + ", fixed order: " + String.join("; ", f.unmet()));
            }
            if (!s.answers().isEmpty() || !s.failedFixes().isEmpty()) {
                answering++;
                answeringAdaptive += a.asked().size();
                answeringFixed += f.asked().size();
            }
            System.out.printf(
                    "| %s | %s | %d | %s | %d | %s |%n",
                    s.id(),
                    s.expect().leader(),
                    a.asked().size(),
                    aOk ? "yes" : "no (" + a.leader() + ")",
                    f.asked().size(),
                    fOk ? "yes" : "no (" + f.leader() + ")");
        }
        int n = scenarios.size();
        System.out.println();
        if (!misses.isEmpty()) {
            System.out.println("leader as expected, another expectation missed:");
            misses.forEach(m -> System.out.println("- " + m));
            System.out.println();
        }
        System.out.printf(
                "scenarios: %d%nquestions asked, total: adaptive %d, fixed order %d%n"
                        + "questions per scenario, mean: adaptive %.2f, fixed order %.2f%n"
                        + "reduction: %.1f %% fewer questions (adaptive / fixed = %.3f)%n"
                        + "expected leader leads: adaptive %d/%d, fixed order %d/%d%n"
                        + "leader and expected status: adaptive %d/%d, fixed order %d/%d%n"
                        + "every expectation but the question cap (status, leader, causes that"
                        + " must not lead, first fix): adaptive %d/%d, fixed order %d/%d%n"
                        + "over the %d scenarios whose user answers a question or reports a fix"
                        + " (the other %d hold only codes and evidence): adaptive %d, fixed order"
                        + " %d, %.1f %% fewer%n",
                n,
                adaptiveTotal,
                fixedTotal,
                (double) adaptiveTotal / n,
                (double) fixedTotal / n,
                100.0 * (fixedTotal - adaptiveTotal) / fixedTotal,
                (double) adaptiveTotal / fixedTotal,
                adaptiveLeader,
                n,
                fixedLeader,
                n,
                adaptivePass,
                n,
                fixedPass,
                n,
                adaptiveAll,
                n,
                fixedAll,
                n,
                answering,
                n - answering,
                answeringAdaptive,
                answeringFixed,
                100.0 * (answeringFixed - answeringAdaptive) / answeringFixed);
    }

    static Outcome fixedOrder(RuleBase rules, Scenario s, boolean gated) {
        List<String> asked = new ArrayList<>();
        try (Diagnosis d = Diagnosis.start(rules, Bench.started(s))) {
            for (Scenario.EvidenceItem e : s.evidence()) {
                d.apply(new Event.EvidenceAdded(e.kind(), e.value(), e.source(), null));
            }
            DiagnosisState state = d.state();
            boolean fixesReported = false;
            int limit = rules.knowledge().questions().size() + s.failedFixes().size() + 1;
            for (int step = 0; step < limit; step++) {
                String next =
                        state.status() == DiagnosisState.Status.ASKING
                                ? firstInFileOrder(rules, d, state, gated)
                                : null;
                if (next != null) {
                    asked.add(next);
                    state =
                            d.apply(
                                    new Event.Answered(
                                            next, s.answers().getOrDefault(next, Option.UNKNOWN)));
                } else if (!fixesReported && !s.failedFixes().isEmpty()) {
                    fixesReported = true;
                    for (String fix : s.failedFixes()) {
                        state = d.apply(new Event.FixTried(fix, false));
                    }
                } else {
                    break;
                }
            }
            return new Outcome(
                    asked,
                    state.ranking().get(0).causeId(),
                    state.status().id(),
                    ScenarioRunner.unmet(s, state));
        }
    }

    private static String firstInFileOrder(
            RuleBase rules, Diagnosis d, DiagnosisState state, boolean gated) {
        Set<String> askable = Bench.askable(d);
        Set<String> answered =
                state.answers().stream()
                        .map(DiagnosisState.AnswerView::questionId)
                        .collect(Collectors.toSet());
        Set<String> measured =
                state.evidence().stream().map(e -> e.kind()).collect(Collectors.toSet());
        for (Question q : rules.knowledge().questions()) {
            if ((askable.contains(q.id()) || !gated)
                    && !answered.contains(q.id())
                    && (q.evidenceKind() == null || !measured.contains(q.evidenceKind()))) {
                return q.id();
            }
        }
        return null;
    }
}
