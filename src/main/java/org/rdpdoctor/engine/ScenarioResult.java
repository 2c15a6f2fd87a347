package org.rdpdoctor.engine;

import java.util.List;

/**
 * The outcome of one scenario: whether it passed, what failed, the questions the engine asked, and
 * the final state (for explanations).
 */
public record ScenarioResult(
        String id, String file, List<String> failures, List<String> asked, DiagnosisState state) {
    public ScenarioResult {
        failures = List.copyOf(failures);
        asked = List.copyOf(asked);
    }

    public boolean passed() {
        return failures.isEmpty();
    }
}
