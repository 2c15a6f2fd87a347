package org.rdpdoctor.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdpdoctor.kb.BrokenFixture;
import org.rdpdoctor.kb.InvalidKnowledgeException;
import org.rdpdoctor.kb.Problem;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class DiagnosisTest {
    private static RuleBase rules;

    @BeforeAll
    static void compile() {
        rules = Fixtures.small();
    }

    @Test
    void error_codes_are_decoded_and_become_a_fact_rules_match() {
        try (Diagnosis d = Diagnosis.start(rules, Fixtures.started("904", "7"))) {

            DiagnosisState state = d.state();

            assertThat(state.decoded().error().name())
                    .isEqualTo("disconnectReasonAtClientWinsockFDCLOSE");
            assertThat(state.decoded().extended().serverName())
                    .isEqualTo("ERRINFO_SERVER_DENIED_CONNECTION");
            assertThat(cause(state, "port-blocked").explanation())
                    .extracting(DiagnosisState.Reason::rule)
                    .containsExactly("Socket closed means the port was open");
            assertThat(cause(state, "port-blocked").score()).isLessThan(0.1);
        }
    }

    @Test
    void the_outline_the_tree_walks_ranks_and_asks_as_the_full_state_does() {
        try (Diagnosis d = Diagnosis.start(rules, Fixtures.started("0x904", "0x7"))) {
            d.change(new Event.Answered("timing", "after-credentials"));

            DiagnosisState outline = d.outline();
            DiagnosisState state = d.state();

            assertThat(outline.status()).isEqualTo(state.status());
            assertThat(outline.nextQuestion()).isEqualTo(state.nextQuestion());
            assertThat(outline.ranking())
                    .extracting(
                            DiagnosisState.RankedCause::causeId, DiagnosisState.RankedCause::score)
                    .containsExactlyElementsOf(
                            state.ranking().stream()
                                    .map(c -> Tuple.tuple(c.causeId(), c.score()))
                                    .toList());
            assertThat(cause(outline, "credssp-mismatch").explanation()).isEmpty();
            assertThat(cause(state, "credssp-mismatch").explanation()).isNotEmpty();
        }
    }

    @Test
    void explanation_names_rule_weight_sources_and_matched_facts() {
        try (Diagnosis d = Diagnosis.start(rules, Fixtures.started("0x904", "0x7"))) {

            DiagnosisState state = d.apply(new Event.Answered("timing", "after-credentials"));

            DiagnosisState.Reason reason = cause(state, "credssp-mismatch").explanation().get(0);
            assertThat(reason.rule()).isEqualTo("Error after credentials points at CredSSP");
            assertThat(reason.weight()).isEqualTo("strong");
            assertThat(reason.sources()).containsExactly("doc-a");
            assertThat(reason.facts())
                    .containsExactly(
                            "\"When does the error appear?\" → After entering credentials");
            assertThat(cause(state, "credssp-mismatch").score()).isEqualTo(0.82);
        }
    }

    @Test
    void questions_asked_counts_each_question_answered_once_and_not_a_withdrawn_one() {
        try (Diagnosis d = Diagnosis.start(rules, Fixtures.started("0x904", "0x7"))) {
            d.apply(new Event.Answered("timing", "after-credentials"));
            d.apply(new Event.Answered("timing", "before-credentials"));
            d.apply(new Event.Answered("timing", "before-credentials"));

            assertThat(d.apply(new Event.Answered("client-platform", "modern")).questionsAsked())
                    .isEqualTo(2);
            assertThat(d.apply(new Event.Withdrawn("timing")).questionsAsked()).isEqualTo(1);
        }
    }

    @Test
    void withdrawn_evidence_leaves_the_session_and_absent_evidence_cannot_be_withdrawn() {
        try (Diagnosis d = Diagnosis.start(rules, Fixtures.started("0x904", "0x7"))) {
            DiagnosisState before = d.state();
            DiagnosisState measured =
                    d.apply(
                            new Event.EvidenceAdded(
                                    "tcp-connect", "refused", "probe", "refused (RST)"));

            DiagnosisState withdrawn = d.apply(new Event.EvidenceWithdrawn("tcp-connect", "probe"));

            assertThat(measured.ranking()).isNotEqualTo(before.ranking());
            assertThat(withdrawn.evidence()).isEmpty();
            assertThat(withdrawn.ranking()).isEqualTo(before.ranking());
            assertThatThrownBy(() -> d.apply(new Event.EvidenceWithdrawn("tcp-connect", "probe")))
                    .isInstanceOf(InvalidEventException.class)
                    .hasMessageContaining(
                            "no evidence of kind 'tcp-connect' from 'probe' to withdraw");
            assertThatThrownBy(
                            () -> d.apply(new Event.EvidenceWithdrawn("tcp-connect", "error-code")))
                    .isInstanceOf(InvalidEventException.class)
                    .hasMessageContaining("'error-code' is not one of");
        }
    }

    @Test
    void withdrawn_answer_removes_its_support() {
        try (Diagnosis d = Diagnosis.start(rules, Fixtures.started("0x904", "0x7"))) {
            d.apply(new Event.Answered("timing", "after-credentials"));

            DiagnosisState state = d.apply(new Event.Withdrawn("timing"));

            assertThat(cause(state, "credssp-mismatch").explanation()).isEmpty();
            assertThat(cause(state, "credssp-mismatch").score()).isEqualTo(0.1);
            assertThat(state.answers()).isEmpty();
        }
    }

    @Test
    void answer_naming_a_platform_asserts_its_traits() {
        try (Diagnosis d = Diagnosis.start(rules, Fixtures.started("0x904", "0x7"))) {

            DiagnosisState state = d.apply(new Event.Answered("client-platform", "win7"));

            assertThat(cause(state, "old-client").explanation().get(0).facts())
                    .containsExactly("the client is Windows 7 SP1 (no-tls12-by-default)");
        }
    }

    @Test
    void a_failed_fix_is_explained_with_the_fix_and_cause_titles() {
        try (Diagnosis d = Diagnosis.start(rules, Fixtures.started("0x904", "0x7"))) {

            DiagnosisState state = d.apply(new Event.FixTried("patch-both", false));

            assertThat(cause(state, "credssp-mismatch").explanation().get(0).facts())
                    .contains(
                            "\"Patch both ends\" is a fix of \"CredSSP patch levels differ\","
                                    + " whose failure counts strongly against it");
        }
    }

    @Test
    void evidence_answers_its_question_which_is_then_never_asked() {
        try (Diagnosis d = Diagnosis.start(rules, Fixtures.started("0x204", null))) {

            DiagnosisState state =
                    d.apply(
                            new Event.EvidenceAdded(
                                    "tcp-connect", "refused", "probe", "RST in 1 ms"));

            assertThat(Fixtures.answers(state)).containsExactly("tcp-test=fails (probe)");
            assertThat(state.nextQuestion() == null ? null : state.nextQuestion().id())
                    .isNotEqualTo("tcp-test");
            assertThat(state.ranking().get(0).causeId()).isEqualTo("port-blocked");
        }
    }

    @Test
    void next_question_is_the_one_that_moves_the_leaders_and_explains_why() {
        try (Diagnosis d = Diagnosis.start(rules, Fixtures.started("0x904", "0x7"))) {

            DiagnosisState state = d.state();

            assertThat(state.status()).isEqualTo(DiagnosisState.Status.ASKING);
            assertThat(state.nextQuestion().options())
                    .extracting(DiagnosisState.OptionView::id)
                    .endsWith("unknown");
            assertThat(state.nextQuestion().why().askedBecause()).isNotEmpty();
            assertThat(state.nextQuestion().why().effects())
                    .hasSize(state.nextQuestion().options().size() - 1);
        }
    }

    @Test
    void failed_fix_brings_the_next_cause_forward_and_a_worked_fix_solves() {
        try (Diagnosis d = Diagnosis.start(rules, Fixtures.started("0x904", "0x7"))) {
            d.apply(new Event.Answered("timing", "after-credentials"));
            d.apply(new Event.Answered("client-platform", "win7"));
            String first = d.state().leadingCause();

            DiagnosisState afterFailure =
                    d.apply(new Event.FixTried(d.state().fixes().get(0).fixId(), false));
            DiagnosisState solved =
                    d.apply(new Event.FixTried(afterFailure.fixes().get(0).fixId(), true));

            assertThat(afterFailure.leadingCause()).isNotEqualTo(first);
            assertThat(solved.status()).isEqualTo(DiagnosisState.Status.SOLVED);
            assertThat(solved.confirmedCause()).isEqualTo(afterFailure.leadingCause());
        }
    }

    @Test
    void a_cause_a_fix_confirmed_heads_the_ranking_whatever_its_score() {
        try (Diagnosis d = Diagnosis.start(rules, Fixtures.started("0x904", "0x7"))) {
            d.apply(new Event.Answered("timing", "after-credentials"));

            DiagnosisState solved = d.apply(new Event.FixTried("open-port", true));

            assertThat(solved.confirmedCause()).isEqualTo("port-blocked");
            assertThat(solved.ranking().get(0).causeId()).isEqualTo("port-blocked");
        }
    }

    @Test
    void a_state_written_as_json_reads_back_equal() throws Exception {
        try (Diagnosis d = Diagnosis.start(rules, Fixtures.started("0x904", "0x7"))) {
            DiagnosisState state = d.apply(new Event.Answered("timing", "after-credentials"));

            String json = Json.mapper().writeValueAsString(state);

            assertThat(json).contains("\"basis\"");
            assertThat(Json.mapper().readValue(json, DiagnosisState.class)).isEqualTo(state);
        }
    }

    @Test
    void replaying_the_same_events_gives_the_same_state() {
        List<Event> events =
                List.of(
                        Fixtures.started("0x904", "0x7"),
                        new Event.Answered("timing", "after-credentials"),
                        new Event.EvidenceAdded("tcp-connect", "open", "probe", null),
                        new Event.Answered("client-platform", "unknown"),
                        new Event.Withdrawn("timing"),
                        new Event.Answered("timing", "before-credentials"));

        DiagnosisState once;
        DiagnosisState twice;
        try (Diagnosis a = Diagnosis.replay(rules, events);
                Diagnosis b = Diagnosis.replay(rules, events)) {
            once = a.state();
            twice = b.state();
        }

        assertThat(twice).isEqualTo(once);
    }

    @Test
    void unknown_question_and_option_are_refused_naming_the_field() {
        try (Diagnosis d = Diagnosis.start(rules, Fixtures.started("0x904", "0x7"))) {

            assertThatThrownBy(() -> d.apply(new Event.Answered("nope", "x")))
                    .isInstanceOf(InvalidEventException.class)
                    .hasMessage("questionId: unknown question 'nope'");
            assertThatThrownBy(() -> d.apply(new Event.Answered("timing", "later")))
                    .hasMessageStartingWith("optionId: 'later' is not an option of 'timing'");
            assertThat(d.events()).hasSize(1);
        }
    }

    @Test
    void malformed_error_code_is_refused() {
        assertThatThrownBy(() -> Diagnosis.start(rules, Fixtures.started("0xZZ", null)))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageStartingWith("errorCode: error code '0xZZ' is not a number");
    }

    /**
     * A rule may take the cause it votes for from a variable, which the compiler cannot check: a
     * vote for something that is not a cause is refused naming the rule, its file and what it voted
     * for.
     */
    @Test
    void a_rule_voting_for_something_that_is_not_a_cause_is_named_with_its_file(@TempDir Path dir)
            throws IOException {
        BrokenFixture.copySmall(dir);
        Files.writeString(
                dir.resolve("rules/votes-for-the-answer.drl"),
                """
                package org.rdpdoctor.rules;

                import org.rdpdoctor.engine.*;

                // Votes for whatever the timing answer names.
                rule "Vote for the answer itself"
                    @source("doc-a")
                when
                    Answer(question == "timing", $option : option)
                then
                    insertLogical(new Support($option, Weight.WEAK, kcontext));
                end
                """);
        RuleBase voting = RuleBase.load(dir.resolve("kb"), dir.resolve("rules"));
        List<Event> events =
                List.of(
                        Fixtures.started("0x904", "0x7"),
                        new Event.Answered("timing", "after-credentials"));

        assertThatThrownBy(() -> Diagnosis.replay(voting, events))
                .isInstanceOf(InvalidKnowledgeException.class)
                .hasMessageContaining(
                        "votes-for-the-answer.drl:6: Support: rule \"Vote for the answer"
                                + " itself\" voted for 'after-credentials', which is not a cause in"
                                + " causes.yaml");
    }

    @Test
    void a_rule_that_throws_on_the_facts_is_named_with_its_file_line_and_part(@TempDir Path dir) {
        BrokenFixture.create(dir, "drl-throws-on-facts");
        RuleBase throwing = RuleBase.load(dir.resolve("kb"), dir.resolve("rules"));

        String file = Problem.shown(dir.resolve("rules/throws.drl"));

        assertThat(
                        Stream.of(
                                        new Event.Answered("timing", "after-credentials"),
                                        new Event.Answered("client-platform", "win7"),
                                        new Event.Answered("tcp-test", "fails"))
                                .map(event -> problemAfter(throwing, event)))
                .containsExactly(
                        new Problem(
                                file,
                                6,
                                0,
                                "when",
                                "rule \"Timing as a number\" threw NumberFormatException: For"
                                        + " input string: \"after-credentials\""),
                        new Problem(
                                file,
                                15,
                                0,
                                "when",
                                "rule \"Platform as a number\" threw NumberFormatException: For"
                                        + " input string: \"win7\""),
                        new Problem(
                                file,
                                25,
                                0,
                                "then",
                                "rule \"Cause cut from the TCP test\" threw"
                                        + " StringIndexOutOfBoundsException: begin 100, end 5,"
                                        + " length 5"));
    }

    @Test
    void a_condition_that_throws_on_an_answer_the_look_ahead_tries_is_named(@TempDir Path dir)
            throws IOException {
        BrokenFixture.create(dir, "drl-throws-on-facts");
        Path drl = dir.resolve("rules/throws.drl");
        String text = Files.readString(drl);
        Files.writeString(
                drl,
                text.substring(0, text.indexOf("// Cuts the cause"))
                        .replace(
                                "Integer.parseInt(option) > 0",
                                "option != \"before-credentials\" && Integer.parseInt(option) > 0"));
        RuleBase throwing = RuleBase.load(dir.resolve("kb"), dir.resolve("rules"));

        try (Diagnosis d = Diagnosis.start(throwing, Fixtures.started("0x904", "0x7"))) {
            assertThatThrownBy(d::state)
                    .isInstanceOf(InvalidKnowledgeException.class)
                    .hasMessageEndingWith(
                            "throws.drl:6: when: rule \"Timing as a number\" threw"
                                    + " NumberFormatException: For input string: \"after-credentials\"");
        }
    }

    @Test
    void a_rule_with_quotes_in_its_name_that_throws_is_named_with_its_file_and_line(
            @TempDir Path dir) throws IOException {
        BrokenFixture.create(dir, "drl-throws-on-facts");
        Path drl = dir.resolve("rules/throws.drl");
        Files.writeString(
                drl,
                Files.readString(drl)
                        .replace(
                                "rule \"Timing as a number\"",
                                "rule \"Timing \\\"as a number\\\"\""));
        RuleBase throwing = RuleBase.load(dir.resolve("kb"), dir.resolve("rules"));

        assertThat(problemAfter(throwing, new Event.Answered("timing", "after-credentials")))
                .isEqualTo(
                        new Problem(
                                Problem.shown(drl),
                                6,
                                0,
                                "when",
                                "rule \"Timing \"as a number\"\" threw NumberFormatException: For"
                                        + " input string: \"after-credentials\""));
    }

    private static Problem problemAfter(RuleBase rules, Event event) {
        try (Diagnosis d = Diagnosis.start(rules, Fixtures.started("0x904", "0x7"))) {
            InvalidKnowledgeException e =
                    catchThrowableOfType(InvalidKnowledgeException.class, () -> d.apply(event));
            assertThat(e).as("applying %s must fail", event).isNotNull();
            assertThat(e.problems()).hasSize(1);
            return e.problems().get(0);
        }
    }

    private static DiagnosisState.RankedCause cause(DiagnosisState state, String id) {
        return state.ranking().stream()
                .filter(c -> c.causeId().equals(id))
                .findFirst()
                .orElseThrow();
    }
}
