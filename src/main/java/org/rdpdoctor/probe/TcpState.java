package org.rdpdoctor.probe;

import java.util.Optional;

/** How a TCP connect ended, as the values of the {@code tcp-connect} evidence. */
enum TcpState {
    OPEN("open"),
    /** The host answered with a reset (RST). */
    REFUSED("refused"),
    /** No answer before the connect timeout: packets are dropped. */
    FILTERED("filtered"),
    /** No route: ICMP unreachable, or no route here. */
    UNREACHABLE("unreachable"),
    /**
     * No answer yet when the run's deadline ended the wait, too soon to say the port is filtered
     * (see {@link ProbeRun#TELLING_WAIT}); no evidence.
     */
    UNFINISHED(null);

    private final String evidenceValue;

    TcpState(String evidenceValue) {
        this.evidenceValue = evidenceValue;
    }

    Optional<String> evidenceValue() {
        return Optional.ofNullable(evidenceValue);
    }
}
