package org.rdpdoctor.probe;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/** What the web's probe policy refuses, and how it says so. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ProbePolicyTest {

    @Test
    void a_port_off_the_list_is_refused_with_the_allowed_ports_in_order() {
        ProbePolicy policy =
                ProbePolicy.of(List.of("127.0.0.1/32"), Set.of(33890, 3389, 13389, 3390), 6);

        assertThatThrownBy(() -> policy.check(ProbeTarget.parse("127.0.0.1:22", null), "client"))
                .isInstanceOf(ProbeRefusedException.class)
                .hasMessage("port 22 may not be probed; allowed: [3389, 3390, 13389, 33890]");
        assertThatThrownBy(
                        () ->
                                policy.check(
                                        ProbeTarget.parse("127.0.0.1:3389", "127.0.0.1:22"),
                                        "client"))
                .isInstanceOf(ProbeRefusedException.class)
                .hasMessage(
                        "gateway port 22 may not be probed; allowed: 443 or [3389, 3390, 13389,"
                                + " 33890]");
    }
}
