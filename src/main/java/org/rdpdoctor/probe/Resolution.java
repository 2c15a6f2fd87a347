package org.rdpdoctor.probe;

import java.net.InetAddress;
import java.util.List;

/**
 * A name lookup and how long it took.
 *
 * @param literal true when the host is an IP address (no lookup)
 * @param addresses every address, in the order the system gave them; empty when it failed
 * @param failure why the lookup failed, or empty
 */
record Resolution(
        String host, boolean literal, List<InetAddress> addresses, long nanos, String failure) {

    Resolution {
        addresses = List.copyOf(addresses);
    }

    boolean resolves() {
        return !addresses.isEmpty();
    }

    List<String> addressTexts() {
        return addresses.stream().map(IpAddressText::of).toList();
    }
}
