package org.rdpdoctor.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.rdpdoctor.engine.Event;
import org.rdpdoctor.probe.ProbeResult.Status;

/** What the negotiation's answers say together, from given answers (no network involved). */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class NegotiationSummaryTest {
    private static final NegotiationAnswer HYBRID = new NegotiationAnswer.Selected(0x2, 0x1f);
    private static final NegotiationAnswer RDP = new NegotiationAnswer.Selected(0x0, 0x1f);

    @Test
    void a_refusal_for_lacking_what_the_request_offered_contradicts_itself() {
        ProbeResult result =
                summary(new NegotiationAnswer.Failed(5), RDP, RDP, RDP).result("rdp-negotiation");

        assertThat(values(result))
                .containsEntry("rdp-negotiation", "failure-hybrid-required")
                .doesNotContainKey("nla");
        assertThat(result.status()).isEqualTo(Status.WARNING);
        assertThat(result.verdict())
                .contains(
                        " Whether NLA is required is unclear. The answers contradict each other"
                                + " (0xB got failure HYBRID_REQUIRED_BY_SERVER (0x5), although it"
                                + " offered that): several hosts set up differently behind one"
                                + " address (a farm behind a load balancer), or a faulty listener.");
    }

    @Test
    void a_protocol_selected_once_and_turned_down_when_offered_again_is_a_contradiction() {
        ProbeResult refused =
                summary(HYBRID, new NegotiationAnswer.Failed(2), RDP, RDP)
                        .result("rdp-negotiation");
        ProbeResult fellBack = summary(HYBRID, RDP, RDP, RDP).result("rdp-negotiation");

        assertThat(refused.verdict())
                .contains(
                        "(0xB got selected HYBRID (0x2), but 0x3, which offered it too, got"
                                + " failure SSL_NOT_ALLOWED_BY_SERVER (0x2))");
        assertThat(fellBack.verdict())
                .contains(
                        "(0xB got selected HYBRID (0x2), but 0x3, which offered it too, got"
                                + " selected RDP (0x0))");
        assertThat(values(fellBack)).doesNotContainKey("nla");
        assertThat(fellBack.status()).isEqualTo(Status.WARNING);
    }

    @Test
    void a_refusal_for_lacking_credssp_beside_a_request_without_it_accepted_is_a_contradiction() {
        NegotiationAnswer tls = new NegotiationAnswer.Selected(0x1, 0x1f);

        ProbeResult result =
                summary(HYBRID, HYBRID, tls, new NegotiationAnswer.Failed(5))
                        .result("rdp-negotiation");

        assertThat(values(result)).doesNotContainKey("nla");
        assertThat(result.status()).isEqualTo(Status.WARNING);
        assertThat(result.verdict())
                .doesNotContain("NLA is offered")
                .contains(
                        "(0x0 got failure HYBRID_REQUIRED_BY_SERVER (0x5), but 0x1, which did not"
                                + " offer CredSSP either, got selected SSL (0x1))");
    }

    @Test
    void a_lower_protocol_for_a_request_that_offered_a_higher_one_another_got_is_a_contradiction() {
        NegotiationAnswer tls = new NegotiationAnswer.Selected(0x1, 0x1f);

        ProbeResult result = summary(tls, HYBRID, tls, tls).result("rdp-negotiation");

        assertThat(values(result)).doesNotContainKey("nla");
        assertThat(result.status()).isEqualTo(Status.WARNING);
        assertThat(result.verdict())
                .contains(
                        "(0x3 got selected HYBRID (0x2), but 0xB, which offered it too, got"
                                + " selected SSL (0x1))");
    }

    @Test
    void a_server_that_requires_nla_answers_without_contradiction() {
        NegotiationAnswer required = new NegotiationAnswer.Failed(5);
        ProbeResult result = summary(HYBRID, HYBRID, required, required).result("rdp-negotiation");

        assertThat(values(result)).containsEntry("nla", "required");
        assertThat(result.status()).isEqualTo(Status.OK);
        assertThat(result.verdict()).doesNotContain("contradict");
    }

    @Test
    void a_refusal_that_names_no_security_setting_says_nothing_of_nla() {
        ProbeResult refused = summaryOfRefusals(3);
        ProbeResult inconsistent = summaryOfRefusals(4);
        ProbeResult clientCertificates = summaryOfRefusals(6);

        for (ProbeResult result : List.of(refused, inconsistent, clientCertificates)) {
            assertThat(values(result)).doesNotContainKey("nla");
            assertThat(result.verdict())
                    .contains(" Whether NLA is required is unclear.")
                    .doesNotContain("NLA is not offered");
        }
    }

    @Test
    void a_request_for_credssp_answered_with_tls_or_refused_tls_says_nla_is_not_offered() {
        NegotiationAnswer tls = new NegotiationAnswer.Selected(0x1, 0x1);
        NegotiationAnswer sslNotAllowed = new NegotiationAnswer.Failed(2);

        ProbeResult tlsOnly =
                summary(tls, tls, tls, new NegotiationAnswer.Failed(1)).result("rdp-negotiation");
        ProbeResult rdpOnly =
                summary(sslNotAllowed, sslNotAllowed, sslNotAllowed, RDP).result("rdp-negotiation");

        assertThat(values(tlsOnly)).containsEntry("nla", "not-offered");
        assertThat(values(rdpOnly)).containsEntry("nla", "not-offered");
    }

    @Test
    void an_answer_the_protocol_does_not_allow_is_a_warning_beside_a_proper_one() {
        NegotiationAnswer notOffered =
                new NegotiationAnswer.Unexpected(
                        "selected HYBRID_EX (0x8), which the request did not offer");
        NegotiationAnswer hybridEx = new NegotiationAnswer.Selected(0x8, 0x1f);

        ProbeResult result =
                summary(hybridEx, notOffered, notOffered, notOffered).result("rdp-negotiation");

        assertThat(values(result)).containsEntry("rdp-negotiation", "selected-hybrid-ex");
        assertThat(result.status()).isEqualTo(Status.WARNING);
        assertThat(result.verdict()).contains("No proper answer for 0x3: an RDP answer");
    }

    /**
     * The summary of a server that refuses the requests 0xB, 0x3 and 0x1 with the failure {@code
     * code} and answers 0x0 with SSL_REQUIRED_BY_SERVER.
     */
    private static ProbeResult summaryOfRefusals(int code) {
        NegotiationAnswer refusal = new NegotiationAnswer.Failed(code);
        return summary(refusal, refusal, refusal, new NegotiationAnswer.Failed(1))
                .result("rdp-negotiation");
    }

    /** The answers to the requests 0xB, 0x3, 0x1 and 0x0, in that order. */
    static NegotiationSummary summary(NegotiationAnswer... answers) {
        List<Integer> requests = RdpNegotiationProbe.REQUESTS;
        return new NegotiationSummary(
                IntStream.range(0, answers.length)
                        .mapToObj(i -> new Exchange(requests.get(i), null, null, 0, answers[i]))
                        .toList());
    }

    private static Map<String, String> values(ProbeResult result) {
        return result.evidence().stream()
                .collect(Collectors.toMap(Event.EvidenceAdded::kind, Event.EvidenceAdded::value));
    }
}
