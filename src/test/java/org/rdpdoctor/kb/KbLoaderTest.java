package org.rdpdoctor.kb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class KbLoaderTest {
    @TempDir Path dir;

    @Test
    void small_knowledge_base_loads_in_file_order() {
        KnowledgeBase kb = KbLoader.load(Path.of("src/test/resources/small/kb"));

        assertThat(kb.causes())
                .extracting(Cause::id)
                .containsExactly("port-blocked", "credssp-mismatch", "old-client");
        assertThat(kb.fix("open-port").orElseThrow().verify().codeKind()).isEqualTo("powershell");
        assertThat(kb.scenarios()).extracting(Scenario::id).containsExactly("security/credssp");
        assertThat(kb.version()).hasSize(12);
    }

    @Test
    void the_negotiation_test_copies_no_security_values_the_server_did_not_have_to_restore() {
        Fix test = KbLoader.load(Path.of("kb")).fix("test-with-rdp-security-layer").orElseThrow();

        String restore = test.steps().get(test.steps().size() - 1).code();

        assertThat(restore).doesNotContain("reg add").contains("reg delete");
    }

    @Test
    void the_certificate_renewal_checks_and_exports_before_it_deletes_the_only_certificate() {
        Fix renewal =
                KbLoader.load(Path.of("kb")).fix("renew-rdp-self-signed-certificate").orElseThrow();

        List<String> codes = renewal.steps().stream().map(s -> String.valueOf(s.code())).toList();

        int delete = indexOfCode(codes, "Remove-Item");
        assertThat(indexOfCode(codes, "Get-Service CertPropSvc, KeyIso, CryptSvc, SessionEnv"))
                .isBetween(0, delete - 1);
        assertThat(indexOfCode(codes, "Export-Certificate")).isBetween(0, delete - 1);
        assertThat(indexOfCode(codes, "Import-Certificate")).isGreaterThan(delete);
        assertThat(renewal.risk())
                .contains("new RDP connections to the server fail")
                .contains("console");
    }

    @Test
    void the_machinekeys_reset_saves_permissions_it_can_restore_before_it_takes_ownership() {
        Fix reset = KbLoader.load(Path.of("kb")).fix("reset-machinekeys-permissions").orElseThrow();

        List<String> codes = reset.steps().stream().map(s -> String.valueOf(s.code())).toList();

        int save =
                indexOfCode(
                        codes,
                        "icacls C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys /save"
                                + " C:\\temp\\MachineKeys.acl /t /c");
        assertThat(save).isBetween(0, indexOfCode(codes, "takeown") - 1);
        assertThat(reset.steps().get(save).text())
                .contains(
                        "icacls C:\\ProgramData\\Microsoft\\Crypto\\RSA /restore"
                                + " C:\\temp\\MachineKeys.acl")
                .contains("not the owners");
        assertThat(reset.risk()).contains("NETWORK SERVICE gains Read on all of them");
    }

    @Test
    void turning_nla_off_warns_that_a_restart_ends_every_session() {
        Fix nlaOff = KbLoader.load(Path.of("kb")).fix("disable-nla-temporarily").orElseThrow();

        List<String> restarts =
                nlaOff.steps().stream()
                        .map(Step::text)
                        .filter(text -> text.contains("restart the server"))
                        .toList();

        assertThat(restarts)
                .isNotEmpty()
                .allSatisfy(text -> assertThat(text).contains("ends every session"));
    }

    private static int indexOfCode(List<String> codes, String command) {
        for (int i = 0; i < codes.size(); i++) {
            if (codes.get(i).contains(command)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void yaml_syntax_error_names_file_and_line() {
        assertThat(problems("yaml-syntax"))
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.file()).endsWith("kb/causes.yaml");
                            assertThat(p.line()).isEqualTo(3);
                            assertThat(p.message()).startsWith("not valid YAML");
                        });
    }

    @Test
    void a_tab_that_indents_a_line_is_named_at_that_line_not_the_one_above() throws IOException {
        Path root = BrokenFixture.copySmall(dir);
        BrokenFixture.edit(
                root.resolve("kb/fixes.yaml"),
                text -> text.replace("\n  sources: [doc-a]", "\n\tsources: [doc-a]"));

        assertThat(loadProblems(root))
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.file()).endsWith("kb/fixes.yaml");
                            assertThat(p.line()).isEqualTo(3);
                            assertThat(p.column()).isEqualTo(1);
                            assertThat(p.message())
                                    .isEqualTo(
                                            "not valid YAML: a tab character here: YAML indents"
                                                    + " with spaces only (2 per level); replace"
                                                    + " the tab with spaces");
                        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"\n\u00A0 sources: [doc-a]", "\n  sources:\u00A0[doc-a]"})
    void a_pasted_no_break_space_is_named_where_it_is(String pasted) throws IOException {
        Path root = BrokenFixture.copySmall(dir);
        BrokenFixture.edit(
                root.resolve("kb/fixes.yaml"),
                text -> text.replace("\n  sources: [doc-a]", pasted));

        assertThat(loadProblems(root))
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.file()).endsWith("kb/fixes.yaml");
                            assertThat(p.line()).isEqualTo(3);
                            assertThat(p.column()).isEqualTo(pasted.indexOf('\u00A0'));
                            assertThat(p.message())
                                    .isEqualTo(
                                            "not valid YAML: a no-break space (U+00A0) here,"
                                                    + " which YAML reads as text, not as a space"
                                                    + " (pasted from a web page or a document?);"
                                                    + " replace it with a normal space");
                        });
    }

    @Test
    void a_yaml_syntax_error_is_one_line_in_plain_words_without_parser_terms() throws IOException {
        Path root = BrokenFixture.copySmall(dir);
        BrokenFixture.edit(
                root.resolve("kb/fixes.yaml"),
                text -> text.replace("\n  sources: [doc-a]", "\n   sources: [doc-a]"));

        assertThat(loadProblems(root))
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.line()).isEqualTo(3);
                            assertThat(p.message())
                                    .startsWith("not valid YAML: a 'key:' where none can start:")
                                    .contains("2 spaces per level")
                                    .doesNotContain("\n", "reader", "^");
                        });
    }

    @Test
    void a_key_without_a_space_after_its_colon_is_named_at_its_line() throws IOException {
        Path root = BrokenFixture.copySmall(dir);
        BrokenFixture.edit(
                root.resolve("kb/causes.yaml"), text -> text.replaceFirst("prior: ", "prior:"));

        assertThat(loadProblems(root))
                .extracting(Problem::toString)
                .containsExactly(
                        root.resolve("kb/causes.yaml")
                                + ":5:3: not valid YAML: a space is missing after 'prior:' (YAML"
                                + " reads 'prior:0.1' as one text, not as a key and its value):"
                                + " write 'prior: 0.1'");
    }

    @ParameterizedTest
    @CsvSource({
        // Followed by another key of its mapping, which the text runs on into.
        "'  tcp-test: succeeds\n', '  tcp-test:succeeds\n', 7",
        // The last key of its mapping.
        "'  tcp-test: succeeds\n  timing: after-credentials\n',"
                + " '  timing: after-credentials\n  tcp-test:succeeds\n', 8",
    })
    void a_question_id_without_a_space_after_its_colon_is_told_the_space_is_missing(
            String lines, String glued, int line) throws IOException {
        Path root = BrokenFixture.copySmall(dir);
        Path scenario = root.resolve("kb/scenarios/security/credssp.yaml");
        BrokenFixture.edit(
                scenario, text -> text.replace(lines.translateEscapes(), glued.translateEscapes()));

        assertThat(loadProblems(root))
                .extracting(Problem::toString)
                .containsExactly(
                        scenario
                                + ":"
                                + line
                                + ":3: not valid YAML: a space is missing after 'tcp-test:'"
                                + " (YAML reads 'tcp-test:succeeds' as one text, not as a key and"
                                + " its value): write 'tcp-test: succeeds'");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "just some text",
                "https://learn.microsoft.com/x",
                "12:30 the router drops it"
            })
    void a_line_of_text_even_a_web_address_or_a_time_is_named_at_its_own_line_as_no_key(String line)
            throws IOException {
        Path root = BrokenFixture.copySmall(dir);
        BrokenFixture.edit(
                root.resolve("kb/causes.yaml"),
                text -> text.replaceFirst("  prior: 0.1\n", "  prior: 0.1\n  " + line + "\n"));

        assertThat(loadProblems(root))
                .extracting(Problem::toString)
                .containsExactly(
                        root.resolve("kb/causes.yaml")
                                + ":6:3: not valid YAML: a line of text that is no 'key: value':"
                                + " add the key, indent it as part of the value above, or check for"
                                + " an unclosed quote");
    }

    @Test
    void a_key_without_a_space_on_the_last_line_is_named_there_not_past_the_file()
            throws IOException {
        Path root = BrokenFixture.copySmall(dir);
        Path scenario = root.resolve("kb/scenarios/security/credssp.yaml");
        BrokenFixture.edit(scenario, text -> text.replace("not_leading: [", "not_leading:["));

        assertThat(loadProblems(root))
                .extracting(Problem::toString)
                .containsExactly(
                        scenario
                                + ":11:3: not valid YAML: a space is missing after 'not_leading:'"
                                + " (YAML reads 'not_leading:[port-blocked]' as one text, not as a"
                                + " key and its value): write 'not_leading: [port-blocked]'");
    }

    @Test
    void a_line_that_does_not_line_up_names_where_its_entry_starts() throws IOException {
        Path root = BrokenFixture.copySmall(dir);
        BrokenFixture.edit(
                root.resolve("kb/fixes.yaml"),
                text -> text.replaceFirst("title: (.*)\n", "title: $1\n  just text after it\n"));

        assertThat(loadProblems(root))
                .singleElement()
                .extracting(Problem::message, InstanceOfAssertFactories.STRING)
                .startsWith("not valid YAML: ")
                .doesNotContain("\n", "<block end>", "<scalar>", "reader");
    }

    @Test
    void text_after_a_closed_list_is_named_as_such_not_as_a_line_out_of_line() throws IOException {
        Path root = BrokenFixture.copySmall(dir);
        BrokenFixture.edit(
                root.resolve("kb/fixes.yaml"),
                text -> text.replaceFirst("sources: \\[(.*)]", "sources: [$1] r2"));

        assertThat(loadProblems(root))
                .extracting(Problem::message)
                .containsExactly(
                        "not valid YAML: text goes on after the [ … ] list ended here: put it"
                                + " inside the brackets, or remove it");
    }

    @Test
    void a_quote_inside_a_quoted_text_is_named_as_what_ended_it() throws IOException {
        Path root = BrokenFixture.copySmall(dir);
        BrokenFixture.edit(
                root.resolve("kb/fixes.yaml"),
                text ->
                        text.replace(
                                "title: Open port 3389", "title: 'Open the host's port 3389'"));

        assertThat(loadProblems(root))
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.line()).isEqualTo(2);
                            assertThat(p.message())
                                    .isEqualTo(
                                            "not valid YAML: text goes on after a quoted value"
                                                    + " ended here with ': a ' inside a text"
                                                    + " quoted with ' ends it; quote the whole text"
                                                    + " with the other kind of quote, or write the"
                                                    + " ' twice ('')");
                        });
    }

    @Test
    void a_quote_left_open_that_runs_on_to_a_later_line_is_named_where_it_opened()
            throws IOException {
        Path root = BrokenFixture.copySmall(dir);
        BrokenFixture.edit(
                root.resolve("kb/fixes.yaml"),
                text -> text.replace("title: Open port 3389", "title: \"Open port 3389"));

        assertThat(loadProblems(root))
                .extracting(Problem::toString)
                .containsExactly(
                        root.resolve("kb/fixes.yaml")
                                + ":2:10: not valid YAML: the text quoted with \" from here runs on"
                                + " to line 6, column 48, where it ends and more text follows; is a"
                                + " closing \" missing on line 2?");
    }

    @Test
    void an_unclosed_quote_names_the_line_where_it_opened() throws IOException {
        Path root = BrokenFixture.copySmall(dir);
        BrokenFixture.edit(
                root.resolve("kb/fixes.yaml"), text -> text.replaceFirst("title: ", "title: '"));

        assertThat(loadProblems(root))
                .singleElement()
                .extracting(Problem::message)
                .isEqualTo("not valid YAML: the quote opened at line 2, column 10 is never closed");
    }

    @Test
    void a_key_written_twice_names_the_field_and_the_line_of_the_first() throws IOException {
        Path root = BrokenFixture.copySmall(dir);
        BrokenFixture.edit(
                root.resolve("kb/causes.yaml"),
                text ->
                        text.replaceFirst(
                                "title: The port is blocked\n",
                                "title: The port is blocked\n  title: The port is shut\n"));

        assertThat(loadProblems(root))
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.line()).isEqualTo(3);
                            assertThat(p.field()).isEqualTo("title");
                            assertThat(p.message())
                                    .isEqualTo(
                                            "written twice in this entry (first at line 2); keep"
                                                    + " one of the two");
                        });
    }

    @Test
    void an_empty_list_is_said_to_be_empty_not_missing_and_told_once() throws IOException {
        Path root = BrokenFixture.copySmall(dir);
        BrokenFixture.edit(
                root.resolve("kb/causes.yaml"),
                text -> text.replaceFirst("sources: \\[doc-a]", "sources: []"));
        BrokenFixture.edit(
                root.resolve("kb/questions.yaml"),
                text -> text.replaceFirst("(?s)options:\\n.*?\\n(- id|$)", "options: []\n$1"));

        assertThat(loadProblems(root))
                .extracting(p -> p.file().replaceAll(".*/kb/", "") + ": " + p.message())
                .contains(
                        "causes.yaml: 'sources' is empty: list at least one",
                        "questions.yaml: a question needs at least two options")
                .noneMatch(p -> p.contains("missing required field"));
    }

    @Test
    void a_key_written_with_nothing_after_it_is_empty_whatever_it_holds() throws IOException {
        Path root = BrokenFixture.copySmall(dir);
        BrokenFixture.edit(
                root.resolve("kb/causes.yaml"),
                text ->
                        text.replaceFirst("prior: 0.1", "prior:")
                                .replace("fixes: [patch-both, allow-oracle]", "fixes:"));
        BrokenFixture.edit(
                root.resolve("kb/questions.yaml"),
                text ->
                        text.replace("label: It succeeds", "label:")
                                .replace("- id: before-credentials", "- id:"));
        BrokenFixture.edit(
                root.resolve("kb/evidence.yaml"),
                text -> text.replace("meaning: Nothing listens.", "meaning: ''"));

        assertThat(loadProblems(root))
                .extracting(KbLoaderTest::located)
                .containsExactlyInAnyOrder(
                        "causes.yaml:5: prior: 'prior' is empty: write a number",
                        "causes.yaml:14: fixes: 'fixes' is empty: it must be a list",
                        "questions.yaml:7: options/0: an option needs an 'id' and a 'label'",
                        "questions.yaml:18: options/0: an option needs an 'id' and a 'label'",
                        "evidence.yaml:7: values/1: a value needs an 'id' and a 'meaning'");
    }

    @Test
    void an_entry_that_cannot_be_read_does_not_hide_the_other_files_problems() throws IOException {
        Path root = BrokenFixture.copySmall(dir);
        BrokenFixture.edit(
                root.resolve("kb/fixes.yaml"),
                text -> text.replace("  title: Open port", "  titel: Open port"));
        BrokenFixture.edit(
                root.resolve("kb/causes.yaml"),
                text -> text.replace("category: network", "category: netwrok"));

        assertThat(loadProblems(root))
                .extracting(KbLoaderTest::located)
                .anySatisfy(
                        p -> assertThat(p).startsWith("fixes.yaml:2: titel: unknown key 'titel'"))
                .anySatisfy(
                        p ->
                                assertThat(p)
                                        .startsWith(
                                                "causes.yaml:4: category: 'netwrok' is not one of"))
                .noneSatisfy(p -> assertThat(p).contains("unknown fix 'open-port'"));
    }

    @Test
    void a_failed_fix_weight_is_checked_against_the_causes_that_list_the_fix() throws IOException {
        Path root =
                patchBothIfFailed(
                        """
                            - cause: credssp-mismatch
                              against: slightly
                              because: One side may be patched twice.
                            - cause: port-blocked
                              against: weakly
                              because: Not its fix.
                            - cause: credssp-mismatch
                              against: weakly
                            - cause: credssp-mismach
                              against: weakly
                              because: A typo.
                        """);

        assertThat(loadProblems(root))
                .extracting(p -> p.line() + ": " + p.field() + ": " + p.message())
                .containsExactly(
                        "16: if_failed/0/against: 'slightly' is not one of [strongly, moderately,"
                                + " weakly]",
                        "18: if_failed/1/cause: cause 'port-blocked' does not list 'patch-both'"
                                + " among its fixes (causes.yaml), so this fix cannot fail for it",
                        "21: if_failed/2/cause: cause 'credssp-mismatch' is named twice",
                        "21: if_failed/2/because: missing required field 'because': say what the"
                                + " fix leaves of the cause",
                        "23: if_failed/3/cause: unknown cause 'credssp-mismach' (did you mean"
                                + " 'credssp-mismatch'?)");
    }

    @Test
    void the_meaning_of_a_failed_fix_is_written_by_the_engine_not_in_the_knowledge()
            throws IOException {
        Path root =
                patchBothIfFailed(
                        """
                            - cause: credssp-mismatch
                              against: moderately
                              because: One end may have been missed.
                              meaning: Shown to the helpdesk, one would think.
                        """);

        assertThat(loadProblems(root))
                .extracting(p -> p.line() + ": " + p.field() + ": " + p.message())
                .containsExactly(
                        "18: if_failed/0/meaning: unknown key 'meaning' (allowed: [against,"
                                + " because, cause])");
    }

    /**
     * The small knowledge with these {@code if_failed} entries (list items indented under it) on
     * the fix "Patch both ends".
     */
    private Path patchBothIfFailed(String entries) throws IOException {
        Path root = BrokenFixture.copySmall(dir);
        BrokenFixture.edit(
                root.resolve("kb/fixes.yaml"),
                text ->
                        text.replace(
                                "  title: Patch both ends\n",
                                "  title: Patch both ends\n  if_failed:\n" + entries));
        return root;
    }

    @Test
    void an_unknown_id_names_the_one_it_most_likely_meant() throws IOException {
        Path root = BrokenFixture.copySmall(dir);
        BrokenFixture.edit(
                root.resolve("kb/causes.yaml"),
                text -> text.replace("fixes: [open-port]", "fixes: [open-prot]"));

        assertThat(loadProblems(root))
                .extracting(p -> p.line() + ": " + p.message())
                .containsExactly("7: unknown fix 'open-prot' (did you mean 'open-port'?)");
    }

    @Test
    void a_key_the_entry_already_has_is_not_what_a_misspelt_one_meant() throws IOException {
        Path root = BrokenFixture.copySmall(dir);
        BrokenFixture.edit(
                root.resolve("kb/causes.yaml"),
                text ->
                        text.replaceFirst(
                                "title: The port is blocked\n",
                                "title: The port is blocked\n  titel: The port is shut\n"));

        assertThat(loadProblems(root))
                .extracting(Problem::message)
                .singleElement(InstanceOfAssertFactories.STRING)
                .startsWith("unknown key 'titel' (allowed: [");
    }

    @Test
    void a_missing_folder_is_said_not_to_exist_and_a_file_not_to_be_a_folder() throws IOException {
        Path file = Files.writeString(dir.resolve("kb.yaml"), "");

        assertThat(
                        List.of(dir.resolve("no-such-kb"), file).stream()
                                .map(
                                        folder ->
                                                catchThrowableOfType(
                                                                () -> KbLoader.load(folder),
                                                                InvalidKnowledgeException.class)
                                                        .problems()
                                                        .get(0)
                                                        .message()))
                .containsExactly("does not exist", "is not a directory");
    }

    @Test
    void a_ticket_pattern_whose_spaces_can_match_in_many_ways_is_a_problem_at_its_line() {
        int line = BrokenFixture.withTicketPattern(dir, "\\bevent\\s*(?:id)?\\s*[:=]?\\s*1057\\b");

        assertThat(loadProblems(dir))
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.line()).isEqualTo(line);
                            assertThat(p.message())
                                    .startsWith(
                                            "can match the same white space in many ways: on"
                                                    + " 'event' followed by 2000 spaces");
                        });
    }

    @Test
    void a_ticket_patterns_empty_provider_or_a_provider_on_a_code_pattern_is_a_problem_at_it()
            throws IOException {
        Path patterns = BrokenFixture.copySmall(dir).resolve("kb/ticket-patterns.yaml");
        int line = Files.readAllLines(patterns).size() + 1;
        Files.writeString(
                patterns,
                """
                - id: no-provider
                  pattern: 'event 36870'
                  yields: {kind: event-id, value: '36870'}
                  provider: ''
                  sources: [doc-a]
                - id: coded
                  pattern: 'code (\\d+)'
                  yields: {code: error}
                  provider: Schannel
                  sources: [doc-a]
                """,
                StandardOpenOption.APPEND);

        assertThat(loadProblems(dir))
                .extracting(Problem::line, Problem::message)
                .containsExactly(
                        tuple(line + 3, "'provider' is empty: write its text"),
                        tuple(
                                line + 8,
                                "a code pattern reads a dialog's code, which no event provider"
                                        + " logs; give 'provider' to event id patterns only"));
    }

    @Test
    void an_empty_file_is_called_empty() throws IOException {
        Path root = BrokenFixture.copySmall(dir);
        Files.writeString(root.resolve("kb/environments.yaml"), "");

        assertThat(loadProblems(root))
                .extracting(p -> p.file().replaceAll(".*/kb/", "") + ": " + p.message())
                .containsExactly(
                        "environments.yaml: the file is empty: it must be a list of entries (- id:"
                                + " …)");
    }

    @Test
    void unknown_key_is_an_error_at_its_line() {
        assertThat(problems("unknown-key"))
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.file()).endsWith("kb/causes.yaml");
                            assertThat(p.line()).isEqualTo(2);
                            assertThat(p.field()).isEqualTo("titel");
                            assertThat(p.message())
                                    .startsWith("unknown key 'titel' (did you mean 'title'?)")
                                    .contains("(allowed: [category, caveat, fixes, id, prior,");
                        });
    }

    @Test
    void missing_required_field_names_the_field_and_the_entry() {
        assertThat(problems("missing-field"))
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.file()).endsWith("kb/fixes.yaml");
                            assertThat(p.line()).isEqualTo(12);
                            assertThat(p.field()).isEqualTo("verify");
                            assertThat(p.message()).isEqualTo("missing required field 'verify'");
                        });
    }

    @Test
    void a_file_that_is_missing_or_a_folder_is_named_as_such() throws IOException {
        Path root = BrokenFixture.copySmall(dir);
        Files.delete(root.resolve("kb/fixes.yaml"));
        Files.createDirectory(root.resolve("kb/fixes.yaml"));
        Files.delete(root.resolve("kb/evidence.yaml"));

        assertThat(loadProblems(root))
                .extracting(Problem::toString)
                .contains(
                        root.resolve("kb/fixes.yaml") + ": is a folder; it must be a YAML file",
                        root.resolve("kb/evidence.yaml") + ": file is missing");
    }

    @Test
    void duplicate_id_is_reported_at_the_second_entry() {
        assertThat(problems("duplicate-id"))
                .extracting(Problem::toString)
                .anySatisfy(
                        s ->
                                assertThat(s)
                                        .endsWith(
                                                "kb/questions.yaml:22: id: duplicate id 'timing' (first at"
                                                        + " line 13)"));
    }

    @Test
    void an_id_that_is_not_lower_kebab_case_is_named_with_the_id_meant() throws IOException {
        Path root = BrokenFixture.copySmall(dir);
        Path causes =
                BrokenFixture.edit(
                        root.resolve("kb/causes.yaml"),
                        text -> text.replace("- id: port-blocked", "- id: Port Blocked"));
        Path questions =
                BrokenFixture.edit(
                        root.resolve("kb/questions.yaml"),
                        text -> text.replace("- id: succeeds", "- id: succeeds_now"));

        assertThat(loadProblems(root))
                .extracting(Problem::toString)
                .contains(
                        causes
                                + ":1: id: 'Port Blocked' is not lower-kebab-case (lower-case"
                                + " letters and digits, words joined by single hyphens): write"
                                + " 'port-blocked'",
                        questions
                                + ":7: options/0/id: 'succeeds_now' is not lower-kebab-case"
                                + " (lower-case letters and digits, words joined by single"
                                + " hyphens): write 'succeeds-now'");
    }

    @Test
    void reference_to_an_unknown_fix_names_it() {
        assertThat(problems("unknown-fix"))
                .extracting(Problem::toString)
                .containsExactly(
                        dir.resolve("kb/causes.yaml")
                                + ":21: fixes/0: unknown fix 'update-clinet' (did you mean"
                                + " 'update-client'?)");
    }

    @Test
    void unknown_source_is_an_error() {
        assertThat(problems("unknown-source"))
                .extracting(Problem::message)
                .containsExactly(
                        "unknown source 'doc-b' (see sources.yaml) (did you mean 'doc-a'?)");
    }

    @Test
    void hex_and_decimal_must_agree() {
        assertThat(problems("hex-mismatch"))
                .extracting(Problem::field, Problem::message)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("decimal", "517 is not 0x204 (516)"),
                        org.assertj.core.groups.Tuple.tuple("id", "'0x+104' is not a hex number"));
    }

    @Test
    void evidence_a_code_stands_for_must_be_a_known_kind_and_value() {
        assertThat(problems("code-evidence"))
                .extracting(Problem::toString)
                .containsExactly(
                        dir.resolve("kb/error-codes.yaml")
                                + ":13: evidence/value: 'dropped' is not a value of evidence"
                                + " kind 'tcp-connect'",
                        dir.resolve("kb/error-codes.yaml")
                                + ":20: evidence/kind: unknown evidence kind 'name-lookup'");
    }

    @Test
    void evidence_value_must_belong_to_the_question_evidence_kind() {
        assertThat(problems("evidence-value"))
                .extracting(Problem::message)
                .containsExactly("'dropped' is not a value of evidence kind 'tcp-connect'");
    }

    @Test
    void a_misspelt_evidence_value_names_the_value_it_most_likely_meant() throws IOException {
        Path root = BrokenFixture.copySmall(dir);
        BrokenFixture.edit(
                root.resolve("kb/questions.yaml"), text -> text.replace("[open]", "[opne]"));
        BrokenFixture.edit(
                root.resolve("kb/scenarios/security/credssp.yaml"),
                text ->
                        text.replace(
                                "answers:",
                                "evidence:\n  - {kind: tcp-connect, value: refsued, source:"
                                        + " probe}\nanswers:"));

        assertThat(loadProblems(root))
                .extracting(Problem::field, Problem::message)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(
                                "options/0/evidence",
                                "'opne' is not a value of evidence kind 'tcp-connect' (did you"
                                        + " mean 'open'?)"),
                        org.assertj.core.groups.Tuple.tuple(
                                "evidence/0/value",
                                "'refsued' is not a value of evidence kind 'tcp-connect' (did you"
                                        + " mean 'refused'?)"));
    }

    @Test
    void a_scenario_starting_from_freerdps_last_error_with_another_reports_extended_code_is_named()
            throws IOException {
        Path root = BrokenFixture.copySmall(dir);
        BrokenFixture.edit(
                root.resolve("kb/scenarios/security/credssp.yaml"),
                text -> text.replace("error_code: \"0x904\"", "error_code: \"0x00020008\""));

        assertThat(loadProblems(root))
                .extracting(KbLoaderTest::located)
                .containsExactly(
                        "scenarios/security/credssp.yaml:5: start/extended_code: 0x7 cannot come with the error code"
                                + " 0x00020008, FreeRDP's report of its own connection error:"
                                + " FreeRDP reports one last error and no extended code: give"
                                + " none");
    }

    @Test
    void a_scenario_whose_extended_code_is_freerdps_connection_error_is_named_at_its_line()
            throws IOException {
        Path root = BrokenFixture.copySmall(dir);
        BrokenFixture.edit(
                root.resolve("kb/scenarios/security/credssp.yaml"),
                text -> text.replace("extended_code: \"0x7\"", "extended_code: \"0x00020008\""));

        assertThat(loadProblems(root))
                .extracting(KbLoaderTest::located)
                .containsExactly(
                        "scenarios/security/credssp.yaml:5: start/extended_code: extended error"
                                + " code '0x00020008' is FreeRDP's own connection error (class 2),"
                                + " which FreeRDP reports in place of the error code: give it as"
                                + " the error code, with no extended code");
    }

    @Test
    void a_field_inside_an_entry_is_named_by_its_path_as_every_other_message_names_it()
            throws IOException {
        Path root = BrokenFixture.copySmall(dir);
        BrokenFixture.edit(
                root.resolve("kb/questions.yaml"),
                text -> text.replace("label: It succeeds", "label: [It succeeds]"));
        BrokenFixture.edit(
                root.resolve("kb/scenarios/security/credssp.yaml"),
                text -> text.replace("leader:", "leeder:"));

        assertThat(loadProblems(root))
                .extracting(p -> p.line() + ": " + p.field())
                .containsExactlyInAnyOrder("8: options/0/label", "10: expect/leeder");
    }

    @Test
    void a_scenario_first_fix_must_be_a_fix_of_the_expected_leader() throws IOException {
        Path root = BrokenFixture.copySmall(dir);
        Path scenario = root.resolve("kb/scenarios/security/credssp.yaml");
        Files.copy(scenario, root.resolve("kb/scenarios/security/credssp-port.yaml"));
        BrokenFixture.edit(scenario, text -> text + "  first_fix: alow-oracle\n");
        BrokenFixture.edit(
                root.resolve("kb/scenarios/security/credssp-port.yaml"),
                text -> text + "  first_fix: open-port\n");

        assertThat(loadProblems(root))
                .extracting(p -> p.line() + ": " + p.field() + ": " + p.message())
                .containsExactlyInAnyOrder(
                        "12: expect/first_fix: unknown fix 'alow-oracle' (did you mean"
                                + " 'allow-oracle'?)",
                        "12: expect/first_fix: 'open-port' is not a fix of credssp-mismatch, the"
                                + " expected leader; its fixes are patch-both, allow-oracle");
    }

    @Test
    void scenario_answer_must_be_an_option_of_its_question() {
        assertThat(problems("scenario-unknown-option"))
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.file()).endsWith("scenarios/security/credssp.yaml");
                            assertThat(p.line()).isEqualTo(8);
                            assertThat(p.message())
                                    .isEqualTo("'after-lunch' is not an option of 'timing'");
                        });
    }

    @Test
    void small_knowledge_base_reads_its_ticket_patterns() {
        KnowledgeBase kb = KbLoader.load(Path.of("src/test/resources/small/kb"));

        assertThat(kb.ticketPatterns())
                .extracting(TicketPattern::id)
                .containsExactly("error-code", "extended-error-code", "event-36870");
        assertThat(kb.ticketPatterns().get(2).yields())
                .isEqualTo(new TicketPattern.Yield("event-id", "36870", null));
    }

    @Test
    void ticket_pattern_with_an_unclosed_group_is_named_at_the_bracket_that_opens_it() {
        List<Problem> problems = problems("ticket-regex");

        assertThat(problems)
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.file()).endsWith("kb/ticket-patterns.yaml");
                            assertThat(p.line()).isEqualTo(6);
                            assertThat(p.column()).isEqualTo(23);
                            assertThat(p.field()).isEqualTo("pattern");
                            assertThat(p.message())
                                    .isEqualTo(
                                            "not a valid regular expression: this ( opens a group"
                                                    + " that no ) closes; add the ), or write \\("
                                                    + " for a bracket meant as text");
                        });
    }

    @Test
    void ticket_pattern_error_is_at_its_column_in_the_file_counting_a_doubled_quote_as_one()
            throws IOException {
        Path root = BrokenFixture.copySmall(dir);
        BrokenFixture.edit(
                root.resolve("kb/ticket-patterns.yaml"),
                text -> text.replace("'\\bextended\\s+error", "'it''s+*\\bextended\\s+error"));

        assertThat(loadProblems(root))
                .extracting(Problem::toString)
                .containsExactly(
                        root.resolve("kb/ticket-patterns.yaml")
                                + ":6:19: pattern: not a valid regular expression: '*' repeats"
                                + " nothing here; write it with a \\ before it for the character"
                                + " itself");
    }

    @Test
    void ticket_patterns_that_would_never_or_always_match_are_named() throws IOException {
        Path kb = BrokenFixture.copySmall(dir).resolve("kb");
        Path patterns = kb.resolve("ticket-patterns.yaml");
        Files.writeString(
                patterns,
                Files.readString(patterns)
                        .replace(
                                "pattern: '\\bevent(?:\\s*id)?(?:\\s*:)?\\s*36870\\b'",
                                "pattern: \"\\bevent 36870\\b\"")
                        .replace(
                                "\\bextended\\s+error\\s+code(?:\\s*:)?\\s*(0x[0-9a-f]+|\\d+)\\b",
                                "\\s*(0x[0-9a-f]*|\\d*)"));
        Path sources = kb.resolve("sources.yaml");
        Files.writeString(
                sources, Files.readString(sources).replace("trust: high", "trust: very high"));

        assertThat(loadProblems(dir))
                .extracting(Problem::toString)
                .containsExactly(
                        Problem.shown(sources)
                                + ":5: trust: 'very high' is not one of [high, low, medium]",
                        Problem.shown(patterns)
                                + ":6: pattern: matches an empty text, so it finds something in"
                                + " every ticket; make at least one part of it required",
                        Problem.shown(patterns)
                                + ":10: pattern: holds the control character U+0008 (in double"
                                + " quotes YAML reads \\b as a backspace, not a word boundary);"
                                + " write the pattern in single quotes, where YAML keeps every"
                                + " backslash as written");
    }

    @Test
    void ticket_pattern_evidence_value_must_exist_in_evidence_yaml() {
        List<Problem> problems = problems("ticket-evidence-value");

        assertThat(problems)
                .extracting(Problem::toString)
                .containsExactly(
                        dir.resolve("kb/ticket-patterns.yaml")
                                + ":9: yields/value: '1058' is not a value of evidence kind"
                                + " 'event-id'");
    }

    @Test
    void ticket_code_pattern_needs_exactly_one_capture_group() {
        List<Problem> problems = problems("ticket-code-group");

        assertThat(problems)
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.file()).endsWith("kb/ticket-patterns.yaml");
                            assertThat(p.line()).isEqualTo(6);
                            assertThat(p.field()).isEqualTo("pattern");
                            assertThat(p.message())
                                    .isEqualTo(
                                            "a code pattern needs exactly one capture group,"
                                                    + " around the code; found 0");
                        });
    }

    @Test
    void ticket_pattern_yields_either_evidence_or_a_code() {
        List<Problem> problems = problems("ticket-yields-both");

        assertThat(problems)
                .extracting(Problem::line, Problem::field, Problem::message)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                3,
                                "yields",
                                "give either kind and value (evidence) or code (error, extended)"));
    }

    @Test
    void error_codes_decode_as_the_dialog_and_the_event_log_show_them() {
        ErrorCodeTable table = KbLoader.load(Path.of("src/test/resources/small/kb")).errorCodes();

        assertThat(table.decodeDisconnect("0x904").value()).isEqualTo(0x904);
        assertThat(table.decodeDisconnect("904").reading()).isEqualTo("hex");
        assertThat(table.decodeDisconnect("2308").hex()).isEqualTo("0x904");
        assertThat(table.decodeDisconnect("2308").reading()).isEqualTo("decimal");
        assertThat(table.decodeDisconnect("260").name())
                .isEqualTo("disconnectReasonDNSLookupFailed");
        assertThat(table.decodeDisconnect("0x999").isKnown()).isFalse();
        assertThat(table.decodeExtended("7").name())
                .isEqualTo("exDiscReasonServerDeniedConnection");
    }

    @Test
    void an_extended_code_without_0x_names_a_code_of_the_clients_table_first() {
        ErrorCodeTable table = KbLoader.load(Path.of("kb")).errorCodes();

        DecodedCode ten = table.decodeExtended("10");

        assertThat(ten.value()).isEqualTo(10);
        assertThat(ten.reading()).isEqualTo("decimal");
        assertThat(ten.name()).isEqualTo("exDiscReasonServerFreshCredsRequired");
        assertThat(table.decodeExtended("12").name()).isEqualTo("exDiscReasonLogoffByUser");
        assertThat(table.decodeExtended("0x10").isKnown()).isFalse();
        assertThat(table.decodeExtended("0x10").name()).isEqualTo("ERRINFO_SERVER_DWM_CRASH");
        assertThat(table.decodeExtended("0x12345678").name()).isEqualTo("unknown");
    }

    @Test
    void freerdp_last_errors_decode_with_the_table_of_their_class() {
        ErrorCodeTable table = KbLoader.load(Path.of("kb")).errorCodes();

        DecodedCode connect = table.decodeDisconnect("0x0002000C");
        DecodedCode info = table.decodeDisconnect("0x00010009");
        DecodedCode extended = table.decodeExtended("0x00010007");

        assertThat(connect.isKnown()).isTrue();
        assertThat(connect.name()).isEqualTo("ERRCONNECT_SECURITY_NEGO_CONNECT_FAILED");
        assertThat(connect.meaning())
                .endsWith(
                        "(FreeRDP's last error of class 2, ERRCONNECT: the client's own connection"
                                + " error 0xC)");
        assertThat(info.name()).isEqualTo("ERRINFO_SERVER_INSUFFICIENT_PRIVILEGES");
        assertThat(info.errorInfo()).isEqualTo(9);
        assertThat(connect.errorInfo()).isZero();
        assertThat(table.decodeDisconnect("0x904").errorInfo()).isZero();
        assertThat(extended.value()).isEqualTo(7);
        assertThat(extended.name()).isEqualTo("exDiscReasonServerDeniedConnection");
        assertThat(extended.meaning()).endsWith("the server's error-info code 0x7)");
        assertThat(table.decodeDisconnect("0x00030001").freerdpClass()).isNull();
        assertThat(table.decodeDisconnect("0x0001112C").name())
                .as("class 1 falls back to the extended reasons")
                .isEqualTo("exDiscReasonProtocolRange");
        assertThat(table.decodeDisconnect("0x0001112C").errorInfo()).isEqualTo(0x112C);
    }

    @Test
    void a_freerdp_code_no_table_has_still_says_its_class_and_without_0x_it_is_not_freerdps() {
        ErrorCodeTable table = KbLoader.load(Path.of("kb")).errorCodes();

        DecodedCode unknownInfo = table.decodeDisconnect("0x00010013");

        assertThat(unknownInfo.isKnown()).isFalse();
        assertThat(unknownInfo.errorInfo()).isEqualTo(0x13);
        assertThat(unknownInfo.meaning())
                .isEqualTo(
                        "not in the code tables (FreeRDP's last error of class 1, ERRINFO: the"
                                + " server's error-info code 0x13)");
        assertThat(table.decodeDisconnect("0x0002FFFF").meaning()).contains("class 2, ERRCONNECT");
        assertThatThrownBy(() -> table.decodeExtended("0x00020008"))
                .as("FreeRDP reports its own connection error in place of the error code")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is FreeRDP's own connection error (class 2)");
        assertThat(table.decodeExtended("10007").hex())
                .as("the event log's decimal, as before FreeRDP's codes")
                .isEqualTo("0x2717");
        assertThat(table.decodeDisconnect("20008").freerdpClass()).isNull();
    }

    @Test
    void a_freerdp_row_holds_a_code_within_its_class(@TempDir Path root) throws IOException {
        Path codes =
                BrokenFixture.edit(
                        BrokenFixture.copySmall(root).resolve("kb/error-codes.yaml"),
                        text ->
                                text.replace(
                                        "- id: \"0x8\"\n    decimal: 8\n",
                                        "- id: \"0x20008\"\n    decimal: 131080\n"));

        assertThat(loadProblems(root))
                .extracting(KbLoaderTest::located)
                .containsExactly(
                        "error-codes.yaml:"
                                + (Files.readAllLines(codes).indexOf("freerdp_connect_errors:") + 2)
                                + ": id: '0x20008' is not a code within a FreeRDP class (0x0 to"
                                + " 0xFFFF): write the lower 16 bits of the last error, 0x8 for"
                                + " [0x00020008]");
    }

    @Test
    void a_misspelt_table_of_the_codes_is_named_with_the_keys_allowed(@TempDir Path root)
            throws IOException {
        Path codes =
                BrokenFixture.edit(
                        BrokenFixture.copySmall(root).resolve("kb/error-codes.yaml"),
                        text -> text.replace("freerdp_connect_errors:", "freerdp_conect_errors:"));
        int line = Files.readAllLines(codes).indexOf("freerdp_conect_errors:") + 1;

        assertThat(loadProblems(root))
                .extracting(KbLoaderTest::located)
                .containsExactly(
                        "error-codes.yaml:"
                                + line
                                + ": : unknown key 'freerdp_conect_errors' (did you mean"
                                + " 'freerdp_connect_errors'?) (allowed: [disconnect_reasons,"
                                + " extended_reasons, server_error_info, freerdp_connect_errors,"
                                + " freerdp_form])",
                        "error-codes.yaml:1: : 'freerdp_connect_errors' is empty: it must be a"
                                + " list of entries (- id: …)");
    }

    @Test
    void a_file_of_codes_that_is_a_list_or_empty_is_one_problem_naming_the_tables(
            @TempDir Path root) throws IOException {
        Path codes = BrokenFixture.copySmall(root).resolve("kb/error-codes.yaml");
        String keys =
                " must be a mapping with the keys [disconnect_reasons, extended_reasons,"
                        + " server_error_info, freerdp_connect_errors, freerdp_form]";

        Files.writeString(codes, "- id: '0x904'\n  name: x\n");
        List<Problem> list = loadProblems(root);
        Files.writeString(codes, "# nothing yet\n");
        List<Problem> empty = loadProblems(root);

        assertThat(list)
                .extracting(KbLoaderTest::located)
                .containsExactly("error-codes.yaml:1: : the file" + keys + ", not a list");
        assertThat(empty)
                .extracting(KbLoaderTest::located)
                .containsExactly("error-codes.yaml:0: : the file is empty: it" + keys);
    }

    @Test
    void what_freerdps_form_tells_is_checked_against_the_evidence_and_the_sources(
            @TempDir Path root) throws IOException {
        Path codes =
                BrokenFixture.edit(
                        BrokenFixture.copySmall(root).resolve("kb/error-codes.yaml"),
                        text ->
                                text
                                        + "\nfreerdp_form:\n  evidence:\n    kind: tcp-conect\n"
                                        + "    value: open\n  sources: [doc-b]\n");
        int at = Files.readAllLines(codes).indexOf("freerdp_form:") + 1;

        assertThat(loadProblems(root))
                .extracting(KbLoaderTest::located)
                .containsExactly(
                        "error-codes.yaml:"
                                + (at + 2)
                                + ": evidence/kind: unknown evidence kind 'tcp-conect' (did you"
                                + " mean 'tcp-connect'?)",
                        "error-codes.yaml:"
                                + (at + 4)
                                + ": sources/0: unknown source 'doc-b' (see sources.yaml) (did you mean"
                                + " 'doc-a'?)");
    }

    @Test
    void codes_use_all_32_bits_and_a_longer_one_is_called_too_large() {
        ErrorCodeTable table = KbLoader.load(Path.of("src/test/resources/small/kb")).errorCodes();

        assertThat(table.decodeDisconnect("0xFFFFFFFF").decimal()).isEqualTo(4_294_967_295L);
        assertThat(table.decodeDisconnect("0x80000000").decimal()).isEqualTo(2_147_483_648L);
        assertThat(table.decodeDisconnect("4294967295").hex()).isEqualTo("0xFFFFFFFF");
        assertThat(table.decodeDisconnect("4294967295").reading()).isEqualTo("decimal");
        assertThatThrownBy(() -> table.decodeDisconnect("0x100000000"))
                .hasMessage(
                        "error code '0x100000000' is too large: codes are 32-bit, at most"
                                + " 0xFFFFFFFF (4294967295)");
        assertThatThrownBy(() -> table.decodeDisconnect("99999999999"))
                .hasMessageContaining("is too large");
        assertThatThrownBy(() -> table.decodeDisconnect("-1"))
                .hasMessageStartingWith("error code '-1' is not a number");
        assertThatThrownBy(() -> table.decodeExtended("0xZZ"))
                .hasMessageStartingWith("extended error code '0xZZ' is not a number");
    }

    @Test
    void a_sign_or_digits_of_another_script_are_not_a_code() {
        ErrorCodeTable table = KbLoader.load(Path.of("src/test/resources/small/kb")).errorCodes();

        for (String typed : List.of("+904", "0x+904", "0x-7", "\uFF19\uFF10\uFF14", "0x")) {
            assertThatThrownBy(() -> table.decodeDisconnect(typed))
                    .as(typed)
                    .hasMessageStartingWith("error code '" + typed + "' is not a number");
        }
        assertThat(table.decodeDisconnect("0X904").value()).isEqualTo(0x904);
    }

    @Test
    void a_file_saved_as_windows_1252_is_an_error_at_the_first_byte_that_is_not_utf8()
            throws IOException {
        Path causes = BrokenFixture.copySmall(dir).resolve("kb/causes.yaml");
        Files.write(
                causes,
                Files.readString(causes)
                        .replace("The port is blocked", "The port is blocked by the café's router")
                        .getBytes(StandardCharsets.ISO_8859_1));

        assertThat(loadProblems(dir))
                .containsExactly(
                        new Problem(
                                Problem.shown(causes),
                                2,
                                40,
                                "",
                                "byte 0xE9 is not UTF-8; save the file as UTF-8"));
    }

    @Test
    void a_scenario_file_that_cannot_be_read_is_a_problem_naming_it_not_a_stack_trace()
            throws IOException {
        Path scenarios = BrokenFixture.copySmall(dir).resolve("kb/scenarios/security");
        Path moved = scenarios.resolve("moved.yaml");
        Files.createSymbolicLink(moved, dir.resolve("elsewhere.yaml"));

        assertThat(loadProblems(dir))
                .containsExactly(
                        new Problem(
                                Problem.shown(moved),
                                0,
                                0,
                                "",
                                "cannot be read: it is a link to a file that does not exist"));
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void a_named_pipe_in_place_of_a_knowledge_or_scenario_file_is_a_problem_not_a_wait_for_ever() {
        Path kb = BrokenFixture.copySmall(dir).resolve("kb");
        Path fixes = BrokenFixture.namedPipe(kb.resolve("fixes.yaml"));
        Path scenario = BrokenFixture.namedPipe(kb.resolve("scenarios/security/pipe.yaml"));
        String notRegular =
                "cannot be read: it is not a regular file (a named pipe, socket or device); save"
                        + " the text in a file";

        assertThat(loadProblems(dir))
                .contains(
                        new Problem(Problem.shown(fixes), 0, 0, "", notRegular),
                        new Problem(Problem.shown(scenario), 0, 0, "", notRegular));
    }

    @Test
    void a_file_over_the_size_limit_is_a_problem_and_is_not_read() throws IOException {
        Path kb = BrokenFixture.copySmall(dir).resolve("kb");
        Path log = kb.resolve("scenarios/security/server-log.yaml");
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "rw")) {
            file.setLength(Utf8.MAX_BYTES + 1);
        }

        assertThat(loadProblems(dir))
                .containsExactly(
                        new Problem(
                                Problem.shown(log),
                                0,
                                0,
                                "",
                                "is 16,777,217 bytes, more than the 16,777,216 (16 MiB) a file"
                                        + " here may have; is it the right file?"));
    }

    @Test
    void scenarios_saved_as_yml_or_in_a_linked_folder_are_read_and_a_double_is_named()
            throws IOException {
        Path scenarios = BrokenFixture.copySmall(dir).resolve("kb/scenarios");
        Path credssp = scenarios.resolve("security/credssp.yaml");
        Files.copy(credssp, scenarios.resolve("security/credssp-again.yml"));
        Path shared = Files.createDirectories(dir.resolve("shared-scenarios"));
        Files.copy(credssp, shared.resolve("from-elsewhere.yaml"));
        Files.createSymbolicLink(scenarios.resolve("shared"), shared);

        assertThat(KbLoader.load(dir.resolve("kb")).scenarios())
                .extracting(Scenario::id)
                .containsExactlyInAnyOrder(
                        "security/credssp", "security/credssp-again", "shared/from-elsewhere");

        Files.copy(credssp, scenarios.resolve("security/credssp.yml"));
        assertOnlyProblem(
                Problem.shown(scenarios.resolve("security/credssp.yml"))
                        + ": scenario 'security/credssp' is also in "
                        + Problem.shown(credssp)
                        + "; keep one of the two files");

        Files.delete(scenarios.resolve("security/credssp.yml"));
        Path loop = Files.createSymbolicLink(scenarios.resolve("security/up"), scenarios);
        assertOnlyProblem(
                Problem.shown(loop)
                        + ": cannot be listed: it is a link to a folder that holds the"
                        + " link (a loop); remove the link");

        Files.delete(loop);
        Path alias = Files.createSymbolicLink(scenarios.resolve("alias"), credssp.getParent());
        assertOnlyProblem(
                Problem.shown(alias)
                        + ": leads to scenarios that "
                        + Problem.shown(scenarios)
                        + " holds already ("
                        + Problem.shown(scenarios.resolve("security/credssp-again.yml"))
                        + "), so they would run twice under two ids; remove the link or"
                        + " make it point outside scenarios/");

        Files.delete(alias);
        Path again = Files.createSymbolicLink(scenarios.resolve("shared-again"), shared);
        assertOnlyProblem(
                Problem.shown(scenarios.resolve("shared"))
                        + ": leads to the scenarios that the link "
                        + Problem.shown(again)
                        + " leads to as well, so they would run twice under two ids; keep"
                        + " one of the two links");
    }

    private void assertOnlyProblem(String problem) {
        assertThat(loadProblems(dir)).extracting(Problem::toString).containsExactly(problem);
    }

    @Test
    void a_value_of_the_wrong_type_says_what_it_must_be_in_plain_words() throws IOException {
        Path causes = BrokenFixture.copySmall(dir).resolve("kb/causes.yaml");
        Files.writeString(
                causes,
                Files.readString(causes)
                        .replace("title: The port is blocked", "title: [The port, is blocked]")
                        .replace(
                                "category: security\n  prior: 0.1",
                                "category: security\n  prior: high")
                        .replace("prior: 0\n", "prior: 0x10\n"));
        Path evidence = dir.resolve("kb/evidence.yaml");
        Files.writeString(
                evidence, Files.readString(evidence).replace("multiple: true", "multiple: yes"));

        assertThat(loadProblems(dir))
                .extracting(Problem::toString)
                .containsExactlyInAnyOrder(
                        Problem.shown(causes)
                                + ":2: title: wrong type: it must be a string, not a list",
                        Problem.shown(causes)
                                + ":12: prior: wrong type: it must be a number, not 'high'",
                        Problem.shown(causes)
                                + ":19: prior: wrong type: it must be a number, not '0x10'",
                        Problem.shown(evidence)
                                + ":13: multiple: wrong type: it must be true or false, not 'yes'");
    }

    @Test
    void a_prior_that_is_not_a_number_a_code_that_is_none_and_a_code_given_twice_are_named()
            throws IOException {
        Path kb = BrokenFixture.copySmall(dir).resolve("kb");
        Path causes = kb.resolve("causes.yaml");
        Files.writeString(
                causes,
                Files.readString(causes)
                        .replace(
                                "category: security\n  prior: 0.1",
                                "category: security\n  prior: NaN"));
        Path scenario = kb.resolve("scenarios/security/credssp.yaml");
        Files.writeString(
                scenario,
                Files.readString(scenario)
                        .replace("\"0x904\"", "\"0x9O4\"")
                        .replace("\"0x7\"", "\"7x\""));
        Path codes = kb.resolve("error-codes.yaml");
        Files.writeString(
                codes,
                Files.readString(codes)
                        .replace(
                                "extended_reasons:",
                                "  - id: \"0X0904\"\n"
                                        + "    decimal: 2308\n"
                                        + "    name: again\n"
                                        + "    meaning: Socket closed\n"
                                        + "    sources: [doc-a]\n"
                                        + "extended_reasons:"));

        assertThat(loadProblems(dir))
                .extracting(Problem::toString)
                .containsExactlyInAnyOrder(
                        Problem.shown(causes) + ":12: prior: must be between -1 and 1, was NaN",
                        Problem.shown(scenario)
                                + ":4: start/error_code: error code '0x9O4' is not a number: write"
                                + " it as the dialog shows it (0x904 or 904) or as the event log"
                                + " does (2308), or none when the dialog showed no code",
                        Problem.shown(scenario)
                                + ":5: start/extended_code: extended error code '7x' is not a"
                                + " number: write it as the dialog shows it (0x904 or 904) or as"
                                + " the event log does (2308)",
                        Problem.shown(codes)
                                + ":17: id: code 2308 is listed twice: '0X0904' here and '0x904'"
                                + " at line 2");
    }

    @Test
    void a_yaml_alias_is_named_at_its_line_instead_of_read_as_its_anchors_name()
            throws IOException {
        Path causes = BrokenFixture.copySmall(dir).resolve("kb/causes.yaml");
        Files.writeString(
                causes,
                Files.readString(causes)
                        .replace(
                                "title: The port is blocked", "title: &blocked The port is blocked")
                        .replace("title: CredSSP patch levels differ", "title: *blocked"));

        assertThat(loadProblems(dir))
                .extracting(Problem::toString)
                .containsExactly(
                        Problem.shown(causes)
                                + ":9:10: '*blocked' is a YAML alias, which is not read here (it"
                                + " would stand for the word itself): write the value out in"
                                + " full");
    }

    @Test
    void a_scenario_file_named_almost_as_read_is_named_not_skipped() throws IOException {
        Path scenarios = BrokenFixture.copySmall(dir).resolve("kb/scenarios/security");
        String text = Files.readString(scenarios.resolve("credssp.yaml"));
        for (String name : List.of("upper.YML", "notepad.yaml.txt", "old.yaml.bak")) {
            Files.writeString(scenarios.resolve(name), text);
        }

        assertThat(loadProblems(dir))
                .extracting(Problem::toString)
                .containsExactly(
                        Problem.shown(scenarios.resolve("notepad.yaml.txt"))
                                + ": is not read: only names ending exactly in .yaml or .yml"
                                + " (lower case) are; rename it",
                        Problem.shown(scenarios.resolve("upper.YML"))
                                + ": is not read: only names ending exactly in .yaml or .yml"
                                + " (lower case) are; rename it");
    }

    @Test
    void unquoted_yes_and_hex_codes_stay_as_written_where_text_is_expected() throws IOException {
        Path kb = BrokenFixture.copySmall(dir).resolve("kb");
        Path questions = kb.resolve("questions.yaml");
        Files.writeString(
                questions, Files.readString(questions).replace("- id: succeeds", "- id: yes"));
        Path scenario = kb.resolve("scenarios/security/credssp.yaml");
        Files.writeString(
                scenario,
                Files.readString(scenario)
                        .replace("\"0x904\"", "0x904")
                        .replace("\"0x7\"", "0x11")
                        .replace("tcp-test: succeeds", "tcp-test: yes"));

        KnowledgeBase loaded = KbLoader.load(kb);

        assertThat(loaded.question("tcp-test").orElseThrow().options())
                .extracting(Option::id)
                .startsWith("yes", "fails");
        Scenario credssp = loaded.scenarios().get(0);
        assertThat(credssp.start().errorCode()).isEqualTo("0x904");
        assertThat(credssp.start().extendedCode()).isEqualTo("0x11");
        assertThat(credssp.answers()).containsEntry("tcp-test", "yes");
    }

    @Test
    void a_second_yaml_document_is_an_error_at_its_line_not_lost_or_a_crash() throws IOException {
        Path causes = BrokenFixture.copySmall(dir).resolve("kb/causes.yaml");
        String text = Files.readString(causes);
        Files.writeString(causes, text + "---\n- id: lost-cause\n  sources: [doc-a, 1, 2]\n");
        Path questions = dir.resolve("kb/questions.yaml");
        Files.writeString(questions, Files.readString(questions) + "---\n# an empty document\n");

        assertThat(loadProblems(dir))
                .extracting(Problem::toString)
                .containsExactly(
                        Problem.shown(causes)
                                + ":"
                                + (text.lines().count() + 2)
                                + ": a second YAML document starts here, after a '---' line: a"
                                + " knowledge file is read as one document, so nothing from here"
                                + " on would be read; move these entries into the first and remove"
                                + " the '---'");
    }

    @Test
    void a_yaml_file_the_loader_does_not_read_is_named_backups_are_not() throws IOException {
        Path kb = BrokenFixture.copySmall(dir).resolve("kb");
        for (String name :
                List.of("more-causes.yaml", "Questions.YML", "fixes.yaml.txt", "causes.yaml.bak")) {
            Files.writeString(kb.resolve(name), "- id: x\n");
        }

        assertThat(loadProblems(dir))
                .extracting(Problem::file, Problem::message)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                Problem.shown(kb.resolve("Questions.YML")), unread()),
                        org.assertj.core.groups.Tuple.tuple(
                                Problem.shown(kb.resolve("fixes.yaml.txt")), unread()),
                        org.assertj.core.groups.Tuple.tuple(
                                Problem.shown(kb.resolve("more-causes.yaml")), unread()));
    }

    private static String unread() {
        return "is not read: the knowledge is read from causes.yaml, environments.yaml,"
                + " error-codes.yaml, evidence.yaml, fixes.yaml, questions.yaml, sources.yaml,"
                + " ticket-patterns.yaml and the scenarios/ folder; move its entries into the file"
                + " of their kind";
    }

    private List<Problem> problems(String mistake) {
        return loadProblems(BrokenFixture.create(dir, mistake));
    }

    /** A problem as the editor reads it: file (within kb/), line, field and message. */
    private static String located(Problem p) {
        return p.file().replaceAll(".*/kb/", "")
                + ":"
                + p.line()
                + ": "
                + p.field()
                + ": "
                + p.message();
    }

    private static List<Problem> loadProblems(Path root) {
        InvalidKnowledgeException e =
                catchThrowableOfType(
                        InvalidKnowledgeException.class, () -> KbLoader.load(root.resolve("kb")));
        assertThat(e).as("loading %s must fail", root).isNotNull();
        return e.problems();
    }
}
