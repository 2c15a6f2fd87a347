package org.rdpdoctor.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rdpdoctor.kb.BrokenFixture;
import org.rdpdoctor.kb.InvalidKnowledgeException;
import org.rdpdoctor.kb.Problem;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class RuleBaseCompilerTest {
    @TempDir Path dir;

    @Test
    void rules_carry_their_file_and_sources() {
        RuleBase rules = Fixtures.small();

        assertThat(rules.rule("Failed fix weakens its cause").orElseThrow())
                .satisfies(
                        r -> {
                            assertThat(r.file()).endsWith("rules/small.drl");
                            assertThat(r.sources()).containsExactly("doc-a");
                        });
        assertThat(rules.rules()).hasSize(8);
    }

    @Test
    void the_version_is_the_same_wherever_the_same_files_are() {
        Path copy = BrokenFixture.copySmall(dir);

        RuleBase elsewhere = RuleBase.load(copy.resolve("kb"), copy.resolve("rules"));

        assertThat(elsewhere.version()).isEqualTo(Fixtures.small().version());
    }

    @Test
    void drl_syntax_error_names_file_and_line() {
        assertThat(problems("drl-syntax"))
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.file()).endsWith("small.drl");
                            assertThat(p.line()).isBetween(27, 28);
                        });
    }

    @Test
    void unknown_cause_in_a_consequence_is_an_error_at_its_line() {
        assertThat(problems("drl-unknown-cause"))
                .extracting(Problem::line, Problem::message)
                .containsExactly(
                        Tuple.tuple(38, "unknown cause 'old-clinet' (did you mean 'old-client'?)"));
    }

    @Test
    void unknown_option_in_a_condition_is_an_error_at_its_line() {
        assertThat(problems("drl-unknown-option"))
                .extracting(Problem::line, Problem::message)
                .containsExactly(
                        Tuple.tuple(
                                18,
                                "'failed' is not an option of question 'tcp-test' (did you mean 'fails'?)"),
                        Tuple.tuple(
                                82,
                                "'fail' is not an option of question 'tcp-test' (did you mean 'fails'?)"));
    }

    @Test
    void rule_without_source_is_an_error() {
        assertThat(problems("drl-no-source"))
                .extracting(Problem::toString)
                .singleElement()
                .asString()
                .endsWith(
                        ":70: @source: rule \"Ask the client platform\" names no source: add @source(\"id\")");
    }

    @Test
    void misspelt_fact_field_is_reported_at_the_field() {
        assertThat(problems("drl-misspelt-field"))
                .anySatisfy(
                        p -> {
                            assertThat(p.file()).endsWith("small.drl");
                            assertThat(p.line()).isBetween(33, 36);
                            String line =
                                    Files.readString(Path.of(p.file()))
                                            .lines()
                                            .toList()
                                            .get(p.line() - 1);
                            assertThat(p.column()).isEqualTo(line.indexOf("rolle") + 1);
                            assertThat(p.message())
                                    .isEqualTo(
                                            "Trait has no field 'rolle' (did you mean 'role'?) in"
                                                    + " 'rolle == \"client\"'; its fields are role,"
                                                    + " name, environment");
                        });
    }

    @Test
    void an_unbound_variable_in_a_condition_is_told_to_be_bound_at_its_line() throws IOException {
        smallDrl(
                text ->
                        text.replace("option == \"fails\")", "option == $o)")
                                .replace(
                                        "option == \"after-credentials\")",
                                        "option == $x.option)"));

        assertThat(problems(dir))
                .extracting(p -> p.line() + ":" + p.column() + ": " + p.message())
                .containsExactlyInAnyOrder(
                        "18:36: '$o' in 'option == $o' is not bound: bind it in a condition above"
                                + " (as $o : option) before comparing with it",
                        "27:34: '$x' in 'option == $x.option' is not bound: bind it in a"
                                + " condition above (as $x : Answer(…)) before reading its fields");
    }

    @Test
    void a_bad_regular_expression_after_matches_is_told_in_plain_words_at_its_character()
            throws IOException {
        smallDrl(
                text ->
                        text.replace("option == \"fails\")", "option matches \"fa(ils\")")
                                .replace(
                                        "option == \"after-credentials\")",
                                        "option matches \"after[\")"));

        assertThat(problems(dir))
                .extracting(p -> p.line() + ":" + p.column() + ": " + p.message())
                .containsExactlyInAnyOrder(
                        "18:54: 'option matches \"fa(ils\"': the pattern is not a valid regular"
                                + " expression: this ( opens a group that no ) closes; add the ),"
                                + " or write \\( for a bracket meant as text (in a rule's quotes the \\ is"
                                + " written twice: \\\\)",
                        "27:55: 'option matches \"after[\"': the pattern is not a valid regular"
                                + " expression: a [ … ] set of characters is not closed; add the ],"
                                + " or write \\[ for a bracket meant as text (in a rule's quotes the \\ is"
                                + " written twice: \\\\)");
    }

    @Test
    void a_bare_value_after_or_is_told_to_be_compared_or_listed_with_in_at_its_line()
            throws IOException {
        smallDrl(
                text ->
                        text.replace(
                                        "option == \"fails\")",
                                        "option == \"fails\" || \"refused\" || \"times-out\")")
                                .replace(
                                        "option == \"after-credentials\")",
                                        "option != \"after-credentials\" || \"before\")"));

        assertThat(problems(dir))
                .extracting(p -> p.line() + ": " + p.message())
                .containsExactlyInAnyOrder(
                        "18: 'option == \"fails\" || \"refused\" || \"times-out\"': || and &&"
                                + " join comparisons, not values: write option == \"fails\" || =="
                                + " \"refused\" || == \"times-out\", or option in (\"fails\","
                                + " \"refused\", \"times-out\")",
                        "27: 'option != \"after-credentials\" || \"before\"': || and && join"
                                + " comparisons, not values: give each value its comparison, as in"
                                + " option == \"a\" || == \"b\"");
    }

    @Test
    void a_bare_value_after_and_is_told_to_be_listed_with_in_at_the_value() throws IOException {
        smallDrl(
                text ->
                        text.replace(
                                        "option == \"fails\")",
                                        "option == \"fails\" && \"refused\" && 'times-out')")
                                .replace(
                                        "option == \"after-credentials\")",
                                        "option != \"after-credentials\" && \"before\")"));

        assertThat(problems(dir))
                .extracting(p -> p.line() + ":" + p.column() + ": " + p.message())
                .containsExactlyInAnyOrder(
                        "18:57: 'option == \"fails\" && \"refused\" && 'times-out'': || and &&"
                                + " join comparisons, not values, and option == \"fails\" && =="
                                + " \"refused\" && == 'times-out' can never hold, as option has one"
                                + " value: for any one of them write option in (\"fails\","
                                + " \"refused\", 'times-out')",
                        "27:67: 'option != \"after-credentials\" && \"before\"': || and && join"
                                + " comparisons, not values: give each value its comparison, as in"
                                + " option != \"a\" && != \"b\"");
    }

    @Test
    void a_bare_value_after_a_comma_is_told_to_be_compared_at_the_value() throws IOException {
        smallDrl(
                text ->
                        text.replace(
                                        "ErrorReport(disconnect == 0x904)",
                                        "ErrorReport(disconnect == 0x904, 2310)")
                                .replace(
                                        "option == \"fails\")",
                                        "option == \"fails\",\n        'refused')")
                                .replace(
                                        "option == \"after-credentials\")",
                                        "\"after-credentials\")"));

        assertThat(problems(dir))
                .extracting(p -> p.line() + ":" + p.column() + ": " + p.message())
                .containsExactlyInAnyOrder(
                        "9:38: a constraint after a comma is a condition of its own, and the bare"
                                + " value 2310 is no condition: write the field it is for and a"
                                + " comparison (field == 2310); if it is another value disconnect"
                                + " may hold, write disconnect in (0x904, 2310)",
                        "19:9: a constraint after a comma is a condition of its own, and the bare"
                                + " value 'refused' is no condition: write the field it is for and a"
                                + " comparison (field == 'refused'); if it is another value option"
                                + " may hold, write option in (\"fails\", 'refused')",
                        "28:34: a constraint after a comma is a condition of its own, and the bare"
                                + " value \"after-credentials\" is no condition: write the field it"
                                + " is for and a comparison (field == \"after-credentials\"); if it"
                                + " is another value question may hold, write question in"
                                + " (\"timing\", \"after-credentials\")");
    }

    @Test
    void one_field_equal_to_two_values_joined_by_a_comma_or_and_is_told_it_can_never_hold()
            throws IOException {
        smallDrl(
                text ->
                        text.replace(
                                        "option == \"fails\")",
                                        "option == \"fails\", option == \"succeeds\")")
                                .replace(
                                        "option == \"after-credentials\")",
                                        "option == \"after-credentials\"\n"
                                                + "        && option == \"before-credentials\")"));

        assertThat(problems(dir))
                .extracting(p -> p.line() + ": " + p.message())
                .containsExactlyInAnyOrder(
                        "18: option == \"fails\" && == \"succeeds\" can never hold, as option has"
                                + " one value: for any one of them write option in (\"fails\","
                                + " \"succeeds\")",
                        "27: option == \"after-credentials\" && == \"before-credentials\" can"
                                + " never hold, as option has one value: for any one of them write"
                                + " option in (\"after-credentials\", \"before-credentials\")");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "option == \"fails\" || option == \"succeeds\"",
                "option != \"fails\", option != \"succeeds\"",
                "option == \"fails\", option == 'fails'",
                "option in (\"fails\", \"succeeds\"), option == \"fails\"",
                "option == \"fails\" && source == \"user\""
            })
    void comparisons_that_can_hold_together_are_not_told_they_never_hold(String constraints)
            throws IOException {
        smallDrl(text -> text.replace("option == \"fails\")", constraints + ")"));

        assertThat(RuleBase.load(dir.resolve("kb"), dir.resolve("rules")).rules())
                .containsKey("Failed TCP test points at the port");
    }

    @Test
    void one_code_equal_to_two_different_numbers_is_told_it_can_never_hold_an_id_only_to_be_quoted()
            throws IOException {
        Path drl = smallDrl(text -> text);
        String[] lines = Files.readString(drl).split("\n", -1);
        lines[8] = "    ErrorReport(disconnect == 0x904, disconnect == 2308, disconnect == 516)";
        lines[17] = "    Answer(question == \"tcp-test\", option == 1, option == 2)";
        lines[54] = "    ErrorReport(extended == 7 && == 0)";
        Files.writeString(drl, String.join("\n", lines));

        assertThat(problems(dir))
                .extracting(p -> p.line() + ": " + p.message())
                .containsExactlyInAnyOrder(
                        "9: disconnect == 0x904 && == 516 can never hold, as disconnect has one"
                                + " value: for any one of them write disconnect in (0x904, 516)",
                        "18: option == 1: option is an id, written in quotes, not a number: one"
                                + " of \"succeeds\", \"fails\"",
                        "18: option == 2: option is an id, written in quotes, not a number: one"
                                + " of \"succeeds\", \"fails\"",
                        "55: extended == 7 && == 0 can never hold, as extended has one value: for"
                                + " any one of them write extended in (7, 0)");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "disconnect == 0x904, disconnect == 2308",
                "disconnect == 2308 && == 0x904",
                "disconnect == 2308L, disconnect == 0x904",
                "disconnect == 0x904 || disconnect == 516",
                "disconnect != 516, disconnect != 260",
                "disconnect in (2308, 516), disconnect == 2308"
            })
    void numbers_that_can_hold_together_are_not_told_they_never_hold(String constraints)
            throws IOException {
        smallDrl(text -> text.replace("disconnect == 0x904)", constraints + ")"));

        assertThat(RuleBase.load(dir.resolve("kb"), dir.resolve("rules")).rules())
                .containsKey("Socket closed means the port was open");
    }

    @Test
    void a_misspelt_weight_a_number_for_one_or_a_missing_kcontext_is_named_at_its_line()
            throws IOException {
        smallDrl(
                text ->
                        text.replace("Weight.MODERATE_AGAINST", "Weight.MODERATE_AGINST")
                                .replaceFirst("Weight.STRONG, kcontext", "0.8, kcontext")
                                .replace(
                                        "\"old-client\", Weight.STRONG, kcontext",
                                        "\"old-client\", Weight.STRONG")
                                .replace("new Ask(\"timing\", kcontext)", "new Ask(\"timing\")"));

        assertThat(problems(dir))
                .extracting(p -> p.line() + ": " + p.message())
                .containsExactlyInAnyOrder(
                        "11: Weight.MODERATE_AGINST is not a weight (did you mean"
                                + " 'MODERATE_AGAINST'?); the weights are STRONG, MODERATE, WEAK,"
                                + " WEAK_AGAINST, MODERATE_AGAINST, STRONG_AGAINST",
                        "20: new Support(…) takes a cause id in quotes, a weight and kcontext, as"
                                + " in new Support(\"cause-id\", Weight.STRONG, kcontext) (a"
                                + " number was given); the weights are STRONG, MODERATE, WEAK,"
                                + " WEAK_AGAINST, MODERATE_AGAINST, STRONG_AGAINST",
                        "38: new Support(…) takes a cause id in quotes, a weight and kcontext, as"
                                + " in new Support(\"cause-id\", Weight.STRONG, kcontext)"
                                + " (kcontext is missing at the end); the weights are STRONG,"
                                + " MODERATE, WEAK, WEAK_AGAINST, MODERATE_AGAINST, STRONG_AGAINST",
                        "66: new Ask(…) takes a question id in quotes and kcontext, as in new"
                                + " Ask(\"question-id\", kcontext) (kcontext is missing at the"
                                + " end)");
    }

    @Test
    void a_weight_in_lower_or_mixed_case_is_named_with_the_weight_it_means() throws IOException {
        smallDrl(
                text ->
                        text.replace("Weight.MODERATE_AGAINST", "Weight.moderate_against")
                                .replace("Weight.STRONG_AGAINST", "Weight.Strong_Againts"));

        assertThat(problems(dir))
                .extracting(p -> p.line() + ": " + p.message())
                .containsExactlyInAnyOrder(
                        "11: Weight.moderate_against is not a weight (did you mean"
                                + " 'MODERATE_AGAINST'?); the weights are STRONG, MODERATE, WEAK,"
                                + " WEAK_AGAINST, MODERATE_AGAINST, STRONG_AGAINST",
                        "48: Weight.Strong_Againts is not a weight (did you mean"
                                + " 'STRONG_AGAINST'?); the weights are STRONG, MODERATE, WEAK,"
                                + " WEAK_AGAINST, MODERATE_AGAINST, STRONG_AGAINST");
    }

    @Test
    void an_unknown_source_of_a_rule_names_the_one_it_most_likely_meant() throws IOException {
        smallDrl(text -> text.replaceFirst("@source\\(\"doc-a\"\\)", "@source(\"doc-b\")"));

        assertThat(problems(dir))
                .extracting(Problem::message)
                .containsExactly(
                        "unknown source 'doc-b' (see sources.yaml) (did you mean 'doc-a'?)");
    }

    @Test
    void an_empty_rules_file_is_said_to_be_empty() throws IOException {
        Path rules = BrokenFixture.copySmall(dir).resolve("rules");
        Files.writeString(rules.resolve("new.drl"), "\n");

        assertThat(problems(dir))
                .extracting(p -> p.file().replaceAll(".*/", "") + ": " + p.message())
                .singleElement(InstanceOfAssertFactories.STRING)
                .startsWith("new.drl: the file is empty (");
    }

    @Test
    void a_misspelt_kcontext_is_named_at_its_line() throws IOException {
        smallDrl(
                text ->
                        text.replace(
                                "(\"port-blocked\", Weight.STRONG, kcontext)",
                                "(\"port-blocked\", Weight.STRONG, kcontxt)"));

        assertThat(problems(dir))
                .extracting(p -> p.line() + ": " + p.message())
                .containsExactly(
                        "20: 'kcontxt' is not known in this rule's consequence (did you mean"
                                + " 'kcontext'?): new Support(…), new Ask(…) and new TryFirst(…) end with kcontext,"
                                + " and a $variable must be bound in a condition above 'then'");
    }

    @Test
    void a_misspelt_name_is_named_at_the_line_that_holds_it_not_at_one_holding_a_longer_name()
            throws IOException {
        smallDrl(
                text ->
                        text.replace(
                                        "new Support($cause, Weight.STRONG_AGAINST",
                                        "new Support($caus, Weight.STRONG_AGAINST")
                                .replace(
                                        "insertLogical(new Support(\"port-blocked\","
                                                + " Weight.STRONG, kcontext));",
                                        "insertLogical(new Support(\"port-blocked\","
                                                + " Weight.STRONG, kcontext));\n"
                                                + "    insertLogical(new Support(\"old-client\","
                                                + " Weight.STRON, kcontext));"));

        assertThat(problems(dir))
                .extracting(p -> p.line() + ": " + p.message().replaceAll(" .*", ""))
                .containsExactlyInAnyOrder("21: Weight.STRON", "49: '$caus'");
    }

    @Test
    void the_parsers_commonest_stumbles_in_a_condition_get_a_hint_at_their_line()
            throws IOException {
        String condition = "    Answer(question == \"tcp-test\", option == \"fails\")\n";
        Map<String, String> hints =
                Map.of(
                        "    Answer(question == \"tcp-test\", option = \"fails\")\n",
                        "(a condition compares with ==, or != for 'not equal')",
                        "    Answer(question == \"tcp-test\" and option == \"fails\")\n",
                        "(inside a fact's brackets, constraints are joined with a comma or &&;"
                                + " 'and' joins whole conditions)",
                        "    Answer(question == \"tcp-test\" option == \"fails\")\n",
                        "(is a comma missing before 'option'?)",
                        condition.stripTrailing() + " or\n",
                        "(line 18 ends with 'or' and no condition follows it)");
        for (Map.Entry<String, String> edit : hints.entrySet()) {
            smallDrl(text -> text.replace(condition, edit.getKey()));

            assertThat(problems(dir))
                    .extracting(p -> p.line() + ": " + p.message())
                    .as(edit.getKey())
                    .anyMatch(m -> m.endsWith(edit.getValue()));
        }
        smallDrl(text -> text.replaceFirst("\nwhen\n", "\nwehn\n"));

        assertThat(problems(dir))
                .extracting(Problem::message)
                .anyMatch(m -> m.endsWith("(did you mean 'when'?)"));
    }

    @Test
    void a_regular_expressions_backslash_written_once_in_a_rule_is_told_to_be_written_twice()
            throws IOException {
        smallDrl(
                text ->
                        text.replace(
                                "    Answer(question == \"tcp-test\", option == \"fails\")\n",
                                "    Answer(question == \"tcp-test\", option matches \"fail\\ds\")\n"));

        assertThat(problems(dir))
                .extracting(p -> p.line() + ": " + p.message())
                .containsExactly(
                        "18: \\d in \"fail\\ds\" is no escape a rule's text knows: in a rule's"
                                + " quotes a regular expression's \\ is written twice (\\\\d)");
    }

    @Test
    void a_backslash_written_once_in_a_consequences_text_is_told_at_the_text() throws IOException {
        smallDrl(
                text ->
                        text.replace(
                                "    insertLogical(new Support(\"port-blocked\", Weight.STRONG,",
                                "    insertLogical(new Support(\"port\\dblocked\", Weight.STRONG,"));

        assertThat(problems(dir))
                .extracting(p -> p.line() + ":" + p.column() + ": " + p.message())
                .containsExactlyInAnyOrder(
                        "20:31: \\d in \"port\\dblocked\" is no escape Java knows: write the"
                                + " backslash twice (\\\\d) or remove it",
                        "20:0: unknown cause 'port\\dblocked' (did you mean 'port-blocked'?)");
    }

    @Test
    void a_java_error_in_an_eval_is_named_at_the_eval_as_the_condition_it_is() throws IOException {
        smallDrl(
                text ->
                        text.replace(
                                "    Answer(question == \"tcp-test\", option == \"fails\")\n",
                                "    Answer(question == \"tcp-test\", option == \"fails\")\n"
                                        + "    eval(noSuchCheck(1))\n"));

        assertThat(problems(dir))
                .extracting(p -> p.line() + ": " + p.message())
                .containsExactly(
                        "19: this eval(…) is not valid Java here: The method noSuchCheck(int) is"
                                + " undefined; a condition is better written with ==, in or"
                                + " matches on a fact's fields (kb/README, rules/*.drl), which"
                                + " lint also reads for ids");
    }

    @Test
    void an_eval_that_drools_parser_fails_on_is_told_without_its_stack_trace() throws IOException {
        smallDrl(
                text ->
                        text.replace(
                                "    Answer(question == \"tcp-test\", option == \"fails\")\n",
                                "    Answer(question == \"tcp-test\", option == \"fails\")\n"
                                        + "    eval(1 + )\n"));

        assertThat(problems(dir))
                .extracting(p -> p.line() + ": " + p.message())
                .contains(
                        "19: the rule cannot be read at ')' (Drools' parser failed there with its"
                                + " own NullPointerException): look just before it for an operator"
                                + " or a bracket with nothing after it, as in eval(1 + )")
                .noneMatch(m -> m.contains("Stack trace"));
    }

    @Test
    void an_id_without_its_quotes_is_told_to_be_quoted() throws IOException {
        smallDrl(text -> text.replace("new Support(\"old-client\"", "new Support(oldclient"));

        assertThat(problems(dir))
                .extracting(p -> p.line() + ": " + p.message())
                .containsExactly(
                        "38: 'oldclient' is not known in this rule's consequence: an id is written"
                                + " in quotes (\"oldclient\"), new Support(…), new Ask(…) and new TryFirst(…) end"
                                + " with kcontext, and a $variable must be bound in a condition"
                                + " above 'then'");
    }

    @Test
    void an_id_compared_with_a_number_is_told_to_be_quoted_at_its_line() throws IOException {
        smallDrl(
                text ->
                        text.replace("option == \"fails\"", "option == 42")
                                .replace("name == \"no-tls12-by-default\"", "name == 7"));

        assertThat(problems(dir))
                .extracting(p -> p.line() + ": " + p.field() + ": " + p.message())
                .containsExactly(
                        "18: Answer: option == 42: option is an id, written in quotes, not a"
                                + " number: one of \"succeeds\", \"fails\"",
                        "36: Trait: name == 7: name is an id, written in quotes, not a number:"
                                + " one of \"tls12\", \"no-tls12-by-default\"");
    }

    @Test
    void a_misspelt_source_of_an_answer_or_evidence_is_named_at_its_line() throws IOException {
        smallDrl(
                text ->
                        text.replace(
                                        "ErrorReport(disconnect == 0x904)",
                                        "ErrorReport(disconnect == 0x904)"
                                                + " Evidence(kind == \"tcp-connect\", source =="
                                                + " \"users\")")
                                .replace(
                                        "option == \"fails\")",
                                        "option == \"fails\", source != \"error_code\")")
                                .replace(
                                        "option == \"after-credentials\")",
                                        "option == \"after-credentials\","
                                                + " source in (\"user\", \"error-code\"))"));

        assertThat(problems(dir))
                .extracting(p -> p.line() + ": " + p.field() + ": " + p.message())
                .containsExactly(
                        "9: Evidence: 'users' is not a source an answer or evidence comes from"
                                + " (did you mean 'user'?); the sources are error-code, probe,"
                                + " ticket, user",
                        "18: Answer: 'error_code' is not a source an answer or evidence comes"
                                + " from (did you mean 'error-code'?); the sources are error-code,"
                                + " probe, ticket, user");
    }

    @Test
    void a_cause_id_joined_from_pieces_is_told_to_be_one_text() throws IOException {
        smallDrl(
                text ->
                        text.replace(
                                "new Support(\"old-client\"", "new Support(\"old-\" + \"clinet\""));

        assertThat(problems(dir))
                .extracting(p -> p.line() + ": " + p.field() + ": " + p.message())
                .containsExactly(
                        "38: Support: new Support(…) takes the cause id as one text in quotes"
                                + " (\"old-clinet\"), not pieces joined with +");
    }

    @Test
    void an_id_with_hyphens_and_a_misspelt_weight_in_one_consequence_are_both_told_in_plain_words()
            throws IOException {
        smallDrl(
                text ->
                        text.replace(
                                "new Support(\"old-client\", Weight.STRONG",
                                "new Support(old-client, Weigth.STRONG"));

        assertThat(problems(dir))
                .extracting(p -> p.line() + ": " + p.message())
                .containsExactly(
                        "38: 'old', 'client' are not known in this rule's consequence: an id is"
                                + " written in quotes (\"old-client\", if these are the words of"
                                + " one id); 'Weigth' is not known in this rule's consequence (did"
                                + " you mean 'Weight'?): a weight is written Weight.X; the weights"
                                + " are STRONG, MODERATE, WEAK, WEAK_AGAINST, MODERATE_AGAINST,"
                                + " STRONG_AGAINST");
    }

    @Test
    void a_misspelt_insert_logical_or_support_is_told_once_without_java_class_names()
            throws IOException {
        smallDrl(
                text ->
                        text.replace(
                                        "insertLogical(new Support(\"old-client\"",
                                        "insertLogicl(new Support(\"old-client\"")
                                .replace(
                                        "insertLogical(new Support(\"credssp-mismatch\"",
                                        "insertLogical(new Suport(\"credssp-mismatch\""));

        assertThat(problems(dir))
                .extracting(p -> p.line() + ": " + p.field() + ": " + p.message())
                .containsExactly(
                        "29: then: a consequence only does insertLogical(new Support(...)),"
                                + " insertLogical(new Ask(...)) or insertLogical(new TryFirst(...))",
                        "38: then: a consequence only does insertLogical(new Support(...)),"
                                + " insertLogical(new Ask(...)) or insertLogical(new TryFirst(...))");
    }

    @Test
    void java_syntax_errors_of_a_consequence_are_told_in_plain_words_at_the_statement()
            throws IOException {
        smallDrl(
                text ->
                        text.replace(
                                        "insertLogical(new Support(\"port-blocked\","
                                                + " Weight.STRONG, kcontext));",
                                        "insertLogical(new Support(\"port-blocked\","
                                                + " Weight.STRONG, kcontext))\n"
                                                + "    insertLogical(new Support(\"old-client\","
                                                + " Weight.WEAK, kcontext));")
                                .replace(
                                        "(\"credssp-mismatch\", Weight.STRONG",
                                        "(\"credssp-mismatch\" Weight.STRONG")
                                .replace(
                                        "(\"old-client\", Weight.STRONG, kcontext));",
                                        "(\"old-client\", Weight.STRONG, kcontext);"));

        assertThat(problems(dir))
                .extracting(p -> p.line() + ": " + p.field() + ": " + p.message())
                .containsExactlyInAnyOrder(
                        "20: then: the consequence is not valid Java: a statement ends without"
                                + " its ';'; each statement is written insertLogical(new"
                                + " Support(\"cause-id\", Weight.STRONG, kcontext)); or"
                                + " insertLogical(new Ask(\"question-id\", kcontext)); or insertLogical(new TryFirst(\"fix-id\", kcontext));",
                        "30: then: the consequence is not valid Java: 'Weight' cannot stand"
                                + " there (is a comma missing before it?);"
                                + " each statement is written insertLogical(new"
                                + " Support(\"cause-id\", Weight.STRONG, kcontext)); or"
                                + " insertLogical(new Ask(\"question-id\", kcontext)); or insertLogical(new TryFirst(\"fix-id\", kcontext));",
                        "39: then: the consequence is not valid Java: a ')' is missing; each"
                                + " statement is written insertLogical(new Support(\"cause-id\","
                                + " Weight.STRONG, kcontext)); or insertLogical(new"
                                + " Ask(\"question-id\", kcontext)); or insertLogical(new TryFirst(\"fix-id\", kcontext));");
    }

    @Test
    void a_quote_left_open_is_named_where_it_opens_not_by_the_parser_rules_further_down()
            throws IOException {
        smallDrl(
                text ->
                        text.replace("option == \"fails\")", "option == \"fails)")
                                .replace(
                                        "new Support(\"old-client\", Weight.STRONG",
                                        "new Support(\"old-client, Weight.STRONG"));

        assertThat(problems(dir))
                .extracting(
                        p -> p.line() + ":" + p.column() + ": " + p.field() + ": " + p.message())
                .containsExactly(
                        "18:46: quote: this \" opens a text that its line does not close: add"
                                + " the closing \" (an id or a rule's name is written on one"
                                + " line)",
                        "38:31: quote: this \" opens a text that its line does not close: add"
                                + " the closing \" (an id or a rule's name is written on one"
                                + " line)");
    }

    @Test
    void an_import_of_a_class_that_does_not_exist_is_named_at_its_line_once() throws IOException {
        smallDrl(
                text ->
                        text.replace(
                                "import org.rdpdoctor.engine.*;\n",
                                "import org.rdpdoctor.engine.*;\nimport java.util.Map.Entry;\n"
                                        + "import org.rdpdoctor.engine.Answers;\n"));

        assertThat(problems(dir))
                .extracting(
                        p -> p.line() + ":" + p.column() + ": " + p.field() + ": " + p.message())
                .containsExactly(
                        "5:8: import: there is no class org.rdpdoctor.engine.Answers to import: a"
                                + " rules file imports org.rdpdoctor.engine.*, which brings in"
                                + " every fact a condition can match (Answer, ErrorReport,"
                                + " Evidence, Trait, FixOutcome, FixOf); remove this line or"
                                + " correct the name");
    }

    @Test
    void a_comment_left_open_is_named_where_it_opens_not_past_the_end_of_the_file()
            throws IOException {
        smallDrl(
                text ->
                        text.replace(
                                        "// A failed TCP test points",
                                        "// A failed TCP test /* points")
                                .replace(
                                        "rule \"Failed TCP test points at the port\"",
                                        "rule \"Failed TCP test /* points at the port\"")
                                .replace("// A Windows 7 client", "/* A Windows 7 client"));

        assertThat(problems(dir))
                .extracting(
                        p -> p.line() + ":" + p.column() + ": " + p.field() + ": " + p.message())
                .containsExactly(
                        "32:1: comment: this /* opens a comment that nothing closes: everything"
                                + " after it is read as the comment; close it with */");
    }

    @Test
    void a_pasted_no_break_space_is_named_where_it_is_not_by_the_parser() throws IOException {
        smallDrl(
                text ->
                        text.replace(
                                "\n    Answer(question == \"tcp-test\"",
                                "\n\u00A0   Answer(question == \"tcp-test\""));

        assertThat(problems(dir))
                .extracting(
                        p -> p.line() + ":" + p.column() + ": " + p.field() + ": " + p.message())
                .containsExactly(
                        "18:1: space: a no-break space (U+00A0) here, which Drools does not read"
                                + " as a space; replace it with a normal space");
    }

    @Test
    void a_pasted_typographic_quote_is_named_where_it_is_not_by_the_parser() throws IOException {
        smallDrl(
                text ->
                        text.replace(
                                        "Answer(question == \"tcp-test\", option == \"fails\")",
                                        "Answer(question == \u201Ctcp-test\u201D, option == \"fails\")")
                                .replace(
                                        "// A failed TCP test points at the port.",
                                        "// A failed TCP test points at the client\u2019s port.")
                                .replace(
                                        "rule \"Failed TCP test points at the port\"",
                                        "rule \"Failed TCP test points at the client\u2019s port\""));

        assertThat(problems(dir))
                .extracting(
                        p -> p.line() + ":" + p.column() + ": " + p.field() + ": " + p.message())
                .containsExactly(
                        "18:24: quote: a typographic quote (U+201C) here, which Drools does not"
                                + " read as a quote: retype it as \"",
                        "18:33: quote: a typographic quote (U+201D) here, which Drools does not"
                                + " read as a quote: retype it as \"");
    }

    @Test
    void a_typographic_opening_quote_closed_by_a_plain_one_is_named_where_it_is()
            throws IOException {
        smallDrl(
                text ->
                        text.replace(
                                        "Answer(question == \"tcp-test\", option == \"fails\")",
                                        "Answer(question == \u201Etcp-test\", option == \u201Cfails\")")
                                .replace(
                                        "Answer(question == \"timing\",",
                                        "Answer(question == \u2018timing',"));

        assertThat(problems(dir))
                .extracting(
                        p -> p.line() + ":" + p.column() + ": " + p.field() + ": " + p.message())
                .containsExactly(
                        "18:24: quote: a typographic quote (U+201E) here, which Drools does not"
                                + " read as a quote: retype it as \"",
                        "18:46: quote: a typographic quote (U+201C) here, which Drools does not"
                                + " read as a quote: retype it as \"",
                        "27:24: quote: a typographic quote (U+2018) here, which Drools does not"
                                + " read as a quote: retype it as '");
    }

    @Test
    void a_plain_opening_quote_closed_by_a_typographic_one_is_named_at_the_typographic_one()
            throws IOException {
        smallDrl(
                text ->
                        text.replace(
                                        "Answer(question == \"tcp-test\", option == \"fails\")",
                                        "Answer(question == \"tcp-test\u201D, option == \"fails\")")
                                .replace(
                                        "Answer(question == \"timing\",",
                                        "Answer(question == 'timing\u2019,")
                                .replace(
                                        "new Support(\"old-client\",",
                                        "new Support(\"old-client\u201D,"));

        assertThat(problems(dir))
                .extracting(
                        p -> p.line() + ":" + p.column() + ": " + p.field() + ": " + p.message())
                .containsExactly(
                        "18:33: quote: a typographic closing quote (U+201D) here, which Drools does"
                                + " not read as a quote: it reads the text on to the next plain \","
                                + " so retype this one as \"",
                        "27:31: quote: a typographic closing quote (U+2019) here, which Drools does"
                                + " not read as a quote: it reads the text on to the next plain ',"
                                + " so retype this one as '",
                        "38:42: quote: a typographic closing quote (U+201D) here, which Drools does"
                                + " not read as a quote: it reads the text on to the next plain \","
                                + " so retype this one as \"");
    }

    @Test
    void a_typographic_quote_inside_a_text_that_a_plain_quote_closes_is_text() throws IOException {
        smallDrl(
                text ->
                        text.replace(
                                        "rule \"Failed TCP test points at the port\"",
                                        "rule \"The client\u2019s \u201Cfails\u201D points at the"
                                                + " port\"")
                                .replace(
                                        "option == \"after-credentials\")",
                                        "option == \"after-credentials\","
                                                + " source matches 'it\u2019s|user')"));

        RuleBase rules = RuleBase.load(dir.resolve("kb"), dir.resolve("rules"));

        assertThat(rules.rules())
                .containsKeys(
                        "The client\u2019s \u201Cfails\u201D points at the port",
                        "Error after credentials points at CredSSP");
    }

    @Test
    void a_rule_name_used_in_two_files_is_told_once_naming_both_places() throws IOException {
        Path drl = smallDrl(text -> text);
        String text = Files.readString(drl);
        int start = text.indexOf("// A Windows 7 client");
        Files.writeString(
                drl.resolveSibling("copy.drl"),
                "package org.rdpdoctor.rules;\n\nimport org.rdpdoctor.engine.*;\n\n"
                        + text.substring(start, text.indexOf("end\n", start) + 4));

        assertThat(problems(dir))
                .extracting(
                        p -> p.file().replaceAll(".*/", "") + ":" + p.line() + ": " + p.message())
                .singleElement()
                .asString()
                .matches(
                        "(copy|small)\\.drl:\\d+: rule name \"Client without TLS 1.2 is too old\" is"
                                + " also used in .*(small|copy)\\.drl:\\d+; a rule's name is"
                                + " unique across all rules files, so rename one of the two");
    }

    @Test
    void misspelt_fact_type_names_the_facts_that_exist() throws IOException {
        Path root = BrokenFixture.create(dir, "drl-misspelt-field");
        BrokenFixture.edit(
                root.resolve("rules/small.drl"),
                text -> text.replace("Trait(rolle == \"client\"", "Trayt(role == \"client\""));

        assertThat(problems(root))
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.line()).isEqualTo(36);
                            assertThat(p.message())
                                    .isEqualTo(
                                            "'Trayt' is not a fact a condition can match (did you"
                                                    + " mean 'Trait'?); the facts are Answer,"
                                                    + " ErrorReport, Evidence, Trait, FixOutcome,"
                                                    + " FixOf");
                        });
    }

    @Test
    void rule_without_a_reasoning_comment_is_an_error() {
        assertThat(problems("drl-no-comment"))
                .extracting(Problem::line, Problem::field, Problem::message)
                .containsExactly(
                        Tuple.tuple(
                                32,
                                "comment",
                                "rule \"Client without TLS 1.2 is too old\" needs a // line above it giving its reasoning"));
    }

    @Test
    void consequence_doing_more_than_insert_logical_is_an_error() {
        assertThat(problems("drl-bad-consequence"))
                .extracting(Problem::line, Problem::field)
                .containsExactly(Tuple.tuple(38, "then"), Tuple.tuple(85, "then"));
    }

    @Test
    void a_rule_without_then_is_named_at_its_end() {
        List<Problem> problems = problems("drl-then-misspelt");

        assertThat(problems)
                .as("the parser's errors on the lines named")
                .noneMatch(p -> p.message().startsWith("[ERR "));
        assertThat(problems)
                .extracting(Problem::line, Problem::field, Problem::message)
                .containsExactly(
                        Tuple.tuple(
                                30,
                                "then",
                                "rule \"Error after credentials points at CredSSP\" has no 'then'"
                                        + " line before its end (is 'then' misspelt?): it would"
                                        + " conclude nothing"));
    }

    @Test
    void condition_reading_what_rules_conclude_is_an_error_not_a_stack_overflow() {
        assertThat(problems("drl-matches-conclusion"))
                .extracting(Problem::line, Problem::column, Problem::field, Problem::message)
                .containsExactly(
                        Tuple.tuple(
                                82,
                                10,
                                "when",
                                "a condition cannot match Support: Support, Ask and TryFirst are what rules"
                                        + " conclude, and a rule that reads them can feed on its"
                                        + " own conclusions"));
    }

    @Test
    void condition_on_a_supertype_of_the_conclusions_is_an_error_not_an_endless_firing() {
        assertThat(problems("drl-matches-any-object"))
                .extracting(Problem::line, Problem::field, Problem::message)
                .containsExactly(
                        Tuple.tuple(
                                6,
                                "when",
                                "rule \"Anything hints at a blocked port\" has a condition on"
                                        + " Object, which also matches the Support, Ask and TryFirst facts"
                                        + " that rules conclude: a rule that reads them can feed"
                                        + " on its own conclusions and fire forever; match the"
                                        + " facts it means instead"),
                        Tuple.tuple(
                                15,
                                "when",
                                "rule \"A record hints at an old client\" has a condition on"
                                        + " Record, which also matches the Support, Ask and TryFirst facts"
                                        + " that rules conclude: a rule that reads them can feed"
                                        + " on its own conclusions and fire forever; match the"
                                        + " facts it means instead"));
    }

    @Test
    void a_rules_file_saved_as_windows_1252_is_an_error_at_the_first_byte_that_is_not_utf8()
            throws IOException {
        Path drl = BrokenFixture.copySmall(dir).resolve("rules/small.drl");
        Files.write(
                drl,
                Files.readString(drl)
                        .replace("// Socket closed after connect", "// Socket closed (café Wi-Fi)")
                        .getBytes(StandardCharsets.ISO_8859_1));

        InvalidKnowledgeException e =
                catchThrowableOfType(
                        InvalidKnowledgeException.class,
                        () -> RuleBase.load(dir.resolve("kb"), dir.resolve("rules")));

        assertThat(e.problems())
                .containsExactly(
                        new Problem(
                                Problem.shown(drl),
                                5,
                                22,
                                "",
                                "byte 0xE9 is not UTF-8; save the file as UTF-8"));
    }

    @Test
    void a_byte_order_mark_as_windows_editors_write_it_is_read_past() throws IOException {
        smallDrl(text -> "\uFEFF" + text);

        RuleBase rules = RuleBase.load(dir.resolve("kb"), dir.resolve("rules"));

        assertThat(rules.rules()).hasSize(8);
        assertThat(rules.rule("Socket closed means the port was open").orElseThrow().line())
                .isEqualTo(6);
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void a_rules_file_that_cannot_be_read_is_a_problem_naming_it_not_a_stack_trace()
            throws IOException {
        Path rulesDir = BrokenFixture.copySmall(dir).resolve("rules");
        Files.createSymbolicLink(rulesDir.resolve("moved.drl"), dir.resolve("elsewhere.drl"));
        Files.createDirectory(rulesDir.resolve("archive.drl"));
        Path pipe = BrokenFixture.namedPipe(rulesDir.resolve("pipe.drl"));

        InvalidKnowledgeException e =
                catchThrowableOfType(
                        InvalidKnowledgeException.class,
                        () -> RuleBase.load(dir.resolve("kb"), rulesDir));

        assertThat(e.problems())
                .extracting(Problem::file, Problem::message)
                .containsExactly(
                        Tuple.tuple(
                                Problem.shown(rulesDir.resolve("archive.drl")),
                                "cannot be read: it is a folder"),
                        Tuple.tuple(
                                Problem.shown(rulesDir.resolve("moved.drl")),
                                "cannot be read: it is a link to a file that does not exist"),
                        Tuple.tuple(
                                Problem.shown(pipe),
                                "cannot be read: it is not a regular file (a named pipe, socket or"
                                        + " device); save the text in a file"));
    }

    @Test
    void brackets_nested_deeper_than_the_parser_follows_are_a_problem_at_their_line_not_a_crash()
            throws IOException {
        Path rules = BrokenFixture.copySmall(dir).resolve("rules");
        Files.writeString(
                rules.resolve("deep.drl"),
                """
                package org.rdpdoctor.rules;

                import org.rdpdoctor.engine.*;

                // A condition generated with far too many brackets.
                rule "Deep"
                    @source("doc-a")
                when
                    Answer(question == "timing", %soption == "after-credentials"%s)
                then
                    insertLogical(new Support("credssp-mismatch", Weight.WEAK, kcontext));
                end
                """
                        .formatted("(".repeat(5_000), ")".repeat(5_000)));

        assertThat(problems(dir))
                .extracting(Problem::file, Problem::line, Problem::message)
                .containsExactly(
                        Tuple.tuple(
                                Problem.shown(rules.resolve("deep.drl")),
                                9,
                                "brackets nest 5001 deep here, deeper than Drools' parser can"
                                        + " follow (it ran out of stack); write the condition with"
                                        + " fewer brackets, as several constraints or rules"));
    }

    @Test
    void salience_enabled_functions_and_globals_are_problems_at_their_lines() {
        assertThat(problems("drl-attributes"))
                .extracting(Problem::line, Problem::field, Problem::message)
                .containsExactly(
                        Tuple.tuple(
                                5,
                                "global",
                                "'global seen' is not allowed in a rules file: rules read only"
                                        + " the session's facts in their conditions and only vote"
                                        + " or ask, so every score can be explained; move the"
                                        + " reasoning into a rule's conditions"),
                        Tuple.tuple(
                                7,
                                "function",
                                "'function isNewClient' is not allowed in a rules file: rules"
                                        + " read only the session's facts in their conditions and"
                                        + " only vote or ask, so every score can be explained;"
                                        + " move the reasoning into a rule's conditions"),
                        Tuple.tuple(
                                12,
                                "salience",
                                "rule \"A refused port goes first\" sets salience: a rule has"
                                        + " only a name, @source, when and then; the engine's"
                                        + " ranking decides what counts and in which order, so"
                                        + " remove the line"),
                        Tuple.tuple(
                                13,
                                "agenda-group",
                                "rule \"A refused port goes first\" sets agenda-group: a rule"
                                        + " has only a name, @source, when and then; the engine's"
                                        + " ranking decides what counts and in which order, so"
                                        + " remove the line"),
                        Tuple.tuple(
                                23,
                                "enabled",
                                "rule \"An old client is switched off\" sets enabled: a rule has"
                                        + " only a name, @source, when and then; a rule that"
                                        + " holds only at some times or in another dialect makes"
                                        + " sessions differ for reasons no score shows; to switch"
                                        + " a rule off, delete it (git keeps it)"));
    }

    @Test
    void a_trait_of_a_platform_the_knowledge_does_not_hold_is_an_error_at_its_line()
            throws IOException {
        Path drl = BrokenFixture.copySmall(dir).resolve("rules/small.drl");
        String text = Files.readString(drl);
        Files.writeString(
                drl,
                text.replace(
                        "Trait(role == \"client\", name == \"no-tls12-by-default\")",
                        "Trait(role == \"client\", environment == \"windows-8\")"));

        assertThat(problems(dir))
                .extracting(Problem::line, Problem::message)
                .containsExactly(
                        Tuple.tuple(36, "no environment 'windows-8' in environments.yaml"));
    }

    @Test
    void a_trait_of_another_role_or_a_role_in_capitals_is_an_error_at_its_line()
            throws IOException {
        Path drl = BrokenFixture.copySmall(dir).resolve("rules/small.drl");
        String text = Files.readString(drl);
        String clientTrait = "name == \"no-tls12-by-default\")";
        for (String serverRole :
                List.of(
                        "role == \"server\"",
                        "role != \"client\"",
                        "role in (\"server\")",
                        "role not in (\"client\")")) {
            Files.writeString(
                    drl,
                    text.replace(
                            "Trait(role == \"client\", " + clientTrait,
                            "Trait(" + serverRole + ", " + clientTrait));

            assertThat(problems(dir))
                    .as(serverRole)
                    .extracting(Problem::line, Problem::message)
                    .containsExactly(
                            Tuple.tuple(
                                    36,
                                    "no server environment has the trait 'no-tls12-by-default'"
                                            + " (a client trait)"));
        }

        Files.writeString(drl, text.replace("role == \"client\"", "role == \"Client\""));
        assertThat(problems(dir))
                .extracting(Problem::line, Problem::message)
                .containsExactly(
                        Tuple.tuple(
                                36,
                                "'Client' is not a role: a trait belongs to the 'client' or the"
                                        + " 'server'"));
    }

    @Test
    void a_trait_condition_that_allows_the_traits_role_by_not_equal_or_in_loads()
            throws IOException {
        Path drl = BrokenFixture.copySmall(dir).resolve("rules/small.drl");
        String text = Files.readString(drl);
        for (String role : List.of("role != \"server\"", "role in (\"client\", \"server\")")) {
            Files.writeString(drl, text.replace("role == \"client\"", role));

            assertThat(RuleBase.load(dir.resolve("kb"), dir.resolve("rules")).rules())
                    .as(role)
                    .containsKey("Client without TLS 1.2 is too old");
        }

        Files.writeString(
                drl,
                text.replace(
                        "role == \"client\", name == \"no-tls12-by-default\"",
                        "role == \"server\", name != \"no-tls12-by-default\""));
        assertThat(RuleBase.load(dir.resolve("kb"), dir.resolve("rules")).rules())
                .as("a server without a client trait")
                .containsKey("Client without TLS 1.2 is too old");
    }

    @Test
    void an_option_ruled_out_for_one_question_is_checked_against_every_other() throws IOException {
        smallDrl(
                text ->
                        text.replace(
                                        "Answer(question == \"tcp-test\", option == \"fails\")",
                                        "Answer(question != \"tcp-test\", option =="
                                                + " \"after-credentials\")")
                                .replace(
                                        "Answer(question == \"timing\", option =="
                                                + " \"after-credentials\")",
                                        "Evidence(kind != \"event-id\", value == \"refused\")"));
        RuleBase.load(dir.resolve("kb"), dir.resolve("rules"));

        smallDrl(
                text ->
                        text.replace(
                                        "Answer(question == \"tcp-test\", option == \"fails\")",
                                        "Answer(question != \"tcp-test\", option == \"fails\")")
                                .replace(
                                        "Answer(question == \"timing\", option =="
                                                + " \"after-credentials\")",
                                        "Evidence(kind != \"tcp-connect\", value == \"refused\")"));
        assertThat(problems(dir))
                .extracting(Problem::line, Problem::message)
                .containsExactly(
                        Tuple.tuple(18, "'fails' is not an option of any question but 'tcp-test'"),
                        Tuple.tuple(
                                27,
                                "'refused' is not a value of any evidence kind but 'tcp-connect'"));
    }

    @Test
    void ids_compared_with_equals_are_checked() throws IOException {
        smallDrl(
                text ->
                        text.replace("option == \"fails\")", "option.equals(\"fials\"))")
                                .replace(
                                        "option == \"after-credentials\")",
                                        "\"befor-credentials\".equals(this.option))"));

        assertThat(problems(dir))
                .extracting(Problem::line, Problem::message)
                .containsExactly(
                        Tuple.tuple(
                                18,
                                "'fials' is not an option of question 'tcp-test' (did you mean 'fails'?)"),
                        Tuple.tuple(
                                27,
                                "'befor-credentials' is not an option of question 'timing'"
                                        + " (did you mean 'before-credentials'?)"));
    }

    @Test
    void an_operator_that_fails_inside_drools_is_refused_at_its_line() throws IOException {
        smallDrl(
                text ->
                        text.replace("option == \"fails\")", "option str[startsWith] \"fail\")")
                                .replace(
                                        "option == \"after-credentials\")",
                                        "option == \"after-credentials\", option not"
                                                + " str[endsWith] \"x\")"));

        assertThat(problems(dir))
                .extracting(Problem::line, Problem::message)
                .containsExactly(
                        Tuple.tuple(
                                18,
                                "the operator 'str[startsWith]' fails inside Drools once the"
                                        + " condition is compiled (NoSuchMethodError): compare"
                                        + " with ==, !=, in, matches, contains, memberOf or"
                                        + " soundslike, or a method such as"
                                        + " option.startsWith(\"x\")"),
                        Tuple.tuple(
                                27,
                                "the operator 'not str[endsWith]' fails inside Drools once the"
                                        + " condition is compiled (NoSuchMethodError): compare"
                                        + " with ==, !=, in, matches, contains, memberOf or"
                                        + " soundslike, or a method such as"
                                        + " option.startsWith(\"x\")"));
    }

    @Test
    void a_rules_file_named_almost_as_read_is_named_not_skipped() throws IOException {
        Path rules = BrokenFixture.copySmall(dir).resolve("rules");
        for (String name :
                List.of("extra.DRL", "notepad.drl.txt", "backup.drl.bak", "small.drl~")) {
            Files.writeString(rules.resolve(name), "rule \"x\"\n");
        }

        assertThat(problems(dir))
                .extracting(Problem::toString)
                .containsExactly(
                        Problem.shown(rules.resolve("extra.DRL"))
                                + ": is not read: only names ending exactly in .drl (lower case)"
                                + " are; rename it",
                        Problem.shown(rules.resolve("notepad.drl.txt"))
                                + ": is not read: only names ending exactly in .drl (lower case)"
                                + " are; rename it");
    }

    @Test
    void a_source_in_single_quotes_is_read() throws IOException {
        smallDrl(text -> text.replace("@source(\"doc-a\")", "@source('doc-a')"));

        assertThat(RuleBase.load(dir.resolve("kb"), dir.resolve("rules")).rules().values())
                .allSatisfy(rule -> assertThat(rule.sources()).containsExactly("doc-a"));
    }

    @Test
    void a_consequence_missing_only_its_semicolon_gets_drools_error_alone() throws IOException {
        smallDrl(
                text ->
                        text.replace(
                                "insertLogical(new Support(\"port-blocked\", Weight.STRONG,"
                                        + " kcontext));",
                                "insertLogical(new Support(\"port-blocked\", Weight.STRONG,"
                                        + " kcontext))"));

        assertThat(problems(dir))
                .isNotEmpty()
                .extracting(Problem::message)
                .noneMatch(message -> message.contains("a consequence only does"));
    }

    @Test
    void codes_compared_in_a_condition_are_checked_against_the_code_tables() throws IOException {
        Path drl = smallDrl(text -> text);
        String[] lines = Files.readString(drl).split("\n", -1);
        lines[8] = "    ErrorReport(disconnect == \"0x904\")";
        lines[54] = "    ErrorReport(disconnect in (2308, 2380), extended == 0)";
        lines[63] = "    ErrorReport(extended == 99999999999 || extended == 0x7)";
        Files.writeString(drl, String.join("\n", lines));

        assertThat(problems(dir))
                .extracting(Problem::line, Problem::message)
                .containsExactly(
                        Tuple.tuple(
                                9,
                                "a code is a number here, not text: write disconnect == 0x904"
                                        + " without quotes"),
                        Tuple.tuple(
                                55,
                                "disconnect == 2380: no such code (0x94C) in error-codes.yaml's"
                                        + " disconnect_reasons; add its row or fix the number"),
                        Tuple.tuple(
                                64,
                                "extended == 99999999999: too large, codes are 32-bit (at most"
                                        + " 0xFFFFFFFF)"));
    }

    @Test
    void ids_in_a_list_after_in_are_checked() throws IOException {
        smallDrl(
                text ->
                        text.replace(
                                        "Answer(question == \"tcp-test\", option == \"fails\")",
                                        "Answer(question in (\"tcp-tst\", \"timing\"))")
                                .replace("role == \"client\"", "role in (\"clinet\")"));

        assertThat(problems(dir))
                .extracting(Problem::line, Problem::message)
                .containsExactly(
                        Tuple.tuple(18, "unknown question 'tcp-tst' (did you mean 'tcp-test'?)"),
                        Tuple.tuple(
                                36,
                                "'clinet' is not a role: a trait belongs to the 'client' or the"
                                        + " 'server'"));
    }

    @Test
    void a_condition_written_over_several_lines_has_its_ids_checked_at_the_line_naming_them()
            throws IOException {
        smallDrl(
                text ->
                        text.replace(
                                "Answer(question == \"tcp-test\", option == \"fails\")",
                                "Answer(\n        question == \"tcp-test\",\n        option == \"fials\")"));

        assertThat(problems(dir))
                .extracting(Problem::line, Problem::message)
                .containsExactly(
                        Tuple.tuple(
                                20,
                                "'fials' is not an option of question 'tcp-test' (did you mean 'fails'?)"));
    }

    @Test
    void ids_in_any_form_drools_reads_are_checked() throws IOException {
        smallDrl(
                text ->
                        text.replace(
                                        "option == \"fails\")",
                                        "(option == \"fails\" || (option == \"succeeds\" && \"fials\" =="
                                                + " option)))")
                                .replace(
                                        "option == \"after-credentials\")",
                                        "option == \"after-credentials\" || == \"befor-credentials\")")
                                .replace(
                                        "    Trait(role == \"client\", name == \"no-tls12-by-default\")",
                                        "    exists (Trait(role == \"client\", name == \"no-tls12-by-default\")"
                                                + " or Trait(role == \"client\", name == \"no-tls13\"))"));

        assertThat(problems(dir))
                .extracting(Problem::line, Problem::message)
                .containsExactly(
                        Tuple.tuple(
                                18,
                                "'fials' is not an option of question 'tcp-test' (did you mean 'fails'?)"),
                        Tuple.tuple(
                                27,
                                "'befor-credentials' is not an option of question 'timing'"
                                        + " (did you mean 'before-credentials'?)"),
                        Tuple.tuple(36, "no environment has the trait 'no-tls13'"));
    }

    @Test
    void ids_in_accumulate_collect_bindings_this_and_nested_comparisons_are_checked()
            throws IOException {
        smallDrl(
                text ->
                        text.replace(
                                        "ErrorReport(disconnect == 0x904)",
                                        "ErrorReport(disconnect == 0x904)\n"
                                                + "    java.util.List() from collect(Evidence(kind == \"tcp-conect\"))")
                                .replace(
                                        "Answer(question == \"tcp-test\", option == \"fails\")",
                                        "Number() from accumulate(Answer(question == \"tcp-test\","
                                                + " option == \"fials\"), count(1))")
                                .replace(
                                        "Answer(question == \"timing\", option == \"after-credentials\")",
                                        "Answer($q : question == \"timng\", this.option =="
                                                + " \"after-credentials\")")
                                .replace(
                                        "name == \"no-tls12-by-default\")",
                                        "(name == \"no-tls13\") == true)"));

        assertThat(problems(dir))
                .extracting(Problem::line, Problem::message)
                .containsExactly(
                        Tuple.tuple(
                                10,
                                "unknown evidence kind 'tcp-conect' (did you mean 'tcp-connect'?)"),
                        Tuple.tuple(
                                19,
                                "'fials' is not an option of question 'tcp-test' (did you mean 'fails'?)"),
                        Tuple.tuple(28, "unknown question 'timng' (did you mean 'timing'?)"),
                        Tuple.tuple(37, "no environment has the trait 'no-tls13'"));
    }

    @Test
    void each_way_a_condition_can_hold_is_checked_on_its_own() throws IOException {
        String either =
                "Answer(question == \"tcp-test\" && option == \"fails\""
                        + " || question == \"timing\" && option == \"%s\")";
        Path drl =
                smallDrl(
                        text ->
                                text.replace(
                                        "Answer(question == \"tcp-test\", option == \"fails\")",
                                        either.formatted("after-credentials")));

        assertThat(RuleBase.load(dir.resolve("kb"), dir.resolve("rules")).rules()).hasSize(8);

        Files.writeString(
                drl,
                Files.readString(drl)
                        .replace(
                                either.formatted("after-credentials"),
                                either.formatted("after-credentails")));
        assertThat(problems(dir))
                .extracting(Problem::line, Problem::message)
                .containsExactly(
                        Tuple.tuple(
                                18,
                                "'after-credentails' is not an option of question 'timing'"
                                        + " (did you mean 'after-credentials'?)"));
    }

    @Test
    void a_hash_comment_is_named_and_a_keyword_in_it_is_not_read() throws IOException {
        smallDrl(
                text ->
                        text.replace(
                                "when\n    Answer(question == \"tcp-test\"",
                                "when\n    # the end of the old rule\n    Answer(question =="
                                        + " \"tcp-test\""));

        assertThat(problems(dir))
                .extracting(Problem::line, Problem::column, Problem::field)
                .containsExactly(
                        Tuple.tuple(18, 5, "comment"),
                        Tuple.tuple(18, 5, ""),
                        Tuple.tuple(19, 11, ""));
    }

    @Test
    void a_syntax_error_in_one_rule_hides_no_unknown_id_in_another() throws IOException {
        smallDrl(
                text ->
                        text.replace("option == \"fails\")", "option == \"fials\")")
                                .replace(
                                        "ErrorReport(disconnect == 0x904)",
                                        "ErrorReport(disconnect == 0x904) ]")
                                .replace(
                                        "option == \"after-credentials\")\nthen",
                                        "option == \"after-credentials\")\nthne"));

        assertThat(problems(dir))
                .extracting(Problem::line, Problem::field)
                .containsExactly(
                        Tuple.tuple(30, "then"), Tuple.tuple(18, "Answer"), Tuple.tuple(9, ""));
    }

    @Test
    void a_consequence_over_several_lines_or_two_on_a_line_loads() throws IOException {
        smallDrl(
                text ->
                        text.replace(
                                        "new Support(\"port-blocked\", Weight.STRONG, kcontext));",
                                        "new Support(\"port-blocked\", Weight.STRONG,\n"
                                                + "            kcontext));")
                                .replace(
                                        "insertLogical(new Support(\"credssp-mismatch\"",
                                        "insertLogical (new Support(\"credssp-mismatch\"")
                                .replace(
                                        "    insertLogical(new Ask(\"timing\", kcontext));",
                                        "    insertLogical(new Ask(\"timing\", kcontext));"
                                                + " insertLogical(new Ask(\"tcp-test\", kcontext));"));

        RuleBase rules = RuleBase.load(dir.resolve("kb"), dir.resolve("rules"));

        assertThat(rules.rules()).hasSize(8);
    }

    @Test
    void a_second_statement_of_another_kind_is_named_at_its_column() throws IOException {
        smallDrl(
                text ->
                        text.replace(
                                "    insertLogical(new Ask(\"timing\", kcontext));",
                                "    insertLogical(new Ask(\"timing\", kcontext)); insert(new Ask(\"tcp-test\","
                                        + " kcontext));"));

        assertThat(problems(dir))
                .extracting(Problem::line, Problem::column, Problem::field)
                .containsExactly(Tuple.tuple(66, 49, "then"));
    }

    @Test
    void strings_in_single_quotes_or_holding_brackets_escapes_and_keywords_are_read_as_text()
            throws IOException {
        smallDrl(
                text ->
                        text.replace(
                                        "Answer(question == \"tcp-test\", option == \"fails\")",
                                        "Answer(question == 'tcp-tst', option != 'end /* of it')")
                                .replace(
                                        "option == \"after-credentials\")",
                                        "option == \"after-\\\"credentials\\\"\")")
                                .replace(
                                        "ErrorReport(disconnect == 0x904)",
                                        "ErrorReport(disconnect == 0x904)\n"
                                                + "    Evidence(kind == \"tcp-conect\", value != \"(none\")"));

        assertThat(problems(dir))
                .extracting(Problem::line, Problem::message)
                .containsExactly(
                        Tuple.tuple(
                                10,
                                "unknown evidence kind 'tcp-conect' (did you mean 'tcp-connect'?)"),
                        Tuple.tuple(19, "unknown question 'tcp-tst' (did you mean 'tcp-test'?)"),
                        Tuple.tuple(
                                28,
                                "'after-\"credentials\"' is not an option of question 'timing'"
                                        + " (did you mean 'after-credentials'?)"));
    }

    @Test
    void a_rule_on_one_line_has_its_consequence_checked() throws IOException {
        smallDrl(
                text ->
                        text.replace(
                                "rule \"Ask the TCP test\"\n    @source(\"doc-a\")\nwhen\n    ErrorReport()\nthen\n    insertLogical(new Ask(\"tcp-test\", kcontext));\nend",
                                "rule \"Ask the TCP test\" @source(\"doc-a\") when ErrorReport() then"
                                        + " insert(new Ask(\"tcp-test\", kcontext)); end"));

        assertThat(problems(dir))
                .extracting(Problem::line, Problem::field)
                .containsExactly(Tuple.tuple(52, "then"));
    }

    @Test
    void a_parse_error_beside_a_consequence_problem_in_the_same_rule_is_listed()
            throws IOException {
        smallDrl(
                text ->
                        text.replace(
                                        "Answer(question == \"tcp-test\", option == \"fails\")",
                                        "Answer(question == \"tcp-test\" option == \"fails\")")
                                .replace(
                                        "    insertLogical(new Support(\"port-blocked\", Weight.STRONG,"
                                                + " kcontext));",
                                        "    insert(new Support(\"port-blocked\", Weight.STRONG,"
                                                + " kcontext));"));

        assertThat(problems(dir))
                .extracting(Problem::line, Problem::field)
                .containsExactly(Tuple.tuple(20, "then"), Tuple.tuple(18, ""));
    }

    @Test
    void comments_across_lines_and_keywords_within_a_line_are_read_as_drools_reads_them()
            throws IOException {
        smallDrl(
                text ->
                        text.replace(
                                        "when\n    Answer(question == \"tcp-test\", option == \"fails\")\nthen\n",
                                        "when\n    /* before: Support(cause == \"port-blocked\")\n"
                                                + "       end of the old rule */\n"
                                                + "    Answer(question == \"tcp-test\", option == \"fails\") then\n"
                                                + "    /* a strong hint,\n"
                                                + "       when nothing else explains it */\n")
                                .replace(
                                        "option == \"after-credentials\")",
                                        "option == \"after-credentials\") /* was question == \"timng\" */")
                                .replace(
                                        "Weight.STRONG, kcontext));\nend\n\n// A Windows 7",
                                        "Weight.STRONG, kcontext)); /* not new Support(\"old\") */\nend\n\n"
                                                + "// A Windows 7")
                                .replace(
                                        "when\n    ErrorReport()\nthen\n    insertLogical(new Ask(\"timing\", kcontext));\nend",
                                        "when ErrorReport() then insertLogical(new Ask(\"timing\", kcontext)); end"));

        RuleBase rules = RuleBase.load(dir.resolve("kb"), dir.resolve("rules"));

        assertThat(rules.rules()).hasSize(8);
        assertThat(rules.rule("Ask when the error appears"))
                .hasValueSatisfying(r -> assertThat(r.sources()).containsExactly("doc-a"));
    }

    @Test
    void a_condition_on_a_conclusion_before_then_on_its_line_is_found_at_its_column()
            throws IOException {
        smallDrl(
                text ->
                        text.replace(
                                "    Answer(question == \"tcp-test\", option == \"fails\")\nthen",
                                "    Support(cause == \"port-blocked\") then"));

        assertThat(problems(dir))
                .extracting(Problem::line, Problem::column, Problem::field)
                .contains(Tuple.tuple(18, 5, "when"));
    }

    @Test
    void a_file_in_another_package_is_named_and_its_rules_are_still_checked() throws IOException {
        Path root = BrokenFixture.create(dir, "drl-matches-any-object");
        Path drl = root.resolve("rules/any-object.drl");
        Files.writeString(
                drl,
                Files.readString(drl)
                        .replace("package org.rdpdoctor.rules;", "package org.rdpdoctor.extra;"));

        assertThat(problems(root))
                .extracting(Problem::line, Problem::field, Problem::message)
                .containsExactly(
                        Tuple.tuple(
                                1,
                                "package",
                                "the file is in package 'org.rdpdoctor.extra'; every rules file"
                                        + " starts with 'package org.rdpdoctor.rules;', the package"
                                        + " the engine and its checks read"),
                        Tuple.tuple(
                                6,
                                "when",
                                "rule \"Anything hints at a blocked port\" has a condition on"
                                        + " Object, which also matches the Support, Ask and TryFirst facts"
                                        + " that rules conclude: a rule that reads them can feed on"
                                        + " its own conclusions and fire forever; match the facts"
                                        + " it means instead"),
                        Tuple.tuple(
                                15,
                                "when",
                                "rule \"A record hints at an old client\" has a condition on"
                                        + " Record, which also matches the Support, Ask and TryFirst facts"
                                        + " that rules conclude: a rule that reads them can feed on"
                                        + " its own conclusions and fire forever; match the facts"
                                        + " it means instead"));
    }

    @Test
    void a_rule_named_without_double_quotes_is_named_not_a_null_pointer() throws IOException {
        smallDrl(
                text ->
                        text
                                + """

                        // Anything at all hints at a blocked port.
                        rule AnythingHints
                            @source("doc-a")
                        when
                            Object()
                        then
                            insertLogical(new Support("port-blocked", Weight.WEAK, kcontext));
                        end
                        """);

        assertThat(problems(dir))
                .extracting(Problem::line, Problem::field, Problem::message)
                .containsExactly(
                        Tuple.tuple(
                                79,
                                "rule",
                                "write the rule's name in double quotes on its first line, rule"
                                        + " \"AnythingHints\": the checks, the explanations and"
                                        + " the sources find a rule by it"));
    }

    @Test
    void problems_in_kb_and_in_the_rules_are_all_listed_in_one_round() throws IOException {
        Path root = BrokenFixture.create(dir, "unknown-fix");
        Path drl = root.resolve("rules/small.drl");
        Files.writeString(
                drl,
                Files.readString(drl)
                        .replace(
                                "option == \"after-credentials\")",
                                "option == \"after-credentials\"")
                        .replace(
                                "rule \"Client without TLS 1.2 is too old\"\n    @source(\"doc-a\")",
                                "rule \"Client without TLS 1.2 is too old\""));

        assertThat(problems(root))
                .extracting(Problem::file, Problem::line, Problem::field)
                .containsExactly(
                        Tuple.tuple(Problem.shown(root.resolve("kb/causes.yaml")), 21, "fixes/0"),
                        Tuple.tuple(Problem.shown(drl), 33, "@source"),
                        Tuple.tuple(Problem.shown(drl), 28, ""));
    }

    @Test
    void a_rules_unknown_id_is_listed_beside_a_kb_entry_that_names_an_id_that_does_not_exist()
            throws IOException {
        Path root = BrokenFixture.create(dir, "unknown-fix");
        Path drl = root.resolve("rules/small.drl");
        Files.writeString(
                drl,
                Files.readString(drl)
                        .replace("question == \"tcp-test\"", "question == \"tcp-tset\""));

        assertThat(problems(root))
                .extracting(Problem::file, Problem::field)
                .containsExactly(
                        Tuple.tuple(Problem.shown(root.resolve("kb/causes.yaml")), "fixes/0"),
                        Tuple.tuple(Problem.shown(drl), "Answer"));
        assertThat(problems(root).get(1).message()).contains("unknown question 'tcp-tset'");
    }

    @Test
    void a_condition_on_a_conclusion_is_found_beside_a_comment_and_across_lines()
            throws IOException {
        smallDrl(
                text ->
                        text.replace(
                                        "when\n    Answer(question == \"tcp-test\", option == \"fails\")",
                                        "when // the port test has failed before\n"
                                                + "    Support(cause == \"port-blocked\")")
                                .replace(
                                        "when\n    Answer(question == \"timing\", option == \"after-credentials\")",
                                        "when\n    $s : Support\n        (cause == \"credssp-mismatch\")"));

        assertThat(problems(dir))
                .extracting(Problem::line, Problem::field, Problem::message)
                .containsExactly(
                        Tuple.tuple(
                                18,
                                "when",
                                "a condition cannot match Support: Support, Ask and TryFirst are what rules"
                                        + " conclude, and a rule that reads them can feed on its"
                                        + " own conclusions"),
                        Tuple.tuple(
                                24,
                                "when",
                                "rule \"Error after credentials points at CredSSP\" has a"
                                        + " condition on Support, which rules conclude: a rule"
                                        + " that reads them can feed on its own conclusions and"
                                        + " fire forever; match the facts it means instead"));
    }

    @Test
    void a_conclusion_named_in_a_comment_of_a_condition_line_is_no_problem() throws IOException {
        smallDrl(
                text ->
                        text.replace(
                                        "option == \"after-credentials\")",
                                        "option == \"after-credentials\") /* not Support(x) */")
                                .replace(
                                        "option == \"fails\")",
                                        "option == \"fails\") // stronger than Ask(tcp-test)"));

        assertThat(RuleBase.load(dir.resolve("kb"), dir.resolve("rules")).rules())
                .containsKeys(
                        "Error after credentials points at CredSSP",
                        "Failed TCP test points at the port");
    }

    @Test
    void a_consequence_is_checked_on_the_then_line_and_may_end_in_a_comment() throws IOException {
        smallDrl(
                text ->
                        text.replace(
                                        "then\n    insertLogical(new Support(\"port-blocked\", Weight.STRONG,"
                                                + " kcontext));",
                                        "then System.out.println(\"port\");")
                                .replace(
                                        "    insertLogical(new Support(\"credssp-mismatch\", Weight.STRONG,"
                                                + " kcontext));",
                                        "    insertLogical(new Support(\"credssp-mismatch\", Weight.STRONG,"
                                                + " kcontext)); // strong: seen in the seeds"));

        assertThat(problems(dir))
                .extracting(Problem::line, Problem::field, Problem::message)
                .containsExactly(
                        Tuple.tuple(
                                19,
                                "then",
                                "a consequence only does insertLogical(new Support(...)),"
                                        + " insertLogical(new Ask(...)) or insertLogical(new TryFirst(...))"));
    }

    @Test
    void a_compilation_error_is_listed_beside_our_problem_in_the_same_rule() throws IOException {
        smallDrl(
                text ->
                        text.replace(
                                        "rule \"Failed TCP test points at the port\"\n    @source(\"doc-a\")",
                                        "rule \"Failed TCP test points at the port\"")
                                .replace(
                                        "new Support(\"port-blocked\", Weight.STRONG,",
                                        "new Support(\"port-blocked\", Weight.STRONGG,"));

        assertThat(problems(dir))
                .extracting(Problem::line, Problem::field, Problem::message)
                .containsExactly(
                        Tuple.tuple(
                                15,
                                "@source",
                                "rule \"Failed TCP test points at the port\" names no source: add"
                                        + " @source(\"id\")"),
                        Tuple.tuple(
                                19,
                                "",
                                "Weight.STRONGG is not a weight (did you mean 'STRONG'?); the"
                                        + " weights are STRONG, MODERATE, WEAK, WEAK_AGAINST,"
                                        + " MODERATE_AGAINST, STRONG_AGAINST"));
    }

    @Test
    void a_parse_error_is_listed_beside_an_unknown_id_in_the_same_rule() throws IOException {
        smallDrl(
                text ->
                        text.replace(
                                        "Answer(question == \"tcp-test\", option == \"fails\")",
                                        "Answer(question == \"tcp-test\", option == \"fails\"))")
                                .replace(
                                        "new Support(\"port-blocked\", Weight.STRONG,",
                                        "new Support(\"port-blockd\", Weight.STRONG,"));

        assertThat(problems(dir))
                .extracting(Problem::line, Problem::column, Problem::message)
                .containsExactly(
                        Tuple.tuple(
                                20,
                                0,
                                "unknown cause 'port-blockd' (did you mean 'port-blocked'?)"),
                        Tuple.tuple(
                                18,
                                54,
                                "[ERR 102] mismatched input ')' in rule \"Failed TCP"
                                        + " test points at the port\""));
    }

    @Test
    void a_condition_left_open_is_named_in_plain_words() throws IOException {
        smallDrl(
                text ->
                        text.replace(
                                "Answer(question == \"tcp-test\", option == \"fails\")",
                                "Answer(question == \"tcp-test\", option == \"fails\""));

        assertThat(problems(dir))
                .extracting(Problem::message)
                .singleElement()
                .asString()
                .contains("mismatched input 'then'")
                .endsWith(
                        "(a condition before 'then' is not closed: look for a missing ')' on the"
                                + " lines above)");
    }

    @Test
    void a_missing_end_is_named_at_the_rule_that_lacks_it() throws IOException {
        smallDrl(
                text ->
                        text.replace(
                                "Weight.STRONG, kcontext));\nend\n\n// An error after",
                                "Weight.STRONG, kcontext));\n\n// An error after"));

        assertThat(problems(dir))
                .extracting(Problem::message)
                .singleElement()
                .asString()
                .contains("mismatched input")
                .endsWith(
                        "(the rule that starts at line 15 has no 'end' before the next rule, at"
                                + " line 23)");
    }

    @Test
    void a_missing_end_of_the_last_rule_is_named_at_that_rule_not_past_the_file()
            throws IOException {
        smallDrl(text -> text.substring(0, text.lastIndexOf("end\n")));

        assertThat(problems(dir))
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.line()).isEqualTo(70);
                            assertThat(p.column()).isEqualTo(1);
                            assertThat(p.message())
                                    .contains("mismatched input '<eof>'")
                                    .endsWith(
                                            "(the rule that starts at line 70 has no 'end' before"
                                                    + " the end of the file)");
                        });
    }

    @Test
    void a_rule_name_with_a_tab_escape_is_read_as_drools_reads_it() throws IOException {
        smallDrl(
                text ->
                        text.replace(
                                "rule \"Failed TCP test points at the port\"",
                                "rule \"Failed TCP test\\tpoints at the port\""));

        assertThat(RuleBase.load(dir.resolve("kb"), dir.resolve("rules")).rules())
                .containsKey("Failed TCP test\tpoints at the port");
    }

    @Test
    void a_rule_name_with_escaped_quotes_loads_and_keeps_its_sources() throws IOException {
        smallDrl(
                text ->
                        text.replace(
                                "rule \"Failed TCP test points at the port\"",
                                "rule \"Failed \\\"TCP test\\\" points at the port \\\\ 3389\""));

        RuleBase rules = RuleBase.load(dir.resolve("kb"), dir.resolve("rules"));

        assertThat(rules.rule("Failed \"TCP test\" points at the port \\ 3389"))
                .hasValueSatisfying(r -> assertThat(r.sources()).containsExactly("doc-a"));
    }

    /**
     * Copies the small knowledge to this test's folder with its rules file changed by {@code edit}.
     */
    private Path smallDrl(UnaryOperator<String> edit) throws IOException {
        return BrokenFixture.edit(BrokenFixture.copySmall(dir).resolve("rules/small.drl"), edit);
    }

    private List<Problem> problems(String mistake) {
        return problems(BrokenFixture.create(dir, mistake));
    }

    private static List<Problem> problems(Path root) {
        InvalidKnowledgeException e =
                catchThrowableOfType(
                        InvalidKnowledgeException.class,
                        () -> RuleBase.load(root.resolve("kb"), root.resolve("rules")));
        assertThat(e).as("loading %s must fail", root).isNotNull();
        return e.problems();
    }
}
