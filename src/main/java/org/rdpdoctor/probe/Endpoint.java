package org.rdpdoctor.probe;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A host and a TCP port. The host is a name, an IPv4 address or an IPv6 address (without brackets);
 * {@link #parse} reads what a user types.
 */
public record Endpoint(String host, int port) {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern DIGITS_AND_DOTS = Pattern.compile("[\\d.]+");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+(%[\\w.-]+)?");
    private static final Pattern NAME =
            Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_.])?");
    private static final Pattern DIGITS = Pattern.compile("\\d{1,9}");

    public Endpoint {
        Objects.requireNonNull(host, "host");
        if (host.isEmpty()) {
            throw new IllegalArgumentException("host is empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 1-65535");
        }
    }

    /**
     * Reads {@code HOST}, {@code HOST:PORT}, a bare IPv6 address or {@code [IPv6]:PORT}.
     *
     * @param text what the user typed
     * @param defaultPort the port when the text names none
     * @return the endpoint
     * @throws IllegalArgumentException with a message that quotes the text and says what is wrong
     */
    public static Endpoint parse(String text, int defaultPort) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("the target is empty: give HOST or HOST:PORT");
        }
        if (text.contains("/")) {
            throw bad(text, "leave out the scheme and path, e.g. rds01.example.com:3389");
        }
        if (text.chars().anyMatch(Character::isWhitespace)) {
            throw bad(text, "it contains a space");
        }
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw bad(text, "'[' has no closing ']'");
            }
            String address = text.substring(1, close);
            if (!isIpv6(address)) {
                throw bad(text, "'" + address + "' in brackets is not an IPv6 address");
            }
            String rest = text.substring(close + 1);
            if (rest.isEmpty()) {
                return new Endpoint(address, defaultPort);
            }
            if (!rest.startsWith(":")) {
                throw bad(text, "'" + rest + "' after ']' is not ':PORT'");
            }
            return new Endpoint(address, port(text, rest.substring(1)));
        }
        long colons = text.chars().filter(c -> c == ':').count();
        if (colons > 1) {
            if (!isIpv6(text)) {
                throw bad(text, "write an IPv6 address with a port as [ADDRESS]:PORT");
            }
            int last = text.lastIndexOf(':');
            String address = text.substring(0, last);
            String port = text.substring(last + 1);
            if (DIGITS.matcher(port).matches() && isIpv6(address)) {
                throw bad(
                        text,
                        "it could be "
                                + address
                                + " port "
                                + port
                                + ": write an IPv6 address with a port as [ADDRESS]:PORT,"
                                + " and one without as [ADDRESS]");
            }
            return new Endpoint(text, defaultPort);
        }
        int colon = text.indexOf(':');
        String host = colon < 0 ? text : text.substring(0, colon);
        if (host.isEmpty()) {
            throw bad(text, "the host is missing before ':'");
        }
        checkHost(text, host);
        return new Endpoint(host, colon < 0 ? defaultPort : port(text, text.substring(colon + 1)));
    }

    /** True when the host is an IP address, so no name lookup is involved. */
    public boolean isIpLiteral() {
        return host.contains(":") || IPV4.matcher(host).matches();
    }

    /**
     * Whether {@code other} names the same host, whatever its port: DNS names are the same in any
     * case, and with or without the trailing dot of a fully qualified name.
     */
    public boolean sameHost(Endpoint other) {
        return withoutTrailingDot(host).equalsIgnoreCase(withoutTrailingDot(other.host));
    }

    /**
     * The name without the trailing dot of a fully qualified name: {@code rds01} for {@code
     * rds01.}.
     */
    static String withoutTrailingDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    /** {@code host:port}, with an IPv6 host in brackets. */
    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /**
     * Checks a name or an IPv4 address. A text of digits and dots alone must be four decimal
     * numbers: the system's resolver reads shorthand ({@code 127.1}, {@code 2130706433}) and
     * leading zeros (octal to inet_aton, decimal to Java) its own way, so the probe would connect
     * elsewhere than the user meant.
     */
    private static void checkHost(String text, String host) {
        if (IPV4.matcher(host).matches()) {
            for (String part : host.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    throw bad(text, "'" + host + "' is not an IPv4 address (" + part + " > 255)");
                }
                if (part.length() > 1 && part.startsWith("0")) {
                    throw bad(
                            text,
                            "'"
                                    + host
                                    + "' has a number with a leading zero ("
                                    + part
                                    + "), which some clients read as octal: write the numbers"
                                    + " without leading zeros");
                }
            }
        } else if (DIGITS_AND_DOTS.matcher(host).matches()) {
            throw bad(
                    text,
                    "'"
                            + host
                            + "' is not a full IPv4 address: write all four numbers, e.g. 10.0.0.5");
        } else if (host.length() > 253 || !NAME.matcher(host).matches()) {
            throw bad(text, "'" + host + "' is not a host name or IP address");
        } else {
            for (String label : withoutTrailingDot(host).split("\\.", -1)) {
                if (label.isEmpty()) {
                    throw bad(text, "'" + host + "' has two dots in a row");
                }
                if (label.length() > 63) {
                    throw bad(text, "'" + host + "' has a part longer than 63 characters");
                }
                if (label.startsWith("-") || label.endsWith("-")) {
                    throw bad(text, "'" + label + "' in '" + host + "' starts or ends with '-'");
                }
            }
        }
    }

    private static int port(String text, String port) {
        if (port.isEmpty()) {
            throw bad(text, "the port is missing after ':'");
        }
        if (!DIGITS.matcher(port).matches()) {
            throw bad(text, "port '" + port + "' is not a number from 1 to 65535");
        }
        int value = Integer.parseInt(port);
        if (value < 1 || value > 65535) {
            throw bad(text, "port " + value + " is outside 1-65535");
        }
        return value;
    }

    private static boolean isIpv6(String address) {
        if (!address.contains(":") || !IPV6.matcher(address).matches()) {
            return false;
        }
        try {
            // A text with ':' is parsed as a literal; InetAddress never looks it up.
            InetAddress.getByName(address);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static IllegalArgumentException bad(String text, String why) {
        return new IllegalArgumentException("'" + text + "' is not HOST[:PORT]: " + why);
    }
}
