package org.rdpdoctor.engine;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.rdpdoctor.kb.KnowledgeBase;

/**
 * The outcome of one scenario: whether it passed, what failed, the questions the engine asked on
 * the way to a diagnosis, those it asked after it to order the fixes, and the final state (for
 * explanations).
 *
 * @param unusedAnswers the scenario's answers to questions the engine never asked, by question id
 *     in alphabetical order: they played no part
 * @param stopped why the engine asked nothing more (its cap of questions, a clear diagnosis, no
 *     question left worth asking), or null when it refused one of the scenario's events
 */
public record ScenarioResult(
        String id,
        String file,
        List<String> failures,
        List<String> asked,
        List<String> askedForFixes,
        Map<String, String> unusedAnswers,
        String stopped,
        DiagnosisState state) {
    public ScenarioResult {
        failures = List.copyOf(failures);
        asked = List.copyOf(asked);
        askedForFixes = List.copyOf(askedForFixes);
        unusedAnswers = Collections.unmodifiableMap(new LinkedHashMap<>(unusedAnswers));
    }

    public boolean passed() {
        return failures.isEmpty();
    }

    /** Whether the engine stopped at its cap of questions, not at a diagnosis or a worked fix. */
    public boolean stoppedAtCap() {
        return ScenarioRunner.AT_CAP.equals(stopped);
    }

    /**
     * Where a failure is: the scenario's {@code expect} when the scenario ran to its end and missed
     * it, the file when the engine refused one of its events.
     */
    public String where(KnowledgeBase kb) {
        return state == null ? file : kb.location("scenario-expect", id);
    }

    /** The unused answers as a scenario writes them: {@code question: option, …}. */
    public String unusedAnswersText() {
        return unusedAnswers.entrySet().stream()
                .map(a -> a.getKey() + ": " + a.getValue())
                .collect(Collectors.joining(", "));
    }

    /**
     * What happened, for a person: the questions asked, why the engine asked no more, the
     * scenario's answers it never asked for, and the three leading causes with the rules and facts
     * behind their scores.
     */
    public String report() {
        StringBuilder out = new StringBuilder();
        failures.forEach(f -> out.append("  ").append(f).append('\n'));
        out.append("  asked: ")
                .append(asked.isEmpty() ? "nothing" : String.join(", ", asked))
                .append(
                        askedForFixes.isEmpty()
                                ? ""
                                : "; to order the fixes: " + String.join(", ", askedForFixes))
                .append('\n');
        if (state == null) {
            return out.toString();
        }
        out.append("  stopped: ").append(stopped).append('\n');
        if (!unusedAnswers.isEmpty()) {
            out.append("  never asked, so not used: ").append(unusedAnswersText()).append('\n');
        }
        for (DiagnosisState.RankedCause c :
                state.ranking().subList(0, Math.min(3, state.ranking().size()))) {
            out.append(String.format("  %+.3f %s%n", c.score(), c.causeId()));
            for (DiagnosisState.Reason r : c.explanation()) {
                out.append(
                        String.format(
                                "         %s \"%s\" <- %s%n",
                                r.weight(), r.rule(), String.join("; ", r.facts())));
            }
        }
        return out.toString();
    }
}
