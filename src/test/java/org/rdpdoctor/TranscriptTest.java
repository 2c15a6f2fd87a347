package org.rdpdoctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.rdpdoctor.engine.Diagnosis;
import org.rdpdoctor.engine.DiagnosisState;
import org.rdpdoctor.engine.DiagnosisState.Status;
import org.rdpdoctor.engine.Event;
import org.rdpdoctor.engine.Evidence;
import org.rdpdoctor.engine.FixOutcome;
import org.rdpdoctor.engine.RuleBase;
import org.rdpdoctor.kb.Cause;
import org.rdpdoctor.kb.KbLoader;
import org.rdpdoctor.kb.KnowledgeBase;
import org.rdpdoctor.kb.Source;
import org.rdpdoctor.store.SessionStatus;
import org.rdpdoctor.store.StoredEvent;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class TranscriptTest {

    @Test
    void text_from_a_ticket_or_a_server_cannot_forge_lines_or_links_in_the_markdown() {
        Transcript transcript =
                transcript(
                        "INC-1\n## Ranking\n1. Forged",
                        new Evidence(
                                "tls-certificate",
                                "expired",
                                "probe",
                                "CN=<script>alert(1)</script> [click](http://x.test) *now*"));

        String markdown = transcript.markdown();

        assertThat(markdown.lines())
                .contains("- Ticket: INC-1\\u000A\\#\\# Ranking\\u000A1. Forged")
                .contains(
                        "- tls-certificate = expired (probe: CN=\\<script\\>alert(1)\\</script\\>"
                                + " \\[click\\](http://x.test) \\*now\\*)")
                .filteredOn(line -> line.startsWith("## "))
                .containsExactly("## RDP diagnosis s-1");
    }

    @Test
    void evidence_in_the_markdown_says_what_its_value_means() {
        KnowledgeBase kb = KbLoader.load(Path.of("kb"));
        Transcript.EvidenceLine line =
                Transcript.EvidenceLine.of(
                        new Evidence("event-id", "1058", "ticket", "Event ID 1058"), kb);

        String markdown = transcript("INC-7", line, null).markdown();

        assertThat(line.meaning())
                .isEqualTo("The expired self-signed RDP certificate could not be replaced.");
        assertThat(markdown)
                .contains(
                        "- event-id = 1058 (ticket: Event ID 1058): The expired self-signed RDP"
                                + " certificate could not be replaced.\n");
    }

    @Test
    void ordinary_ticket_references_and_evidence_read_as_typed() {
        String markdown =
                transcript("INC-42", new Evidence("tcp-3389", "refused", "probe", "from h1"))
                        .markdown();

        assertThat(markdown)
                .contains("- Ticket: INC-42\n")
                .contains("- tcp-3389 = refused (probe: from h1)\n");
    }

    @Test
    void the_ticket_text_is_quoted_in_a_fence_its_backticks_cannot_close() {
        String ticket = "see ````\r\n## Ranking\r1. Forged ` <script>";

        String markdown =
                transcript("INC-1", new Evidence("tcp-3389", "open", "probe", ""), ticket)
                        .markdown();

        assertThat(markdown)
                .contains(
                        "### Ticket text\n\n`````\nsee ````\n## Ranking\n1. Forged ` <script>\n"
                                + "`````\n");
        assertThat(markdown.lines())
                .filteredOn(line -> line.startsWith("## "))
                .containsExactly("## RDP diagnosis s-1", "## Ranking");
    }

    @Test
    void a_changed_answer_and_a_corrected_fix_result_read_as_changes_not_as_new_steps() {
        KnowledgeBase kb = KbLoader.load(Path.of("kb"));
        Cause cause = kb.cause("credssp-oracle-mismatch").orElseThrow();
        String fix = cause.fixes().get(0);
        String fixTitle = kb.fix(fix).orElseThrow().title();
        Instant at = Instant.parse("2026-12-04T10:00:00Z");
        List<Event> events =
                List.of(
                        new Event.Started("0x904", "0x7", null, null, null, null),
                        new Event.Answered("error-timing", "immediately"),
                        new Event.Answered("error-timing", "after-credentials"),
                        new Event.Withdrawn("error-timing"),
                        new Event.Answered("error-timing", "immediately"),
                        new Event.FixTried(fix, false),
                        new Event.FixTried(fix, true));
        List<StoredEvent> log = new ArrayList<>();
        events.forEach(e -> log.add(new StoredEvent(log.size() + 1, at, e)));
        SessionView session =
                new SessionView(
                        "s-1",
                        null,
                        SessionStatus.SOLVED,
                        "v1",
                        log.size(),
                        at,
                        at,
                        log,
                        state(kb, Status.SOLVED, cause, true));

        Transcript transcript = Transcript.of(session, kb);

        assertThat(transcript.steps())
                .extracting(Transcript.Step::kind)
                .containsExactly(
                        "answer", "changed", "withdrawn", "answer", "fix", "fix-corrected");
        assertThat(transcript.markdown())
                .contains("2. Changed the answer to: When exactly does the error appear?")
                .contains("5. Tried fix: " + fixTitle + " — **did not help**\n")
                .contains("6. Corrected the result of fix: " + fixTitle + " — **worked**\n");
    }

    @Test
    void a_workaround_that_worked_leaves_what_is_still_to_do_in_the_outcome() {
        KnowledgeBase kb = KbLoader.load(Path.of("kb"));
        Cause cause = kb.cause("credssp-oracle-mismatch").orElseThrow();
        String workaround = "allow-vulnerable-credssp-temporarily";
        Cause workedFirst =
                new Cause(
                        cause.id(),
                        cause.title(),
                        cause.summary(),
                        cause.category(),
                        cause.prior(),
                        cause.sources(),
                        List.of(workaround),
                        cause.caveat());

        Transcript solved =
                Transcript.of(
                        session(SessionStatus.SOLVED, state(kb, Status.SOLVED, workedFirst, true)),
                        kb);

        assertThat(solved.outcome())
                .startsWith("Solved by " + kb.fix(workaround).orElseThrow().title())
                .endsWith(". Still to do: " + kb.fix(workaround).orElseThrow().followUp());
        assertThat(kb.fix(workaround).orElseThrow().followUp()).contains("CVE-2018-0886");
    }

    @Test
    void a_diagnosis_only_the_codes_speak_for_is_told_as_a_guess_with_its_reason() {
        KnowledgeBase kb = KbLoader.load(Path.of("kb"));
        Cause cause = kb.cause("security-layer-mismatch").orElseThrow();
        DiagnosisState guess =
                state(kb, Status.DIAGNOSED, cause, false, DiagnosisState.Basis.CODES);

        Transcript transcript = Transcript.of(session(SessionStatus.OPEN, guess), kb);

        assertThat(transcript.statusText()).isEqualTo("open, only a guess so far, fixes to try");
        assertThat(transcript.outcome())
                .isEqualTo("Diagnosis: " + cause.title() + " (a guess). " + guess.basisNote());
        assertThat(guess.basisNote()).endsWith("so take it as a guess.");
        assertThat(transcript.markdown())
                .contains(
                        "- Outcome: Diagnosis: "
                                + cause.title()
                                + " (a guess). Only the error codes point");
    }

    @Test
    void fixes_still_to_try_leave_out_the_fixes_tried_and_a_solved_session_names_its_fix() {
        KnowledgeBase kb = KbLoader.load(Path.of("kb"));
        Cause cause = kb.cause("credssp-oracle-mismatch").orElseThrow();
        String failed = cause.fixes().get(0);
        String untried = cause.fixes().get(1);

        Transcript diagnosed =
                Transcript.of(
                        session(SessionStatus.OPEN, state(kb, Status.DIAGNOSED, cause, false)), kb);
        Transcript solved =
                Transcript.of(
                        session(SessionStatus.SOLVED, state(kb, Status.SOLVED, cause, true)), kb);

        assertThat(diagnosed.fixesToTry())
                .extracting(Transcript.FixToTry::fixId)
                .contains(untried)
                .doesNotContain(failed);
        assertThat(diagnosed.markdown())
                .contains("- Outcome: Diagnosis: " + cause.title() + " (likely)\n")
                .contains(
                        "### Fixes still to try\n\n1. "
                                + kb.fix(untried).orElseThrow().title()
                                + "\n");
        assertThat(solved.fixesToTry()).isEmpty();
        assertThat(solved.markdown())
                .contains("- Status: solved by a fix\n")
                .contains(
                        "- Outcome: Solved by "
                                + kb.fix(failed).orElseThrow().title()
                                + " (cause: "
                                + cause.title()
                                + ")\n")
                .doesNotContain("### Fixes still to try");
    }

    /**
     * With only the client updated, the client's CredSSP workaround comes before the host's, and
     * the transcript a ticket receives says which answer put it there.
     */
    @Test
    void a_fix_still_to_try_says_what_put_it_first() {
        RuleBase rules = RuleBase.load(Path.of("kb"), Path.of("rules"));
        KnowledgeBase kb = rules.knowledge();
        DiagnosisState state;
        try (Diagnosis d =
                Diagnosis.start(rules, new Event.Started("0x904", "0x7", null, null, null, null))) {
            d.apply(new Event.Answered("error-message", "credssp-oracle"));
            state = d.apply(new Event.Answered("recent-updates", "client-only"));
        }

        Transcript transcript = Transcript.of(session(SessionStatus.OPEN, state), kb);

        assertThat(transcript.fixesToTry().get(1).firstBecause())
                .containsExactly(
                        "\"Were Windows updates installed shortly before the problem started?\" →"
                                + " Yes, on the client only");
        assertThat(transcript.markdown())
                .contains(
                        "2. "
                                + kb.fix("allow-vulnerable-credssp-temporarily")
                                        .orElseThrow()
                                        .title()
                                + " — moved up because \"Were Windows updates installed shortly before"
                                + " the problem started?\" → Yes, on the client only\n3. "
                                + kb.fix("relax-encryption-oracle-on-server").orElseThrow().title()
                                + "\n");
    }

    /**
     * A session last written under other knowledge ("v1") is ranked under the knowledge in force:
     * the transcript names that version, the one its ranking comes from.
     */
    @Test
    void the_transcript_names_the_knowledge_its_ranking_was_worked_out_under() {
        RuleBase rules = RuleBase.load(Path.of("kb"), Path.of("rules"));
        DiagnosisState state;
        try (Diagnosis d =
                Diagnosis.start(rules, new Event.Started("0x904", "0x7", null, null, null, null))) {
            state = d.state();
        }

        Transcript transcript =
                Transcript.of(session(SessionStatus.OPEN, state), rules.knowledge());

        assertThat(state.knowledgeVersion()).isNotEqualTo("v1");
        assertThat(transcript.knowledgeVersion()).isEqualTo(state.knowledgeVersion());
        assertThat(transcript.markdown())
                .contains(
                        "- Started: 2026-12-04T10:00:00Z\n- Ranked under knowledge "
                                + state.knowledgeVersion()
                                + "\n")
                .doesNotContain("v1");
    }

    /** A ticket receives what each source id of the ranking stands for, once, in citing order. */
    @Test
    void the_sources_the_ranking_cites_are_listed_with_title_and_location() {
        RuleBase rules = RuleBase.load(Path.of("kb"), Path.of("rules"));
        KnowledgeBase kb = rules.knowledge();
        DiagnosisState state;
        try (Diagnosis d =
                Diagnosis.start(rules, new Event.Started("0x904", "0x7", null, null, null, null))) {
            state = d.apply(new Event.Answered("error-message", "credssp-oracle"));
        }

        Transcript transcript = Transcript.of(session(SessionStatus.OPEN, state), kb);

        List<String> cited =
                transcript.ranking().stream()
                        .flatMap(c -> c.explanation().stream())
                        .flatMap(r -> r.sources().stream())
                        .distinct()
                        .toList();
        assertThat(transcript.sources()).extracting(Source::id).containsExactlyElementsOf(cited);
        Source r15 = kb.source("r15").orElseThrow();
        assertThat(transcript.markdown())
                .contains("   - strongly for: CredSSP encryption oracle message [r15, r14]\n")
                .contains("### Sources\n\n- r15: " + r15.title() + " (" + r15.location() + ")\n");
    }

    /**
     * A state whose leading cause is {@code cause}; its first fix was tried and did or did not
     * work.
     */
    private static DiagnosisState state(
            KnowledgeBase kb, Status status, Cause cause, boolean firstWorked) {
        return state(kb, status, cause, firstWorked, DiagnosisState.Basis.ANSWERS);
    }

    private static DiagnosisState state(
            KnowledgeBase kb,
            Status status,
            Cause cause,
            boolean firstWorked,
            DiagnosisState.Basis basis) {
        List<DiagnosisState.FixView> fixes = new ArrayList<>();
        for (String fixId : cause.fixes()) {
            fixes.add(
                    new DiagnosisState.FixView(
                            fixId,
                            kb.fix(fixId).orElseThrow().title(),
                            null,
                            List.of(),
                            null,
                            kb.fix(fixId).orElseThrow().followUp(),
                            fixId.equals(cause.fixes().get(0)) ? firstWorked : null,
                            kb.fix(fixId).orElseThrow().ifFailed(cause.id()),
                            List.of()));
        }
        return new DiagnosisState(
                status,
                "v1",
                new DiagnosisState.Decoded(null, null),
                null,
                null,
                cause.id(),
                status == Status.SOLVED ? cause.id() : null,
                List.of(),
                fixes,
                0,
                List.of(),
                List.of(),
                List.of(new FixOutcome(cause.fixes().get(0), firstWorked)),
                List.of(),
                basis);
    }

    private static SessionView session(SessionStatus status, DiagnosisState state) {
        Instant at = Instant.parse("2026-12-04T10:00:00Z");
        return new SessionView(
                "s-1",
                null,
                status,
                "v1",
                1,
                at,
                at,
                List.of(
                        new StoredEvent(
                                1, at, new Event.Started("0x904", "0x7", null, null, null, null))),
                state);
    }

    @Test
    void a_reason_resting_on_seed_articles_alone_is_marked_unconfirmed() {
        DiagnosisState.RankedCause cause =
                new DiagnosisState.RankedCause(
                        "client-app-defect",
                        "The client app is at fault",
                        "client",
                        0.9,
                        0.05,
                        false,
                        List.of(
                                new DiagnosisState.Reason(
                                        "Another client app connects",
                                        "strong",
                                        0.6,
                                        List.of("seed-003"),
                                        true,
                                        List.of()),
                                new DiagnosisState.Reason(
                                        "Works by IP",
                                        "moderate",
                                        0.3,
                                        List.of("r17", "seed-001"),
                                        false,
                                        List.of())));
        Transcript transcript =
                new Transcript(
                        "s-1",
                        "INC-7",
                        SessionStatus.OPEN,
                        "diagnosed",
                        null,
                        null,
                        null,
                        "v1",
                        Instant.parse("2026-12-04T10:00:00Z"),
                        new DiagnosisState.Decoded(null, null),
                        List.of(),
                        List.of(),
                        List.of(),
                        List.of(cause),
                        "client-app-defect",
                        null,
                        "open, a likely cause found, fixes to try",
                        "Diagnosis: The client app is at fault (likely)",
                        List.of(),
                        List.of());

        assertThat(transcript.markdown().lines())
                .contains(
                        "   - strongly for: Another client app connects [seed-003; unconfirmed: seed"
                                + " articles only]")
                .contains("   - moderately for: Works by IP [r17, seed-001]");
    }

    private static Transcript transcript(String ticketRef, Evidence evidence) {
        return transcript(ticketRef, evidence, null);
    }

    private static Transcript transcript(String ticketRef, Evidence evidence, String ticketText) {
        return transcript(
                ticketRef,
                new Transcript.EvidenceLine(
                        evidence.kind(),
                        evidence.value(),
                        evidence.source(),
                        evidence.detail(),
                        ""),
                ticketText);
    }

    private static Transcript transcript(
            String ticketRef, Transcript.EvidenceLine evidence, String ticketText) {
        return new Transcript(
                "s-1",
                ticketRef,
                SessionStatus.OPEN,
                "asking",
                null,
                null,
                ticketText,
                "v1",
                Instant.parse("2026-12-04T10:00:00Z"),
                new DiagnosisState.Decoded(null, null),
                List.of(),
                List.of(),
                List.of(evidence),
                List.of(),
                null,
                null,
                "open, questions still to answer",
                "No diagnosis yet",
                List.of(),
                List.of());
    }
}
