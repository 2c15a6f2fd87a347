package org.rdpdoctor.probe;

/** How a TCP connect ended, as the values of the {@code tcp-connect} evidence. */
enum TcpState {
    OPEN("open"),
    /** The host answered with a reset (RST). */
    REFUSED("refused"),
    /** No answer before the connect timeout: packets are dropped. */
    FILTERED("filtered"),
    /** No route: ICMP unreachable, or no route here. */
    UNREACHABLE("unreachable");

    private final String evidenceValue;

    TcpState(String evidenceValue) {
        this.evidenceValue = evidenceValue;
    }

    String evidenceValue() {
        return evidenceValue;
    }
}
