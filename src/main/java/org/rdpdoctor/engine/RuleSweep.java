package org.rdpdoctor.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.rdpdoctor.kb.EvidenceKind;
import org.rdpdoctor.kb.InvalidKnowledgeException;
import org.rdpdoctor.kb.Option;
import org.rdpdoctor.kb.Problem;
import org.rdpdoctor.kb.Question;
import org.rdpdoctor.kb.Scenario;

/**
 * Reports, to a session fresh from each start, every value of every evidence kind from each source
 * an event may name, and every answer of every question alone and beside every answer of every
 * other question, and takes each back: a rule whose condition or conclusion throws only on what a
 * probe, a ticket or a user can report is found before a session meets it. The decision trees
 * answer questions in the order the engine asks them, and a user may answer in another (an answer
 * changed, withdrawn, or given before it was asked); they report no evidence but the scenarios'
 * own.
 */
final class RuleSweep {
    private RuleSweep() {}

    /**
     * Each rule that threw, once, at its file and line, naming the first evidence or answers, and
     * the start, that made it throw.
     *
     * @throws InvalidKnowledgeException when a rule throws on a start alone, before any evidence
     */
    static List<Problem> rulesThatThrow(RuleBase rules, Collection<Scenario.Start> starts) {
        Set<List<Object>> thrown = new HashSet<>();
        List<Problem> problems = new ArrayList<>();
        List<Trial> trials = trials(rules);
        for (Scenario.Start start : starts) {
            sweep(rules, start, trials, thrown, problems);
        }
        return problems;
    }

    /** Events to report and the events that take them back, and what they are in words. */
    private record Trial(List<Event> report, List<Event> takeBack, String shown) {}

    private static List<Trial> trials(RuleBase rules) {
        List<Trial> trials = new ArrayList<>();
        for (EvidenceKind kind : rules.knowledge().evidenceKinds()) {
            for (EvidenceKind.Value value : kind.values()) {
                for (String source : Diagnosis.EVIDENCE_SOURCES) {
                    trials.add(
                            new Trial(
                                    List.of(
                                            new Event.EvidenceAdded(
                                                    kind.id(), value.id(), source, null)),
                                    List.of(new Event.EvidenceWithdrawn(kind.id(), source)),
                                    "evidence %s: %s from the %s"
                                            .formatted(kind.id(), value.id(), source)));
                }
            }
        }
        List<Question> questions = rules.knowledge().questions();
        for (int i = 0; i < questions.size(); i++) {
            Question first = questions.get(i);
            for (Option a : first.options()) {
                trials.add(answers(new Picked(first, a)));
                for (Question second : questions.subList(i + 1, questions.size())) {
                    for (Option b : second.options()) {
                        trials.add(answers(new Picked(first, a), new Picked(second, b)));
                    }
                }
            }
        }
        return trials;
    }

    /** An option picked as the answer to a question. */
    private record Picked(Question question, Option option) {}

    private static Trial answers(Picked... given) {
        List<Event> report = new ArrayList<>();
        List<Event> takeBack = new ArrayList<>();
        List<String> shown = new ArrayList<>();
        for (Picked picked : given) {
            report.add(new Event.Answered(picked.question().id(), picked.option().id()));
            takeBack.add(0, new Event.Withdrawn(picked.question().id()));
            shown.add(picked.question().id() + ": " + picked.option().id());
        }
        return new Trial(
                report,
                takeBack,
                (shown.size() == 1 ? "answer " : "answers ") + String.join(" and ", shown));
    }

    private static void sweep(
            RuleBase rules,
            Scenario.Start start,
            List<Trial> trials,
            Set<List<Object>> thrown,
            List<Problem> problems) {
        Event.Started started =
                new Event.Started(start.errorCode(), start.extendedCode(), null, null, null);
        Diagnosis diagnosis = Diagnosis.start(rules, started);
        try {
            for (Trial trial : trials) {
                try {
                    trial.report().forEach(diagnosis::change);
                    trial.takeBack().forEach(diagnosis::change);
                } catch (InvalidKnowledgeException e) {
                    String on =
                            " (on %s, in a session started with %s)"
                                    .formatted(trial.shown(), start.shown());
                    for (Problem p : e.problems()) {
                        if (thrown.add(List.of(p.file(), p.line(), p.field()))) {
                            problems.add(
                                    new Problem(
                                            p.file(),
                                            p.line(),
                                            p.column(),
                                            p.field(),
                                            p.message() + on));
                        }
                    }
                    // A session a rule threw in is left half-fired: go on in a new one.
                    diagnosis.close();
                    diagnosis = Diagnosis.start(rules, started);
                }
            }
        } finally {
            diagnosis.close();
        }
    }
}
