package org.rdpdoctor.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.entry;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rdpdoctor.kb.BrokenFixture;
import org.rdpdoctor.kb.InvalidKnowledgeException;
import org.rdpdoctor.kb.KbLoader;
import org.rdpdoctor.kb.KnowledgeBase;
import org.rdpdoctor.kb.Problem;

/** The real {@code kb/ticket-patterns.yaml} on text as users paste it into tickets. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class TicketReaderTest {
    private static KnowledgeBase kb;

    @BeforeAll
    static void load() {
        kb = KbLoader.load(Path.of("kb"));
    }

    @Test
    void mstsc_dialog_gives_the_error_and_the_extended_code() {
        String ticket = mstscDialog();

        TicketReading reading = TicketReader.read(kb, ticket);

        assertThat(reading.errorCode()).isEqualTo("0x904");
        assertThat(reading.extendedCode()).isEqualTo("0x7");
        assertThat(reading.evidence())
                .containsExactly(
                        evidence(
                                "message",
                                "cannot-connect-generic",
                                "Remote Desktop can't connect to the remote computer"));
    }

    @Test
    void the_extended_code_goes_with_the_error_code_its_dialog_shows_it_beside() {
        String ticket =
                "User B: Error code: 0x112f\n"
                        + "User A: Error code: 0x904 Extended error code: 0x7";

        TicketReading reading = TicketReader.read(kb, ticket);

        assertThat(reading.errorCode()).isEqualTo("0x904");
        assertThat(reading.extendedCode()).isEqualTo("0x7");
        assertThat(reading.otherErrorCodes()).containsExactly("0x112f");
    }

    @Test
    void a_second_error_code_of_another_value_is_listed_apart_and_the_same_one_in_decimal_is_not() {
        String ticket =
                mstscDialog()
                        + "\nSecond try from home: Error code: 0x204 Extended error code: 0x0"
                        + "\nClient log: disconnected (Reason= 2308)";

        TicketReading reading = TicketReader.read(kb, ticket);

        assertThat(reading.errorCode()).isEqualTo("0x904");
        assertThat(reading.extendedCode()).isEqualTo("0x7");
        assertThat(reading.otherErrorCodes()).containsExactly("0x204");
        assertThat(TicketReader.read(kb, mstscDialog()).otherErrorCodes()).isEmpty();
    }

    @Test
    void each_other_error_code_keeps_the_extended_code_written_after_it_and_before_the_next() {
        String ticket =
                "Anna: Error code: 0x904 Extended error code: 0x7\n"
                        + "Bob: Error code: 0x3 Extended error code: 0x5\n"
                        + "Carl: Error code: 0x204\n"
                        + "Dora: Error code: 0x112f\nExtended error code: 0x0\n"
                        + "Remmina: ERRCONNECT_CONNECT_TRANSPORT_FAILED [0x0002000D]"
                        + " Extended error code: 0x9";

        TicketReading reading = TicketReader.read(kb, ticket);

        assertThat(reading.errorCode()).isEqualTo("0x904");
        assertThat(reading.extendedCode()).isEqualTo("0x7");
        assertThat(reading.otherErrorCodes())
                .containsExactly("0x3", "0x204", "0x112f", "0x0002000D");
        assertThat(reading.otherExtendedCodes())
                .as("none for Carl, whose line has none, nor beside FreeRDP's whole report")
                .containsExactly(entry("0x3", "0x5"), entry("0x112f", "0x0"));
        assertThat(
                        TicketReader.read(
                                        kb,
                                        "Home: Error code: 0x204 Extended error code: 0x0\n"
                                                + "Office, written down: error code 2308\n"
                                                + "Office again: Error code: 0x904 Extended error"
                                                + " code: 0x7")
                                .otherExtendedCodes())
                .as("one error named twice, in two forms, keeps the pair of either place")
                .containsExactly(entry("2308", "0x7"));
    }

    @Test
    void extended_error_code_alone_is_not_taken_as_the_error_code() {
        String ticket = "user says the window showed Extended error code: 0x7 and nothing else";

        TicketReading reading = TicketReader.read(kb, ticket);

        assertThat(reading.errorCode()).isNull();
        assertThat(reading.extendedCode()).isEqualTo("0x7");
    }

    @Test
    void credssp_dialog_gives_the_credssp_message_with_the_phrase_as_detail() {
        String ticket = credSspDialog();

        TicketReading reading = TicketReader.read(kb, ticket);

        assertThat(reading.evidence())
                .containsExactly(
                        evidence(
                                "message",
                                "credssp-oracle",
                                "CredSSP encryption oracle remediation"));
        assertThat(reading.errorCode()).isNull();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "This could be due to CredSSP\r\n   encryption oracle remediation.",
                "This could be due to CredSSP\tencryption oracle remediation."
            })
    void a_phrase_the_ticket_wraps_across_lines_or_splits_with_a_tab_reads_as_one_line(
            String ticket) {
        TicketReading reading = TicketReader.read(kb, ticket);

        assertThat(reading.evidence())
                .containsExactly(
                        evidence(
                                "message",
                                "credssp-oracle",
                                "CredSSP encryption oracle remediation"));
    }

    @Test
    void specific_message_wins_over_the_generic_one() {
        String ticket =
                "Remote Desktop can't connect to the remote computer.\n"
                        + "An internal error has occurred.";

        TicketReading reading = TicketReader.read(kb, ticket);

        assertThat(reading.evidence())
                .extracting(Event.EvidenceAdded::kind, Event.EvidenceAdded::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("message", "internal-error"));
    }

    @Test
    void protocol_error_dialog_gives_the_protocol_error_message() {
        String ticket =
                "Remote Desktop Connection\n"
                        + "Because of a protocol error, this session will be disconnected. Please try"
                        + " connecting to the remote computer again.";

        TicketReading reading = TicketReader.read(kb, ticket);

        assertThat(reading.evidence())
                .containsExactly(
                        evidence("message", "protocol-error", "Because of a protocol error"));
    }

    @Test
    void schannel_event_paste_gives_its_event_id_and_no_error_code() {
        String ticket = schannelEvent();

        TicketReading reading = TicketReader.read(kb, ticket);

        assertThat(reading.evidence())
                .containsExactly(evidence("event-id", "36870", "Event ID:      36870"));
        assertThat(reading.errorCode()).isNull();
        assertThat(reading.extendedCode()).isNull();
    }

    @Test
    void every_number_of_a_list_of_event_ids_is_read() {
        for (String ticket :
                List.of(
                        "System log shows Event IDs 1057 and 36870 since the update",
                        "events 1057, 36870 keep coming back",
                        "Event ID 1057 / 36870")) {
            TicketReading reading = TicketReader.read(kb, ticket);

            assertThat(reading.evidence())
                    .as(ticket)
                    .extracting(Event.EvidenceAdded::kind, Event.EvidenceAdded::value)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple("event-id", "1057"),
                            org.assertj.core.groups.Tuple.tuple("event-id", "36870"));
        }
    }

    @Test
    void a_list_of_numbers_not_after_the_word_event_yields_nothing() {
        TicketReading reading =
                TicketReader.read(kb, "tickets 1057 and 36870 were closed by mistake");

        assertThat(reading.evidence()).isEmpty();
    }

    @Test
    void number_not_written_as_an_event_id_yields_nothing() {
        String ticket = "Re: ticket 36870 - user cannot RDP to the file server since Monday";

        TicketReading reading = TicketReader.read(kb, ticket);

        assertThat(reading)
                .isEqualTo(new TicketReading(null, null, List.of(), List.of(), null, Map.of()));
    }

    @Test
    void
            a_renewal_that_could_not_reach_its_key_is_read_from_its_status_and_another_status_is_not() {
        String denied =
                """
                Event ID: 1058
                The RD Session Host Server has failed to replace the expired self signed
                certificate used for RD Session Host Server authentication on SSL connections.
                The relevant status code was Access is denied.
                """;

        TicketReading keyAccess = TicketReader.read(kb, denied);
        String exists = denied.replace("Access is denied", "Object already exists");
        TicketReading objectExists = TicketReader.read(kb, exists);
        TicketReading existsThenAnotherDenied =
                TicketReader.read(
                        kb,
                        exists
                                + "\nSource: Microsoft-Windows-GroupPolicy\nEvent ID: 1058\n"
                                + "ErrorDescription: Access is denied.\n");

        assertThat(keyAccess.evidence())
                .extracting(Event.EvidenceAdded::kind, Event.EvidenceAdded::value)
                .contains(
                        org.assertj.core.groups.Tuple.tuple(
                                "certificate-renewal-status", "key-access"));
        assertThat(objectExists.evidence())
                .extracting(Event.EvidenceAdded::kind)
                .doesNotContain("certificate-renewal-status")
                .contains("event-id");
        assertThat(existsThenAnotherDenied.evidence())
                .extracting(Event.EvidenceAdded::kind)
                .doesNotContain("certificate-renewal-status");
    }

    @Test
    void an_event_id_another_windows_provider_logged_is_not_read_as_the_rdp_event() {
        String groupPolicy =
                """
                Log Name:      System
                Source:        Microsoft-Windows-GroupPolicy
                Event ID:      1058
                Description:
                The processing of Group Policy failed. Windows attempted to read the file \
                \\\\corp.local\\SysVol\\corp.local\\Policies\\{31B2F340}\\gpt.ini.
                """;
        String xml =
                "<System><Provider Name='Microsoft-Windows-GroupPolicy' Guid='{aea1b4fa}' />"
                        + "<EventID>1006</EventID></System>";
        String formatList =
                """
                EventID : 1058
                Source  : Microsoft-Windows-GroupPolicy
                Message : The processing of Group Policy failed.
                """;
        String logSearch = "EventCode=1006 SourceName=Microsoft-Windows-GroupPolicy Type=Error";

        for (String ticket : List.of(groupPolicy, xml, formatList, logSearch)) {
            assertThat(TicketReader.read(kb, ticket).evidence()).as(ticket).isEmpty();
        }
    }

    @Test
    void each_event_id_is_read_with_the_provider_of_its_own_record() {
        String sourceBefore =
                """
                Source:        GroupPolicy (Microsoft-Windows-GroupPolicy)
                Event ID:      1058
                The processing of Group Policy failed.

                Source:        TerminalServices-RemoteConnectionManager
                EventID=1058
                """;
        String sourceAfter =
                """
                EventID : 1058
                Source  : Microsoft-Windows-GroupPolicy
                Message : The processing of Group Policy failed.

                EventID : 1006
                Source  : Microsoft-Windows-TerminalServices-RemoteConnectionManager
                Message : The RD Session Host Server has received large number of incomplete \
                connections.
                """;
        String ticketField = "Source: Email\nUser reports Event ID 1058 on the RDS host.";

        assertThat(TicketReader.read(kb, sourceBefore).evidence())
                .containsExactly(evidence("event-id", "1058", "EventID=1058"));
        assertThat(TicketReader.read(kb, sourceAfter).evidence())
                .containsExactly(evidence("event-id", "1006", "EventID : 1006"));
        assertThat(TicketReader.read(kb, ticketField).evidence())
                .containsExactly(evidence("event-id", "1058", "Event ID 1058"));
    }

    @Test
    void many_event_ids_after_another_provider_are_read_within_the_time_a_pattern_has() {
        String ticket = "Source: Microsoft-Windows-GroupPolicy " + "Event ID 1058; ".repeat(6_600);

        assertThat(TicketReader.read(kb, ticket).errorCode()).isNull();
    }

    @Test
    void listener_and_certificate_chain_events_are_read_by_their_numbers() {
        String ticket =
                "Event ID: 261 Listener RDP-Tcp received a connection\n"
                        + "EventID=1006 many incomplete connections overnight\n"
                        + "Source: Schannel, event 36872 at 09:02";

        TicketReading reading = TicketReader.read(kb, ticket);

        assertThat(reading.evidence())
                .containsExactly(
                        evidence("event-id", "261", "Event ID: 261"),
                        evidence("event-id", "1006", "EventID=1006"),
                        evidence("event-id", "36872", "event 36872"));
    }

    @Test
    void freerdp_last_errors_are_error_codes_the_first_for_the_session() {
        String ticket =
                "User on Ubuntu, Remmina fails. Last error code: 0x0002000D\n"
                        + freeRdpLog("ERRCONNECT_CONNECT_TRANSPORT_FAILED [0x0002000D]")
                        + freeRdpLog("ERRCONNECT_SECURITY_NEGO_CONNECT_FAILED [0x0002000C]")
                        + freeRdpLog("ERRCONNECT_LOGON_FAILURE [0x00020014]")
                        + "he also wrote error code 0x00010007 from an older attempt";

        TicketReading reading = TicketReader.read(kb, ticket);

        assertThat(reading)
                .isEqualTo(
                        new TicketReading(
                                "0x0002000D",
                                null,
                                List.of(evidence("client-software", "freerdp", "com.freerdp.")),
                                List.of("0x0002000C", "0x00020014"),
                                null,
                                Map.of()));
    }

    @Test
    void freerdp_server_reason_is_read_as_its_whole_code() {
        String ticket = freeRdpLog("ERRINFO_SERVER_INSUFFICIENT_PRIVILEGES [0x00010009]");

        TicketReading reading = TicketReader.read(kb, ticket);

        assertThat(reading.errorCode()).isEqualTo("0x00010009");
        assertThat(reading.extendedCode()).isNull();
    }

    @Test
    void a_dialogs_extended_code_is_not_paired_with_a_freerdp_reason_it_contradicts() {
        String both =
                freeRdpLog("ERRINFO_SERVER_INSUFFICIENT_PRIVILEGES [0x00010009]")
                        + "\nOn the old laptop: Extended error code: 0x7";
        String agreeing =
                freeRdpLog("ERRINFO_SERVER_INSUFFICIENT_PRIVILEGES [0x00010009]")
                        + "\nExtended error code: 0x9";

        assertThat(TicketReader.read(kb, both).errorCode()).isEqualTo("0x00010009");
        assertThat(TicketReader.read(kb, both).extendedCode()).isNull();
        assertThat(TicketReader.read(kb, both).setAsideExtendedCode()).isEqualTo("0x7");
        assertThat(TicketReader.read(kb, agreeing).extendedCode()).isEqualTo("0x9");
        assertThat(TicketReader.read(kb, agreeing).setAsideExtendedCode()).isNull();
    }

    @Test
    void a_dialogs_extended_code_is_not_paired_with_freerdps_own_connection_error() {
        String ticket =
                freeRdpLog("ERRCONNECT_TLS_CONNECT_FAILED [0x00020008]")
                        + "\nOn the old laptop: Extended error code: 0x7";

        TicketReading reading = TicketReader.read(kb, ticket);

        assertThat(reading.errorCode()).isEqualTo("0x00020008");
        assertThat(reading.extendedCode()).isNull();
        assertThat(reading.setAsideExtendedCode()).isEqualTo("0x7");
    }

    @Test
    void a_freerdp_connection_error_named_alone_or_with_its_code_is_that_code() {
        TicketReading named = TicketReader.read(kb, "xfreerdp said ERRCONNECT_TLS_CONNECT_FAILED");
        TicketReading coded =
                TicketReader.read(kb, freeRdpLog("ERRCONNECT_TLS_CONNECT_FAILED [0x00020008]"));

        assertThat(named.errorCode()).isEqualTo("0x00020008");
        assertThat(coded.errorCode()).isEqualTo("0x00020008");
        assertThat(List.of(named, coded))
                .as("the code's row gives the evidence: read twice, one line would count twice")
                .flatExtracting(TicketReading::evidence)
                .extracting(Event.EvidenceAdded::kind)
                .doesNotContain("tls-handshake");
        assertThat(
                        TicketReader.read(
                                        kb,
                                        "connection failed: errconnect_connect_transport_failed")
                                .errorCode())
                .as("any case")
                .isEqualTo("0x0002000D");
    }

    @Test
    void a_connection_error_name_the_table_lacks_is_no_code_and_a_dialogs_code_comes_first() {
        TicketReading unknown = TicketReader.read(kb, "ERRCONNECT_NO_SUCH_FAILURE, then it quit");
        TicketReading both =
                TicketReader.read(
                        kb, "Error code: 0x904\nlater xfreerdp said ERRCONNECT_TLS_CONNECT_FAILED");

        assertThat(unknown.errorCode()).isNull();
        assertThat(both.errorCode()).isEqualTo("0x904");
        assertThat(both.otherErrorCodes()).containsExactly("0x00020008");
        assertThat(both.evidence())
                .as("another report's failed TLS handshake is not the dialog's")
                .extracting(Event.EvidenceAdded::kind)
                .doesNotContain("tls-handshake");
    }

    @Test
    void freerdps_printout_of_a_servers_reason_gives_its_last_error_and_says_the_client() {
        TicketReading reading =
                TicketReader.read(
                        kb,
                        "[16:12:02:512] [4711:4712] [INFO][com.freerdp.core] -"
                                + " ERRINFO_IDLE_TIMEOUT (0x00000003):The idle session limit timer"
                                + " on the server has elapsed.");
        TicketReading unknown = TicketReader.read(kb, "ERRINFO_NO_SUCH_REASON (0x00000003):");

        assertThat(reading.errorCode()).isEqualTo("0x00010003");
        assertThat(reading.evidence())
                .extracting(e -> e.kind() + "=" + e.value())
                .contains("client-software=freerdp");
        assertThat(unknown.errorCode()).isNull();
    }

    @Test
    void
            freerdps_own_output_says_the_client_is_built_on_freerdp_and_a_bare_errinfo_name_does_not() {
        for (String ticket :
                List.of(
                        "xfreerdp: ERRCONNECT_CONNECT_TRANSPORT_FAILED",
                        "Remmina: ERRINFO_SERVER_DENIED_CONNECTION [0x00010007]",
                        "[WARN][com.freerdp.crypto] - certificate not trusted")) {
            assertThat(TicketReader.read(kb, ticket).evidence())
                    .as(ticket)
                    .extracting(e -> e.kind() + "=" + e.value())
                    .contains("client-software=freerdp");
        }
        assertThat(
                        TicketReader.read(
                                        kb,
                                        "the spec calls extended 0x7 ERRINFO_SERVER_DENIED_CONNECTION")
                                .evidence())
                .isEmpty();
    }

    @Test
    void client_event_log_reason_gives_the_decimal_error_code() {
        String ticket =
                "Log Name: Microsoft-Windows-TerminalServices-RDPClient/Operational\n"
                        + "Event ID: 1026\n"
                        + "RDP ClientActiveX has been disconnected (Reason= 2308)";

        TicketReading reading = TicketReader.read(kb, ticket);

        assertThat(reading.errorCode()).isEqualTo("2308");
        assertThat(reading.evidence()).isEmpty();
    }

    @Test
    void reason_code_written_out_gives_the_error_code() {
        String ticket = "the client log says reason code 2308 every time";

        TicketReading reading = TicketReader.read(kb, ticket);

        assertThat(reading.errorCode()).isEqualTo("2308");
    }

    @Test
    void nla_domain_controller_message_says_the_host_requires_nla() {
        String ticket =
                "The remote computer requires Network Level Authentication, but your Windows"
                        + " domain controller cannot be contacted to perform NLA.";

        TicketReading reading = TicketReader.read(kb, ticket);

        assertThat(reading.evidence())
                .extracting(Event.EvidenceAdded::kind, Event.EvidenceAdded::value)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("message", "lsa-unreachable"),
                        org.assertj.core.groups.Tuple.tuple("nla", "required"));
    }

    @Test
    void text_beyond_the_limit_is_not_read() {
        String ticket = " ".repeat(TicketReader.MAX_TEXT_LENGTH) + "Error code: 0x904";

        TicketReading reading = TicketReader.read(kb, ticket);

        assertThat(reading.errorCode()).isNull();
    }

    @Test
    void a_pattern_that_backtracks_for_minutes_is_stopped_and_named_at_its_line(@TempDir Path dir) {
        int line = BrokenFixture.withTicketPattern(dir, "(x+x+)+y");

        Problem problem = runawayProblem(dir, "x".repeat(5_000));

        assertThat(problem.file()).isEqualTo(Problem.shown(dir.resolve("kb/ticket-patterns.yaml")));
        assertThat(problem.line()).isEqualTo(line);
        assertThat(problem.message())
                .startsWith(
                        "ticket pattern 'runaway' was stopped after 500 ms on a ticket of 5000"
                                + " characters: a repetition of alternatives or of another"
                                + " repetition");
    }

    @Test
    void a_ticket_of_spaces_after_the_words_the_patterns_look_for_is_read_without_stopping() {
        List<String> words =
                List.of(
                        "Event",
                        "Event ID",
                        "Error code",
                        "Extended error code",
                        "reason code",
                        "requires network level authentication",
                        "ERRINFO_SERVER_DENIED_CONNECTION",
                        "ERRCONNECT_TLS_CONNECT_FAILED");

        for (String word : words) {
            String ticket = word + " ".repeat(5_000) + "x";

            assertThatCode(() -> TicketReader.read(kb, ticket)).as(word).doesNotThrowAnyException();
        }
    }

    @Test
    void a_pattern_that_recurses_through_a_long_ticket_is_named_not_a_stack_overflow(
            @TempDir Path dir) {
        BrokenFixture.withTicketPattern(dir, "(a|aa)+$");

        Problem problem = runawayProblem(dir, "a".repeat(TicketReader.MAX_TEXT_LENGTH - 1) + "!");

        assertThat(problem.message())
                .startsWith(
                        "ticket pattern 'runaway' ran out of stack on a ticket of 100000"
                                + " characters");
    }

    private static Problem runawayProblem(Path dir, String ticket) {
        KnowledgeBase runaway = KbLoader.load(dir.resolve("kb"));
        InvalidKnowledgeException e =
                catchThrowableOfType(
                        InvalidKnowledgeException.class, () -> TicketReader.read(runaway, ticket));
        assertThat(e).as("reading the ticket must fail").isNotNull();
        assertThat(e.problems()).hasSize(1);
        return e.problems().get(0);
    }

    @Test
    void credssp_ticket_diagnoses_without_asking_for_the_message() {
        TicketReading reading = TicketReader.read(kb, credSspDialog());
        List<Event> events = new ArrayList<>();
        events.add(new Event.Started("0x904", "0x7", null, null, null));
        events.addAll(reading.evidence());

        try (Diagnosis diagnosis = Diagnosis.replay(Fixtures.real(), events)) {
            DiagnosisState state = diagnosis.state();

            assertThat(Fixtures.answers(state)).contains("error-message=credssp-oracle (ticket)");
            assertThat(state.status()).isEqualTo(DiagnosisState.Status.DIAGNOSED);
            assertThat(state.leadingCause()).isEqualTo("credssp-oracle-mismatch");
        }
    }

    private static String mstscDialog() {
        return """
                Remote Desktop Connection
                Remote Desktop can't connect to the remote computer for one of these reasons:
                1) Remote access to the server is not enabled
                2) The remote computer is turned off
                3) The remote computer is not available on the network

                Make sure the remote computer is turned on and connected to the network, and \
                that remote access is enabled.

                Error code: 0x904
                Extended error code: 0x7

                Timestamp (UTC): 2024-05-13 08:41:22 AM
                """;
    }

    private static String credSspDialog() {
        return """
                Remote Desktop Connection
                An authentication error has occurred.
                The function requested is not supported

                Remote computer: srv-app01.corp.example
                This could be due to CredSSP encryption oracle remediation.
                For more information, see https://go.microsoft.com/fwlink/?linkid=866660
                """;
    }

    /** A line of FreeRDP's log that sets its last error. */
    private static String freeRdpLog(String lastError) {
        return "[09:14:07:532] [48211:48212] [ERROR][com.freerdp.core] -"
                + " freerdp_set_last_error_ex "
                + lastError
                + "\n";
    }

    private static String schannelEvent() {
        return """
                Log Name:      System
                Source:        Schannel
                Date:          13/05/2024 09:02:11
                Event ID:      36870
                Task Category: None
                Level:         Error
                Description:
                A fatal error occurred when attempting to access the TLS server credential \
                private key. The error code returned from the cryptographic module is \
                0x8009030D. The internal error state is 10001.
                """;
    }

    private static Event.EvidenceAdded evidence(String kind, String value, String detail) {
        return new Event.EvidenceAdded(kind, value, "ticket", detail);
    }
}
