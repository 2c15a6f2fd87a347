package org.rdpdoctor.probe;

import java.util.Objects;

/**
 * What to probe: the RDP host and port, and optionally an RD Gateway (HTTPS, port 443 unless
 * given).
 *
 * @param gateway the RD Gateway, or null when the user names none
 */
public record ProbeTarget(String host, int port, Endpoint gateway) {
    /** The RDP port when the target names none. */
    public static final int RDP_PORT = 3389;

    /** The RD Gateway's HTTPS port when the gateway names none. */
    public static final int GATEWAY_PORT = 443;

    public ProbeTarget {
        Objects.requireNonNull(host, "host");
        new Endpoint(host, port);
    }

    /**
     * Reads a target as the user types it.
     *
     * @param hostPort {@code HOST[:PORT]}, {@code [IPv6]:PORT} or a bare IPv6 address
     * @param gateway {@code HOST[:PORT]} of the RD Gateway, or null for none
     * @throws IllegalArgumentException naming the text and what is wrong with it
     */
    public static ProbeTarget parse(String hostPort, String gateway) {
        Endpoint rdp = Endpoint.parse(hostPort, RDP_PORT);
        return new ProbeTarget(
                rdp.host(),
                rdp.port(),
                gateway == null ? null : Endpoint.parse(gateway, GATEWAY_PORT));
    }

    /** The RDP host and port. */
    public Endpoint rdp() {
        return new Endpoint(host, port);
    }

    /** True when an RD Gateway is to be probed too. */
    public boolean hasGateway() {
        return gateway != null;
    }
}
