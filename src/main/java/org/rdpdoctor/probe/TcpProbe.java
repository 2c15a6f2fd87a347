package org.rdpdoctor.probe;

import static org.rdpdoctor.probe.ProbeResult.evidence;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.rdpdoctor.engine.Event;
import org.rdpdoctor.probe.ProbeResult.Status;

/**
 * TCP to the RDP port: open, refused, filtered or unreachable, with the connect time; {@value
 * TcpSamples#COUNT} connects in all give the latency (see {@link Latency}). When the name's first
 * address does not accept, its next addresses are tried; one that accepts means the name sends
 * clients to a wrong address first ({@code open-other-address}), unless the run's deadline ended
 * the first connect before the address could answer.
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
        return result(run.target().host(), measured.get());
    }

    /** What the connects to {@code host} say. */
    ProbeResult result(String host, TcpSamples tcp) {
        TcpOutcome first = tcp.first();
        List<String> raw = new ArrayList<>();
        raw.add("connect 1 to " + first.where() + ": " + first.describe());
        for (TcpOutcome other : tcp.others()) {
            raw.add(
                    "connect %d to %s (another address of the name): %s"
                            .formatted(raw.size() + 1, other.where(), other.describe()));
        }
        if (tcp.untried()) {
            raw.add(
                    "the name has more than %d addresses; the others were not tried"
                            .formatted(ProbeRun.MAX_ADDRESSES));
        }
        List<Event.EvidenceAdded> connect =
                first.state()
                        .evidenceValue()
                        .map(value -> List.of(evidence("tcp-connect", value, first.describe())))
                        .orElse(List.of());
        Optional<TcpOutcome> accepting = tcp.accepting();
        if (accepting.isEmpty()) {
            String others =
                    tcp.others().isEmpty()
                            ? ""
                            : " The name's other addresses do not accept either ("
                                    + tcp.others().stream()
                                            .map(o -> o.where() + " " + o.describe())
                                            .collect(Collectors.joining(", "))
                                    + ").";
            return ProbeResult.of(name(), Status.FAILURE, failed(first) + others, raw, connect);
        }
        TcpOutcome open = accepting.get();
        List<Double> samples = new ArrayList<>(List.of(Elapsed.millis(open.nanos())));
        int lost = 0;
        int refused = 0;
        for (TcpOutcome again : tcp.repeats()) {
            raw.add("connect " + (raw.size() + 1) + ": " + again.describe());
            if (again.isOpen()) {
                samples.add(Elapsed.millis(again.nanos()));
            } else if (again.state() == TcpState.REFUSED) {
                // A reset is the host's answer: the listener, not the network.
                refused++;
            } else if (again.state() != TcpState.UNFINISHED) {
                lost++;
            }
        }
        Latency latency = new Latency(samples, lost);
        String value = latency.evidenceValue();
        Event.EvidenceAdded latencyEvidence = evidence("latency", value, latency.describe());
        if (open == first) {
            return ProbeResult.of(
                    name(),
                    value.equals("low") && refused == 0 ? Status.OK : Status.WARNING,
                    "%s accepts connections (%s; latency %s).%s"
                            .formatted(
                                    first.where(),
                                    latency.describe(),
                                    value,
                                    refusedAfter(refused, tcp.repeats().size())),
                    raw,
                    Stream.concat(connect.stream(), Stream.of(latencyEvidence)).toList());
        }
        if (first.state() == TcpState.UNFINISHED) {
            return ProbeResult.of(
                    name(),
                    Status.WARNING,
                    ("The run's deadline ended the connect to %s, the first address %s resolves to,"
                                    + " after %s, before it answered. %s, another of its addresses,"
                                    + " accepts (%s; latency %s). Run the probe again with a longer"
                                    + " deadline to learn whether a client that tries the first"
                                    + " address fails there.%s")
                            .formatted(
                                    first.where(),
                                    host,
                                    Elapsed.text(first.timeoutNanos()),
                                    open.where(),
                                    latency.describe(),
                                    value,
                                    refusedAfter(refused, tcp.repeats().size())),
                    raw,
                    List.of(latencyEvidence));
        }
        String seen =
                "%s, the name's first address: %s; %s, another of its addresses: %s"
                        .formatted(first.where(), first.describe(), open.where(), open.describe());
        return ProbeResult.of(
                name(),
                Status.WARNING,
                ("%s, the first address %s resolves to: %s. %s, another of its addresses,"
                                + " accepts (%s; latency %s): a client that tries the first"
                                + " address fails there. Check the name's DNS records for a stale"
                                + " or extra address.%s")
                        .formatted(
                                first.where(),
                                host,
                                first.describe(),
                                open.where(),
                                latency.describe(),
                                value,
                                refusedAfter(refused, tcp.repeats().size())),
                raw,
                List.of(evidence("tcp-connect", "open-other-address", seen), latencyEvidence));
    }

    /**
     * The repeated connects refused after one was accepted: the host answered them at once, so they
     * say nothing about the network's latency or loss.
     */
    private static String refusedAfter(int refused, int repeats) {
        if (refused == 0) {
            return "";
        }
        return (" Then it refused %d of %d more connects (RST): the listener stopped taking"
                        + " connections (a limit on connections, or the service stopping or"
                        + " restarting).")
                .formatted(refused, repeats);
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
            case UNFINISHED ->
                    "The run's deadline ended the connect to "
                            + where
                            + " after "
                            + Elapsed.text(outcome.timeoutNanos())
                            + ", before the host answered: run the probe again with a longer"
                            + " deadline.";
            case OPEN -> throw new IllegalArgumentException("the connect worked");
        };
    }
}
