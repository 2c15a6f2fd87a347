package org.rdpdoctor.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/** Targets as users type them, and the messages for mistakes. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ProbeTargetTest {

    @Test
    void host_alone_gets_the_rdp_port() {
        ProbeTarget target = ProbeTarget.parse("rds01.example.com", null);

        assertThat(target).isEqualTo(new ProbeTarget("rds01.example.com", 3389, null));
        assertThat(target.rdp().isIpLiteral()).isFalse();
    }

    @Test
    void host_and_port_and_gateway_with_its_https_port() {
        ProbeTarget target = ProbeTarget.parse("rds01:3390", "gw.example.com");

        assertThat(target.host()).isEqualTo("rds01");
        assertThat(target.port()).isEqualTo(3390);
        assertThat(target.gateway()).isEqualTo(new Endpoint("gw.example.com", 443));
    }

    @Test
    void a_name_is_the_same_host_in_any_case_with_or_without_its_trailing_dot_on_any_port() {
        Endpoint session = Endpoint.parse("rds01.corp.example", 3389);

        assertThat(session.sameHost(Endpoint.parse("RDS01.corp.example.:3390", 3389))).isTrue();
        assertThat(session.sameHost(Endpoint.parse("rds02.corp.example", 3389))).isFalse();
        assertThat(session.sameHost(Endpoint.parse("10.0.0.5", 3389))).isFalse();
    }

    @Test
    void ipv4_and_ipv6_literals_are_ip_literals() {
        assertThat(Endpoint.parse("10.0.0.5:3389", 1)).isEqualTo(new Endpoint("10.0.0.5", 3389));
        assertThat(Endpoint.parse("[::1]:3390", 1)).isEqualTo(new Endpoint("::1", 3390));
        assertThat(Endpoint.parse("[fe80::1]", 3389)).isEqualTo(new Endpoint("fe80::1", 3389));
        assertThat(Endpoint.parse("2001:db8::5", 3389))
                .isEqualTo(new Endpoint("2001:db8::5", 3389));
        assertThat(Endpoint.parse("::1", 3389).isIpLiteral()).isTrue();
        assertThat(Endpoint.parse("[::1:3389]", 3390)).isEqualTo(new Endpoint("::1:3389", 3390));
        assertThat(Endpoint.parse("10.0.0.5", 3389).isIpLiteral()).isTrue();
    }

    @Test
    void endpoint_prints_ipv6_in_brackets() {
        assertThat(new Endpoint("::1", 3389)).hasToString("[::1]:3389");
        assertThat(new Endpoint("rds01", 3389)).hasToString("rds01:3389");
    }

    @Test
    void mistakes_are_named_with_the_text() {
        assertError("", "the target is empty: give HOST or HOST:PORT");
        assertError("rds01:", "'rds01:' is not HOST[:PORT]: the port is missing after ':'");
        assertError(":3389", "':3389' is not HOST[:PORT]: the host is missing before ':'");
        assertError(
                "rds01:rdp",
                "'rds01:rdp' is not HOST[:PORT]: port 'rdp' is not a number from 1 to 65535");
        assertError("rds01:0", "'rds01:0' is not HOST[:PORT]: port 0 is outside 1-65535");
        assertError(
                "rds01:70000", "'rds01:70000' is not HOST[:PORT]: port 70000 is outside 1-65535");
        assertError(
                "rdp://rds01",
                "'rdp://rds01' is not HOST[:PORT]: leave out the scheme and path, e.g."
                        + " rds01.example.com:3389");
        assertError("rds 01", "'rds 01' is not HOST[:PORT]: it contains a space");
        assertError("[::1", "'[::1' is not HOST[:PORT]: '[' has no closing ']'");
        assertError(
                "[rds01]:3389",
                "'[rds01]:3389' is not HOST[:PORT]: 'rds01' in brackets is not an IPv6 address");
        assertError("[::1]3389", "'[::1]3389' is not HOST[:PORT]: '3389' after ']' is not ':PORT'");
        assertError(
                "fe80::1:3389:x",
                "'fe80::1:3389:x' is not HOST[:PORT]: write an IPv6 address with a port as"
                        + " [ADDRESS]:PORT");
        assertError(
                "::1:3389",
                "'::1:3389' is not HOST[:PORT]: it could be ::1 port 3389: write an IPv6 address"
                        + " with a port as [ADDRESS]:PORT, and one without as [ADDRESS]");
        assertError(
                "300.1.1.1",
                "'300.1.1.1' is not HOST[:PORT]: '300.1.1.1' is not an IPv4 address (300 > 255)");
        assertError(
                "rds*01", "'rds*01' is not HOST[:PORT]: 'rds*01' is not a host name or IP address");
        assertError(
                "rds..example.com",
                "'rds..example.com' is not HOST[:PORT]: 'rds..example.com' has two dots in a row");
        assertError(
                "rds01.-corp.example",
                "'rds01.-corp.example' is not HOST[:PORT]: '-corp' in 'rds01.-corp.example' starts or ends with '-'");
        String longLabel = "r".repeat(64) + ".example.com";
        assertError(
                longLabel,
                "'"
                        + longLabel
                        + "' is not HOST[:PORT]: '"
                        + longLabel
                        + "' has a part longer than 63 characters");
    }

    @Test
    void a_shortened_or_zero_padded_ipv4_address_is_refused_before_any_lookup() {
        assertError(
                "1.2.3",
                "'1.2.3' is not HOST[:PORT]: '1.2.3' is not a full IPv4 address: write all four"
                        + " numbers, e.g. 10.0.0.5");
        assertError(
                "127.1:3389",
                "'127.1:3389' is not HOST[:PORT]: '127.1' is not a full IPv4 address: write all"
                        + " four numbers, e.g. 10.0.0.5");
        assertError(
                "2130706433",
                "'2130706433' is not HOST[:PORT]: '2130706433' is not a full IPv4 address: write"
                        + " all four numbers, e.g. 10.0.0.5");
        assertError(
                "010.0.0.1",
                "'010.0.0.1' is not HOST[:PORT]: '010.0.0.1' has a number with a leading zero"
                        + " (010), which some clients read as octal: write the numbers without"
                        + " leading zeros");
        assertThat(Endpoint.parse("10.0.0.1", 3389)).isEqualTo(new Endpoint("10.0.0.1", 3389));
        assertThat(Endpoint.parse("0.0.0.0", 3389).host()).isEqualTo("0.0.0.0");
    }

    @Test
    void a_name_with_a_final_dot_or_an_underscore_is_a_host_name() {
        assertThat(Endpoint.parse("rds01.example.com.", 3389).host())
                .isEqualTo("rds01.example.com.");
        assertThat(Endpoint.parse("rds_01:3390", 3389)).isEqualTo(new Endpoint("rds_01", 3390));
    }

    @Test
    void gateway_mistakes_are_named_too() {
        assertThatThrownBy(() -> ProbeTarget.parse("rds01", "gw:https"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "'gw:https' is not HOST[:PORT]: port 'https' is not a number from 1 to 65535");
    }

    @Test
    void constructor_checks_the_port_range() {
        assertThatThrownBy(() -> new ProbeTarget("rds01", 65536, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("port 65536 is outside 1-65535");
    }

    private static void assertError(String text, String message) {
        assertThatThrownBy(() -> ProbeTarget.parse(text, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }
}
