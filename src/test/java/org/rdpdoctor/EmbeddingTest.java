package org.rdpdoctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdpdoctor.engine.DiagnosisState;
import org.rdpdoctor.engine.Event;
import org.rdpdoctor.store.SessionCursor;
import org.rdpdoctor.store.SessionSummary;

/**
 * The embedding example of the README, using only the public facade: a ticketing system starts a
 * session from a ticket, answers what it knows, and reads the diagnosis, also after reopening.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class EmbeddingTest {
    private static final Map<String, String> KNOWN =
            Map.of(
                    "error-timing", "after-credentials",
                    "recent-updates", "client-only",
                    "tcp-port-test", "succeeds");

    @TempDir Path dir;

    @Test
    void a_ticketing_system_drives_a_session_to_a_diagnosis_and_reads_it_back() {
        String db = "jdbc:h2:file:" + dir.resolve("sessions");
        String id;
        DiagnosisState last;

        try (RdpDoctor doctor = RdpDoctor.open(Path.of("kb"), Path.of("rules"), db)) {
            SessionView session =
                    doctor.start(
                            new StartRequest(
                                    "0x904",
                                    "0x7",
                                    "rds01.example.test",
                                    "INC-42",
                                    null,
                                    "Since this morning: An authentication error has occurred. The function requested is not supported."
                                            + " This could be due to CredSSP encryption oracle remediation."));
            while (session.state().status() == DiagnosisState.Status.ASKING) {
                String question = session.state().nextQuestion().id();
                session =
                        doctor.apply(
                                session.id(),
                                new Event.Answered(
                                        question, KNOWN.getOrDefault(question, "unknown")));
            }
            id = session.id();
            last = session.state();
        }
        try (RdpDoctor reopened = RdpDoctor.open(Path.of("kb"), Path.of("rules"), db)) {
            SessionView again = reopened.session(id);

            assertThat(last.leadingCause()).isEqualTo("credssp-oracle-mismatch");
            assertThat(again.state()).isEqualTo(last);
            assertThat(reopened.sessionsOfTicket("INC-42"))
                    .extracting(s -> s.id())
                    .containsExactly(id);
            assertThat(reopened.transcript(id).markdown()).contains("INC-42").contains("0x904");
        }
    }

    @Test
    void a_ticketing_system_reads_every_session_a_page_at_a_time() {
        try (RdpDoctor doctor =
                RdpDoctor.open(
                        Path.of("kb"), Path.of("rules"), "jdbc:h2:file:" + dir.resolve("paged"))) {
            List<String> started = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                started.add(
                        doctor.start(new StartRequest("0x904", "0x7", null, "INC-" + i, null, null))
                                .id());
            }
            List<String> newestFirst =
                    doctor.sessions(null, 10, null).stream().map(SessionSummary::id).toList();

            List<String> read = new ArrayList<>();
            List<SessionSummary> page = doctor.sessions(null, 2, null);
            while (!page.isEmpty()) {
                page.forEach(s -> read.add(s.id()));
                page = doctor.sessions(null, 2, SessionCursor.after(page.get(page.size() - 1)));
            }

            assertThat(newestFirst).containsExactlyInAnyOrderElementsOf(started);
            assertThat(read).containsExactlyElementsOf(newestFirst);
            assertThat(doctor.sessions("INC-3", 2, null))
                    .extracting(SessionSummary::id)
                    .containsExactly(started.get(3));
        }
    }
}
