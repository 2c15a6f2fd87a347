package org.rdpdoctor.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdpdoctor.kb.BrokenFixture;
import org.rdpdoctor.kb.InvalidKnowledgeException;
import org.rdpdoctor.kb.Problem;

/**
 * A rule that puts a fix first: the leading cause's fixes it names come ahead of the others, with
 * the rule and facts that moved them, and the editor hears about a TryFirst written wrong.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class TryFirstTest {
    /** A rule the small rules gain, at the end of small.drl; {@code %s} is its consequence. */
    private static final String RULE =
            """

            // Credentials were asked, so the oracle setting is the quicker thing to change.
            rule "After credentials: the oracle setting first"
                @source("doc-a")
            when
                Answer(question == "timing", $option : option == "after-credentials")
            then
                %s
            end
            """;

    @TempDir Path dir;

    @Test
    void the_fix_a_rule_points_at_comes_first_and_says_why() throws IOException {
        RuleBase rules = withRule("insertLogical(new TryFirst(\"allow-oracle\", kcontext));");

        try (Diagnosis d = Diagnosis.start(rules, Fixtures.started("0x904", "0x7"))) {
            DiagnosisState state = d.apply(new Event.Answered("timing", "after-credentials"));

            assertThat(state.leadingCause()).isEqualTo("credssp-mismatch");
            assertThat(state.fixes())
                    .extracting(DiagnosisState.FixView::fixId)
                    .containsExactly("allow-oracle", "patch-both");
            DiagnosisState.Reason why = state.fixes().get(0).tryFirst().get(0);
            assertThat(why.rule()).isEqualTo("After credentials: the oracle setting first");
            assertThat(why.weightText()).isEqualTo("puts first");
            assertThat(why.sources()).containsExactly("doc-a");
            assertThat(why.facts())
                    .containsExactly(
                            "\"When does the error appear?\" → After entering credentials");
            assertThat(state.fixes().get(1).tryFirst()).isEmpty();
        }
    }

    @Test
    void withdrawing_the_answer_puts_the_fixes_back_in_their_listed_order() throws IOException {
        RuleBase rules = withRule("insertLogical(new TryFirst(\"allow-oracle\", kcontext));");

        try (Diagnosis d = Diagnosis.start(rules, Fixtures.started("0x904", "0x7"))) {
            d.apply(new Event.Answered("timing", "after-credentials"));
            d.apply(new Event.Answered("client-platform", "modern"));
            DiagnosisState state = d.apply(new Event.Withdrawn("timing"));

            assertThat(state.fixes())
                    .extracting(DiagnosisState.FixView::fixId, f -> f.tryFirst().isEmpty())
                    .containsExactly(
                            Tuple.tuple("patch-both", true), Tuple.tuple("allow-oracle", true));
        }
    }

    @Test
    void an_unknown_fix_is_an_error_at_its_line() throws IOException {
        List<Problem> problems =
                problems(() -> withRule("insertLogical(new TryFirst(\"alow-oracle\", kcontext));"));

        assertThat(problems)
                .extracting(Problem::field, Problem::message)
                .containsExactly(
                        Tuple.tuple(
                                "TryFirst",
                                "unknown fix 'alow-oracle' (did you mean 'allow-oracle'?)"));
        assertThat(problems.get(0).line()).isEqualTo(lineWith("new TryFirst"));
    }

    @Test
    void a_try_first_without_kcontext_says_how_it_is_written() throws IOException {
        List<Problem> problems =
                problems(() -> withRule("insertLogical(new TryFirst(\"allow-oracle\"));"));

        assertThat(problems)
                .extracting(Problem::message)
                .containsExactly(
                        "new TryFirst(…) takes a fix id in quotes and kcontext, as in new"
                                + " TryFirst(\"fix-id\", kcontext) (kcontext is missing at the end)");
    }

    @Test
    void a_condition_on_try_first_is_refused() throws IOException {
        BrokenFixture.edit(
                BrokenFixture.copySmall(dir).resolve("rules/small.drl"),
                text ->
                        text
                                + RULE.formatted(
                                                "insertLogical(new TryFirst(\"allow-oracle\","
                                                        + " kcontext));")
                                        .replace(
                                                "Answer(question == \"timing\", $option : option =="
                                                        + " \"after-credentials\")",
                                                "TryFirst(fix == \"patch-both\")"));

        assertThat(problems(() -> load()))
                .extracting(Problem::message)
                .contains(
                        "a condition cannot match TryFirst: Support, Ask and TryFirst are what"
                                + " rules conclude, and a rule that reads them can feed on its own"
                                + " conclusions");
    }

    @Test
    void a_fix_taken_from_a_variable_that_is_no_fix_is_refused_naming_the_rule()
            throws IOException {
        RuleBase rules = withRule("insertLogical(new TryFirst($option, kcontext));");

        try (Diagnosis d = Diagnosis.start(rules, Fixtures.started("0x904", "0x7"))) {
            assertThatThrownBy(() -> d.apply(new Event.Answered("timing", "after-credentials")))
                    .isInstanceOf(InvalidKnowledgeException.class)
                    .hasMessageContaining(
                            "TryFirst: rule \"After credentials: the oracle setting first\" put"
                                    + " 'after-credentials' first, which is not a fix in"
                                    + " fixes.yaml");
        }
    }

    /** The small rules with {@link #RULE} added, its consequence {@code consequence}. */
    private RuleBase withRule(String consequence) throws IOException {
        BrokenFixture.edit(
                BrokenFixture.copySmall(dir).resolve("rules/small.drl"),
                text -> text + RULE.formatted(consequence));
        return load();
    }

    private RuleBase load() {
        return RuleBase.load(dir.resolve("kb"), dir.resolve("rules"));
    }

    /** The line (from 1) of small.drl that holds {@code text}. */
    private int lineWith(String text) throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve("rules/small.drl"));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text + " is not in small.drl");
    }

    private static List<Problem> problems(ThrowingCallable load) {
        InvalidKnowledgeException e = catchThrowableOfType(InvalidKnowledgeException.class, load);
        assertThat(e).as("loading must fail").isNotNull();
        return e.problems();
    }
}
