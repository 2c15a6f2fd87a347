package org.rdpdoctor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
    void evidence_values_no_rule_or_question_reads_are_notes_at_their_line() {
        assertThat(KnowledgeLint.unreadEvidence(Fixtures.small()))
                .extracting(Problem::toString)
                .containsExactly(
                        "src/test/resources/small/kb/evidence.yaml:16: note: value '36870' of"
                                + " evidence kind 'event-id' changes nothing: no rule matches it and"
                                + " no question takes it as an answer");
    }

    @Test
    void a_rule_on_an_evidence_kind_without_a_value_reads_every_value_of_it() throws IOException {
        Path kb = BrokenFixture.copyTree(Path.of("src/test/resources/small/kb"), dir.resolve("kb"));
        Path rules =
                BrokenFixture.copyTree(
                        Path.of("src/test/resources/small/rules"), dir.resolve("rules"));
        Path drl = rules.resolve("small.drl");
        Files.writeString(
                drl,
                Files.readString(drl)
                        .replace(
                                "Answer(question == \"timing\", option == \"after-credentials\")",
                                "Evidence(kind == \"event-id\")"));

        assertThat(KnowledgeLint.unreadEvidence(RuleBase.load(kb, rules))).isEmpty();
    }

    @Test
    void an_option_compared_with_a_variable_matches_no_option_of_its_question() throws IOException {
        Path root = BrokenFixture.copySmall(dir);
        BrokenFixture.edit(
                root.resolve("rules/small.drl"),
                text ->
                        text.replace(
                                "Answer(question == \"tcp-test\", option == \"fails\")",
                                "Answer(question == \"timing\", $o : option)"
                                        + " Answer(question == \"tcp-test\", option == $o)"));

        List<Problem> problems =
                KnowledgeLint.quick(RuleBase.load(root.resolve("kb"), root.resolve("rules")));

        assertThat(problems)
                .extracting(Problem::message)
                .contains(
                        "option 'succeeds' of question 'tcp-test' changes nothing: no rule matches"
                                + " it",
                        "option 'fails' of question 'tcp-test' changes nothing: no rule matches"
                                + " it");
    }

    @Test
    void a_rule_that_throws_only_on_reported_evidence_is_a_problem_at_its_line_naming_the_evidence()
            throws IOException {
        Path root = BrokenFixture.copySmall(dir);
        Path drl = root.resolve("rules/small.drl");
        int line = Files.readString(drl).split("\n", -1).length + 2;
        Files.writeString(
                drl,
                """

                // A refused connect alone: nothing listens.
                rule "Refused connect alone"
                    @source("doc-a")
                when
                    Evidence(kind == "tcp-connect", value == "refused")
                then
                    insertLogical(new Support("port-blocked", Weight.valueOf("weak"), kcontext));
                end
                """,
                StandardOpenOption.APPEND);

        List<Problem> problems =
                KnowledgeLint.quick(RuleBase.load(root.resolve("kb"), root.resolve("rules")));

        assertThat(problems)
                .filteredOn(p -> p.file().endsWith("rules/small.drl"))
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.line()).isEqualTo(line);
                            assertThat(p.field()).isEqualTo("then");
                            assertThat(p.message())
                                    .isEqualTo(
                                            "rule \"Refused connect alone\" threw"
                                                    + " IllegalArgumentException: No enum constant"
                                                    + " org.rdpdoctor.engine.Weight.weak (on"
                                                    + " evidence tcp-connect: refused from the"
                                                    + " probe, in a session started with 0x904 /"
                                                    + " 0x7)");
                        });
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

    @Test
    void a_tree_cut_off_is_a_problem_before_a_finding_it_may_explain() {
        KnowledgeLint.Findings findings = KnowledgeLint.findings(Fixtures.small(), 2);

        assertThat(findings.notes()).filteredOn(p -> p.file().equals("rules")).isEmpty();
        assertThat(findings.problems())
                .extracting(Problem::toString)
                .containsSubsequence(
                        "rules: tree: the decision tree from 0x904 / 0x7 was cut off at 2 states, so"
                                + " the checks below looked at part of it; lint --max-nodes explores"
                                + " further",
                        "src/test/resources/small/kb/causes.yaml:1: port-blocked: cause"
                                + " 'port-blocked' never comes first, on any path or in any scenario:"
                                + " give it a rule that supports it strongly, or a scenario that shows"
                                + " how it leads");
    }

    @Test
    void a_tree_explored_whole_is_neither_a_problem_nor_a_note() {
        KnowledgeLint.Findings findings =
                KnowledgeLint.findings(Fixtures.small(), DecisionTree.MAX_NODES);

        assertThat(findings.notes()).filteredOn(p -> p.file().equals("rules")).isEmpty();
        assertThat(findings.problems()).extracting(Problem::field).doesNotContain("tree");
    }

    @Test
    void a_scenario_that_fails_is_a_problem_at_its_expect() throws IOException {
        Path root = BrokenFixture.copySmall(dir);
        BrokenFixture.edit(
                root.resolve("kb/scenarios/security/credssp.yaml"),
                text -> text.replace("leader: credssp-mismatch", "leader: port-blocked"));

        List<Problem> problems =
                KnowledgeLint.check(RuleBase.load(root.resolve("kb"), root.resolve("rules")));

        assertThat(problems)
                .filteredOn(p -> p.field().equals("expect"))
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.file()).endsWith("kb/scenarios/security/credssp.yaml");
                            assertThat(p.line()).isEqualTo(9);
                            assertThat(p.message())
                                    .startsWith(
                                            "scenario 'security/credssp' fails: leader is"
                                                    + " credssp-mismatch")
                                    .endsWith("(test-scenarios --only security/credssp shows why)");
                        });
    }

    @Test
    void answers_left_over_by_a_clear_diagnosis_are_no_note() {
        KnowledgeLint.Findings findings =
                KnowledgeLint.findings(Fixtures.small(), DecisionTree.MAX_NODES);

        assertThat(findings.notes()).isEmpty();
        assertThat(findings.problems())
                .extracting(Problem::file)
                .noneMatch(f -> f.contains("scenarios"));
    }
}
