package org.rdpdoctor.probe;

import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * One TCP connect: how it ended and how long it took.
 *
 * @param socket the connected socket when open, else null; the {@link ProbeRun} closes it at the
 *     end of the run at the latest
 * @param timeoutNanos the connect timeout that applied
 * @param message the system's message when the connect failed, else empty
 */
record TcpOutcome(
        InetSocketAddress address,
        TcpState state,
        long nanos,
        long timeoutNanos,
        String message,
        Socket socket) {

    boolean isOpen() {
        return state == TcpState.OPEN;
    }

    /** {@code refused (RST) in 0.4 ms}, the way the evidence detail says it. */
    String describe() {
        return switch (state) {
            case OPEN -> "open in " + Elapsed.text(nanos);
            case REFUSED -> "refused (RST) in " + Elapsed.text(nanos);
            case FILTERED -> "no answer within " + Elapsed.text(timeoutNanos) + " (filtered)";
            case UNREACHABLE -> "unreachable after " + Elapsed.text(nanos) + ": " + message;
            case UNFINISHED ->
                    "no answer within "
                            + Elapsed.text(timeoutNanos)
                            + ", when the run's deadline ended the wait";
        };
    }

    /** {@code 127.0.0.1:3389}, with an IPv6 address in brackets. */
    String where() {
        String host = IpAddressText.of(address.getAddress());
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
