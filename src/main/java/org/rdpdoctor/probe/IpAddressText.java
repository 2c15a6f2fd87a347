package org.rdpdoctor.probe;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;

/**
 * An IP address as people and tools write it: IPv6 in the short form of RFC 5952 ({@code ::1},
 * {@code 2001:db8::5}), as {@code ping} and {@code nslookup} show it, where Java writes every group
 * ({@code 0:0:0:0:0:0:0:1}).
 */
final class IpAddressText {
    private IpAddressText() {}

    static String of(InetAddress address) {
        String text = address.getHostAddress();
        if (!(address instanceof Inet6Address)) {
            return text;
        }
        int percent = text.indexOf('%');
        String scope = percent < 0 ? "" : text.substring(percent);
        List<String> groups =
                Arrays.asList((percent < 0 ? text : text.substring(0, percent)).split(":"));
        // The longest run of zero groups, the first of equal ones, and only a run of two or more.
        int start = -1;
        int length = 1;
        for (int i = 0; i < groups.size(); i++) {
            int end = i;
            while (end < groups.size() && groups.get(end).equals("0")) {
                end++;
            }
            if (end - i > length) {
                start = i;
                length = end - i;
            }
            i = Math.max(i, end);
        }
        if (start < 0) {
            return text;
        }
        return String.join(":", groups.subList(0, start))
                + "::"
                + String.join(":", groups.subList(start + length, groups.size()))
                + scope;
    }
}
