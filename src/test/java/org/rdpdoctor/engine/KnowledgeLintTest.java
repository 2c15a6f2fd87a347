package org.rdpdoctor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdpdoctor.kb.BrokenFixture;
import org.rdpdoctor.kb.Problem;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class KnowledgeLintTest {
    @TempDir Path dir;

    @Test
    void options_no_rule_matches_are_reported_at_their_line() {
        List<Problem> problems = KnowledgeLint.check(Fixtures.small());

        assertThat(problems)
                .extracting(Problem::toString)
                .contains(
                        "src/test/resources/small/kb/questions.yaml:7: options: option 'succeeds' of question"
                                + " 'tcp-test' changes nothing: no rule matches it");
    }

    @Test
    void unused_fix_unasked_question_and_cause_that_never_leads_are_reported() {
        Path root = BrokenFixture.create(dir, "lint-unused");

        List<Problem> problems =
                KnowledgeLint.check(RuleBase.load(root.resolve("kb"), root.resolve("rules")));

        assertThat(problems)
                .extracting(Problem::message)
                .contains("fix 'reboot-everything' belongs to no cause")
                .anySatisfy(m -> assertThat(m).startsWith("question 'coffee' is never asked"))
                .anySatisfy(m -> assertThat(m).startsWith("cause 'cosmic-rays' never comes first"));
        assertThat(problems)
                .filteredOn(p -> p.message().startsWith("cause 'cosmic-rays'"))
                .extracting(Problem::line)
                .containsExactly(22);
    }
}
