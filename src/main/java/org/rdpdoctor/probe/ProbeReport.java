package org.rdpdoctor.probe;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.rdpdoctor.engine.Event;

/**
 * The results of one probe run of a host.
 *
 * @param target the RDP host and port probed
 * @param gateway the RD Gateway probed, or null
 * @param probedFrom the name of the machine the probes ran on ({@code unknown} if it has none)
 * @param startedAt when the run started
 * @param deadlineMillis the run's deadline
 * @param elapsedMillis how long the run took
 * @param results one per probe, in a fixed order
 */
public record ProbeReport(
        String target,
        String gateway,
        String probedFrom,
        Instant startedAt,
        long deadlineMillis,
        double elapsedMillis,
        List<ProbeResult> results) {

    public ProbeReport {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(probedFrom, "probedFrom");
        Objects.requireNonNull(startedAt, "startedAt");
        results = List.copyOf(results);
    }

    /**
     * The evidence of all results, source {@code probe}, each detail naming the probing host and
     * the time: ready to add to a diagnosis.
     */
    @JsonProperty("evidence")
    public List<Event.EvidenceAdded> evidence() {
        return results.stream().flatMap(r -> r.evidence().stream()).toList();
    }

    /** The result of the named probe, if it ran. */
    public Optional<ProbeResult> result(String name) {
        return results.stream().filter(r -> r.name().equals(name)).findFirst();
    }
}
