package org.rdpdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.rdpdoctor.engine.Diagnosis;
import org.rdpdoctor.engine.DiagnosisState;
import org.rdpdoctor.engine.Event;
import org.rdpdoctor.engine.RuleBase;

/**
 * An {@code ask} session on the real knowledge for a user who knows no answer and whose every fix
 * fails, until no cause stands out.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class AskNoCauseStandsOutTest {
    @Test
    void when_no_cause_stands_out_ask_offers_no_fix_of_the_closest_one() {
        List<String> typed = keystrokes();

        CliRun run = ask(typed);

        assertThat(run.exitCode()).as(run.err()).isZero();
        String out = run.out();
        String end = out.substring(out.lastIndexOf("Did \""));
        assertThat(end)
                .contains("Status: exhausted")
                .contains("No cause stands out, so no fixes to try")
                .doesNotContain("Fixes for ")
                .doesNotContain("Fix 1:");
    }

    @Test
    void back_after_no_cause_stands_out_takes_the_last_answer_back_to_change_it() {
        List<String> typed = new ArrayList<>(keystrokes());
        typed.add("back");
        typed.add("quit");

        CliRun run = ask(typed);

        assertThat(run.exitCode()).as(run.err()).isZero();
        String out = run.out();
        String after = out.substring(out.lastIndexOf("No cause stands out, so no fixes to try"));
        assertThat(after)
                .contains("Type back to take the last answer back, or quit: ")
                .contains("Answer (number, why, back, quit): ");
    }

    /** {@code ask} from 0x904 / 0x7 on the real knowledge, with {@code typed} as its input. */
    private static CliRun ask(List<String> typed) {
        return CliRun.run(
                String.join("\n", typed) + "\n", "ask", "--code", "0x904", "--extended", "0x7");
    }

    /**
     * What this user types: "I don't know" to every question, "n" to every fix offered, worked out
     * by running the same session in the engine.
     */
    private static List<String> keystrokes() {
        RuleBase rules = RuleBase.load(Path.of("kb"), Path.of("rules"));
        List<String> typed = new ArrayList<>();
        try (Diagnosis d =
                Diagnosis.start(rules, new Event.Started("0x904", "0x7", null, null, null))) {
            DiagnosisState state = d.state();
            while (state.status() != DiagnosisState.Status.EXHAUSTED) {
                assertThat(typed).as("keys so far").hasSizeLessThan(100);
                if (state.status() == DiagnosisState.Status.ASKING) {
                    DiagnosisState.NextQuestion q = state.nextQuestion();
                    typed.add(String.valueOf(q.options().size()));
                    state = d.apply(new Event.Answered(q.id(), "unknown"));
                } else {
                    String fix =
                            state.fixes().stream()
                                    .filter(f -> f.worked() == null)
                                    .findFirst()
                                    .orElseThrow()
                                    .fixId();
                    typed.add("n");
                    state = d.apply(new Event.FixTried(fix, false));
                }
            }
        }
        return typed;
    }
}
