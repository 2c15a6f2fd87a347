package org.rdpdoctor.web;

import io.javalin.http.Context;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The reverse proxies whose {@code X-Forwarded-For} is believed: for a request from one of them,
 * the client is the last address of that header (the one the proxy added), so that the admin
 * lockout and the probe rate limit count per person, not per proxy. A request from any other
 * address, or a header that does not end in an IP address, is counted as its own remote address: a
 * client cannot choose whose limit it uses.
 */
public final class TrustedProxies {
    /** No proxy is trusted: every client is its remote address. */
    public static final TrustedProxies NONE = new TrustedProxies(Set.of());

    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f]*:[0-9A-Fa-f:.]*");

    private final Set<InetAddress> proxies;

    private TrustedProxies(Set<InetAddress> proxies) {
        this.proxies = Set.copyOf(proxies);
    }

    /**
     * The proxies at {@code addresses}, IP addresses written out (names are not resolved).
     *
     * @throws IllegalArgumentException naming an entry that is not an IP address
     */
    public static TrustedProxies of(List<String> addresses) {
        Set<InetAddress> proxies = new HashSet<>();
        for (String text : addresses) {
            proxies.add(
                    literal(text)
                            .orElseThrow(
                                    () ->
                                            new IllegalArgumentException(
                                                    "'"
                                                            + text
                                                            + "' is not an IP address like 127.0.0.1"
                                                            + " or ::1")));
        }
        return new TrustedProxies(proxies);
    }

    /** The client of a request: its remote address, or what a trusted proxy says it forwards. */
    String client(Context ctx) {
        String remote = ctx.req().getRemoteAddr();
        if (!literal(remote).map(proxies::contains).orElse(false)) {
            return remote;
        }
        List<String> forwarded = Collections.list(ctx.req().getHeaders("X-Forwarded-For"));
        if (forwarded.isEmpty()) {
            return remote;
        }
        String header = forwarded.get(forwarded.size() - 1);
        String last = header.substring(header.lastIndexOf(',') + 1).strip();
        return literal(last).map(InetAddress::getHostAddress).orElse(remote);
    }

    /**
     * What the admin lockout and the probe rate limit count a client as: its IPv4 address, or the
     * /64 network of its IPv6 address ({@code 2001:db8:0:1::/64}), since one IPv6 host is usually
     * given a whole /64 and could otherwise take a new address for every ten guesses. An IPv4
     * address written as IPv6 ({@code ::ffff:192.0.2.1}) counts as that IPv4 address.
     */
    static String counted(String client) {
        Optional<InetAddress> address = literal(client);
        if (address.isEmpty() || !(address.get() instanceof Inet6Address)) {
            return address.map(InetAddress::getHostAddress).orElse(client);
        }
        byte[] bytes = address.get().getAddress();
        int[] groups = new int[4];
        for (int i = 0; i < groups.length; i++) {
            groups[i] = (bytes[2 * i] & 0xFF) << 8 | bytes[2 * i + 1] & 0xFF;
        }
        return String.format("%x:%x:%x:%x::/64", groups[0], groups[1], groups[2], groups[3]);
    }

    /**
     * The IP address {@code text} writes out, or empty when it is not one. DNS is never asked: a
     * dotted quad is read here (the JDK would look up 999.1.1.1 as a name), and text with a colon
     * is only ever read as IPv6.
     */
    static Optional<InetAddress> literal(String text) {
        String address = text == null ? "" : text.strip();
        try {
            if (IPV4.matcher(address).matches()) {
                byte[] bytes = new byte[4];
                String[] parts = address.split("\\.");
                for (int i = 0; i < 4; i++) {
                    int part = Integer.parseInt(parts[i]);
                    if (part > 255) {
                        return Optional.empty();
                    }
                    bytes[i] = (byte) part;
                }
                return Optional.of(InetAddress.getByAddress(bytes));
            }
            return IPV6.matcher(address).matches()
                    ? Optional.of(InetAddress.getByName(address))
                    : Optional.empty();
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
