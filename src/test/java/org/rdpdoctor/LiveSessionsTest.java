package org.rdpdoctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdpdoctor.engine.Diagnosis;
import org.rdpdoctor.engine.DiagnosisState;
import org.rdpdoctor.engine.Event;
import org.rdpdoctor.engine.InvalidEventException;
import org.rdpdoctor.engine.RuleBase;
import org.rdpdoctor.kb.BrokenFixture;
import org.rdpdoctor.store.JdbcSessionStore;

/**
 * Sessions kept open between requests answer exactly as a replay of the stored events would: after
 * another process wrote to the session, after a refused event, and after new rules.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class LiveSessionsTest {
    private static final Path SMALL = Path.of("src/test/resources/small");
    private static final RuleBase RULES =
            RuleBase.load(SMALL.resolve("kb"), SMALL.resolve("rules"));

    private final JdbcSessionStore store =
            JdbcSessionStore.open("jdbc:h2:mem:live-" + UUID.randomUUID(), null, null);

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void a_write_after_another_process_wrote_to_the_session_replays_its_whole_log() {
        RdpDoctor one = new RdpDoctor(RULES, store);
        RdpDoctor other = new RdpDoctor(RULES, store);
        String id = one.start(StartRequest.of("0x904", "0x7")).id();
        one.apply(id, new Event.Answered("timing", "after-credentials"));
        other.apply(id, new Event.Answered("tcp-test", "succeeds"));

        SessionView last = one.apply(id, new Event.Answered("client-platform", "win7"));

        assertThat(last.eventCount()).isEqualTo(4);
        assertThat(last.state()).isEqualTo(replayed(id));
        assertThat(last.state().answers()).hasSize(3);
    }

    @Test
    void an_event_refused_halfway_through_a_write_leaves_no_trace_in_later_answers() {
        RdpDoctor doctor = new RdpDoctor(RULES, store);
        String id = doctor.start(StartRequest.of("0x904", "0x7")).id();
        doctor.apply(id, new Event.Answered("timing", "after-credentials"));

        assertThatThrownBy(
                        () ->
                                doctor.applyAll(
                                        id,
                                        List.of(
                                                new Event.Answered("tcp-test", "succeeds"),
                                                new Event.Answered("no-such-question", "x")),
                                        null))
                .isInstanceOf(InvalidEventException.class);
        SessionView read = doctor.session(id);
        SessionView next = doctor.apply(id, new Event.Answered("client-platform", "modern"));

        assertThat(read.state()).isEqualTo(replayed(id, 2));
        assertThat(next.state()).isEqualTo(replayed(id));
        assertThat(next.state().answers())
                .extracting(a -> a.questionId())
                .doesNotContain("tcp-test");
    }

    @Test
    void new_rules_close_the_sessions_kept_under_the_old_ones() {
        RuleBase old = RuleBase.load(SMALL.resolve("kb"), SMALL.resolve("rules"));
        RdpDoctor doctor = new RdpDoctor(old, store);
        String id = doctor.start(StartRequest.of("0x904", "0x7")).id();
        doctor.session(id);
        assertThat(old.openSessions()).isEqualTo(1);

        doctor.replaceRules(RULES);
        SessionView read = doctor.session(id);

        assertThat(old.openSessions()).isZero();
        assertThat(read.state()).isEqualTo(replayed(id));
    }

    @Test
    void a_session_read_under_given_rules_stays_under_them_after_new_rules_are_in_force(
            @TempDir Path dir) throws IOException {
        Path edited = BrokenFixture.copySmall(dir);
        Files.writeString(
                edited.resolve("rules/small.drl"), "\n// an edit\n", StandardOpenOption.APPEND);
        RuleBase next = RuleBase.load(edited.resolve("kb"), edited.resolve("rules"));
        RdpDoctor doctor = new RdpDoctor(RULES, store);
        String id = doctor.start(StartRequest.of("0x904", "0x7")).id();
        RuleBase shown = doctor.rules();

        doctor.replaceRules(next);

        assertThat(next.version()).isNotEqualTo(RULES.version());
        assertThat(doctor.session(id, shown).state().knowledgeVersion()).isEqualTo(RULES.version());
        assertThat(doctor.session(id).state().knowledgeVersion()).isEqualTo(next.version());
    }

    @Test
    void the_least_recently_used_diagnoses_beyond_the_capacity_are_closed() {
        LiveSessions live = new LiveSessions(2);
        RuleBase rules = RuleBase.load(SMALL.resolve("kb"), SMALL.resolve("rules"));
        List<Event> started = List.of(new Event.Started("0x904", "0x7", null, null, null));
        live.keep("busy", 1, Diagnosis.replay(rules, started));
        live.keep("done", 1, Diagnosis.replay(rules, started));
        for (int i = 0; i < 10; i++) {
            live.state("done", 1, rules);
            live.state("busy", 1, rules);
        }

        live.keep("new", 1, Diagnosis.replay(rules, started));

        assertThat(live.state("new", 1, rules)).as("the session just started").isNotNull();
        assertThat(live.state("busy", 1, rules)).isNotNull();
        assertThat(live.state("done", 1, rules)).isNull();
        assertThat(rules.openSessions()).isEqualTo(2);
        live.close();
        assertThat(rules.openSessions()).isZero();
    }

    /** The state a fresh replay of the session's first {@code count} stored events gives. */
    private DiagnosisState replayed(String id, int count) {
        List<Event> events = store.find(id).orElseThrow().events().subList(0, count);
        try (Diagnosis diagnosis = Diagnosis.replay(RULES, events)) {
            return diagnosis.state();
        }
    }

    private DiagnosisState replayed(String id) {
        return replayed(id, store.find(id).orElseThrow().events().size());
    }
}
