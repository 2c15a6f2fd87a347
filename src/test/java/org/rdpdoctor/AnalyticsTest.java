package org.rdpdoctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.rdpdoctor.engine.Event;
import org.rdpdoctor.engine.RuleBase;
import org.rdpdoctor.store.JdbcSessionStore;

/** Outcome analytics over sessions on the small knowledge base, whose rules are known exactly. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class AnalyticsTest {
    private RdpDoctor doctor;

    @BeforeEach
    void open() {
        Path small = Path.of("src/test/resources/small");
        doctor =
                new RdpDoctor(
                        RuleBase.load(small.resolve("kb"), small.resolve("rules")),
                        JdbcSessionStore.open(
                                "jdbc:h2:mem:analytics-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                                null,
                                null));
    }

    @AfterEach
    void close() {
        doctor.close();
    }

    @Test
    void causes_rules_and_questions_are_counted_from_the_recorded_sessions() {
        SessionView solved = doctor.start(StartRequest.of("0x904", "0x7"));
        doctor.apply(solved.id(), new Event.Answered("timing", "after-credentials"));
        doctor.apply(solved.id(), new Event.FixTried("patch-both", false));
        doctor.apply(solved.id(), new Event.FixTried("allow-oracle", true));
        SessionView dropped = doctor.start(StartRequest.of("0x904", "0x7"));
        doctor.apply(dropped.id(), new Event.Answered("timing", "unknown"));
        doctor.abandon(dropped.id());
        SessionView probed = doctor.start(StartRequest.of("0x204", null));
        doctor.apply(probed.id(), new Event.EvidenceAdded("tcp-connect", "refused", "probe", null));

        Analytics report = lastHour(null);

        assertThat(report.sessions()).isEqualTo(3);
        assertThat(report.solved()).isEqualTo(1);
        assertThat(report.abandoned()).isEqualTo(1);
        assertThat(report.causes())
                .filteredOn(c -> c.causeId().equals("credssp-mismatch"))
                .singleElement()
                .satisfies(
                        c -> {
                            assertThat(c.confirmed()).isEqualTo(1);
                            assertThat(c.fixesWorked()).isEqualTo(1);
                            assertThat(c.fixesFailed()).isEqualTo(1);
                        });
        assertThat(report.rules())
                .filteredOn(r -> r.rule().equals("Error after credentials points at CredSSP"))
                .singleElement()
                .satisfies(r -> assertThat(r.precision()).isEqualTo(1.0));
        assertThat(report.questions())
                .filteredOn(q -> q.questionId().equals("timing"))
                .singleElement()
                .satisfies(
                        q -> {
                            assertThat(q.asked()).isEqualTo(2);
                            assertThat(q.unknown()).isEqualTo(1);
                            assertThat(q.lastBeforeAbandon()).isEqualTo(1);
                        });
        assertThat(report.questions())
                .filteredOn(q -> q.questionId().equals("tcp-test"))
                .singleElement()
                .satisfies(q -> assertThat(q.answeredByEvidence()).isEqualTo(1));
    }

    @Test
    void a_fix_outcome_corrected_later_counts_once_as_corrected() {
        SessionView session = doctor.start(StartRequest.of("0x904", "0x7"));
        doctor.apply(session.id(), new Event.Answered("timing", "after-credentials"));
        doctor.apply(session.id(), new Event.FixTried("patch-both", true));
        doctor.apply(session.id(), new Event.FixTried("patch-both", false));

        Analytics report = lastHour(null);

        assertThat(report.causes())
                .filteredOn(c -> c.causeId().equals("credssp-mismatch"))
                .singleElement()
                .satisfies(
                        c -> {
                            assertThat(c.fixesWorked()).isZero();
                            assertThat(c.fixesFailed()).isEqualTo(1);
                        });
    }

    @Test
    void a_fix_corrected_to_working_counts_for_its_own_cause_not_for_the_one_leading_then() {
        SessionView session = doctor.start(StartRequest.of("0x904", "0x7"));
        doctor.apply(session.id(), new Event.Answered("timing", "after-credentials"));
        doctor.apply(session.id(), new Event.FixTried("patch-both", false));
        SessionView failed = doctor.apply(session.id(), new Event.FixTried("allow-oracle", false));
        doctor.apply(session.id(), new Event.FixTried("allow-oracle", true));

        Analytics report = lastHour(null);

        assertThat(failed.state().leadingCause()).isNotEqualTo("credssp-mismatch");
        assertThat(report.causes())
                .filteredOn(c -> c.causeId().equals("credssp-mismatch"))
                .singleElement()
                .satisfies(
                        c -> {
                            assertThat(c.fixesWorked()).isEqualTo(1);
                            assertThat(c.fixesFailed()).isEqualTo(1);
                        });
        assertThat(report.causes())
                .filteredOn(c -> !c.causeId().equals("credssp-mismatch"))
                .allSatisfy(
                        c -> {
                            assertThat(c.fixesWorked()).isZero();
                            assertThat(c.fixesFailed()).isZero();
                        });
    }

    @Test
    void fixes_reported_in_one_write_each_count_for_their_own_cause() {
        SessionView session = doctor.start(StartRequest.of("0x904", "0x7"));

        doctor.applyAll(
                session.id(),
                List.of(
                        new Event.FixTried("open-port", false),
                        new Event.FixTried("patch-both", false)),
                null);

        Analytics report = lastHour(null);
        assertThat(report.causes())
                .filteredOn(c -> c.fixesFailed() > 0)
                .extracting(c -> c.causeId() + " " + c.fixesFailed())
                .containsExactlyInAnyOrder("port-blocked 1", "credssp-mismatch 1");
    }

    @Test
    void a_version_filter_keeps_only_sessions_of_that_knowledge() {
        doctor.start(StartRequest.of("0x904", "0x7"));

        Analytics report = lastHour("other");

        assertThat(report.sessions()).isZero();
    }

    /** The analytics of the last hour (and the next minute), for knowledge {@code version}. */
    private Analytics lastHour(String version) {
        return doctor.analytics(
                Instant.now().minus(1, ChronoUnit.HOURS), Instant.now().plusSeconds(60), version);
    }
}
