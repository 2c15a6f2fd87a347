package org.rdpdoctor.probe;

import java.util.List;
import java.util.stream.Stream;

/**
 * The TCP connects to the RDP port that give the {@code tcp-connect} verdict (the first) and the
 * latency (all that worked). Their sockets stay open, so the negotiation can send its first
 * requests over them: a server that accepts slowly behind a small backlog (xrdp) would otherwise
 * still hold them in its accept queue and drop the next connect's SYN, which costs 1 s.
 *
 * @param repeats the connects after the first, none when the first failed
 */
record TcpSamples(TcpOutcome first, List<TcpOutcome> repeats) {
    /** Connects in all when the port is open. */
    static final int COUNT = 3;

    TcpSamples {
        repeats = List.copyOf(repeats);
    }

    /**
     * The connects that worked, in order. Their sockets are open until the negotiation probe uses
     * them, or the {@link ProbeRun} closes them at its end.
     */
    List<TcpOutcome> open() {
        return Stream.concat(Stream.of(first), repeats.stream())
                .filter(TcpOutcome::isOpen)
                .toList();
    }
}
