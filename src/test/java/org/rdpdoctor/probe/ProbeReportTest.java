package org.rdpdoctor.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.rdpdoctor.probe.ProbeResult.Status;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ProbeReportTest {
    private static final List<String> AFTER_CONNECT =
            List.of("latency", "rdp-negotiation", "nla", "tls-handshake", "tls-certificate");

    @Test
    void a_port_that_does_not_accept_disproves_what_needs_a_connection() {
        assertThat(report(found("tcp", "tcp-connect", "refused")).disproved())
                .containsExactlyInAnyOrderElementsOf(AFTER_CONNECT);
    }

    @Test
    void a_name_that_does_not_resolve_disproves_the_connection_too() {
        assertThat(report(found("dns", "dns", "fails")).disproved())
                .contains("tcp-connect")
                .containsAll(AFTER_CONNECT);
    }

    @Test
    void a_host_reached_or_a_connect_cut_short_disproves_nothing() {
        ProbeResult unfinished =
                ProbeResult.of(
                        "tcp", Status.FAILURE, "The run's deadline ended …", List.of(), List.of());

        assertThat(report(found("tcp", "tcp-connect", "open")).disproved()).isEmpty();
        assertThat(report(found("tcp", "tcp-connect", "open-other-address")).disproved()).isEmpty();
        assertThat(report(unfinished).disproved()).isEmpty();
    }

    @Test
    void a_negotiation_that_selects_no_tls_disproves_what_an_earlier_tls_handshake_measured() {
        ProbeResult negotiation = found("rdp-negotiation", "rdp-negotiation", "selected-rdp");
        ProbeResult tls =
                ProbeResult.skipped("tls", "No TLS: the server selected no TLS-based protocol.");

        assertThat(report(found("tcp", "tcp-connect", "open"), negotiation, tls).disproved())
                .containsExactlyInAnyOrder("tls-handshake", "tls-certificate");
    }

    @Test
    void a_negotiation_that_no_request_got_through_disproves_an_earlier_nla_finding() {
        ProbeResult tls = ProbeResult.skipped("tls", "No TLS: the negotiation did not succeed.");

        for (String value : List.of("closed", "no-answer", "garbage", "disconnect-request")) {
            ProbeResult negotiation = found("rdp-negotiation", "rdp-negotiation", value);

            assertThat(report(found("tcp", "tcp-connect", "open"), negotiation, tls).disproved())
                    .as(value)
                    .containsExactlyInAnyOrder("nla", "tls-handshake", "tls-certificate");
        }
    }

    @Test
    void a_negotiation_whose_answers_contradict_each_other_disproves_an_earlier_nla_finding() {
        NegotiationAnswer hybrid = new NegotiationAnswer.Selected(0x2, 0x1f);
        NegotiationAnswer rdp = new NegotiationAnswer.Selected(0x0, 0x1);
        ProbeResult negotiation =
                NegotiationSummaryTest.summary(hybrid, rdp, rdp, rdp).result("rdp-negotiation");
        ProbeResult tls = found("tls", "tls-handshake", "ok");

        assertThat(report(found("tcp", "tcp-connect", "open"), negotiation, tls).disproved())
                .containsExactly("nla");
    }

    @Test
    void a_negotiation_that_refuses_a_security_layer_keeps_an_earlier_nla_finding() {
        ProbeResult negotiation =
                found("rdp-negotiation", "rdp-negotiation", "failure-ssl-not-allowed");
        ProbeResult tls =
                ProbeResult.skipped("tls", "No TLS: the server selected no TLS-based protocol.");

        assertThat(report(found("tcp", "tcp-connect", "open"), negotiation, tls).disproved())
                .doesNotContain("nla");
    }

    @Test
    void a_tls_handshake_cut_short_or_not_waited_for_disproves_nothing() {
        ProbeResult unfinished =
                ProbeResult.of("tls", Status.FAILURE, "Not finished: …", List.of(), List.of());
        ProbeResult notWaitedFor =
                ProbeResult.skipped(
                        "tls", "Not tried: the negotiation did not finish before the deadline.");
        ProbeResult open = found("tcp", "tcp-connect", "open");

        assertThat(
                        report(
                                        open,
                                        found("rdp-negotiation", "rdp-negotiation", "selected-rdp"),
                                        unfinished)
                                .disproved())
                .isEmpty();
        assertThat(
                        report(
                                        open,
                                        found("rdp-negotiation", "rdp-negotiation", "selected-tls"),
                                        notWaitedFor)
                                .disproved())
                .isEmpty();
    }

    private static ProbeResult found(String probe, String kind, String value) {
        return ProbeResult.of(
                probe,
                Status.OK,
                "verdict",
                List.of(),
                List.of(ProbeResult.evidence(kind, value, "detail")));
    }

    private static ProbeReport report(ProbeResult... results) {
        return new ProbeReport(
                "127.0.0.1:3389", null, "test-host", Instant.EPOCH, 5000, 1.0, List.of(results));
    }
}
