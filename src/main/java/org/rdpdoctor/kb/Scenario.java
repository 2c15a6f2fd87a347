package org.rdpdoctor.kb;

import java.util.List;
import java.util.Map;

/**
 * A golden case: what a user knows, and the outcome the engine must reach. The scenario runner
 * answers every question the engine asks from {@code answers}, and "I don't know" otherwise.
 *
 * @param id the file's path under {@code kb/scenarios/}, without {@code .yaml}
 * @param file the file the scenario was read from
 */
public record Scenario(
        String id,
        String file,
        String title,
        List<String> sources,
        Start start,
        List<EvidenceItem> evidence,
        Map<String, String> answers,
        List<String> failedFixes,
        Expect expect) {
    public Scenario {
        sources = Copies.list(sources);
        evidence = Copies.list(evidence);
        answers = Copies.map(answers);
        failedFixes = Copies.list(failedFixes);
    }

    /** The error codes as the user typed them; {@code extendedCode} may be null. */
    public record Start(String errorCode, String extendedCode) {
        /** The start as the user typed it: {@code 0x904 / 0x7}, or the error code alone. */
        public String shown() {
            return errorCode + (extendedCode == null ? "" : " / " + extendedCode);
        }
    }

    /** One observation given up front. */
    public record EvidenceItem(String kind, String value, String source) {}

    /**
     * The outcome: {@code leader} must lead at the end, no cause of {@code notLeading} may; {@code
     * status} defaults to {@code diagnosed}; {@code maxQuestions} is null when unbounded; {@code
     * firstFix}, when given, is the fix to try next: the first of the leading cause's fixes not
     * reported as failed.
     */
    public record Expect(
            String leader,
            List<String> notLeading,
            String status,
            Integer maxQuestions,
            String firstFix) {
        public Expect {
            notLeading = Copies.list(notLeading);
            status = status == null ? "diagnosed" : status;
        }
    }
}
