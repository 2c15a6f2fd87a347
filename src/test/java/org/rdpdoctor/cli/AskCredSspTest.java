package org.rdpdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.rdpdoctor.engine.Diagnosis;
import org.rdpdoctor.engine.DiagnosisState;
import org.rdpdoctor.engine.Event;
import org.rdpdoctor.engine.RuleBase;

/** An {@code ask} session on the real knowledge for a user whose CredSSP patch levels differ. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class AskCredSspTest {
    private static final Map<String, String> USER =
            Map.of(
                    "error-message", "credssp-oracle",
                    "error-timing", "after-credentials",
                    "recent-updates", "client-only",
                    "tcp-port-test", "succeeds");

    @Test
    void ask_session_for_a_credssp_mismatch_reaches_that_cause_and_its_fixes() {
        String typed = String.join("\n", keystrokes()) + "\nquit\n";

        CliRun run = CliRun.run(typed, "ask", "--code", "0x904", "--extended", "0x7");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("Status: diagnosed")
                .containsPattern("1\\. .*CredSSP")
                .contains("Fixes for ")
                .contains("AllowEncryptionOracle");
    }

    /** The numbers this user types: the engine's questions answered from {@link #USER}. */
    private static List<String> keystrokes() {
        RuleBase rules = RuleBase.load(Path.of("kb"), Path.of("rules"));
        List<String> typed = new ArrayList<>();
        try (Diagnosis d =
                Diagnosis.start(rules, new Event.Started("0x904", "0x7", null, null, null))) {
            DiagnosisState state = d.state();
            while (state.status() == DiagnosisState.Status.ASKING) {
                DiagnosisState.NextQuestion q = state.nextQuestion();
                String option = USER.getOrDefault(q.id(), "unknown");
                typed.add(
                        String.valueOf(
                                q.options().stream()
                                                .map(DiagnosisState.OptionView::id)
                                                .toList()
                                                .indexOf(option)
                                        + 1));
                state = d.apply(new Event.Answered(q.id(), option));
            }
        }
        return typed;
    }
}
