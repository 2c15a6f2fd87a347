package org.rdpdoctor.probe;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
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

    /** The kinds of evidence the probes give only over a connection that the host accepted. */
    private static final Set<String> AFTER_CONNECT =
            Set.of("latency", "rdp-negotiation", "nla", "tls-handshake", "tls-certificate");

    /** The kinds of evidence the probes give only over a TLS handshake. */
    private static final Set<String> AFTER_TLS = Set.of("tls-handshake", "tls-certificate");

    /** The {@code rdp-negotiation} values after which TLS follows on the connection. */
    private static final Set<String> STARTS_TLS =
            Set.of("selected-tls", "selected-hybrid", "selected-hybrid-ex");

    /**
     * The {@code rdp-negotiation} values of a negotiation that no request got through (the evidence
     * is a negotiation answer whenever one request got one), which tells nothing of NLA.
     */
    private static final Set<String> NEGOTIATED_NOTHING =
            Set.of("closed", "no-answer", "garbage", "disconnect-request");

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

    /**
     * The kinds of evidence an earlier run's probes gave that this run shows no longer hold and did
     * not measure again: all that needs a connection when the port does not accept, and the
     * connection too when the name does not resolve; what needs TLS when the server answered the
     * negotiation and the TLS probe had nothing to try (the server selected no TLS-based protocol,
     * or does not answer as RDP); NLA when no negotiation request got through; and what a probe
     * measured without finding one value of it (answers that contradict each other). Empty when
     * this run reached the host and its TLS with answers that agree, or when its TCP probe did not
     * finish: a probe cut short disproves nothing.
     */
    public Set<String> disproved() {
        Map<String, String> measured =
                evidence().stream()
                        .collect(
                                Collectors.toMap(
                                        Event.EvidenceAdded::kind,
                                        Event.EvidenceAdded::value,
                                        (first, second) -> first));
        String tcp = measured.get("tcp-connect");
        String negotiation = measured.get("rdp-negotiation");
        Stream<String> disproved;
        if ("fails".equals(measured.get("dns"))) {
            disproved = Stream.concat(Stream.of("tcp-connect"), AFTER_CONNECT.stream());
        } else if (tcp != null && !tcp.startsWith("open")) {
            disproved = AFTER_CONNECT.stream();
        } else if (negotiation != null) {
            disproved =
                    Stream.concat(
                            !STARTS_TLS.contains(negotiation) && isTlsSkipped()
                                    ? AFTER_TLS.stream()
                                    : Stream.empty(),
                            NEGOTIATED_NOTHING.contains(negotiation)
                                    ? Stream.of("nla")
                                    : Stream.empty());
        } else {
            disproved = Stream.empty();
        }
        return Stream.concat(disproved, results.stream().flatMap(r -> r.unsettled().stream()))
                .filter(kind -> !measured.containsKey(kind))
                .collect(Collectors.toUnmodifiableSet());
    }

    /**
     * This report without its {@code dns} evidence: for a session that connects to another host,
     * how the name probed resolves, or that an IP address needs no lookup, says nothing of the
     * session's own name.
     */
    public ProbeReport withoutDns() {
        return new ProbeReport(
                target,
                gateway,
                probedFrom,
                startedAt,
                deadlineMillis,
                elapsedMillis,
                results.stream().map(r -> r.without(DnsProbe.KIND)).toList());
    }

    private boolean isTlsSkipped() {
        return result("tls").map(r -> r.status() == ProbeResult.Status.SKIPPED).orElse(false);
    }

    /** The result of the named probe, if it ran. */
    public Optional<ProbeResult> result(String name) {
        return results.stream().filter(r -> r.name().equals(name)).findFirst();
    }
}
