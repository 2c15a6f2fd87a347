package org.rdpdoctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.rdpdoctor.engine.DiagnosisState;
import org.rdpdoctor.engine.Evidence;
import org.rdpdoctor.store.SessionStatus;

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
    void ordinary_ticket_references_and_evidence_read_as_typed() {
        String markdown =
                transcript("INC-42", new Evidence("tcp-3389", "refused", "probe", "from h1"))
                        .markdown();

        assertThat(markdown)
                .contains("- Ticket: INC-42\n")
                .contains("- tcp-3389 = refused (probe: from h1)\n");
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
                        "v1",
                        Instant.parse("2026-12-04T10:00:00Z"),
                        new DiagnosisState.Decoded(null, null),
                        List.of(),
                        List.of(),
                        List.of(),
                        List.of(cause),
                        "client-app-defect",
                        null);

        assertThat(transcript.markdown().lines())
                .contains(
                        "   - strongly for: Another client app connects [seed-003; unconfirmed: seed"
                                + " articles only]")
                .contains("   - moderately for: Works by IP [r17, seed-001]");
    }

    private static Transcript transcript(String ticketRef, Evidence evidence) {
        return new Transcript(
                "s-1",
                ticketRef,
                SessionStatus.OPEN,
                "asking",
                null,
                null,
                "v1",
                Instant.parse("2026-12-04T10:00:00Z"),
                new DiagnosisState.Decoded(null, null),
                List.of(),
                List.of(),
                List.of(evidence),
                List.of(),
                null,
                null);
    }
}
