package org.rdpdoctor.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Addresses in the probe's words are written as RFC 5952 and the usual tools write them. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class IpAddressTextTest {
    @ParameterizedTest
    @CsvSource({
        "::1, ::1",
        "0:0:0:0:0:0:0:0, ::",
        "2001:DB8:0:0:0:0:0:5, 2001:db8::5",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
        "fe80:0:0:0:0:0:0:0, fe80::",
        "2001:db8:1:1:0:0:0:0, 2001:db8:1:1::",
        "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
        "::ffff:192.0.2.1, 192.0.2.1",
        "192.0.2.1, 192.0.2.1"
    })
    void ip_addresses_are_written_in_the_short_form(String literal, String expected)
            throws Exception {
        assertThat(IpAddressText.of(InetAddress.getByName(literal))).isEqualTo(expected);
    }
}
