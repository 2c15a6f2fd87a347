package org.rdpdoctor.probe;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.rdpdoctor.OneLine;
import org.rdpdoctor.engine.Event;

/**
 * What one probe found.
 *
 * @param name the probe: dns, tcp, rdp-negotiation, tls or gateway
 * @param verdict one line of plain English: what was seen and what it means; what it quotes of a
 *     server (a certificate's names) is shown as the command line shows it ({@link OneLine#shown}),
 *     so a line break, an escape sequence or a right-to-left override is written out
 * @param raw the raw observations: addresses, timings, bytes in hex (truncated)
 * @param elapsedMillis from the start of the run to this result
 * @param evidence what the result tells the diagnosis; source {@code probe}
 * @param unsettled the kinds of evidence the probe measured and found no one value of (answers that
 *     contradict each other): what an earlier run found of them no longer holds
 */
public record ProbeResult(
        String name,
        Status status,
        String verdict,
        List<String> raw,
        double elapsedMillis,
        List<Event.EvidenceAdded> evidence,
        @JsonIgnore Set<String> unsettled) {
    /** The {@code source} of the evidence probes give. */
    public static final String SOURCE = "probe";

    /** How the result reads for the person at the helpdesk. */
    public enum Status {
        /** Works as a healthy RDP host would. */
        OK,
        /** Works, with something worth a look (self-signed certificate, slow link). */
        WARNING,
        /** Fails here, or shows a fault. */
        FAILURE,
        /** Not run because an earlier step failed or does not apply. */
        SKIPPED;

        @JsonValue
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public ProbeResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        verdict = OneLine.shown(Objects.requireNonNull(verdict, "verdict"));
        raw = List.copyOf(raw);
        evidence = List.copyOf(evidence);
        unsettled = Set.copyOf(unsettled);
    }

    /** A result as a probe returns it; the runner adds the elapsed time. */
    static ProbeResult of(
            String name,
            Status status,
            String verdict,
            List<String> raw,
            List<Event.EvidenceAdded> evidence) {
        return new ProbeResult(name, status, verdict, raw, 0, evidence, Set.of());
    }

    /** A result that, besides its evidence, finds no one value of the {@code unsettled} kinds. */
    static ProbeResult unsettling(
            String name,
            Status status,
            String verdict,
            List<String> raw,
            List<Event.EvidenceAdded> evidence,
            Set<String> unsettled) {
        return new ProbeResult(name, status, verdict, raw, 0, evidence, unsettled);
    }

    /** A result that says why the probe did not run. */
    static ProbeResult skipped(String name, String verdict) {
        return of(name, Status.SKIPPED, verdict, List.of(), List.of());
    }

    /** One piece of evidence as probes produce it. */
    static Event.EvidenceAdded evidence(String kind, String value, String detail) {
        return new Event.EvidenceAdded(kind, value, SOURCE, detail);
    }

    ProbeResult finished(double elapsedMillis, List<Event.EvidenceAdded> evidence) {
        return new ProbeResult(name, status, verdict, raw, elapsedMillis, evidence, unsettled);
    }

    /** This result without its evidence of {@code kind}. */
    ProbeResult without(String kind) {
        return finished(
                elapsedMillis, evidence.stream().filter(e -> !e.kind().equals(kind)).toList());
    }
}
