package org.rdpdoctor.web;

import io.javalin.http.Context;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The names this server answers to in a request's {@code Host} header. A web page whose name its
 * owner points at 127.0.0.1 (DNS rebinding) reaches the server under that name, and through the
 * browser of a helpdesk agent on this machine could read and change every session: such a request
 * is refused with 421. IP addresses and {@code localhost} are always accepted, as a rebinding page
 * has a name of its own; a reverse proxy that passes its public name on (nginx's {@code
 * proxy_set_header Host $host}) needs that name given.
 */
public final class HostNames {
    /** IP addresses and {@code localhost} only. */
    public static final HostNames LOCAL = new HostNames(Set.of());

    private static final Pattern NAME =
            Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");

    private final Set<String> names;

    private HostNames(Set<String> names) {
        this.names = Set.copyOf(names);
    }

    /**
     * IP addresses, {@code localhost} and {@code names}.
     *
     * @throws IllegalArgumentException naming an entry that is not a DNS name
     */
    public static HostNames of(List<String> names) {
        Set<String> accepted = new HashSet<>();
        for (String text : names) {
            String name = normal(text);
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(
                        "'" + text + "' is not a host name like rdp-doctor.example.org");
            }
            accepted.add(name);
        }
        return new HostNames(accepted);
    }

    /** Refuses a request whose {@code Host} names a host this server was not told it is. */
    void check(Context ctx) {
        String host = ctx.header("Host");
        if (host == null) {
            return;
        }
        String name = normal(withoutPort(host.strip()));
        if (TrustedProxies.literal(name).isPresent()
                || name.equals("localhost")
                || name.endsWith(".localhost")
                || names.contains(name)) {
            return;
        }
        throw new ApiException(
                421,
                "Host",
                "this server does not answer to the name '"
                        + name
                        + "': use its address, or localhost; behind a reverse proxy that passes its"
                        + " public name on, give that name to serve with --public-name");
    }

    /** The host of a {@code Host} header: {@code [::1]:7070} is {@code ::1}, {@code a:7070} a. */
    private static String withoutPort(String host) {
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host : host.substring(1, end);
        }
        int colon = host.indexOf(':');
        return colon < 0 || colon != host.lastIndexOf(':') ? host : host.substring(0, colon);
    }

    /** Lower case, without the root's trailing dot. */
    private static String normal(String name) {
        String lower = name.strip().toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }
}
