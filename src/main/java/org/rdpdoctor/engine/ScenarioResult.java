package org.rdpdoctor.engine;

import java.util.List;
import org.rdpdoctor.kb.KnowledgeBase;

/**
 * The outcome of one scenario: whether it passed, what failed, the questions the engine asked on
 * the way to a diagnosis, those it asked after it to order the fixes, and the final state (for
 * explanations).
 */
public record ScenarioResult(
        String id,
        String file,
        List<String> failures,
        List<String> asked,
        List<String> askedForFixes,
        DiagnosisState state) {
    public ScenarioResult {
        failures = List.copyOf(failures);
        asked = List.copyOf(asked);
        askedForFixes = List.copyOf(askedForFixes);
    }

    public boolean passed() {
        return failures.isEmpty();
    }

    /**
     * Where a failure is: the scenario's {@code expect} when the scenario ran to its end and missed
     * it, the file when the engine refused one of its events.
     */
    public String where(KnowledgeBase kb) {
        return state == null ? file : kb.location("scenario-expect", id);
    }

    /**
     * What happened, for a person: the questions asked and the three leading causes with the rules
     * and facts behind their scores.
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
