package org.rdpdoctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdpdoctor.engine.DiagnosisState;
import org.rdpdoctor.engine.Event;
import org.rdpdoctor.engine.InvalidEventException;
import org.rdpdoctor.engine.RuleBase;
import org.rdpdoctor.kb.BrokenFixture;
import org.rdpdoctor.store.JdbcSessionStore;
import org.rdpdoctor.store.RacingStore;
import org.rdpdoctor.store.SessionStatus;
import org.rdpdoctor.store.SessionStore;
import org.rdpdoctor.store.SessionSummary;

/** The facade as an embedder calls it, on the small knowledge base. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class RdpDoctorTest {
    private static RuleBase rules;
    private RdpDoctor doctor;

    @BeforeAll
    static void compile() {
        Path small = Path.of("src/test/resources/small");
        rules = RuleBase.load(small.resolve("kb"), small.resolve("rules"));
    }

    @BeforeEach
    void open() {
        doctor =
                new RdpDoctor(
                        rules,
                        JdbcSessionStore.open(
                                "jdbc:h2:mem:doctor-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                                null,
                                null));
    }

    @AfterEach
    void close() {
        doctor.close();
    }

    @Test
    void a_caller_cannot_change_the_next_question_that_later_readers_of_the_session_see() {
        SessionView started = doctor.start(StartRequest.of("0x904", "0x7"));
        DiagnosisState.NextQuestion next = started.state().nextQuestion();
        int options = next.options().size();

        assertThatThrownBy(() -> next.options().clear())
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> next.why().effects().clear())
                .isInstanceOf(UnsupportedOperationException.class);
        DiagnosisState.NextQuestion again = doctor.session(started.id()).state().nextQuestion();
        assertThat(again.options()).hasSize(options);
        assertThat(again.why().effects()).isNotEmpty();
    }

    @Test
    void applying_no_events_writes_nothing_and_leaves_an_abandoned_session_abandoned() {
        SessionView abandoned = doctor.abandon(doctor.start(StartRequest.of("0x904", "0x7")).id());

        SessionView after = doctor.applyAll(abandoned.id(), List.of(), null);

        assertThat(after.status()).isEqualTo(SessionStatus.ABANDONED);
        assertThat(after.updatedAt()).isEqualTo(abandoned.updatedAt());
        assertThat(after.eventCount()).isEqualTo(abandoned.eventCount());
    }

    @Test
    void an_answer_sent_again_is_stored_once_and_a_changed_one_each_time() {
        String id = doctor.start(StartRequest.of("0x904", "0x7")).id();
        SessionView first = doctor.apply(id, new Event.Answered("timing", "before-credentials"));

        SessionView again = doctor.apply(id, new Event.Answered("timing", "before-credentials"));
        SessionView listed =
                doctor.applyAll(
                        id,
                        List.of(
                                new Event.Answered("timing", "after-credentials"),
                                new Event.Answered("timing", "after-credentials")),
                        null);
        SessionView back = doctor.apply(id, new Event.Answered("timing", "before-credentials"));

        assertThat(again.eventCount()).isEqualTo(first.eventCount());
        assertThat(again.updatedAt()).isEqualTo(first.updatedAt());
        assertThat(again.events()).hasSize(first.eventCount());
        assertThat(listed.eventCount()).isEqualTo(first.eventCount() + 1);
        assertThat(back.eventCount()).isEqualTo(first.eventCount() + 2);
        assertThat(back.state().questionsAsked()).isEqualTo(1);
    }

    @Test
    void an_answer_without_an_option_is_refused_naming_the_field() {
        String id = doctor.start(StartRequest.of("0x904", "0x7")).id();

        assertThatThrownBy(() -> doctor.apply(id, new Event.Answered("timing", null)))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("optionId");
    }

    @Test
    void a_list_longer_than_a_session_holds_is_refused_before_any_event_is_applied() {
        String id = doctor.start(StartRequest.of("0x904", "0x7")).id();
        List<Event> events =
                Collections.nCopies(
                        RdpDoctor.MAX_EVENTS + 1,
                        new Event.Answered("timing", "before-credentials"));

        assertThatThrownBy(() -> doctor.applyAll(id, events, null))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("this adds 1,001, more than the 1,000 a session takes");
        assertThat(doctor.session(id).eventCount()).isEqualTo(1);
    }

    @Test
    void the_transcript_carries_the_host_the_notes_and_the_answers_the_evidence_gave() {
        SessionView started =
                doctor.start(
                        new StartRequest(
                                "0x904",
                                "0x7",
                                "rds01",
                                "INC-5",
                                "user on VPN\nsince Monday",
                                null));
        doctor.apply(
                started.id(),
                new Event.EvidenceAdded("tcp-connect", "refused", "probe", "RST in 1 ms"));

        Transcript transcript = doctor.transcript(started.id());

        assertThat(transcript.diagnosis())
                .isEqualTo(doctor.session(started.id()).state().status().id());
        assertThat(transcript.markdown().lines())
                .contains("- Status: " + transcript.statusText())
                .contains("- Outcome: " + transcript.outcome())
                .contains("- Host: rds01")
                .contains("> user on VPN", "> since Monday")
                .contains("No questions answered by hand.")
                .anySatisfy(line -> assertThat(line).startsWith("- ").endsWith("** (from probe)"))
                .doesNotContain("No questions answered.");
    }

    @Test
    void evidence_the_user_reported_answers_as_evidence_not_as_the_users_own_answer() {
        String id = doctor.start(StartRequest.of("0x904", "0x7")).id();
        doctor.apply(id, new Event.EvidenceAdded("tcp-connect", "open", "user", null));
        doctor.apply(id, new Event.Answered("timing", "before-credentials"));

        List<DiagnosisState.AnswerView> answers = doctor.session(id).state().answers();

        assertThat(answers)
                .extracting(
                        DiagnosisState.AnswerView::questionId,
                        DiagnosisState.AnswerView::source,
                        DiagnosisState.AnswerView::fromEvidence)
                .containsExactlyInAnyOrder(
                        tuple("timing", "user", false), tuple("tcp-test", "user", true));
        assertThat(doctor.transcript(id).markdown())
                .contains("### Answers the evidence gave")
                .contains("**It succeeds** (from user)");
        assertThatThrownBy(() -> doctor.apply(id, new Event.Withdrawn("tcp-test")))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("evidence answers it, and answering the question replaces");
    }

    @Test
    void a_ticket_reference_with_a_line_break_is_refused_naming_the_field() {
        StartRequest request =
                new StartRequest("0x904", "0x7", null, "INC-1\n# forged", null, null);

        assertThatThrownBy(() -> doctor.start(request))
                .isInstanceOf(InvalidEventException.class)
                .hasMessage(
                        "ticketRef: must be one line, without control characters such as line breaks or tabs");
        assertThat(doctor.recentSessions(10)).isEmpty();
    }

    @Test
    void a_ticket_reference_that_would_show_reversed_is_refused_naming_the_field() {
        StartRequest overridden =
                new StartRequest("0x904", "0x7", null, "INC-\u202e1234", null, null);
        StartRequest isolated = new StartRequest("0x904", "0x7", null, "INC-\u20661", null, null);

        assertThatThrownBy(() -> doctor.start(overridden))
                .isInstanceOf(InvalidEventException.class)
                .hasMessage(
                        "ticketRef: must not contain U+202E, a bidirectional formatting character"
                                + " that shows the text in another order than it was written");
        assertThatThrownBy(() -> doctor.start(isolated))
                .hasMessageStartingWith("ticketRef: must not contain U+2066");
        assertThat(doctor.start(new StartRequest("0x904", "0x7", null, "תקלה-12", null, null)))
                .satisfies(v -> assertThat(v.ticketRef()).isEqualTo("תקלה-12"));
        assertThat(doctor.recentSessions(10)).hasSize(1);
    }

    @Test
    void
            a_padded_ticket_reference_is_stored_trimmed_and_found_by_the_ticket_as_the_api_stores_it() {
        StartRequest padded =
                new StartRequest("0x904", null, " rds01 ", " J-1 ", " seen twice ", null);

        SessionView session = doctor.start(padded);

        assertThat(session.ticketRef()).isEqualTo("J-1");
        assertThat(session.events().get(0).event())
                .isEqualTo(new Event.Started("0x904", null, "rds01", "J-1", "seen twice", null));
        assertThat(doctor.sessionsOfTicket("J-1"))
                .extracting(SessionSummary::id)
                .containsExactly(session.id());
        assertThat(doctor.sessionsOfTicket(" J-1 "))
                .as("looked up with the padding it was given")
                .extracting(SessionSummary::id)
                .containsExactly(session.id());
    }

    @Test
    void a_blank_host_ticket_reference_and_notes_are_stored_as_none() {
        StartRequest blank = new StartRequest("0x904", null, "", " ", "", "");

        SessionView session = doctor.start(blank);

        assertThat(session.events().get(0).event())
                .isEqualTo(new Event.Started("0x904", null, null, null, null, null));
    }

    @Test
    void a_retry_whose_ticket_reference_is_padded_otherwise_gets_the_session_its_key_started() {
        IdempotencyKey key = new IdempotencyKey("J-1-start");
        StartedSession first =
                doctor.start(new StartRequest("0x904", null, null, " J-1 ", null, null), key);

        StartedSession retry =
                doctor.start(new StartRequest("0x904", null, null, "J-1", null, null), key);

        assertThat(retry.replayed()).isTrue();
        assertThat(retry.session().id()).isEqualTo(first.session().id());
    }

    @Test
    void a_host_with_an_escape_character_is_refused_naming_the_field() {
        StartRequest request =
                new StartRequest("0x904", "0x7", "rds\u001b[31m01", null, null, null);

        assertThatThrownBy(() -> doctor.start(request))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageStartingWith("host: must be one line");
    }

    @Test
    void
            a_ticket_reference_longer_than_its_column_is_refused_as_bad_input_not_as_a_database_failure() {
        StartRequest request = new StartRequest("0x904", "0x7", null, "T".repeat(201), null, null);

        assertThatThrownBy(() -> doctor.start(request))
                .isInstanceOf(InvalidEventException.class)
                .hasMessage("ticketRef: longer than 200 characters (201 given)");
    }

    @Test
    void notes_of_megabytes_are_refused_naming_the_field() {
        StartRequest request =
                new StartRequest("0x904", "0x7", null, null, "x".repeat(5_000_000), null);

        assertThatThrownBy(() -> doctor.start(request))
                .isInstanceOf(InvalidEventException.class)
                .hasMessage("notes: longer than 100,000 characters (5,000,000 given)");
    }

    @Test
    void a_ticket_reference_with_the_nul_character_is_refused_naming_the_field() {
        StartRequest request = new StartRequest("0x904", "0x7", null, "INC\u0000", null, null);

        assertThatThrownBy(() -> doctor.start(request))
                .isInstanceOf(InvalidEventException.class)
                .hasMessage("ticketRef: must not contain the NUL character (U+0000)");
    }

    @Test
    void an_evidence_detail_of_megabytes_is_refused_and_nothing_is_stored() {
        SessionView session = doctor.start(StartRequest.of("0x904", "0x7"));
        Event huge = new Event.EvidenceAdded("tcp-connect", "open", "probe", "x".repeat(2_001));

        assertThatThrownBy(() -> doctor.apply(session.id(), huge))
                .isInstanceOf(InvalidEventException.class)
                .hasMessage("detail: longer than 2,000 characters (2,001 given)");
        assertThat(doctor.session(session.id()).eventCount()).isEqualTo(session.eventCount());
    }

    @Test
    void
            an_evidence_detail_that_would_forge_a_line_or_show_reversed_is_refused_as_the_api_refuses_it() {
        SessionView session = doctor.start(StartRequest.of("0x904", "0x7"));
        Event forged =
                new Event.EvidenceAdded("tcp-connect", "open", "user", "ok\n- Status: solved");
        Event reversed = new Event.EvidenceAdded("tcp-connect", "open", "user", "ok\u202eevil");

        assertThatThrownBy(() -> doctor.apply(session.id(), forged))
                .isInstanceOf(InvalidEventException.class)
                .hasMessage(
                        "detail: must be one line, without control characters such as line breaks or tabs");
        assertThatThrownBy(() -> doctor.apply(session.id(), reversed))
                .hasMessageStartingWith("detail: must not contain U+202E");
        assertThatThrownBy(
                        () ->
                                doctor.apply(
                                        session.id(),
                                        new Event.EvidenceAdded(
                                                "tcp-connect", "open", "user", "ok\u2028forged")))
                .hasMessageStartingWith("detail: must be one line");
        assertThat(doctor.session(session.id()).eventCount()).isEqualTo(session.eventCount());
    }

    @Test
    void an_id_of_megabytes_is_refused_by_its_length_not_quoted_whole() {
        SessionView session = doctor.start(StartRequest.of("0x904", "0x7"));
        Event huge = new Event.Answered("q".repeat(5_000_000), "unknown");

        assertThatThrownBy(() -> doctor.apply(session.id(), huge))
                .isInstanceOf(InvalidEventException.class)
                .hasMessage("questionId: longer than 200 characters (5,000,000 given)");
        assertThatThrownBy(
                        () -> doctor.apply(session.id(), new Event.FixTried("fix\nforged", false)))
                .hasMessage(
                        "fixId: must be one line, without control characters such as line breaks"
                                + " or tabs");
        assertThat(doctor.session(session.id()).eventCount()).isEqualTo(session.eventCount());
    }

    @Test
    void a_null_argument_is_refused_naming_it() {
        String id = doctor.start(StartRequest.of("0x904", "0x7")).id();
        Event answer = new Event.Answered("timing", "unknown");

        assertThatThrownBy(() -> doctor.apply(null, answer)).hasMessage("id");
        assertThatThrownBy(() -> doctor.session(null)).hasMessage("id");
        assertThatThrownBy(() -> doctor.transcript(null)).hasMessage("id");
        assertThatThrownBy(() -> doctor.abandon(null)).hasMessage("id");
        assertThatThrownBy(() -> doctor.applyAll(id, null, null)).hasMessage("events");
        assertThatThrownBy(() -> doctor.start(null)).hasMessage("request");
        assertThatThrownBy(() -> doctor.analytics(null, Instant.now(), null)).hasMessage("from");
        assertThatThrownBy(() -> RdpDoctor.open(null, Path.of("rules"), null)).hasMessage("kb");
        assertThat(doctor.session(id).eventCount()).isEqualTo(1);
    }

    @Test
    void a_list_of_events_names_the_refused_event_by_its_place_and_stores_none() {
        SessionView session = doctor.start(StartRequest.of("0x904", "0x7"));
        List<Event> events =
                List.of(
                        new Event.EvidenceAdded("tcp-connect", "open", "probe", null),
                        new Event.Answered("timing", "tomorrow"));

        assertThatThrownBy(() -> doctor.applyAll(session.id(), events, null))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageStartingWith("events[1].optionId: 'tomorrow' is not an option");
        assertThat(doctor.session(session.id()).eventCount()).isEqualTo(session.eventCount());
    }

    @Test
    void a_session_stays_readable_when_the_knowledge_retires_what_it_recorded(@TempDir Path dir)
            throws IOException {
        SessionView session = doctor.start(StartRequest.of("0x904", "0x7"));
        doctor.apply(session.id(), new Event.Answered("timing", "after-credentials"));
        doctor.apply(session.id(), new Event.FixTried("allow-oracle", false));
        doctor.apply(session.id(), new Event.Withdrawn("timing"));
        doctor.replaceRules(
                renamedInSmall(
                        dir,
                        Map.of(
                                "after-credentials",
                                "after-sign-in",
                                "allow-oracle",
                                "allow-vulnerable-fallback")));

        SessionView read = doctor.session(session.id());
        SessionView continued =
                doctor.apply(session.id(), new Event.Answered("timing", "after-sign-in"));

        assertThat(read.state().leftOut())
                .extracting(l -> l.seq() + " " + l.field() + ": " + l.reason())
                .containsExactly(
                        "2 optionId: 'after-credentials' is not an option of 'timing'; options:"
                                + " [before-credentials, after-sign-in] or unknown",
                        "3 fixId: unknown fix 'allow-oracle'",
                        "4 questionId: 'timing' has no answer of the user's to withdraw");
        assertThat(continued.state().answers())
                .extracting(DiagnosisState.AnswerView::optionId)
                .containsExactly("after-sign-in");
        assertThat(doctor.transcript(session.id()).markdown())
                .contains(
                        "Tried fix: allow-oracle — **did not help** (no longer counts, the"
                                + " knowledge or the engine changed: fixId: unknown fix"
                                + " 'allow-oracle')");
    }

    @Test
    void a_session_solved_by_a_fix_the_knowledge_no_longer_has_reads_as_open(@TempDir Path dir)
            throws IOException {
        SessionView session = doctor.start(StartRequest.of("0x904", "0x7"));
        SessionView solved = doctor.apply(session.id(), new Event.FixTried("allow-oracle", true));
        doctor.replaceRules(
                renamedInSmall(dir, Map.of("allow-oracle", "allow-vulnerable-fallback")));

        SessionView read = doctor.session(session.id());
        String transcript = doctor.transcript(session.id()).markdown();
        SessionView abandoned = doctor.abandon(session.id());

        assertThat(solved.status()).isEqualTo(SessionStatus.SOLVED);
        assertThat(read.state().status()).isNotEqualTo(DiagnosisState.Status.SOLVED);
        assertThat(read.status()).isEqualTo(SessionStatus.OPEN);
        assertThat(transcript).contains("- Status: open, ");
        assertThat(abandoned.status()).isEqualTo(SessionStatus.ABANDONED);
        assertThat(doctor.sessions(null, 1, null).get(0).status())
                .isEqualTo(SessionStatus.ABANDONED);
    }

    /**
     * The small knowledge, copied into {@code dir} with each id renamed as {@code renames} says.
     */
    private static RuleBase renamedInSmall(Path dir, Map<String, String> renames)
            throws IOException {
        Path copy = BrokenFixture.copySmall(dir);
        try (Stream<Path> files = Files.walk(copy)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(file);
                for (Map.Entry<String, String> rename : renames.entrySet()) {
                    text = text.replace(rename.getKey(), rename.getValue());
                }
                Files.writeString(file, text);
            }
        }
        return RuleBase.load(copy.resolve("kb"), copy.resolve("rules"));
    }

    @Test
    void a_write_without_a_version_goes_on_top_of_what_another_server_wrote_meanwhile() {
        String url = "jdbc:h2:mem:shared-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        try (RdpDoctor other = new RdpDoctor(rules, JdbcSessionStore.open(url, null, null));
                SessionStore shared = JdbcSessionStore.open(url, null, null)) {
            AtomicBoolean raced = new AtomicBoolean();
            // Between this server's read and its first write, the other server answers the
            // session.
            SessionStore racing =
                    RacingStore.writingFirst(
                            shared,
                            id -> {
                                if (!raced.getAndSet(true)) {
                                    other.apply(
                                            id, new Event.Answered("client-platform", "modern"));
                                }
                            });
            RdpDoctor doctor = new RdpDoctor(rules, racing);
            SessionView session = doctor.start(StartRequest.of("0x904", "0x7"));

            SessionView answered =
                    doctor.apply(session.id(), new Event.Answered("timing", "before-credentials"));

            assertThat(raced).isTrue();
            assertThat(answered.events())
                    .extracting(e -> e.event().getClass().getSimpleName())
                    .containsExactly("Started", "Answered", "Answered");
        }
    }

    @Test
    void a_missing_extended_code_is_taken_from_a_ticket_that_names_the_same_error_code() {
        String ticket = "Error code: 0x904, Extended error code: 0x7";

        SessionView same = doctor.start(new StartRequest("2308", null, null, null, null, ticket));
        SessionView other = doctor.start(new StartRequest("0x204", null, null, null, null, ticket));

        assertThat(same.state().decoded().extended().hex()).isEqualTo("0x7");
        assertThat(other.state().decoded().extended())
                .as("0x7 belongs to the ticket's 0x904, not to the 0x204 typed")
                .isNull();
    }

    @Test
    void a_closed_doctor_says_it_is_closed_rather_than_that_the_database_failed() {
        SessionView session = doctor.start(StartRequest.of("0x904", "0x7"));

        doctor.close();

        assertThatThrownBy(() -> doctor.session(session.id()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("this RdpDoctor is closed; open a new one");
        assertThatThrownBy(() -> doctor.start(StartRequest.of("0x904", "0x7")))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void an_event_without_a_field_it_needs_says_the_field_is_missing() {
        String id = doctor.start(StartRequest.of("0x904", "0x7")).id();

        assertThatThrownBy(() -> doctor.apply(id, new Event.Answered(null, "unknown")))
                .hasMessage("questionId: missing");
        assertThatThrownBy(() -> doctor.apply(id, new Event.Answered("timing", " ")))
                .hasMessage("optionId: missing");
        assertThatThrownBy(() -> doctor.apply(id, new Event.FixTried(null, false)))
                .hasMessage("fixId: missing");
        assertThatThrownBy(
                        () -> doctor.apply(id, new Event.EvidenceAdded(null, "open", "user", null)))
                .hasMessage("kind: missing");
    }

    @Test
    void blank_codes_are_taken_from_the_ticket_text_as_missing_ones_are() {
        String ticket = "The dialog said: error code 0x204, extended error code 0x0";

        SessionView session = doctor.start(new StartRequest("", " ", null, null, null, ticket));

        assertThat(session.state().decoded().error().hex()).isEqualTo("0x204");
    }
}
