package org.rdpdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rdpdoctor.RdpDoctor;
import org.rdpdoctor.SessionView;
import org.rdpdoctor.StartRequest;
import org.rdpdoctor.engine.Event;
import org.rdpdoctor.engine.Json;
import org.rdpdoctor.kb.BrokenFixture;
import org.rdpdoctor.kb.Utf8;

/** The commands on the small knowledge base, run as a user runs them. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class CliTest {
    private static final String KB = "--kb=src/test/resources/small/kb";
    private static final String RULES = "--rules=src/test/resources/small/rules";

    @TempDir Path dir;

    @Test
    void decode_prints_names_meanings_and_sources() {
        CliRun run = CliRun.run("", "decode", KB, "0x904", "0x7");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .contains("disconnectReasonAtClientWinsockFDCLOSE: Socket closed")
                .contains("exDiscReasonServerDeniedConnection: The server denied the connection")
                .contains("source doc-a: A test document");
    }

    @Test
    void decode_json_gives_the_fields_the_apis_decode_answers_and_a_bad_code_its_usual_error()
            throws IOException {
        CliRun run = CliRun.run("", "decode", KB, "--json", "0x904", "0x7");
        CliRun bad = CliRun.run("", "decode", KB, "--json", "0xZZ");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode decoded = Json.mapper().readTree(run.out());
        assertThat(decoded.at("/error/hex").asText()).isEqualTo("0x904");
        assertThat(decoded.at("/error/name").asText())
                .isEqualTo("disconnectReasonAtClientWinsockFDCLOSE");
        assertThat(decoded.at("/error/known").asBoolean()).isTrue();
        assertThat(decoded.at("/extended/decimal").asInt()).isEqualTo(7);
        assertThat(decoded.at("/extended/sources").isArray()).isTrue();
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).startsWith("error: ").contains("0xZZ");
        assertThat(bad.out()).isEmpty();
    }

    @Test
    void decode_says_when_a_session_would_refuse_the_pair_of_codes() throws IOException {
        CliRun text = CliRun.run("", "decode", "--kb=kb", "0x00010009", "0x7");
        CliRun json = CliRun.run("", "decode", "--kb=kb", "--json", "0x00010009", "0x7");
        CliRun agreeing = CliRun.run("", "decode", "--kb=kb", "--json", "0x00010009", "0x9");

        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out())
                .contains("Error code 0x00010009 = 0x00010009 (65545, read as hex)")
                .contains(
                        "Conflict: 0x7 disagrees with the error code 0x00010009, which is FreeRDP's"
                                + " report of the server's reason 0x9: a session refuses the pair");
        assertThat(Json.mapper().readTree(json.out()).get("conflict").asText())
                .contains("give the extended code of the same failure, or none");
        assertThat(Json.mapper().readTree(agreeing.out()).has("conflict")).isFalse();
        assertThat(CliRun.run("", "decode", "--kb=kb", "0x00020008", "0x7").out())
                .contains(
                        "Conflict: 0x7 cannot come with the error code 0x00020008, FreeRDP's report"
                                + " of its own connection error: FreeRDP reports one last error and"
                                + " no extended code: a session refuses the pair; give none");
        assertThat(CliRun.run("", "decode", "--kb=kb", "0x00010000", "0x7").out())
                .as("class 1 carries the server's reason even when it is 0x0")
                .contains(
                        "Conflict: 0x7 disagrees with the error code 0x00010000, which is FreeRDP's"
                                + " report of the server's reason 0x0: a session refuses the pair;"
                                + " give the extended code of the same failure, or none");
    }

    @Test
    void read_ticket_names_the_codes_the_evidence_and_the_other_error_codes() {
        String ticket =
                "User says: Error code: 0x904, Extended error code: 0x7.\n"
                        + "Later today the same laptop showed Error code: 0x204.\n"
                        + "Server log: Event ID 36870 (Schannel)";

        CliRun run = CliRun.run(ticket, "read-ticket", "--kb=kb");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("Error code: 0x904")
                .contains("Extended error code: 0x7")
                .contains("event-id = 36870, from \"Event ID 36870\"")
                .contains(
                        "Also named: 0x204. A session diagnoses one error: start another for each.");
    }

    @Test
    void read_ticket_json_gives_codes_evidence_and_other_codes_and_names_a_bad_file()
            throws IOException {
        Path ticket = dir.resolve("ticket.txt");
        Files.writeString(ticket, "CredSSP encryption oracle remediation; error code 0x904");
        Path latin1 = dir.resolve("latin1.txt");
        Files.write(latin1, new byte[] {'c', 'a', 'f', (byte) 0xE9});

        CliRun run = CliRun.run("", "read-ticket", "--kb=kb", "--json", ticket.toString());
        CliRun bad = CliRun.run("", "read-ticket", "--kb=kb", latin1.toString());
        CliRun missing = CliRun.run("", "read-ticket", "--kb=kb", dir.resolve("none").toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode reading = Json.mapper().readTree(run.out());
        assertThat(reading.get("errorCode").asText()).isEqualTo("0x904");
        assertThat(reading.get("extendedCode").isNull()).isTrue();
        assertThat(reading.at("/evidence/0/type").asText()).isEqualTo("evidence");
        assertThat(reading.at("/evidence/0/source").asText()).isEqualTo("ticket");
        assertThat(reading.get("otherErrorCodes")).isEmpty();
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err())
                .isEqualTo(
                        "error: "
                                + latin1
                                + ":1:4: byte 0xE9 is not UTF-8; save the file as UTF-8\n");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("error: " + dir.resolve("none") + ": no such file\n");
    }

    @Test
    void read_ticket_refuses_empty_text_and_the_nul_character_as_the_api_does() {
        CliRun empty = CliRun.run(" \n", "read-ticket", "--kb=kb");
        CliRun nul = CliRun.run("error code 0x904\u0000", "read-ticket", "--kb=kb", "--json");

        assertThat(empty.exitCode()).isEqualTo(1);
        assertThat(empty.err())
                .isEqualTo("error: standard input is empty: give the ticket's text\n");
        assertThat(nul.exitCode()).isEqualTo(1);
        assertThat(nul.err())
                .isEqualTo("error: standard input: must not contain the NUL character (U+0000)\n");
        assertThat(nul.out()).isEmpty();
    }

    @Test
    void every_command_prints_its_own_usage_for_help_and_does_nothing_else() {
        for (String command :
                List.of(
                        "decode",
                        "read-ticket",
                        "ask",
                        "diagnose",
                        "probe",
                        "serve",
                        "lint",
                        "tree",
                        "test-scenarios")) {
            CliRun run = CliRun.run("", command, "--help");

            assertThat(run.exitCode()).as(command).isZero();
            assertThat(run.out()).as(command).startsWith("Usage: rdp-doctor " + command + " [-h");
            assertThat(run.err()).as(command).isEmpty();
        }
    }

    @Test
    void serve_refuses_a_templates_folder_without_the_pages_before_it_starts() throws Exception {
        Path templates = Files.createDirectory(dir.resolve("templates"));
        Files.writeString(templates.resolve("start.html"), "<p>start</p>");

        CliRun run =
                serve("--port=0", "--db=jdbc:h2:mem:cli-templates", "--templates=" + templates);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .startsWith("error: --templates " + templates + " lacks session.html, ")
                .contains("error.html", "static/app.css");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void decode_reads_only_the_knowledge_folder_and_refuses_a_rules_folder() {
        CliRun run = CliRun.run("", "decode", KB, RULES, "0x904");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("Unknown option: '" + RULES + "'");
    }

    @Test
    void decode_does_not_call_a_code_only_the_servers_table_names_unknown() {
        CliRun run = CliRun.run("", "decode", "--kb", "kb", "0x904", "0x10");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .doesNotContain("unknown: not in the code tables")
                .contains(
                        "  ERRINFO_SERVER_DWM_CRASH: The Desktop Window Manager in the remote session"
                                + " crashed. (the server's error-info code; not among the client's"
                                + " extended reasons)");
    }

    @Test
    void decode_names_the_servers_code_of_the_same_number_without_saying_the_server_sent_it() {
        CliRun run = CliRun.run("", "decode", "--kb", "kb", "0x904", "0x7");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .contains(
                        "  The same number as the server's error-info code"
                                + " ERRINFO_SERVER_DENIED_CONNECTION: ")
                .doesNotContain("Sent by the server");
    }

    @Test
    void an_unknown_option_is_named_even_when_an_argument_is_missing_too() {
        CliRun run = CliRun.run("", "probe", "--bogus");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .startsWith("Unknown option: '--bogus'")
                .contains("Usage: rdp-doctor probe");
    }

    @Test
    void decode_of_a_malformed_code_says_what_is_wrong() {
        CliRun run = CliRun.run("", "decode", KB, "0xQQ");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("error code '0xQQ' is not a number");
    }

    @Test
    void a_dialog_that_showed_no_code_is_asked_about_from_its_message_alone() throws IOException {
        Path ticket = Files.createTempFile("credssp", ".txt");
        Files.writeString(
                ticket,
                "An authentication error has occurred.\nThe function requested is not supported\n");

        CliRun ask =
                CliRun.run(
                        "quit\n",
                        "ask",
                        "--kb=kb",
                        "--rules=rules",
                        "--code",
                        "None",
                        "--ticket",
                        ticket.toString());
        CliRun extended =
                CliRun.run(
                        "",
                        "ask",
                        "--kb=kb",
                        "--rules=rules",
                        "--code",
                        "none",
                        "--extended",
                        "0x7");
        CliRun decode = CliRun.run("", "decode", "--kb=kb", "none");
        CliRun tree =
                CliRun.run(
                        "", "tree", "--kb=kb", "--rules=rules", "--code", "none", "--depth", "1");

        assertThat(ask.exitCode()).as(ask.err()).isZero();
        assertThat(ask.out())
                .startsWith("No error code: The dialog showed no error code")
                .contains("1. CredSSP encryption oracle remediation mismatch");
        assertThat(extended.exitCode()).isEqualTo(2);
        assertThat(extended.err())
                .startsWith("error: --extended: 0x7 cannot come without an error code");
        assertThat(decode.out()).startsWith("Error code none: The dialog showed no error code");
        assertThat(tree.out()).startsWith("decision tree from none" + System.lineSeparator());
    }

    @Test
    void tree_names_the_option_of_a_code_that_does_not_decode_as_wrong_usage() {
        CliRun code = CliRun.run("", "tree", KB, RULES, "--code", "zzz");
        CliRun extended = CliRun.run("", "tree", KB, RULES, "--extended", "zzz");

        assertThat(code.exitCode()).isEqualTo(2);
        assertThat(code.err()).startsWith("error: --code: error code 'zzz' is not a number");
        assertThat(extended.exitCode()).isEqualTo(2);
        assertThat(extended.err())
                .startsWith("error: --extended: extended error code 'zzz' is not a number");
    }

    @Test
    void tree_names_its_start_in_hex_whichever_way_the_codes_were_typed() {
        CliRun run =
                CliRun.run(
                        "", "tree", KB, RULES, "--code", "2308", "--extended", "7", "--depth", "1");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("decision tree from 0x904 / 0x7" + System.lineSeparator());
    }

    @Test
    void no_command_prints_the_usage_as_an_error() {
        CliRun run = CliRun.run("");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("Usage: rdp-doctor ");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void an_error_shortens_a_long_value_and_escapes_control_characters() {
        String pasted = "9".repeat(100_000) + "z";

        CliRun tooLong = CliRun.run("", "decode", KB, pasted);
        CliRun colored = CliRun.run("", "decode", KB, "\u001b[31mred");

        assertThat(tooLong.exitCode()).isEqualTo(2);
        assertThat(tooLong.err())
                .startsWith("error: error code '" + "9".repeat(60) + "…(100001 characters)'")
                .hasSizeLessThan(400);
        assertThat(colored.exitCode()).isEqualTo(2);
        assertThat(colored.err())
                .startsWith("error: error code '\\u001B[31mred' is not a number")
                .doesNotContain("\u001b");
    }

    @Test
    void decode_with_a_malformed_extended_code_prints_nothing_but_the_error() {
        CliRun run = CliRun.run("", "decode", KB, "0x904", "0xQQ");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("extended error code '0xQQ' is not a number");
    }

    @Test
    void diagnose_replays_events_and_prints_the_state_as_json() throws Exception {
        Path events = dir.resolve("events.json");
        Files.writeString(
                events,
                """
                {"events": [
                  {"type": "started", "errorCode": "0x904", "extendedCode": "0x7", "ticketRef": "T-1"},
                  {"type": "answered", "questionId": "timing", "optionId": "after-credentials"},
                  {"type": "evidence", "kind": "tcp-connect", "value": "open", "source": "probe"},
                  {"type": "answered", "questionId": "client-platform", "optionId": "modern"}
                ]}
                """);

        CliRun run = CliRun.run("", "diagnose", KB, RULES, "--input", events.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode state = Json.mapper().readTree(run.out());
        assertThat(state.get("status").asText()).isEqualTo("diagnosed");
        assertThat(state.get("ranking").get(0).get("causeId").asText())
                .isEqualTo("credssp-mismatch");
        assertThat(state.get("ranking").get(0).get("explanation").get(0).get("rule").asText())
                .isEqualTo("Error after credentials points at CredSSP");
        assertThat(state.get("fixes").get(0).get("fixId").asText()).isEqualTo("patch-both");
        assertThat(state.get("decoded").get("error").get("name").asText())
                .isEqualTo("disconnectReasonAtClientWinsockFDCLOSE");
        assertThat(state.get("questionsAsked").asInt()).isEqualTo(2);
        assertThat(state.has("nextQuestion")).isTrue();
    }

    @Test
    void diagnose_replays_an_evidence_detail_a_session_stored_before_details_were_one_line()
            throws IOException {
        Path events = dir.resolve("stored.json");
        Files.writeString(
                events,
                """
                {"events": [
                  {"type": "started", "errorCode": "0x904", "extendedCode": "0x7"},
                  {"type": "evidence", "kind": "tcp-connect", "value": "open", "source": "ticket",
                   "detail": "An internal\\terror has occurred"}
                ]}
                """);

        CliRun run = CliRun.run("", "diagnose", KB, RULES, "--input", events.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(Json.mapper().readTree(run.out()).at("/evidence/0/detail").asText())
                .isEqualTo("An internal\terror has occurred");
    }

    @Test
    void diagnose_keeps_the_tickets_event_beside_the_users_answer_about_the_hosts_events()
            throws IOException {
        Path events = dir.resolve("ticket-and-answer.json");
        Files.writeString(
                events,
                """
                {"events": [
                  {"type": "started", "errorCode": "0x904", "extendedCode": "0x7"},
                  {"type": "evidence", "kind": "event-id", "value": "36870", "source": "ticket",
                   "detail": "Event ID 36870"},
                  {"type": "answered", "questionId": "server-events", "optionId": "tls-events"}
                ]}
                """);

        CliRun run =
                CliRun.run(
                        "", "diagnose", "--kb=kb", "--rules=rules", "--input", events.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode state = Json.mapper().readTree(run.out());
        List<String> answers = new ArrayList<>();
        state.get("answers")
                .forEach(
                        a ->
                                answers.add(
                                        a.get("optionId").asText()
                                                + " from "
                                                + a.get("source").asText()
                                                + (a.get("fromEvidence").asBoolean()
                                                        ? " (evidence)"
                                                        : "")));
        assertThat(answers)
                .containsExactly(
                        "tls-events from user", "private-key-event from ticket (evidence)");
        List<String> reasons = new ArrayList<>();
        state.get("ranking")
                .forEach(
                        c ->
                                c.get("explanation")
                                        .forEach(
                                                r ->
                                                        reasons.add(
                                                                c.get("causeId").asText()
                                                                        + ": "
                                                                        + r.get("rule").asText())));
        assertThat(reasons)
                .contains(
                        "machinekeys-permissions: Schannel cannot access the private key",
                        "tls-version-mismatch: Schannel TLS errors on the host");
    }

    @Test
    void diagnose_lets_none_of_these_events_overrule_the_event_a_ticket_names() {
        String input =
                """
                {"events": [
                  {"type": "started", "errorCode": "0x904", "extendedCode": "0x7"},
                  {"type": "evidence", "kind": "event-id", "value": "1058", "source": "ticket"},
                  {"type": "answered", "questionId": "server-events", "optionId": "none-of-these"}
                ]}
                """;

        CliRun run = CliRun.run(input, "diagnose", "--kb=kb", "--rules=rules");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("\"optionId\" : \"none-of-these\"")
                .doesNotContain("\"optionId\" : \"cert-renewal-events\"")
                .doesNotContain("Self-signed certificate events on the host");
    }

    @Test
    void
            diagnose_says_an_answer_about_the_hosts_events_adds_to_the_tickets_when_none_is_withdrawn() {
        String input =
                """
                {"events": [
                  {"type": "started", "errorCode": "0x904", "extendedCode": "0x7"},
                  {"type": "evidence", "kind": "event-id", "value": "36870", "source": "ticket"},
                  {"type": "withdrawn", "questionId": "server-events"}
                ]}
                """;

        CliRun run = CliRun.run(input, "diagnose", "--kb=kb", "--rules=rules");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err())
                .contains(
                        "events[2].questionId: 'server-events' has no answer of the user's to"
                                + " withdraw; evidence answers it, and answering the question adds"
                                + " to that (an answer that names none of its values replaces"
                                + " it)");
    }

    @Test
    void diagnose_runs_the_readmes_example_as_written() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        Matcher example =
                Pattern.compile("```json\n(\\{\"events\".*?)\n```", Pattern.DOTALL).matcher(readme);
        assertThat(example.find()).as("the README's events example").isTrue();
        Path events = dir.resolve("readme-events.json");
        Files.writeString(events, example.group(1));

        CliRun run =
                CliRun.run(
                        "", "diagnose", "--kb=kb", "--rules=rules", "--input", events.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(Json.mapper().readTree(run.out()).get("fixOutcomes")).hasSize(1);
    }

    @Test
    void diagnose_reads_standard_input_and_names_the_bad_event() {
        String input =
                """
                {"events": [
                  {"type": "started", "errorCode": "0x904", "extendedCode": "0x7"},
                  {"type": "answered", "questionId": "timing", "optionId": "tomorrow"}
                ]}
                """;

        CliRun run = CliRun.run(input, "diagnose", KB, RULES);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err())
                .contains("events[1].optionId: 'tomorrow' is not an option of 'timing'")
                .contains("--stored leaves out those it no longer takes");
    }

    @Test
    void diagnose_stored_leaves_out_an_answer_the_knowledge_no_longer_takes_as_the_api_does()
            throws Exception {
        String input =
                """
                {"events": [
                  {"type": "started", "errorCode": "0x904", "extendedCode": "0x7"},
                  {"type": "answered", "questionId": "error-timing", "optionId": "drops-when-idle"},
                  {"type": "answered", "questionId": "network-path", "optionId": "vpn"}
                ]}
                """;

        CliRun run = CliRun.run(input, "diagnose", "--kb=kb", "--rules=rules", "--stored");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode state = Json.mapper().readTree(run.out());
        assertThat(state.get("leftOut")).hasSize(1);
        assertThat(state.get("leftOut").get(0).get("seq").asInt()).isEqualTo(2);
        assertThat(state.get("leftOut").get(0).get("reason").asText())
                .contains("'drops-when-idle' is not an option of 'error-timing'");
        assertThat(state.get("answers").toString()).contains("vpn").doesNotContain("drops");
    }

    @Test
    void diagnose_takes_a_session_as_the_api_returns_it_and_gives_the_state_the_api_gave()
            throws Exception {
        String session;
        JsonNode apiState;
        try (RdpDoctor doctor =
                RdpDoctor.open(
                        Path.of("kb"), Path.of("rules"), "jdbc:h2:file:" + dir.resolve("db"))) {
            String id =
                    doctor.start(new StartRequest("0x904", "0x7", null, "INC-5", null, null)).id();
            doctor.apply(id, new Event.Answered("error-message", "credssp-oracle"));
            SessionView view =
                    doctor.apply(id, new Event.FixTried("install-credssp-updates", false));
            session = Json.compact().writeValueAsString(view);
            apiState = Json.mapper().readTree(session).get("state");
        }

        CliRun run = CliRun.run(session, "diagnose", "--kb=kb", "--rules=rules");
        CliRun wrongType =
                CliRun.run(
                        session.replace("\"optionId\":\"credssp-oracle\"", "\"optionId\":5"),
                        "diagnose",
                        "--kb=kb",
                        "--rules=rules");
        CliRun noEvent =
                CliRun.run(
                        session.replaceFirst(
                                "\"event\":\\{\"type\":\"answered\"",
                                "\"e\":{\"type\":\"answered\""),
                        "diagnose",
                        "--kb=kb",
                        "--rules=rules");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(Json.mapper().readTree(run.out())).isEqualTo(apiState);
        assertThat(wrongType.err())
                .as("named by its place in the list, with no line a tree does not have")
                .startsWith("error: standard input: events[1].optionId: ")
                .doesNotContain("-1");
        assertThat(noEvent.err())
                .startsWith("error: events[1].event: missing: the list holds stored events");
    }

    @Test
    void diagnose_stored_still_refuses_a_first_event_that_is_no_start() {
        String input =
                """
                {"events": [{"type": "answered", "questionId": "error-timing", "optionId": "unknown"}]}
                """;

        CliRun run = CliRun.run(input, "diagnose", KB, RULES, "--stored");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("the first event must be 'started'");
    }

    @Test
    void diagnose_takes_as_many_events_as_a_session_and_refuses_more() {
        CliRun full = CliRun.run(events(RdpDoctor.MAX_EVENTS), "diagnose", KB, RULES);
        CliRun over = CliRun.run(events(RdpDoctor.MAX_EVENTS + 1), "diagnose", KB, RULES);

        assertThat(full.exitCode()).as(full.err()).isZero();
        assertThat(over.exitCode()).isEqualTo(1);
        assertThat(over.out()).isEmpty();
        assertThat(over.err())
                .isEqualTo(
                        "error: standard input: 1,001 events, more than the 1,000 a session"
                                + " takes\n");
    }

    @Test
    void diagnose_stops_reading_an_input_over_16_mib_and_says_so() {
        String many = events(240_000);
        String padded = "{\"events\": [" + " ".repeat((int) Utf8.MAX_BYTES) + "]}";

        CliRun events = CliRun.run(many, "diagnose", KB, RULES);
        CliRun spaces = CliRun.run(padded, "diagnose", KB, RULES);

        assertThat(many).hasSizeGreaterThan((int) Utf8.MAX_BYTES);
        assertThat(events.exitCode()).isEqualTo(1);
        assertThat(spaces.exitCode()).isEqualTo(1);
        assertThat(events.err()).isEqualTo(spaces.err());
        assertThat(spaces.err())
                .isEqualTo(
                        "error: standard input: more than 16,777,216 bytes (16 MiB), far more"
                                + " than the events of a session: is it the right file?\n");
    }

    /**
     * A session's events as JSON: started, then {@code count - 1} answers changing back and forth.
     */
    private static String events(int count) {
        StringBuilder json =
                new StringBuilder(
                        "{\"events\": [{\"type\": \"started\", \"errorCode\": \"0x904\"}");
        for (int i = 1; i < count; i++) {
            json.append(", {\"type\": \"answered\", \"questionId\": \"timing\", \"optionId\": \"")
                    .append(i % 2 == 0 ? "after-credentials" : "before-credentials")
                    .append("\"}");
        }
        return json.append("]}").toString();
    }

    @Test
    void diagnose_reports_malformed_json_with_its_position() {
        CliRun run = CliRun.run("{\"events\": [ {\"type\": \"started\", }", "diagnose", KB, RULES);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: standard input:1:");
    }

    @Test
    void diagnose_names_the_place_of_a_value_that_does_not_fit_in_plain_words() {
        Map<String, String> errors = new LinkedHashMap<>();
        errors.put("{\"events\": \"x\"}", "standard input:1:12: events: expected a list");
        errors.put(
                "{\"events\": [{\"type\": \"started\", \"errorCode\": \"0x904\", \"extra\": 1}]}",
                "events[0]: unknown field 'extra'; fields: errorCode, extendedCode, host, notes,"
                        + " ticketRef");
        errors.put(
                "{\"events\": [{\"type\": \"bogus\"}]}",
                "events[0]: unknown event type 'bogus'; types: answered, evidence,"
                        + " evidenceWithdrawn, fixOutcome, started, withdrawn");
        errors.put(
                "{\"events\": [{\"type\": \"started\", \"errorCode\": \"0x904\"}]} {}",
                "more content after the JSON object");
        errors.put(
                "{\"events\": [], \"events\": []}",
                "'events' is given more than once; give it once");
        errors.put(
                "{\"events\": [{\"type\": \"started\", \"errorCode\": \"0xZZ\"}]}",
                "error: events[0].errorCode: error code '0xZZ' is not a number");

        errors.forEach(
                (input, message) -> {
                    CliRun run = CliRun.run(input, "diagnose", KB, RULES);

                    assertThat(run.exitCode()).as(input).isEqualTo(1);
                    assertThat(run.err()).as(input).contains(message).doesNotContain("org.");
                });
    }

    @Test
    void diagnose_refuses_what_the_api_refuses_naming_the_field() {
        String started = "{\"type\": \"started\", \"errorCode\": \"0x904\"}";
        Map<String, String> errors = new LinkedHashMap<>();
        for (String worked : List.of("1", "0", "\"true\"")) {
            errors.put(
                    "{\"events\": ["
                            + started
                            + ", {\"type\": \"fixOutcome\", \"fixId\": \"open-port\", \"worked\": "
                            + worked
                            + "}]}",
                    "events[1].worked: expected true or false");
        }
        errors.put(
                "{\"events\": [{\"type\": \"started\", \"errorCode\": \"0x904\", \"host\":"
                        + " \"a\\u0000b\"}]}",
                "error: events[0].host: must not contain the NUL character (U+0000)");
        errors.put(
                "{\"events\": [" + started + ", null]}",
                "error: events[1]: expected an object, not null");
        errors.put(
                "{\"events\": [{\"type\": \"started\", \"errorCode\": \"0x904\", \"host\": \""
                        + "a".repeat(254)
                        + "\"}]}",
                "error: events[0].host: longer than 253 characters");
        errors.put(
                "{\"events\": [{\"type\": \"started\", \"errorCode\": \"0x904\","
                        + " \"ticketRef\": \"a\\nb\"}]}",
                "error: events[0].ticketRef: must be one line");
        errors.put(
                "{\"events\": ["
                        + started
                        + ", {\"type\": \"evidence\", \"kind\": \"dns\", \"value\": \"resolves\","
                        + " \"source\": \"probe\", \"detail\": \""
                        + "d".repeat(2_001)
                        + "\"}]}",
                "error: events[1].detail: longer than 2,000 characters");

        errors.forEach(
                (input, message) -> {
                    CliRun run = CliRun.run(input, "diagnose", KB, RULES);

                    assertThat(run.exitCode()).as(input).isEqualTo(1);
                    assertThat(run.err()).as(input).contains(message);
                    assertThat(run.out()).as(input).isEmpty();
                });
    }

    @Test
    void diagnose_says_what_is_wrong_in_plain_words_with_its_position() {
        String answered = "{\"type\": \"answered\", \"questionId\": \"tcp-test\"}";
        Map<String, String> errors = new LinkedHashMap<>();
        errors.put(
                "{\"events\": [{\"errorCode\": \"0x904\"}]}",
                "events[0].type: missing; types: answered,");
        errors.put(
                "{\"events\": [{\"type\": \"started\", \"errorCode\": \"0x904\"}, "
                        + answered
                        + "]}",
                "error: events[1].optionId: missing" + System.lineSeparator());
        for (String notAnObject : List.of("\"answered\"", "7", "true")) {
            errors.put(
                    "{\"events\": [" + answered + ", " + notAnObject + "]}",
                    "error: standard input:1:"
                            + (answered.length() + 15)
                            + ": events[1]: expected an object"
                            + System.lineSeparator());
        }
        errors.put(
                "{",
                "error: standard input:1:2: the input ends before the JSON does: an object or a"
                        + " list is not closed"
                        + System.lineSeparator());
        errors.put(
                "{\"events\": [" + "9".repeat(5000) + "]}",
                "a number with more than 1,000 digits" + System.lineSeparator());
        errors.put(
                "// events\n{\"events\": []}",
                "error: standard input:1:1: a comment: JSON has none, remove it"
                        + System.lineSeparator());

        errors.forEach(
                (input, message) -> {
                    CliRun run = CliRun.run(input, "diagnose", KB, RULES);

                    assertThat(run.exitCode()).as(input).isEqualTo(1);
                    assertThat(run.err())
                            .as(input)
                            .contains(message)
                            .doesNotContain("null")
                            .doesNotContain("Source")
                            .doesNotContain("StreamReadConstraints")
                            .doesNotContain("Feature");
                });
    }

    @Test
    void diagnose_says_an_empty_input_is_empty() {
        CliRun run = CliRun.run("", "diagnose", KB, RULES);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err())
                .isEqualTo(
                        "error: standard input is empty: give the events as JSON, {\"events\":"
                                + " [...]}"
                                + System.lineSeparator());
    }

    @Test
    void diagnose_names_the_input_that_has_no_list_of_events() throws IOException {
        Path file = dir.resolve("no-events.json");
        Files.writeString(file, "{\"events\": null}");

        CliRun empty = CliRun.run("{}", "diagnose", KB, RULES);
        CliRun none = CliRun.run("", "diagnose", KB, RULES, "--input", file.toString());

        assertThat(empty.exitCode()).isEqualTo(1);
        assertThat(empty.err())
                .isEqualTo(
                        "error: standard input: no \"events\" list: give the events as JSON,"
                                + " {\"events\": [...]}"
                                + System.lineSeparator());
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.err())
                .isEqualTo(
                        "error: "
                                + file
                                + ": no \"events\" list: give the events as JSON, {\"events\":"
                                + " [...]}"
                                + System.lineSeparator());
    }

    @Test
    void diagnose_says_an_empty_list_of_events_is_empty_not_that_an_event_in_it_is_wrong() {
        CliRun run = CliRun.run("{\"events\": []}", "diagnose", KB, RULES);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err())
                .isEqualTo(
                        "error: standard input: the events list is empty: a session starts with a"
                                + " 'started' event, e.g. {\"type\": \"started\", \"errorCode\":"
                                + " \"0x904\", \"extendedCode\": \"0x7\"}"
                                + System.lineSeparator());
    }

    @Test
    void diagnose_says_input_saved_in_another_encoding_than_utf8_is_not_utf8_at_its_byte() {
        byte[] windows1252 =
                ("{\"events\": [{\"type\": \"started\", \"errorCode\": \"0x904\","
                                + "\n \"notes\": \"caf\u00e9\"}]}")
                        .getBytes(StandardCharsets.ISO_8859_1);

        CliRun run = CliRun.run(new ByteArrayInputStream(windows1252), "diagnose", KB, RULES);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err())
                .isEqualTo(
                        "error: standard input:2:15: byte 0xE9 is not UTF-8; give the input as"
                                + " UTF-8 (iconv -f WINDOWS-1252 -t UTF-8 converts a file saved as"
                                + " Windows-1252)"
                                + System.lineSeparator());
    }

    @ParameterizedTest
    @CsvSource({
        // A byte no UTF-8 character starts with, after the events.
        "0, ff",
        // A Latin-1 'é' that begins a character the next byte does not end: at the end of the
        // input, and after 8,000 bytes, followed by more.
        "0, c3",
        "7945, e974e9207d",
    })
    void diagnose_says_a_byte_that_is_not_utf8_outside_a_string_is_not_utf8_at_its_place(
            int spaces, String hex) {
        byte[] events =
                ("{\"events\": [{\"type\": \"started\", \"errorCode\": \"0x904\"}]"
                                + " ".repeat(spaces))
                        .getBytes(StandardCharsets.UTF_8);
        byte[] after = HexFormat.of().parseHex(hex);
        byte[] input = Arrays.copyOf(events, events.length + after.length);
        System.arraycopy(after, 0, input, events.length, after.length);

        CliRun run = CliRun.run(new ByteArrayInputStream(input), "diagnose", KB, RULES);

        assertNotUtf8At(run, events.length + 1, hex.substring(0, 2));
    }

    @Test
    void diagnose_says_a_utf16_file_is_utf16_and_places_a_bad_byte_after_a_utf8_mark_as_without() {
        String events = "{\"events\": [{\"type\": \"started\", \"errorCode\": \"0x904\"}]}";
        byte[] utf16 = ("\uFEFF" + events).getBytes(java.nio.charset.StandardCharsets.UTF_16LE);
        byte[] marked = "\uFEFF{\"events\": x}".getBytes(StandardCharsets.UTF_8);
        marked[marked.length - 2] = (byte) 0xE9;
        byte[] plain = "{\"events\": x}".getBytes(StandardCharsets.UTF_8);
        plain[plain.length - 2] = (byte) 0xE9;

        CliRun sixteen = CliRun.run(new ByteArrayInputStream(utf16), "diagnose", KB, RULES);
        CliRun withMark = CliRun.run(new ByteArrayInputStream(marked), "diagnose", KB, RULES);
        CliRun withoutMark = CliRun.run(new ByteArrayInputStream(plain), "diagnose", KB, RULES);

        assertThat(sixteen.exitCode()).isEqualTo(1);
        assertThat(sixteen.err())
                .startsWith("error: standard input:1:1: the text is UTF-16")
                .contains("Out-File -Encoding utf8");
        assertNotUtf8At(withMark, 12, "e9");
        assertNotUtf8At(withoutMark, 12, "e9");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                // A character UTF-8 encodes well, where JSON allows none: named as it is, not by
                // its first byte alone ('Ã'), nor as text that is not UTF-8.
                "{\"events\": [{\"type\": \"started\", \"errorCode\": \"0x904\"} é]}"
                        + "| Unexpected character ('é' (code 233))",
                "{\"events\": [{\"type\": \"started\", \"errorCode\": \"0x904\"}]} é"
                        + "| Unrecognized token 'é'",
            })
    void diagnose_names_a_utf8_character_json_does_not_allow_as_the_character_it_is(
            String json, String expected) {
        CliRun run =
                CliRun.run(
                        new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
                        "diagnose",
                        KB,
                        RULES);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: standard input:1:").contains(expected);
    }

    @Test
    void diagnose_says_the_first_half_of_a_character_at_the_end_is_not_utf8_not_that_json_ends() {
        byte[] json =
                "{\"events\": [{\"type\": \"started\", \"x\": tru".getBytes(StandardCharsets.UTF_8);
        byte[] cut = Arrays.copyOf(json, json.length + 1);
        cut[json.length] = (byte) 0xC3;

        CliRun run = CliRun.run(new ByteArrayInputStream(cut), "diagnose", KB, RULES);

        assertNotUtf8At(run, json.length + 1, "c3");
    }

    /**
     * {@code diagnose} refused its standard input at the byte {@code hex}, in column {@code at}.
     */
    private static void assertNotUtf8At(CliRun run, int at, String hex) {
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err())
                .isEqualTo(
                        "error: standard input:1:"
                                + at
                                + ": byte 0x"
                                + hex.toUpperCase(java.util.Locale.ROOT)
                                + " is not UTF-8; give the input as UTF-8 (iconv -f WINDOWS-1252 -t"
                                + " UTF-8 converts a file saved as Windows-1252)"
                                + System.lineSeparator());
    }

    @Test
    void an_empty_knowledge_or_rules_folder_is_wrong_usage_not_every_file_missing() {
        CliRun kb = CliRun.run("", "lint", "--kb=", RULES);
        CliRun rules = CliRun.run("", "test-scenarios", KB, "--rules", "");

        assertThat(kb.exitCode()).isEqualTo(2);
        assertThat(kb.err())
                .startsWith("Invalid value for option '--kb': it is empty: give a folder")
                .doesNotContain("file is missing");
        assertThat(kb.out()).isEmpty();
        assertThat(rules.exitCode()).isEqualTo(2);
        assertThat(rules.err())
                .startsWith("Invalid value for option '--rules': it is empty: give a folder");
    }

    @Test
    void diagnose_refuses_an_empty_input_option() {
        CliRun run = CliRun.run("", "diagnose", KB, RULES, "--input=");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .isEqualTo(
                        "error: --input is empty: give a file of events, or - for standard input"
                                + System.lineSeparator());
    }

    @Test
    void read_ticket_and_ask_refuse_an_empty_ticket_file_name_as_wrong_usage() {
        CliRun read = CliRun.run("", "read-ticket", "--kb=kb", "");
        CliRun ask = CliRun.run("", "ask", "--kb=kb", "--rules=rules", "--ticket", "");

        assertThat(read.exitCode()).isEqualTo(2);
        assertThat(read.err())
                .isEqualTo(
                        "error: the file name is empty: give a file of the ticket's text, or - for"
                                + " standard input"
                                + System.lineSeparator());
        assertThat(ask.exitCode()).isEqualTo(2);
        assertThat(ask.err())
                .isEqualTo(
                        "error: --ticket is empty: give a file of the ticket's text"
                                + System.lineSeparator());
        assertThat(ask.out()).isEmpty();
    }

    @Test
    void diagnose_and_read_ticket_say_an_input_of_only_a_byte_order_mark_is_empty()
            throws IOException {
        Path bom = dir.resolve("bom.json");
        Files.write(bom, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});

        CliRun diagnose = CliRun.run("", "diagnose", KB, RULES, "--input", bom.toString());
        CliRun read = CliRun.run("", "read-ticket", "--kb=kb", bom.toString());
        CliRun event = CliRun.run("\uFEFF{\"events\": [1]}", "diagnose", KB, RULES);

        assertThat(diagnose.exitCode()).isEqualTo(1);
        assertThat(diagnose.err())
                .isEqualTo(
                        "error: "
                                + bom
                                + " is empty: give the events as JSON, {\"events\": [...]}"
                                + System.lineSeparator());
        assertThat(read.exitCode()).isEqualTo(1);
        assertThat(read.err()).isEqualTo("error: " + bom + " is empty: give the ticket's text\n");
        assertThat(event.err())
                .startsWith("error: standard input:1:13: events[0]: expected an object");
    }

    @Test
    void ask_walks_to_a_diagnosis_and_back_undoes_an_answer() {
        String typed =
                String.join("\n", "0x904", "0x7", "why", "2", "back", "1", "1", "1", "quit", "");

        CliRun run = CliRun.run(typed, "ask", KB, RULES);

        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .contains("0x904 = disconnectReasonAtClientWinsockFDCLOSE")
                .contains("It best separates the leading causes")
                .contains("Status: ")
                .contains("Ranked causes:");
    }

    @Test
    void ask_ends_without_a_diagnosis_at_the_end_of_input_or_quit_at_the_code_prompts() {
        for (String typed : List.of("", "quit\n", "0x904\n", "0x904\nquit\n")) {
            CliRun run = CliRun.run(typed, "ask", KB, RULES);

            assertThat(run.exitCode()).as(typed).isZero();
            assertThat(run.out())
                    .as(typed)
                    .doesNotContain("Status:")
                    .doesNotContain(" = ")
                    .endsWith(
                            ": "
                                    + System.lineSeparator()
                                    + "No session started."
                                    + System.lineSeparator());
        }
    }

    @Test
    void ask_refuses_a_blank_code_rather_than_read_the_answers_as_codes() {
        CliRun run = CliRun.run("1\n3\n", "ask", KB, RULES, "--code", " ", "--extended", "0x7");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("error: --code: missing: give the error code shown");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void ask_takes_the_first_answer_of_input_that_starts_with_a_byte_order_mark() {
        CliRun run =
                CliRun.run(
                        "\uFEFF2\r\nquit\r\n",
                        "ask",
                        "--kb=kb",
                        "--rules=rules",
                        "--code",
                        "0x904",
                        "--extended",
                        "0x7");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).doesNotContain("Type a number").contains("Status: ");
    }

    @Test
    void ask_names_the_tickets_own_error_code_when_the_code_given_is_another() throws IOException {
        Path ticket = dir.resolve("other-code.txt");
        Files.writeString(ticket, "Error code: 0x904, Extended error code: 0x7.\n");

        CliRun run =
                CliRun.run(
                        "quit\n",
                        "ask",
                        "--kb=kb",
                        "--rules=rules",
                        "--ticket",
                        ticket.toString(),
                        "--code",
                        "0x204");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("0x204 = disconnectReasonSocketConnectFailed")
                .contains(
                        "The ticket also names 0x904 / 0x7: this session diagnoses 0x204; start another for each.");
    }

    @Test
    void ask_names_only_the_tickets_codes_other_than_the_one_the_session_diagnoses()
            throws IOException {
        Path windows = dir.resolve("two-codes.txt");
        Files.writeString(
                windows, "Error code: 0x904, Extended error code: 0x7\nlater Error code: 0x204\n");
        Path freerdp = dir.resolve("freerdp.txt");
        Files.writeString(
                freerdp,
                "ERRCONNECT_TLS_CONNECT_FAILED [0x00020008]\n"
                        + "Error code: 0x904 Extended error code: 0x7\n");

        CliRun second = ask("--ticket", windows.toString(), "--code", "0x204");
        CliRun freerdpCode = ask("--ticket", freerdp.toString(), "--code", "0x00020008");

        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.out())
                .contains(
                        "The ticket also names 0x904 / 0x7: this session diagnoses 0x204; start another"
                                + " for each.");
        assertThat(freerdpCode.exitCode()).as(freerdpCode.err()).isZero();
        assertThat(freerdpCode.out())
                .contains(
                        "The ticket also names 0x904 / 0x7: this session diagnoses 0x00020008; start"
                                + " another for each.");
    }

    @Test
    void ask_offers_the_extended_code_of_a_ticket_naming_no_error_code_at_its_prompt()
            throws IOException {
        Path ticket = dir.resolve("extended-only.txt");
        Files.writeString(ticket, "Extended error code: 0x9\nEvent 36870\n");

        CliRun run =
                CliRun.run(
                        "\n\nquit\n",
                        "ask",
                        "--kb=kb",
                        "--rules=rules",
                        "--ticket",
                        ticket.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("Extended error code shown [0x9, from the ticket]: ")
                .contains(System.lineSeparator() + "0x9 = ");
    }

    @Test
    void ask_with_a_code_says_the_extended_code_of_a_ticket_naming_no_error_code_was_not_taken()
            throws IOException {
        Path ticket = dir.resolve("extended-only.txt");
        Files.writeString(ticket, "Extended error code: 0x9\nEvent 36870\n");

        CliRun windows = ask("--ticket", ticket.toString(), "--code", "0x904");
        CliRun freerdp = ask("--ticket", ticket.toString(), "--code", "0x00020008");

        assertThat(windows.exitCode()).as(windows.err()).isZero();
        assertThat(windows.out())
                .doesNotContain(System.lineSeparator() + "0x9 = ")
                .contains(
                        "The ticket also names the extended code 0x9, but no error code: it was not"
                                + " taken with --code 0x904; give --extended 0x9 if the dialog"
                                + " showed it.");
        assertThat(freerdp.exitCode()).as(freerdp.err()).isZero();
        assertThat(freerdp.out())
                .contains(
                        "The ticket also names the extended code 0x9, which 0x00020008 contradicts"
                                + " (FreeRDP's last error is the whole report): it was not"
                                + " taken.");
    }

    private static CliRun ask(String... options) {
        List<String> args = new ArrayList<>(List.of("ask", "--kb=kb", "--rules=rules"));
        args.addAll(List.of(options));
        return CliRun.run("quit\n", args.toArray(String[]::new));
    }

    @Test
    void tree_and_decode_take_a_code_alone_as_a_dialog_that_showed_no_extended_code() {
        CliRun tree =
                CliRun.run(
                        "",
                        "tree",
                        "--kb=kb",
                        "--rules=rules",
                        "--code",
                        "0x00020008",
                        "--depth",
                        "1");
        CliRun decode = CliRun.run("", "decode", "--kb=kb", "0x904", "");

        assertThat(tree.exitCode()).as(tree.err()).isZero();
        assertThat(tree.out()).startsWith("decision tree from 0x00020008" + System.lineSeparator());
        assertThat(decode.exitCode()).as(decode.err()).isZero();
        assertThat(decode.out()).contains("Error code 0x904").doesNotContain("Extended error code");
    }

    @Test
    void ask_does_not_prompt_for_an_extended_code_after_a_freerdp_code() {
        CliRun run = CliRun.run("0x00010009\nquit\n", "ask", "--kb=kb", "--rules=rules");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("0x00010009 = ERRINFO_SERVER_INSUFFICIENT_PRIVILEGES")
                .doesNotContain("Extended error code shown")
                .contains("On the host, may this user log on through Remote Desktop?");
    }

    @Test
    void ask_starts_from_a_tickets_codes_and_evidence_and_names_its_other_codes()
            throws IOException {
        Path ticket = dir.resolve("ticket.txt");
        Files.writeString(
                ticket,
                "Error code: 0x904, Extended error code: 0x7.\nAn authentication error has"
                        + " occurred. This could be due to CredSSP encryption oracle remediation.\n"
                        + "Yesterday it said error code 0x204.\n");

        CliRun run =
                CliRun.run(
                        "quit\n", "ask", "--kb=kb", "--rules=rules", "--ticket", ticket.toString());
        CliRun stdin = CliRun.run("", "ask", "--kb=kb", "--rules=rules", "--ticket", "-");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .doesNotContain("Error code shown")
                .contains("0x904 = disconnectReasonAtClientWinsockFDCLOSE")
                .contains(
                        "From the ticket: message = credssp-oracle (\"CredSSP encryption oracle remediation\")")
                .contains(
                        "The ticket also names 0x204: this session diagnoses 0x904; start another for each.")
                .contains("Likely cause: CredSSP encryption oracle remediation mismatch");
        assertThat(stdin.exitCode()).isEqualTo(2);
        assertThat(stdin.err())
                .startsWith("error: --ticket -: the answers come from standard input");
    }

    @Test
    void ask_and_read_ticket_take_a_ticket_a_command_writes_to_a_pipe_and_bound_a_device()
            throws IOException, InterruptedException {
        Path forAsk = BrokenFixture.namedPipe(dir.resolve("ask-ticket"));
        Path forRead = BrokenFixture.namedPipe(dir.resolve("read-ticket"));
        Process askWriter =
                writeOnce(
                        forAsk,
                        "Error code: 0x904, Extended error code: 0x7. CredSSP encryption oracle remediation");
        Process readWriter = writeOnce(forRead, "Error code: 0x904, Extended error code: 0x7");
        try {
            CliRun ask = ask("--ticket", forAsk.toString());
            CliRun read = CliRun.run("", "read-ticket", "--kb=kb", "--json", forRead.toString());
            CliRun endless = CliRun.run("", "read-ticket", "--kb=kb", "/dev/zero");

            assertThat(ask.exitCode()).as(ask.err()).isZero();
            assertThat(ask.out())
                    .doesNotContain("Error code shown")
                    .contains(
                            "From the ticket: message = credssp-oracle (\"CredSSP encryption"
                                    + " oracle remediation\")");
            assertThat(read.exitCode()).as(read.err()).isZero();
            assertThat(Json.mapper().readTree(read.out()).get("extendedCode").asText())
                    .isEqualTo("0x7");
            assertThat(endless.exitCode()).isEqualTo(1);
            assertThat(endless.err())
                    .isEqualTo(
                            "error: /dev/zero: more than 16,777,216 bytes (16 MiB), far more than a"
                                    + " ticket's text\n");
        } finally {
            askWriter.destroyForcibly().waitFor();
            readWriter.destroyForcibly().waitFor();
        }
    }

    /** A process that writes {@code text} into the named pipe {@code pipe} once and exits. */
    private static Process writeOnce(Path pipe, String text) throws IOException {
        return new ProcessBuilder(
                        "sh", "-c", "printf '%s' \"$1\" > \"$2\"", "sh", text, pipe.toString())
                .start();
    }

    @Test
    void ask_and_read_ticket_name_an_extended_code_that_freerdps_reason_contradicts()
            throws IOException {
        Path ticket = dir.resolve("mixed.txt");
        Files.writeString(
                ticket,
                "Remmina: ERRINFO_SERVER_INSUFFICIENT_PRIVILEGES [0x00010009]\n"
                        + "From the office PC: Extended error code: 0x7\n");

        CliRun ask =
                CliRun.run(
                        "quit\n", "ask", "--kb=kb", "--rules=rules", "--ticket", ticket.toString());
        CliRun read = CliRun.run("", "read-ticket", "--kb=kb", ticket.toString());

        assertThat(ask.exitCode()).as(ask.err()).isZero();
        assertThat(ask.out())
                .contains(
                        "The ticket also names the extended code 0x7, which 0x00010009"
                                + " contradicts (FreeRDP's last error is the whole report): it was"
                                + " not taken.")
                .contains("user may not log on to this host through Remote Desktop");
        assertThat(read.exitCode()).as(read.err()).isZero();
        assertThat(read.out())
                .contains(
                        "Not taken: the extended code 0x7, which the error code 0x00010009"
                                + " contradicts");
        CliRun typed =
                CliRun.run(
                        "quit\n",
                        "ask",
                        "--kb=kb",
                        "--rules=rules",
                        "--code",
                        "0x904",
                        "--ticket",
                        ticket.toString());
        assertThat(typed.out())
                .as("the session diagnoses the typed 0x904, which set nothing aside")
                .doesNotContain("The ticket also names the extended code");
    }

    @Test
    void ask_names_a_typed_code_that_does_not_decode_at_once() {
        CliRun run = CliRun.run("zzz\n", "ask", KB, RULES);

        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .contains("error code 'zzz' is not a number")
                .doesNotContain("errorCode")
                .doesNotContain("Extended error code shown")
                .doesNotContain("Status:");
    }

    @Test
    void ask_refuses_codes_given_as_options_that_do_not_decode() {
        CliRun code = CliRun.run("", "ask", KB, RULES, "--code", "0xZZ");
        CliRun extended = CliRun.run("", "ask", KB, RULES, "--code", "0x904", "--extended", "zz");
        CliRun alone = CliRun.run("", "ask", KB, RULES, "--extended", "0x7");

        assertThat(code.exitCode()).isEqualTo(2);
        assertThat(code.err()).startsWith("error: --code: error code '0xZZ' is not a number");
        assertThat(code.out()).doesNotContain("Status:");
        assertThat(extended.exitCode()).isEqualTo(2);
        assertThat(extended.err()).startsWith("error: --extended: ");
        assertThat(alone.exitCode()).isEqualTo(2);
        assertThat(alone.err())
                .isEqualTo("error: --extended needs --code" + System.lineSeparator());
    }

    @Test
    void ask_names_standard_input_it_cannot_read_in_one_line() {
        InputStream folder =
                new InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new IOException("Is a directory");
                    }
                };

        CliRun run = CliRun.run(folder, "ask", KB, RULES, "--code", "0x904", "--extended", "0x7");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err())
                .isEqualTo("error: standard input: Is a directory" + System.lineSeparator());
    }

    @Test
    void ask_asks_again_until_a_fix_is_answered_yes_no_skip_or_quit() {
        String typed =
                String.join("\n", "0x904", "0x7", "2", "yes please", "maybe", "N", "quit", "");

        CliRun run = CliRun.run(typed, "ask", KB, RULES);

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().split("Type y if the fix worked", -1)).hasSize(3);
        assertThat(run.out())
                .doesNotContain("Solved:")
                .contains(" (did not help)")
                .contains("    If it does not help, this cause becomes unlikely.");
    }

    @Test
    void ask_asks_the_question_that_orders_the_fixes_and_shows_why_a_fix_comes_first()
            throws IOException {
        Path small = BrokenFixture.copySmall(dir);
        BrokenFixture.edit(
                small.resolve("rules/small.drl"),
                text ->
                        text
                                + """

                                // The port answers, so the quicker setting goes first.
                                rule "Port answers: the fallback first"
                                    @source("doc-a")
                                when
                                    Answer(question == "tcp-test", option == "succeeds")
                                then
                                    insertLogical(new TryFirst("allow-oracle", kcontext));
                                end
                                """);
        String typed = String.join("\n", "0x904", "0x7", "2", "1", "quit", "");

        CliRun run =
                CliRun.run(
                        typed,
                        "ask",
                        "--kb=" + small.resolve("kb"),
                        "--rules=" + small.resolve("rules"));

        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .contains(
                        ". One more answer decides the order to try its fixes in.\n"
                                + "Does a TCP test to port 3389 succeed?\n")
                .contains(
                        "  Fix 1: Allow the vulnerable fallback for now\n"
                                + "    Moved up because \"Does a TCP test to port 3389 succeed?\" → It"
                                + " succeeds (rule \"Port answers: the fallback first\", sources"
                                + " doc-a)\n");
    }

    @Test
    void ask_back_at_a_fix_takes_the_last_answer_back_and_asks_again() {
        String typed = String.join("\n", "0x904", "0x7", "2", "back", "quit", "");

        CliRun run = CliRun.run(typed, "ask", KB, RULES);

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().split("Answer \\(number, why, back, quit\\): ", -1)).hasSize(3);
        assertThat(run.out()).doesNotContain("Type y if the fix worked");
    }

    @Test
    void ask_quit_before_a_diagnosis_lists_the_ranking_but_no_fixes() {
        String typed = String.join("\n", "0x904", "0x7", "quit", "");

        CliRun run = CliRun.run(typed, "ask", KB, RULES);

        assertThat(run.out())
                .contains("Status: asking")
                .contains("Ranked causes:")
                .contains("No diagnosis yet, so no fixes")
                .doesNotContain("Fix 1:");
    }

    @Test
    void ask_says_when_no_rule_of_the_knowledge_speaks_to_the_codes() {
        CliRun run = CliRun.run("0x1\n0x0\nquit\n", "ask");

        assertThat(run.out())
                .contains("0x1 = disconnectReasonLocalNotError")
                .contains("Note: No rule of the knowledge speaks to these codes");
    }

    @Test
    void ask_why_shows_each_answer_and_the_cause_it_would_put_first() {
        String typed = String.join("\n", "0x904", "0x7", "why", "quit", "");

        CliRun run = CliRun.run(typed, "ask", KB, RULES);

        assertThat(run.out()).containsPattern("\n  [^\"\n].* -> .* leads \\(\\d\\.\\d\\d\\)");
    }

    @Test
    void diagnose_names_an_input_that_is_missing_or_a_folder() {
        CliRun missing = CliRun.run("", "diagnose", KB, RULES, "--input", "no-such.json");
        CliRun folder = CliRun.run("", "diagnose", KB, RULES, "--input", dir.toString());

        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).startsWith("error: --input no-such.json: no such file");
        assertThat(folder.exitCode()).isEqualTo(1);
        assertThat(folder.err()).startsWith("error: --input " + dir + ": is a folder");
    }

    @Test
    void test_scenarios_that_match_nothing_fail() {
        CliRun run = CliRun.run("", "test-scenarios", KB, RULES, "--only", "no-such-scenario");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err())
                .isEqualTo(
                        "error: no scenario id contains 'no-such-scenario'; the scenarios are:"
                                + " security/credssp"
                                + System.lineSeparator());
    }

    @Test
    void test_scenarios_only_that_match_nothing_suggest_the_scenario_meant() {
        CliRun run = CliRun.run("", "test-scenarios", KB, RULES, "--only", "credsp");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err())
                .startsWith(
                        "error: no scenario id contains 'credsp' (did you mean 'credssp'?); the"
                                + " scenarios are: security/credssp");
    }

    @Test
    void test_scenarios_only_suggests_the_word_of_an_id_a_mistyped_fragment_meant()
            throws IOException {
        Path small = BrokenFixture.copySmall(dir);
        Path security = small.resolve("kb/scenarios/security");
        Files.move(security.resolve("credssp.yaml"), security.resolve("nla-credssp-mismatch.yaml"));

        CliRun run =
                CliRun.run(
                        "",
                        "test-scenarios",
                        "--kb=" + small.resolve("kb"),
                        "--rules=" + small.resolve("rules"),
                        "--only",
                        "credsp");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err())
                .isEqualTo(
                        "error: no scenario id contains 'credsp' (did you mean 'credssp'?); the"
                                + " scenarios are: security/nla-credssp-mismatch"
                                + System.lineSeparator());
    }

    @Test
    void lint_names_a_problem_at_its_whole_path_however_long() throws IOException {
        Path deep = BrokenFixture.copySmall(dir.resolve("d".repeat(150)));
        Path scenario = deep.resolve("kb/scenarios/security/mistyped.yaml");
        Files.writeString(
                scenario,
                """
                title: A mistyped answer
                sources: [doc-a]
                start:
                  error_code: "0x904"
                  extended_code: "0x7"
                answers:
                  timing: tomorrow
                expect:
                  leader: credssp-mismatch
                """);

        CliRun run =
                CliRun.run(
                        "",
                        "lint",
                        "--kb=" + deep.resolve("kb"),
                        "--rules=" + deep.resolve("rules"));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains(scenario + ":7: answers/timing: ");
    }

    @Test
    void test_scenarios_only_runs_the_chosen_scenarios_not_one_whose_rule_throws()
            throws IOException {
        BrokenFixture.copySmall(dir);
        Files.writeString(
                dir.resolve("rules/throws.drl"),
                """
                package org.rdpdoctor.rules;

                import org.rdpdoctor.engine.*;

                // Cuts the event id short where it is too short to cut.
                rule "Event id cut short"
                    @source("doc-a")
                when
                    Evidence(kind == "event-id", value.substring(100) != null)
                then
                    insertLogical(new Support("credssp-mismatch", Weight.WEAK, kcontext));
                end
                """);
        Files.writeString(
                dir.resolve("kb/scenarios/security/event-log.yaml"),
                """
                title: An event in the log
                sources: [doc-a]
                start:
                  error_code: "0x904"
                  extended_code: "0x7"
                evidence:
                  - kind: event-id
                    value: "36870"
                    source: user
                expect:
                  leader: credssp-mismatch
                """);
        String kb = "--kb=" + dir.resolve("kb");
        String rules = "--rules=" + dir.resolve("rules");

        CliRun all = CliRun.run("", "test-scenarios", kb, rules);
        CliRun only = CliRun.run("", "test-scenarios", kb, rules, "--only", "credssp");

        assertThat(all.err()).contains("rule \"Event id cut short\" threw");
        assertThat(only.exitCode()).as(only.err()).isZero();
        assertThat(only.out())
                .contains("PASS security/credssp")
                .doesNotContain("event-log")
                .contains("1 passed, 0 failed");
    }

    @Test
    void serve_never_shows_the_password_of_a_database_it_cannot_open() {
        CliRun run = serve("--db=not-a-jdbc-url;PASSWORD=secret123");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err())
                .isEqualTo(
                        "error: cannot open the database not-a-jdbc-url;PASSWORD=***: not a"
                                + " database URL this server takes; give jdbc:h2:PATH or"
                                + " jdbc:postgresql://HOST/DATABASE"
                                + System.lineSeparator());
    }

    @Test
    void serve_names_a_database_it_cannot_open_without_a_stack_trace() {
        CliRun run = serve("--db=not-a-jdbc-url");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err())
                .isEqualTo(
                        "error: cannot open the database not-a-jdbc-url: not a database URL this"
                                + " server takes; give jdbc:h2:PATH or"
                                + " jdbc:postgresql://HOST/DATABASE"
                                + System.lineSeparator());
    }

    @Test
    void serve_names_a_database_folder_it_cannot_create_in_one_line(@TempDir Path dir)
            throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-folder"), "");

        CliRun run = serve("--db=jdbc:h2:file:" + file.resolve("db"));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err())
                .isEqualTo(
                        "error: cannot create the database folder "
                                + file
                                + ": "
                                + file
                                + " is a file"
                                + System.lineSeparator());
    }

    @Test
    void serve_says_why_it_cannot_listen() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CliRun run = serve("--db=jdbc:h2:mem:cli-port-taken", "--port=" + taken.getLocalPort());

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err())
                    .contains(
                            "error: cannot listen on 127.0.0.1 port "
                                    + taken.getLocalPort()
                                    + " (--host, --port): Address already in use");
        }
    }

    @Test
    void serve_names_an_invalid_host_before_it_opens_the_database() {
        CliRun run = serve("--db=jdbc:h2:mem:cli-bad-host", "--port=0", "--host=256.1.1.1");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .isEqualTo(
                        "error: --host '256.1.1.1' is not an IPv4 address (256 > 255)"
                                + System.lineSeparator());
    }

    @Test
    void serve_refuses_a_trusted_proxy_that_is_not_an_ip_address() {
        CliRun run =
                serve("--db=jdbc:h2:mem:cli-proxy", "--port=0", "--trusted-proxy=proxy.example");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .isEqualTo(
                        "error: --trusted-proxy 'proxy.example' is not an IP address like"
                                + " 127.0.0.1 or ::1"
                                + System.lineSeparator());
    }

    @Test
    void serve_names_the_probe_option_at_fault() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String port = "--port=" + taken.getLocalPort();
            CliRun ports = serve("--db=jdbc:h2:mem:cli-probe-ports", port, "--probe-ports=0");
            CliRun rate = serve("--db=jdbc:h2:mem:cli-probe-rate", port, "--probe-rate=-5");
            CliRun allow = serve("--db=jdbc:h2:mem:cli-probe-allow", port, "--probe-allow=a b");

            assertThat(ports.exitCode()).isEqualTo(2);
            assertThat(ports.err()).startsWith("error: --probe-ports: probe port 0 is not");
            assertThat(rate.exitCode()).isEqualTo(2);
            assertThat(rate.err())
                    .startsWith("error: --probe-rate: ")
                    .contains("must be 1 to 600 runs a minute, was -5");
            assertThat(allow.exitCode()).isEqualTo(2);
            assertThat(allow.err())
                    .startsWith("error: --probe-allow: 'a b' is not a host pattern or CIDR range");
        }
    }

    @Test
    void test_scenarios_reports_each_scenario_and_a_summary() {
        CliRun run = CliRun.run("", "test-scenarios", KB, RULES);

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("PASS security/credssp").contains("1 passed, 0 failed");
    }

    @Test
    void a_failed_scenario_names_its_file_at_its_expectations() throws IOException {
        Path kb = BrokenFixture.copyTree(Path.of("src/test/resources/small/kb"), dir.resolve("kb"));
        Path scenario = kb.resolve("scenarios/security/credssp.yaml");
        Files.writeString(
                scenario,
                Files.readString(scenario)
                        .replace("leader: credssp-mismatch", "leader: old-client"));

        CliRun run = CliRun.run("", "test-scenarios", "--kb=" + kb, RULES);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out())
                .contains("FAIL security/credssp (1 questions)\n  in " + scenario + ":9\n");
    }

    @Test
    void a_failed_scenario_names_its_answers_never_asked_and_why_the_engine_stopped()
            throws IOException {
        Path kb = BrokenFixture.copyTree(Path.of("src/test/resources/small/kb"), dir.resolve("kb"));
        BrokenFixture.edit(
                kb.resolve("scenarios/security/credssp.yaml"),
                text -> text.replace("leader: credssp-mismatch", "leader: port-blocked"));

        CliRun run = CliRun.run("", "test-scenarios", "--kb=" + kb, RULES);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out())
                .contains(
                        "  asked: timing\n"
                                + "  stopped: diagnosed: credssp-mismatch leads clearly\n"
                                + "  never asked, so not used: tcp-test: succeeds\n");
    }

    @Test
    void a_scenario_expecting_another_first_fix_fails_naming_the_fix_offered_first()
            throws IOException {
        Path kb = BrokenFixture.copyTree(Path.of("src/test/resources/small/kb"), dir.resolve("kb"));
        BrokenFixture.edit(
                kb.resolve("scenarios/security/credssp.yaml"),
                text -> text + "  first_fix: allow-oracle\n");

        CliRun run = CliRun.run("", "test-scenarios", "--kb=" + kb, RULES);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out())
                .contains("the first untried fix is patch-both, expected allow-oracle");
    }

    @Test
    void a_scenario_asking_more_than_its_cap_fails_with_the_count_and_the_cap() throws IOException {
        Path kb = BrokenFixture.copyTree(Path.of("src/test/resources/small/kb"), dir.resolve("kb"));
        BrokenFixture.edit(
                kb.resolve("scenarios/security/credssp.yaml"),
                text -> text + "  max_questions: 0\n");

        CliRun run = CliRun.run("", "test-scenarios", "--kb=" + kb, RULES);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("1 questions asked, at most 0 expected");
    }

    @Test
    void broken_knowledge_lists_every_problem_and_fails() {
        CliRun run =
                CliRun.run(
                        "", "test-scenarios", "--kb=src/test/resources/small/kb", "--rules=" + dir);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("no .drl files found");
    }

    @Test
    void lint_lists_findings_with_their_line_and_fails() {
        CliRun run = CliRun.run("", "lint", KB, RULES);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out())
                .contains(
                        "questions.yaml:7: options: option 'succeeds' of question 'tcp-test' changes nothing")
                .contains("lint: 2 problem(s)");
    }

    @Test
    void lint_says_in_one_line_that_it_skipped_the_knowledge_checks_when_kb_does_not_load()
            throws IOException {
        Path kb = BrokenFixture.copyTree(Path.of("src/test/resources/small/kb"), dir.resolve("kb"));
        BrokenFixture.edit(
                kb.resolve("causes.yaml"), text -> text.replace("  title: The", "\ttitle: The"));

        CliRun run = CliRun.run("", "lint", "--kb=" + kb, RULES);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out())
                .endsWith(
                        "causes.yaml:2:1: not valid YAML: a tab character here: YAML indents with"
                                + " spaces only (2 per level); replace the tab with spaces\n"
                                + "lint: the checks of what the knowledge does (options that change"
                                + " nothing, questions never asked, causes that never lead, unused"
                                + " fixes) were skipped because of the problems above\n"
                                + "lint: 1 problem(s)\n");
    }

    @Test
    void lint_shortens_a_huge_id_as_test_scenarios_does() throws IOException {
        Path kb = BrokenFixture.copyTree(Path.of("src/test/resources/small/kb"), dir.resolve("kb"));
        String huge = "a".repeat(5000);
        BrokenFixture.edit(
                kb.resolve("causes.yaml"),
                text ->
                        text.replaceFirst(
                                "fixes: \\[open-port]", "fixes: [open-port, " + huge + "]"));

        CliRun run = CliRun.run("", "lint", "--kb=" + kb, RULES);

        assertThat(run.out())
                .contains(
                        "causes.yaml:7: fixes/1: unknown fix '"
                                + "a".repeat(60)
                                + "…(5000 characters)'")
                .doesNotContain(huge);
    }

    @Test
    void lint_notes_a_rule_resting_on_seed_articles_alone_without_failing_for_it()
            throws IOException {
        Path kb = BrokenFixture.copyTree(Path.of("src/test/resources/small/kb"), dir.resolve("kb"));
        Path rules =
                BrokenFixture.copyTree(
                        Path.of("src/test/resources/small/rules"), dir.resolve("rules"));
        Files.writeString(
                kb.resolve("sources.yaml"),
                "\n- id: seed-x\n  title: An SEO page\n  location: seeds/x.txt\n  kind: seed\n"
                        + "  trust: low\n",
                StandardOpenOption.APPEND);
        Path drl = rules.resolve("small.drl");
        Files.writeString(
                drl,
                Files.readString(drl)
                        .replaceFirst("@source\\(\"doc-a\"\\)", "@source(\"seed-x\")"));

        CliRun run = CliRun.run("", "lint", "--kb=" + kb, "--rules=" + rules);

        assertThat(run.out())
                .containsPattern(
                        "small\\.drl:6: note: rule 'Socket closed means the port was open' cites seed"
                                + " articles only \\(seed-x\\): nothing else confirms it\n")
                .contains("lint: 2 problem(s); 2 note(s)");
        assertThat(CliRun.run("", "lint", KB, RULES).out())
                .doesNotContain("cites seed")
                .contains("lint: 2 problem(s); 1 note(s)");
    }

    @Test
    void lint_notes_an_evidence_value_that_changes_nothing_without_failing_for_it() {
        CliRun run = CliRun.run("", "lint", KB, RULES);

        assertThat(run.out())
                .containsPattern(
                        "evidence\\.yaml:16: note: value '36870' of evidence kind 'event-id' changes"
                                + " nothing: no rule matches it and no question takes it as an"
                                + " answer\n")
                .contains("lint: 2 problem(s); 1 note(s)");
    }

    @Test
    void lint_reports_a_tree_cut_off_at_max_nodes() {
        CliRun run = CliRun.run("", "lint", KB, RULES, "--max-nodes=2");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out())
                .contains(
                        "rules: tree: the decision tree from 0x904 / 0x7 was cut off at 2 states, so"
                                + " the checks below looked at part of it; lint --max-nodes explores"
                                + " further");
    }

    @Test
    void lint_notes_a_tree_cut_off_that_hides_no_finding_and_passes() {
        CliRun run = CliRun.run("", "lint", "--kb=kb", "--rules=rules", "--max-nodes=3000");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .contains(
                        "rules: note: the decision tree from 0x904 / 0x7 was cut off at 3000 states;"
                                + " every question was asked and every cause led in the states"
                                + " explored and the scenarios, so it hides none of those findings,"
                                + " but a rule that throws only in the states not explored goes"
                                + " unnoticed; lint --max-nodes explores further\n")
                .doesNotContain("rules: tree:")
                .doesNotContain(" / null")
                .containsPattern(
                        "rules: note: the decision tree from 0x0002000C was cut off at 3000")
                .contains("lint: no problems; ");
    }

    @Test
    void tree_and_lint_refuse_a_state_count_below_one() {
        for (String command : List.of("tree", "lint")) {
            CliRun run = CliRun.run("", command, KB, RULES, "--max-nodes=0");

            assertThat(run.exitCode()).as(command).isEqualTo(2);
            assertThat(run.err())
                    .as(command)
                    .contains(
                            "Invalid value for option '--max-nodes': '0' states: give at least 1");
        }
    }

    @Test
    void tree_and_lint_refuse_a_state_count_too_large_to_explore() {
        for (String count : List.of("200001", "2147483647", "99999999999")) {
            CliRun run = CliRun.run("", "tree", KB, RULES, "--max-nodes=" + count);

            assertThat(run.exitCode()).as(count).isEqualTo(2);
            assertThat(run.err())
                    .as(count)
                    .contains(
                            "Invalid value for option '--max-nodes': '"
                                    + count
                                    + "' states: too large (at most 200000)");
        }
    }

    @Test
    void tree_reports_size_depth_and_questions_to_a_diagnosis() {
        CliRun run = CliRun.run("", "tree", KB, RULES);

        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .contains("states          7 (3 questions, 4 leaves)")
                .contains("depth           3")
                .contains("average 1.75")
                .contains("worst 3");
    }

    @Test
    void tree_says_no_question_is_asked_when_the_start_is_a_leaf() throws IOException {
        Files.writeString(
                dir.resolve("only.drl"),
                """
                package org.rdpdoctor.rules;

                import org.rdpdoctor.engine.*;

                // Socket closed after connect: the port was open.
                rule "Socket closed means the port was open"
                    @source("doc-a")
                when
                    ErrorReport(disconnect == 0x904)
                then
                    insertLogical(new Support("port-blocked", Weight.MODERATE_AGAINST, kcontext));
                end
                """);

        CliRun run = CliRun.run("", "tree", KB, "--rules=" + dir);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("states          1 (0 questions, 1 leaves)")
                .containsPattern("first question  none: \\w+ at the start")
                .doesNotContain("null");
    }

    @Test
    void a_truncated_tree_gives_no_average_or_worst_count() {
        CliRun run = CliRun.run("", "tree", KB, RULES, "--max-nodes=1");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .contains("cut off at --max-nodes or --depth")
                .contains(
                        "questions to a diagnosis: not counted in a tree cut off; raise"
                                + " --max-nodes (1) or --depth to count them")
                .doesNotContain("average")
                .doesNotContain("worst");
    }

    @Test
    void tree_exports_graphviz_dot() {
        CliRun run = CliRun.run("", "tree", KB, RULES, "--format", "dot");

        assertThat(run.out())
                .startsWith("digraph tree {")
                .contains("n0 -> n6 [label=\"after-credentials\"];")
                .contains("n6 [shape=ellipse, label=\"diagnosed\\ncredssp-mismatch 0.82\"];");
    }

    @Test
    void tree_depth_cuts_the_drawing_and_a_chart_too_big_for_mermaid_is_named() {
        CliRun cut = CliRun.run("", "tree", KB, RULES, "--format", "mermaid", "--depth", "1");
        CliRun full = CliRun.run("", "tree", "--format", "mermaid");

        assertThat(cut.exitCode()).isZero();
        assertThat(cut.out()).contains("not explored further");
        assertThat(cut.err()).isEmpty();
        assertThat(full.err())
                .startsWith("warning: ")
                .contains("Mermaid draws at most 500")
                .contains("--depth");
    }

    /** {@code serve} over the small knowledge, not watching it, with {@code options}. */
    private static CliRun serve(String... options) {
        List<String> args = new ArrayList<>(List.of("serve", KB, RULES, "--no-watch"));
        args.addAll(List.of(options));
        return CliRun.run("", args.toArray(String[]::new));
    }
}
