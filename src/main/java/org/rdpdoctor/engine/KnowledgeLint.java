package org.rdpdoctor.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.rdpdoctor.kb.Cause;
import org.rdpdoctor.kb.EvidenceKind;
import org.rdpdoctor.kb.Fix;
import org.rdpdoctor.kb.InvalidKnowledgeException;
import org.rdpdoctor.kb.KnowledgeBase;
import org.rdpdoctor.kb.Option;
import org.rdpdoctor.kb.Problem;
import org.rdpdoctor.kb.Question;
import org.rdpdoctor.kb.Scenario;

/**
 * Checks what loading cannot see, by looking at what the knowledge does: options no rule matches,
 * questions the engine never asks, causes that never come first, fixes and sources nothing uses,
 * scenarios that fail, and rules that throw on some evidence value. The engine is explored from
 * every start the scenarios use (and 0x904 / 0x7).
 */
public final class KnowledgeLint {
    private KnowledgeLint() {}

    /**
     * The checks that need no exploration (options no rule matches, fixes no cause uses, rules that
     * throw on some evidence value reported at some start of the scenarios): fast enough to gate
     * every reload.
     *
     * @throws InvalidKnowledgeException when a rule throws on a start alone, before any evidence
     */
    public static List<Problem> quick(RuleBase rules) {
        List<Problem> problems = new ArrayList<>();
        unmatchedOptions(rules, problems);
        unused(rules.knowledge(), problems);
        problems.addAll(RuleSweep.rulesThatThrow(rules, starts(rules.knowledge()).values()));
        return problems;
    }

    /**
     * What {@link #findings} found: problems fail a lint, notes do not (trees cut off without
     * hiding a finding, the answers the engine never asks for of a passing scenario that ran to the
     * cap of questions).
     */
    public record Findings(List<Problem> problems, List<Problem> notes) {
        public Findings {
            problems = List.copyOf(problems);
            notes = List.copyOf(notes);
        }
    }

    /**
     * Every problem, each with the file and line of the entry concerned, exploring up to {@link
     * DecisionTree#MAX_NODES} states from each start.
     */
    public static List<Problem> check(RuleBase rules) {
        return findings(rules, DecisionTree.MAX_NODES).problems();
    }

    /**
     * Every finding, exploring up to {@code maxNodes} states from each start, so that a lint always
     * ends. A walk that throws stops the lint with the rule's problem. Otherwise the trees feed
     * only checks that something happens somewhere (a question asked, a cause leading): a part of a
     * tree can miss that, never invent it. So a tree cut off is a problem beside such a finding,
     * which may lie in the part not explored; otherwise it is a note, saying that the states not
     * explored were not checked for rules that throw.
     */
    public static Findings findings(RuleBase rules, int maxNodes) {
        KnowledgeBase kb = rules.knowledge();
        List<Problem> problems = quick(rules);

        List<Problem> notes = new ArrayList<>();
        Set<String> asked = new LinkedHashSet<>();
        Set<String> leaders = new LinkedHashSet<>();
        List<DecisionTree> trees =
                starts(kb).values().parallelStream()
                        .map(
                                start ->
                                        DecisionTree.explore(
                                                rules,
                                                start.errorCode(),
                                                start.extendedCode(),
                                                false,
                                                maxNodes))
                        .toList();
        for (DecisionTree tree : trees) {
            tree.nodes()
                    .values()
                    .forEach(
                            node -> {
                                if (node.question() != null) {
                                    asked.add(node.question());
                                }
                                leaders.add(node.leader());
                            });
        }
        for (ScenarioResult result : ScenarioRunner.runAll(rules)) {
            for (String failure : result.failures()) {
                problems.add(
                        Problem.at(
                                result.where(kb),
                                "expect",
                                "scenario '%s' fails: %s (test-scenarios --only %s shows why)"
                                        .formatted(result.id(), failure, result.id())));
            }
            result.asked().forEach(asked::add);
            result.askedForFixes().forEach(asked::add);
            if (result.state() != null) {
                leaders.add(result.state().ranking().get(0).causeId());
            }
            unusedAnswers(kb, result).ifPresent(notes::add);
        }
        List<Problem> unseen = unseen(kb, asked, leaders);
        for (DecisionTree tree : trees) {
            if (!tree.truncated()) {
                continue;
            }
            String cut =
                    "the decision tree from %s was cut off at %d states"
                            .formatted(
                                    new Scenario.Start(tree.errorCode(), tree.extendedCode())
                                            .shown(),
                                    maxNodes);
            if (unseen.isEmpty()) {
                notes.add(
                        inRules(
                                "note",
                                cut
                                        + "; every question was asked and every cause led in the"
                                        + " states explored and the scenarios, so it hides none of"
                                        + " those findings, but a rule that throws only in the"
                                        + " states not explored goes unnoticed; lint --max-nodes"
                                        + " explores further"));
            } else {
                problems.add(
                        inRules(
                                "tree",
                                cut
                                        + ", so the checks below looked at part of it; lint"
                                        + " --max-nodes explores further"));
            }
        }
        problems.addAll(unseen);
        return new Findings(problems, notes);
    }

    /**
     * The answers of a passing scenario that ran to the cap of questions, to questions the engine
     * never asked in it, as one note at its {@code answers:}: the case may never reach the question
     * it was written for. (Answers left over by a clear diagnosis are what the user knows beside
     * what is asked, and no note.) A failing scenario names them in its explanation instead.
     */
    static Optional<Problem> unusedAnswers(KnowledgeBase kb, ScenarioResult result) {
        Map<String, String> unused = result.unusedAnswers();
        if (!result.passed() || !result.stoppedAtCap() || unused.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(
                Problem.at(
                        kb.location("scenario-answers", result.id()),
                        "note",
                        ("scenario '%s' passes without its answers to questions the engine"
                                        + " never asks there (stopped: %s): %s")
                                .formatted(
                                        result.id(),
                                        result.stopped(),
                                        result.unusedAnswersText())));
    }

    /** A finding about the rules as a whole, at no file or line of its own. */
    private static Problem inRules(String field, String message) {
        return new Problem("rules", 0, 0, field, message);
    }

    /** Questions never asked and causes never leading, on the paths explored and in scenarios. */
    private static List<Problem> unseen(KnowledgeBase kb, Set<String> asked, Set<String> leaders) {
        List<Problem> problems = new ArrayList<>();
        for (Question q : kb.questions()) {
            if (!asked.contains(q.id()) && q.evidenceKind() == null) {
                problems.add(
                        Problem.at(
                                kb.location("question", q.id()),
                                q.id(),
                                "question '"
                                        + q.id()
                                        + "' is never asked, from any start of the scenarios: an Ask rule is missing, or other"
                                        + " questions always settle the diagnosis first"));
            }
        }
        for (Cause c : kb.causes()) {
            if (!leaders.contains(c.id())) {
                problems.add(
                        Problem.at(
                                kb.location("cause", c.id()),
                                c.id(),
                                "cause '"
                                        + c.id()
                                        + "' never comes first, on any path or in any scenario: give it a rule that supports it"
                                        + " strongly, or a scenario that shows how it leads"));
            }
        }
        return problems;
    }

    private static void unmatchedOptions(RuleBase rules, List<Problem> problems) {
        KnowledgeBase kb = rules.knowledge();
        for (Question q : kb.questions()) {
            for (Option o : q.options()) {
                if (!rules.isMatched(q.id(), o.id()) && o.environment() == null) {
                    problems.add(
                            Problem.at(
                                    kb.location("option", q.id() + "/" + o.id()),
                                    "options",
                                    "option '"
                                            + o.id()
                                            + "' of question '"
                                            + q.id()
                                            + "' changes nothing: no rule matches it"));
                }
            }
        }
    }

    private static void unused(KnowledgeBase kb, List<Problem> problems) {
        Set<String> fixesUsed = new LinkedHashSet<>();
        kb.causes().forEach(c -> fixesUsed.addAll(c.fixes()));
        for (Fix f : kb.fixes()) {
            if (!fixesUsed.contains(f.id())) {
                problems.add(
                        Problem.at(
                                kb.location("fix", f.id()),
                                f.id(),
                                "fix '" + f.id() + "' belongs to no cause"));
            }
        }
    }

    /**
     * Evidence values that change nothing, as notes: no rule matches them and no question takes
     * them as an answer, so a probe or ticket that reports one moves no cause. They are notes, not
     * problems, because probes report every value they can measure, needed or not ({@code dns
     * resolves}).
     */
    public static List<Problem> unreadEvidence(RuleBase rules) {
        KnowledgeBase kb = rules.knowledge();
        Set<String> answering = new LinkedHashSet<>();
        for (Question q : kb.questions()) {
            for (Option o : q.options()) {
                if (q.evidenceKind() != null) {
                    o.evidence().forEach(v -> answering.add(q.evidenceKind() + "/" + v));
                }
            }
        }
        List<Problem> notes = new ArrayList<>();
        for (EvidenceKind kind : kb.evidenceKinds()) {
            for (EvidenceKind.Value value : kind.values()) {
                if (!rules.isEvidenceMatched(kind.id(), value.id())
                        && !answering.contains(kind.id() + "/" + value.id())) {
                    notes.add(
                            Problem.at(
                                    kb.location("evidence-value", kind.id() + "/" + value.id()),
                                    "note",
                                    "value '"
                                            + value.id()
                                            + "' of evidence kind '"
                                            + kind.id()
                                            + "' changes nothing: no rule matches it and no"
                                            + " question takes it as an answer"));
                }
            }
        }
        return notes;
    }

    /** The distinct start codes of the scenarios, by decoded value, with 0x904 / 0x7 first. */
    private static Map<String, Scenario.Start> starts(KnowledgeBase kb) {
        Map<String, Scenario.Start> starts = new LinkedHashMap<>();
        List<Scenario.Start> all = new ArrayList<>();
        all.add(new Scenario.Start("0x904", "0x7"));
        kb.scenarios().forEach(s -> all.add(s.start()));
        for (Scenario.Start start : all) {
            String key =
                    kb.errorCodes().decodeDisconnect(start.errorCode()).value()
                            + "/"
                            + (start.extendedCode() == null
                                    ? 0
                                    : kb.errorCodes().decodeExtended(start.extendedCode()).value());
            starts.putIfAbsent(key, start);
        }
        return starts;
    }
}
