package org.rdpdoctor.probe;

import static org.rdpdoctor.probe.ProbeResult.evidence;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.rdpdoctor.engine.Event;
import org.rdpdoctor.probe.ProbeResult.Status;

/**
 * TCP to the RDP port: open, refused, filtered or unreachable, with the connect time; {@value
 * TcpSamples#COUNT} connects in all give the latency (see {@link Latency}).
 */
final class TcpProbe implements Probe {

    @Override
    public String name() {
        return "tcp";
    }

    @Override
    public ProbeResult run(ProbeRun run) {
        Optional<TcpSamples> measured = run.tcpSamples();
        if (measured.isEmpty()) {
            return ProbeResult.skipped(
                    name(), "Not tried: " + run.target().host() + " does not resolve.");
        }
        TcpOutcome first = measured.get().first();
        List<String> raw = new ArrayList<>();
        raw.add("connect 1 to " + first.where() + ": " + first.describe());
        Event.EvidenceAdded connect =
                evidence("tcp-connect", first.state().evidenceValue(), first.describe());
        if (!first.isOpen()) {
            return ProbeResult.of(name(), Status.FAILURE, failed(first), raw, List.of(connect));
        }
        List<Double> samples = new ArrayList<>(List.of(Elapsed.millis(first.nanos())));
        int lost = 0;
        for (TcpOutcome again : measured.get().repeats()) {
            raw.add("connect " + (raw.size() + 1) + ": " + again.describe());
            if (again.isOpen()) {
                samples.add(Elapsed.millis(again.nanos()));
            } else {
                lost++;
            }
        }
        Latency latency = new Latency(samples, lost);
        String value = latency.evidenceValue();
        return ProbeResult.of(
                name(),
                value.equals("low") ? Status.OK : Status.WARNING,
                "%s accepts connections (%s; latency %s)."
                        .formatted(first.where(), latency.describe(), value),
                raw,
                List.of(connect, evidence("latency", value, latency.describe())));
    }

    private static String failed(TcpOutcome outcome) {
        String where = outcome.where();
        return switch (outcome.state()) {
            case REFUSED ->
                    where
                            + " refused the connection (RST) in "
                            + Elapsed.text(outcome.nanos())
                            + ": the host is up, but nothing listens on the port, or a firewall"
                            + " rejects.";
            case FILTERED ->
                    "No answer from "
                            + where
                            + " within "
                            + Elapsed.text(outcome.timeoutNanos())
                            + ": a firewall drops the packets, or the host is off.";
            case UNREACHABLE ->
                    where
                            + " is unreachable ("
                            + outcome.message()
                            + "): no route to the host, or it is down.";
            case OPEN -> throw new IllegalArgumentException("the connect worked");
        };
    }
}
