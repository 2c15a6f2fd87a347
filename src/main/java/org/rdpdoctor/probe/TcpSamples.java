package org.rdpdoctor.probe;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The TCP connects to the RDP port that give the {@code tcp-connect} verdict (the first address's)
 * and the latency (all that worked on the address that accepts). Their sockets stay open, so the
 * negotiation can send its first requests over them: a server that accepts slowly behind a small
 * backlog (xrdp) would otherwise still hold them in its accept queue and drop the next connect's
 * SYN, which costs 1 s.
 *
 * @param first the connect to the name's first address
 * @param others the connects to its next addresses, one each, made only while none accepted, up to
 *     {@link ProbeRun#MAX_ADDRESSES} addresses in all
 * @param repeats the connects after the first that worked, to the same address; none when no
 *     address accepted
 * @param untried whether the name has addresses beyond {@link ProbeRun#MAX_ADDRESSES} that were not
 *     tried
 */
record TcpSamples(
        TcpOutcome first, List<TcpOutcome> others, List<TcpOutcome> repeats, boolean untried) {
    /** Connects in all to the address that accepts. */
    static final int COUNT = 3;

    TcpSamples {
        others = List.copyOf(others);
        repeats = List.copyOf(repeats);
    }

    /** The connect that worked first: to the first address, or else to a later one. */
    Optional<TcpOutcome> accepting() {
        return Stream.concat(Stream.of(first), others.stream())
                .filter(TcpOutcome::isOpen)
                .findFirst();
    }

    /**
     * The connects that worked, in order. Their sockets are open until the negotiation probe uses
     * them, or the {@link ProbeRun} closes them at its end.
     */
    List<TcpOutcome> open() {
        return Stream.concat(accepting().stream(), repeats.stream())
                .filter(TcpOutcome::isOpen)
                .toList();
    }
}
