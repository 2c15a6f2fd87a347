package org.rdpdoctor.probe;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What the server may probe on behalf of its web users: hosts matching an allow-list (names with
 * {@code *} wildcards, or CIDR ranges that the host's addresses must fall in), only the configured
 * ports, and at most a few runs per client per minute. Refusals say why. The command line has no
 * policy: whoever runs it chooses the target.
 */
public final class ProbePolicy {
    /** Nothing may be probed: the default of the server. */
    public static final ProbePolicy NONE =
            new ProbePolicy(List.of(), Set.of(ProbeTarget.RDP_PORT), 0, Clock.systemUTC());

    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final List<String> patterns;

    /** The name patterns of {@link #patterns}, in lower case. */
    private final List<String> names;

    /** The CIDR ranges of {@link #patterns}. */
    private final List<Cidr> ranges;

    /** In ascending order, as refusals list them. */
    private final SortedSet<Integer> ports;

    private final int perMinute;
    private final Clock clock;
    private final Map<String, Deque<Instant>> recent = new HashMap<>();

    ProbePolicy(List<String> patterns, Set<Integer> ports, int perMinute, Clock clock) {
        this.patterns = List.copyOf(patterns);
        this.names =
                patterns.stream()
                        .filter(p -> !p.contains("/"))
                        .map(p -> p.toLowerCase(Locale.ROOT))
                        .toList();
        this.ranges = patterns.stream().filter(p -> p.contains("/")).map(Cidr::parse).toList();
        this.ports = Collections.unmodifiableSortedSet(new TreeSet<>(ports));
        this.perMinute = perMinute;
        this.clock = clock;
    }

    /**
     * A policy from configuration.
     *
     * @param allow host patterns ({@code rds01.corp.example}, {@code *.corp.example}) and CIDR
     *     ranges ({@code 10.20.0.0/16}, {@code 127.0.0.1/32})
     * @param ports the RDP ports that may be probed; an RD Gateway may be probed on 443 or on one
     *     of these
     * @param perMinute probe runs per client and minute, at least 1
     * @throws IllegalArgumentException naming a malformed pattern or a limit out of range
     */
    public static ProbePolicy of(List<String> allow, Set<Integer> ports, int perMinute) {
        if (perMinute < 1 || perMinute > 600) {
            throw new InvalidSetting(
                    Setting.RATE,
                    "the probe rate limit must be 1 to 600 runs a minute, was " + perMinute);
        }
        for (String pattern : allow) {
            try {
                if (pattern.contains("/")) {
                    Cidr.parse(pattern);
                } else if (pattern.isBlank() || !pattern.matches("[A-Za-z0-9*.:\\-]+")) {
                    throw new IllegalArgumentException(
                            "'" + pattern + "' is not a host pattern or CIDR range");
                }
            } catch (IllegalArgumentException e) {
                throw new InvalidSetting(Setting.ALLOW, e.getMessage());
            }
        }
        for (int port : ports) {
            if (port < 1 || port > 65535) {
                throw new InvalidSetting(
                        Setting.PORTS, "probe port " + port + " is not between 1 and 65535");
            }
        }
        return new ProbePolicy(allow, ports, perMinute, Clock.systemUTC());
    }

    /** The three settings of a policy, as {@link #of} takes them. */
    public enum Setting {
        ALLOW,
        PORTS,
        RATE
    }

    /** A setting {@link #of} refuses; {@code setting} says which. */
    public static final class InvalidSetting extends IllegalArgumentException {
        private final Setting setting;

        InvalidSetting(Setting setting, String message) {
            super(message);
            this.setting = setting;
        }

        public Setting setting() {
            return setting;
        }
    }

    /** Whether any host may be probed at all. */
    public boolean isEnabled() {
        return !patterns.isEmpty();
    }

    /**
     * Allows one probe run of {@code target} for {@code client}, or says why not.
     *
     * @throws ProbeRefusedException naming the rule the request broke
     */
    public void check(ProbeTarget target, String client) {
        if (!isEnabled()) {
            throw new ProbeRefusedException(
                    "host",
                    "probing from the web is off: the administrator allows no hosts"
                            + " (serve --probe-allow)");
        }
        if (!ports.contains(target.port())) {
            throw new ProbeRefusedException(
                    "host", "port " + target.port() + " may not be probed; allowed: " + ports);
        }
        // Counted before the allow-list, which may look a name up: refused names cost a client
        // its runs too, so no one has the server ask DNS for names of their choosing without end.
        admit(client);
        allow("host", target.host());
        if (target.hasGateway()) {
            Endpoint gateway = target.gateway();
            if (gateway.port() != ProbeTarget.GATEWAY_PORT && !ports.contains(gateway.port())) {
                throw new ProbeRefusedException(
                        "gateway",
                        "gateway port "
                                + gateway.port()
                                + " may not be probed; allowed: "
                                + ProbeTarget.GATEWAY_PORT
                                + " or "
                                + ports);
            }
            allow("gateway", gateway.host());
        }
    }

    private void allow(String field, String host) {
        if (!allowed(host)) {
            throw new ProbeRefusedException(field, "'" + host + "' is not on the probe allow-list");
        }
    }

    private boolean allowed(String host) {
        if (allowedByName(host)) {
            return true;
        }
        if (ranges.isEmpty()) {
            return false;
        }
        List<InetAddress> addresses = resolve(host.toLowerCase(Locale.ROOT));
        return !addresses.isEmpty()
                && ranges.stream().anyMatch(range -> addresses.stream().allMatch(range::contains));
    }

    private boolean allowedByName(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        return names.stream().anyMatch(pattern -> glob(pattern, name));
    }

    /**
     * Name lookups for the probes that keep to this policy: the check above resolved the name once,
     * the probes resolve it again, and DNS may answer otherwise the second time (a short-lived
     * record, a rebinding). A name a name pattern allows keeps every address; any other keeps only
     * the addresses inside an allowed range, and a name left with none does not resolve.
     */
    Resolver within(Resolver lookup) {
        return host -> {
            InetAddress[] all = lookup.addresses(host);
            if (allowedByName(host)) {
                return all;
            }
            InetAddress[] inRange =
                    Arrays.stream(all)
                            .filter(a -> ranges.stream().anyMatch(range -> range.contains(a)))
                            .toArray(InetAddress[]::new);
            if (inRange.length == 0) {
                throw new UnknownHostException(
                        host
                                + " now resolves to "
                                + Arrays.stream(all)
                                        .map(IpAddressText::of)
                                        .collect(Collectors.joining(", "))
                                + ", none of it on the probe allow-list");
            }
            return inRange;
        };
    }

    private static boolean glob(String pattern, String name) {
        String regex = ("\\Q" + pattern + "\\E").replace("*", "\\E[^.]*\\Q");
        return name.matches(regex);
    }

    private static List<InetAddress> resolve(String name) {
        try {
            return List.of(InetAddress.getAllByName(name));
        } catch (UnknownHostException e) {
            return new ArrayList<>();
        }
    }

    private synchronized void admit(String client) {
        Instant now = clock.instant();
        Deque<Instant> times = recent.computeIfAbsent(client, c -> new ArrayDeque<>());
        while (!times.isEmpty() && times.peekFirst().isBefore(now.minus(WINDOW))) {
            times.removeFirst();
        }
        if (times.size() >= perMinute) {
            Duration wait = Duration.between(now, times.peekFirst().plus(WINDOW));
            long seconds = Math.max(1, wait.toSeconds());
            throw ProbeRefusedException.rateLimited(
                    "too many probe runs from "
                            + client
                            + ": at most "
                            + perMinute
                            + " a minute; try again in "
                            + seconds
                            + " s",
                    Duration.ofSeconds(seconds));
        }
        times.addLast(now);
        recent.values().removeIf(Deque::isEmpty);
    }

    /** An IPv4 or IPv6 range. */
    record Cidr(byte[] network, int bits) {
        static Cidr parse(String text) {
            int slash = text.indexOf('/');
            try {
                byte[] address =
                        InetAddress.getByName(literal(text.substring(0, slash))).getAddress();
                int bits = Integer.parseInt(text.substring(slash + 1));
                if (bits < 0 || bits > address.length * 8) {
                    throw new IllegalArgumentException(
                            "'" + text + "': the prefix length must be 0 to " + address.length * 8);
                }
                return new Cidr(address, bits);
            } catch (UnknownHostException | NumberFormatException e) {
                throw new IllegalArgumentException(
                        "'" + text + "' is not a CIDR range like 10.0.0.0/8");
            }
        }

        private static String literal(String text) {
            if (!text.matches("[0-9.]+|[0-9A-Fa-f:]+")) {
                throw new IllegalArgumentException("'" + text + "' is not an IP address");
            }
            return text;
        }

        boolean contains(InetAddress address) {
            byte[] bytes = address.getAddress();
            if (bytes.length != network.length) {
                return false;
            }
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >> (i % 8);
                if ((bytes[i / 8] & mask) != (network[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
