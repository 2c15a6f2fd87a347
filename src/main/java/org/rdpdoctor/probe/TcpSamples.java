package org.rdpdoctor.probe;

import java.util.List;

/**
 * The TCP connects to the RDP port that give the {@code tcp-connect} verdict (the first) and the
 * latency (all that worked). Their sockets are closed.
 *
 * @param repeats the connects after the first, none when the first failed
 */
record TcpSamples(TcpOutcome first, List<TcpOutcome> repeats) {
    /** Connects in all when the port is open. */
    static final int COUNT = 3;

    TcpSamples {
        repeats = List.copyOf(repeats);
    }
}
