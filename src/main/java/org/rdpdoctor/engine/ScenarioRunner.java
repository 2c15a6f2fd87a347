package org.rdpdoctor.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.rdpdoctor.kb.Option;
import org.rdpdoctor.kb.Scenario;

/**
 * Plays a scenario as a helpdesk agent would: start, add the evidence, answer each question the
 * engine asks from the scenario's answers ("I don't know" otherwise), answer the question that
 * orders the diagnosed cause's fixes when the scenario has an answer for it (it is optional, so not
 * counted among the questions asked), report the failed fixes, and compare the end with what the
 * scenario expects. The result also says why the engine asked nothing more and which of the
 * scenario's answers it never asked for.
 */
public final class ScenarioRunner {
    private ScenarioRunner() {}

    /** Runs every scenario of the rule base's knowledge, in file order. */
    public static List<ScenarioResult> runAll(RuleBase rules) {
        return rules.knowledge().scenarios().stream().map(s -> run(rules, s)).toList();
    }

    public static ScenarioResult run(RuleBase rules, Scenario scenario) {
        List<String> asked = new ArrayList<>();
        List<String> askedForFixes = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        Event.Started start =
                new Event.Started(
                        scenario.start().errorCode(),
                        scenario.start().extendedCode(),
                        null,
                        null,
                        null);
        try (Diagnosis diagnosis = Diagnosis.start(rules, start)) {
            for (Scenario.EvidenceItem item : scenario.evidence()) {
                diagnosis.apply(
                        new Event.EvidenceAdded(item.kind(), item.value(), item.source(), null));
            }
            boolean fixesReported = false;
            int limit = rules.knowledge().questions().size() + scenario.failedFixes().size() + 1;
            DiagnosisState state = diagnosis.state();
            for (int step = 0; step < limit; step++) {
                if (state.status() == DiagnosisState.Status.ASKING) {
                    String question = state.nextQuestion().id();
                    asked.add(question);
                    state =
                            diagnosis.apply(
                                    new Event.Answered(
                                            question,
                                            scenario.answers()
                                                    .getOrDefault(question, Option.UNKNOWN)));
                } else if (state.fixQuestion() != null
                        && scenario.answers().containsKey(state.fixQuestion().id())) {
                    String question = state.fixQuestion().id();
                    askedForFixes.add(question);
                    state =
                            diagnosis.apply(
                                    new Event.Answered(question, scenario.answers().get(question)));
                } else if (!fixesReported && !scenario.failedFixes().isEmpty()) {
                    fixesReported = true;
                    for (String fix : scenario.failedFixes()) {
                        state = diagnosis.apply(new Event.FixTried(fix, false));
                    }
                } else {
                    break;
                }
            }
            failures.addAll(unmet(scenario, state));
            Integer cap = scenario.expect().maxQuestions();
            if (cap != null && asked.size() > cap) {
                failures.add(asked.size() + " questions asked, at most " + cap + " expected");
            }
            Map<String, String> unused = new TreeMap<>(scenario.answers());
            asked.forEach(unused::remove);
            askedForFixes.forEach(unused::remove);
            return new ScenarioResult(
                    scenario.id(),
                    scenario.file(),
                    failures,
                    asked,
                    askedForFixes,
                    unused,
                    stopped(state),
                    state);
        } catch (InvalidEventException e) {
            failures.add("the engine refused an event: " + e.getMessage());
            return new ScenarioResult(
                    scenario.id(),
                    scenario.file(),
                    failures,
                    asked,
                    askedForFixes,
                    Map.of(),
                    null,
                    null);
        }
    }

    /** Why the engine stopped when its cap of questions stopped it. */
    static final String AT_CAP =
            "the engine asks at most " + StateBuilder.MAX_QUESTIONS + " questions";

    /** Why the engine asked nothing more at the end of the scenario, in the state it ended in. */
    private static String stopped(DiagnosisState state) {
        List<DiagnosisState.RankedCause> ranking = state.ranking();
        double second = ranking.size() > 1 ? ranking.get(1).score() : -1;
        if (state.status() == DiagnosisState.Status.SOLVED) {
            return "a fix worked";
        } else if (state.status() == DiagnosisState.Status.ASKING) {
            return "the run ended with a question still open";
        } else if (Ranking.isClear(ranking.get(0).score(), second)) {
            return "diagnosed: " + ranking.get(0).causeId() + " leads clearly";
        } else if (state.questionsAsked() >= StateBuilder.MAX_QUESTIONS) {
            return AT_CAP;
        }
        return "no question was left worth asking";
    }

    /**
     * What the scenario expects of the state its session ended in (status, leader, causes that must
     * not lead, first fix) and the state does not meet, in words; empty when it meets all of it.
     * The scenario's cap on questions is not a property of the state and is not checked here.
     */
    public static List<String> unmet(Scenario scenario, DiagnosisState state) {
        List<String> failures = new ArrayList<>();
        Scenario.Expect expect = scenario.expect();
        if (!expect.status().equals(state.status().id())) {
            failures.add("status is " + state.status().id() + ", expected " + expect.status());
        }
        String leader = state.ranking().get(0).causeId();
        if (!expect.leader().equals(leader)) {
            failures.add(
                    "leader is "
                            + leader
                            + " ("
                            + state.ranking().get(0).score()
                            + "), expected "
                            + expect.leader()
                            + " ("
                            + score(state, expect.leader())
                            + ")");
        }
        if (expect.notLeading().contains(leader)) {
            failures.add(leader + " leads but must not");
        }
        if (expect.firstFix() != null) {
            String first =
                    state.fixes().stream()
                            .filter(f -> f.worked() == null)
                            .map(DiagnosisState.FixView::fixId)
                            .findFirst()
                            .orElse(null);
            if (!expect.firstFix().equals(first)) {
                failures.add(
                        (first == null
                                        ? "no untried fix is offered"
                                        : "the first untried fix is " + first)
                                + ", expected "
                                + expect.firstFix());
            }
        }
        return failures;
    }

    private static double score(DiagnosisState state, String cause) {
        return state.ranking().stream()
                .filter(r -> r.causeId().equals(cause))
                .findFirst()
                .map(r -> r.score())
                .orElse(Double.NaN);
    }
}
