package org.rdpdoctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdpdoctor.engine.DiagnosisState;
import org.rdpdoctor.engine.Event;

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
}
