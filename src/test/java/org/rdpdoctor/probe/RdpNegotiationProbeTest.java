package org.rdpdoctor.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rdpdoctor.probe.FakeRdpServer.Behaviour.ACCEPT_THEN_CLOSE;
import static org.rdpdoctor.probe.FakeRdpServer.Behaviour.CERT_NOT_ON_SERVER;
import static org.rdpdoctor.probe.FakeRdpServer.Behaviour.DISCONNECTS;
import static org.rdpdoctor.probe.FakeRdpServer.Behaviour.DISCONNECTS_WITHOUT_REASON;
import static org.rdpdoctor.probe.FakeRdpServer.Behaviour.DRIP;
import static org.rdpdoctor.probe.FakeRdpServer.Behaviour.GARBAGE;
import static org.rdpdoctor.probe.FakeRdpServer.Behaviour.HANG;
import static org.rdpdoctor.probe.FakeRdpServer.Behaviour.NLA_OPTIONAL;
import static org.rdpdoctor.probe.FakeRdpServer.Behaviour.NO_NEGOTIATION;
import static org.rdpdoctor.probe.FakeRdpServer.Behaviour.PART_THEN_CLOSE;
import static org.rdpdoctor.probe.FakeRdpServer.Behaviour.PART_THEN_RESET;
import static org.rdpdoctor.probe.FakeRdpServer.Behaviour.PART_THEN_SILENCE;
import static org.rdpdoctor.probe.FakeRdpServer.Behaviour.RDP_ONLY;
import static org.rdpdoctor.probe.FakeRdpServer.Behaviour.REQUIRES_NLA;
import static org.rdpdoctor.probe.FakeRdpServer.Behaviour.REQUIRES_NLA_WITH_EARLY_AUTH;
import static org.rdpdoctor.probe.FakeRdpServer.Behaviour.SELECTS_RDSTLS;
import static org.rdpdoctor.probe.FakeRdpServer.Behaviour.TLS_ONLY;
import static org.rdpdoctor.probe.FakeRdpServer.Behaviour.UNDEFINED_FAILURE;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.rdpdoctor.engine.Event;
import org.rdpdoctor.probe.ProbeResult.Status;

/** The negotiation probe against our fake RDP listener, set up like the servers it meets. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class RdpNegotiationProbeTest {
    private static final TestCertificates.Kind SELF_SIGNED =
            TestCertificates.Kind.LOCALHOST_SELF_SIGNED;

    @Test
    void server_that_requires_nla_selects_credssp_and_refuses_requests_without_it()
            throws Exception {
        try (FakeRdpServer server = FakeRdpServer.start(REQUIRES_NLA, SELF_SIGNED)) {
            ProbeReport report = probe(server, Duration.ofSeconds(5));

            assertThat(values(report))
                    .containsEntry("rdp-negotiation", "selected-hybrid")
                    .containsEntry("nla", "required");
            assertThat(detail(report, "rdp-negotiation"))
                    .startsWith("selected HYBRID (0x2) for request 0xB; flags 0x1f (answers: ")
                    .contains(
                            "(answers: 0xB, 0x3 selected HYBRID (0x2); 0x1, 0x0 failure"
                                    + " HYBRID_REQUIRED_BY_SERVER (0x5))");
            ProbeResult result = report.result("rdp-negotiation").orElseThrow();
            assertThat(result.status()).isEqualTo(Status.OK);
            assertThat(result.verdict())
                    .isEqualTo(
                            "The server accepts CredSSP (NLA); it refuses TLS-only and RDP-only"
                                    + " requests (HYBRID_REQUIRED_BY_SERVER). NLA is required.");
            assertThat(result.raw())
                    .anySatisfy(
                            line ->
                                    assertThat(line)
                                            .contains(
                                                    "03 00 00 13 0e d0 00 00 12 34 00 02 1f 08 00"
                                                            + " 02 00 00 00 (19 bytes)"));
        }
    }

    @Test
    void server_with_early_user_authorization_selects_hybrid_ex_for_current_clients()
            throws Exception {
        try (FakeRdpServer server =
                FakeRdpServer.start(REQUIRES_NLA_WITH_EARLY_AUTH, SELF_SIGNED)) {
            ProbeReport report = probe(server, Duration.ofSeconds(5));

            assertThat(values(report))
                    .containsEntry("rdp-negotiation", "selected-hybrid-ex")
                    .containsEntry("nla", "required");
        }
    }

    @Test
    void server_that_offers_nla_but_accepts_tls_alone_has_nla_offered() throws Exception {
        try (FakeRdpServer server = FakeRdpServer.start(NLA_OPTIONAL, SELF_SIGNED)) {
            ProbeReport report = probe(server, Duration.ofSeconds(5));

            assertThat(values(report))
                    .containsEntry("rdp-negotiation", "selected-hybrid")
                    .containsEntry("nla", "offered");
        }
    }

    @Test
    void tls_only_server_refuses_standard_rdp_security_and_offers_no_nla() throws Exception {
        try (FakeRdpServer server = FakeRdpServer.start(TLS_ONLY, SELF_SIGNED)) {
            ProbeReport report = probe(server, Duration.ofSeconds(5));

            assertThat(values(report))
                    .containsEntry("rdp-negotiation", "selected-tls")
                    .containsEntry("nla", "not-offered");
            assertThat(report.result("rdp-negotiation").orElseThrow().verdict())
                    .isEqualTo(
                            "The server accepts TLS; it refuses RDP-only requests"
                                    + " (SSL_REQUIRED_BY_SERVER). NLA is not offered.");
        }
    }

    @Test
    void rdp_only_server_refuses_what_current_clients_ask_for() throws Exception {
        try (FakeRdpServer server = FakeRdpServer.start(RDP_ONLY)) {
            ProbeReport report = probe(server, Duration.ofSeconds(5));

            assertThat(values(report))
                    .containsEntry("rdp-negotiation", "failure-ssl-not-allowed")
                    .containsEntry("nla", "not-offered");
            assertThat(report.result("rdp-negotiation").orElseThrow().status())
                    .isEqualTo(Status.WARNING);
            assertThat(report.result("tls").orElseThrow().verdict())
                    .isEqualTo("No TLS: the server selected no TLS-based protocol.");
        }
    }

    @Test
    void server_without_a_certificate_says_so_and_tls_is_skipped() throws Exception {
        try (FakeRdpServer server = FakeRdpServer.start(CERT_NOT_ON_SERVER)) {
            ProbeReport report = probe(server, Duration.ofSeconds(5));

            assertThat(values(report))
                    .containsEntry("rdp-negotiation", "failure-cert-not-on-server");
            assertThat(detail(report, "rdp-negotiation"))
                    .startsWith("failure SSL_CERT_NOT_ON_SERVER (0x3) for request 0xB");
            assertThat(report.result("tls").orElseThrow().status()).isEqualTo(Status.SKIPPED);
        }
    }

    @Test
    void server_that_no_longer_starts_tls_disproves_an_earlier_checks_tls_evidence()
            throws Exception {
        try (FakeRdpServer server = FakeRdpServer.start(CERT_NOT_ON_SERVER)) {
            ProbeReport report = probe(server, Duration.ofSeconds(5));

            assertThat(report.disproved())
                    .containsExactlyInAnyOrder("tls-handshake", "tls-certificate");
        }
    }

    @Test
    void confirm_without_negotiation_data_is_no_negotiation() throws Exception {
        try (FakeRdpServer server = FakeRdpServer.start(NO_NEGOTIATION)) {
            ProbeReport report = probe(server, Duration.ofSeconds(5));

            assertThat(values(report))
                    .containsEntry("rdp-negotiation", "no-negotiation")
                    .containsEntry("nla", "not-offered");
            assertThat(report.result("rdp-negotiation").orElseThrow().status())
                    .isEqualTo(Status.WARNING);
        }
    }

    @Test
    void server_that_closes_at_once_is_closed_evidence_not_a_crash() throws Exception {
        try (FakeRdpServer server = FakeRdpServer.start(ACCEPT_THEN_CLOSE)) {
            ProbeReport report = probe(server, Duration.ofSeconds(5));

            assertThat(values(report))
                    .containsEntry("tcp-connect", "open")
                    .containsEntry("rdp-negotiation", "closed")
                    .doesNotContainKey("nla");
            assertThat(report.result("rdp-negotiation").orElseThrow().status())
                    .isEqualTo(Status.FAILURE);
        }
    }

    @Test
    void server_that_answers_with_a_disconnect_request_turned_the_connection_away_for_its_reason()
            throws Exception {
        try (FakeRdpServer server = FakeRdpServer.start(DISCONNECTS)) {
            ProbeReport report = probe(server, Duration.ofSeconds(5));

            ProbeResult result = report.result("rdp-negotiation").orElseThrow();
            assertThat(values(report))
                    .containsEntry("rdp-negotiation", "disconnect-request")
                    .doesNotContainKey("nla");
            assertThat(detail(report, "rdp-negotiation"))
                    .startsWith(
                            "X.224 Disconnect Request (reason 0x2, session entity not attached to"
                                    + " the TSAP) in answer to request 0xB (answers: every request"
                                    + " (0xB, 0x3, 0x1, 0x0) turned away with an X.224 Disconnect"
                                    + " Request (reason 0x2, session entity not attached to the"
                                    + " TSAP))");
            assertThat(result.raw().get(0))
                    .endsWith(
                            "03 00 00 0b 06 80 00 00 00 00 02 (11 bytes) -> turned away with an"
                                    + " X.224 Disconnect Request (reason 0x2, session entity not"
                                    + " attached to the TSAP)");
            assertThat(result.status()).isEqualTo(Status.FAILURE);
            assertThat(result.verdict())
                    .isEqualTo(
                            "The server answers the RDP request with an X.224 Disconnect"
                                    + " Request (reason 0x2, session entity not attached to the"
                                    + " TSAP): something that speaks RDP's connection layer (the"
                                    + " listener, or a proxy in front of it) turns the connection"
                                    + " away before negotiating security.");
        }
    }

    @Test
    void disconnect_request_cut_short_before_its_reason_byte_is_read_as_before() throws Exception {
        try (FakeRdpServer server = FakeRdpServer.start(DISCONNECTS_WITHOUT_REASON)) {
            ProbeReport report = probe(server, Duration.ofSeconds(5));

            ProbeResult result = report.result("rdp-negotiation").orElseThrow();
            assertThat(values(report)).containsEntry("rdp-negotiation", "garbage");
            assertThat(result.verdict())
                    .isEqualTo(
                            "Something that is not an RDP server answers on the port (TPKT length"
                                    + " 10 is shorter than a Connection Confirm (11)).");
            assertThat(result.raw().get(0))
                    .endsWith(
                            "03 00 00 0a 05 80 00 00 00 00 (10 bytes) -> not RDP (TPKT length 10"
                                    + " is shorter than a Connection Confirm (11))");
        }
    }

    @Test
    void server_that_turns_every_request_away_disproves_an_earlier_checks_nla_finding()
            throws Exception {
        try (FakeRdpServer server = FakeRdpServer.start(DISCONNECTS)) {
            ProbeReport report = probe(server, Duration.ofSeconds(5));

            assertThat(report.disproved())
                    .containsExactlyInAnyOrder("nla", "tls-handshake", "tls-certificate");
        }
    }

    @Test
    void server_that_never_answers_is_closed_by_the_probe_before_the_deadline() throws Exception {
        try (FakeRdpServer server = FakeRdpServer.start(HANG)) {
            ProbeReport report = probe(server, Duration.ofSeconds(5));

            assertThat(values(report)).containsEntry("rdp-negotiation", "no-answer");
            assertThat(detail(report, "rdp-negotiation"))
                    .startsWith("no answer to request 0xB within")
                    .contains(
                            "(answers: 0xB no answer; 0x3, 0x1, 0x0 not sent (request 0xB got no"
                                    + " answer))");
            assertThat(report.result("rdp-negotiation").orElseThrow().raw())
                    .anySatisfy(
                            line ->
                                    assertThat(line)
                                            .isEqualTo(
                                                    "request 0x3: not sent (request 0xB got no"
                                                            + " answer)"));
        }
    }

    @Test
    void a_negotiation_that_waits_until_the_deadline_for_no_answer_is_not_called_unfinished_by_tls()
            throws Exception {
        try (FakeRdpServer server = FakeRdpServer.start(HANG)) {
            ProbeReport report = probe(server, Duration.ofSeconds(2));

            assertThat(values(report)).containsEntry("rdp-negotiation", "no-answer");
            assertThat(report.result("tls").orElseThrow().verdict())
                    .isEqualTo("No TLS: the negotiation did not succeed.");
        }
    }

    @Test
    void a_wait_the_runs_deadline_cut_short_blames_no_one_and_gives_no_evidence() throws Exception {
        try (FakeRdpServer server = FakeRdpServer.start(HANG)) {
            ProbeReport report = probe(server, Duration.ofMillis(600));

            ProbeResult negotiation = report.result("rdp-negotiation").orElseThrow();
            assertThat(values(report)).doesNotContainKey("rdp-negotiation");
            assertThat(negotiation.verdict())
                    .startsWith(
                            "Not finished: the run's deadline ended the wait for the server's"
                                    + " answer (0xB no answer before the deadline; 0x3, 0x1, 0x0 not"
                                    + " sent (no time left before the deadline))")
                    .endsWith("; run the probe again with a longer deadline.");
            assertThat(report.result("tls").orElseThrow().verdict())
                    .isEqualTo("No TLS: the negotiation did not finish before the deadline.");
        }
    }

    @Test
    void server_that_answers_a_byte_a_second_gets_a_verdict_within_the_deadline() throws Exception {
        try (FakeRdpServer server = FakeRdpServer.start(DRIP)) {
            ProbeReport report = probe(server, Duration.ofSeconds(5));

            ProbeResult result = negotiation(report);
            assertThat(values(report)).doesNotContainKey("rdp-negotiation");
            assertThat(result.status()).isEqualTo(Status.FAILURE);
            assertThat(result.verdict())
                    .startsWith(
                            "The server's answer starts as an RDP answer does (a TPKT header) but"
                                    + " stops before its end (0xB an incomplete answer (")
                    .contains(" within 3.00 s)")
                    .doesNotContain("not an RDP server");
        }
    }

    @Test
    void server_that_sends_part_of_a_confirm_then_nothing_gets_no_further_requests()
            throws Exception {
        try (FakeRdpServer server = FakeRdpServer.start(PART_THEN_SILENCE)) {
            ProbeReport report = probe(server, Duration.ofSeconds(5));

            assertThat(server.requests()).containsExactly(0xB);
            assertThat(report.result("rdp-negotiation").orElseThrow().raw())
                    .contains("request 0x3: not sent (request 0xB got no whole answer)");
            assertThat(report.result("tls").orElseThrow().verdict())
                    .isEqualTo("No TLS: the negotiation did not succeed.");
        }
    }

    @Test
    void a_reset_after_part_of_a_confirm_keeps_the_bytes_and_reads_as_a_close_after_them()
            throws Exception {
        try (FakeRdpServer resetting = FakeRdpServer.start(PART_THEN_RESET);
                FakeRdpServer closing = FakeRdpServer.start(PART_THEN_CLOSE)) {
            ProbeReport reset = probe(resetting, Duration.ofSeconds(5));
            ProbeReport closed = probe(closing, Duration.ofSeconds(5));

            assertThat(values(reset))
                    .doesNotContainKey("rdp-negotiation")
                    .isEqualTo(values(closed));
            assertThat(negotiation(reset).verdict()).isEqualTo(negotiation(closed).verdict());
            assertThat(negotiation(reset).raw().get(0))
                    .endsWith(
                            "03 00 00 13 0e (5 bytes) -> an incomplete answer (5 of 19 bytes before"
                                    + " the connection closed)");
        }
    }

    @Test
    void rdp_answers_the_protocol_does_not_allow_are_said_as_such_without_evidence()
            throws Exception {
        try (FakeRdpServer server = FakeRdpServer.start(UNDEFINED_FAILURE)) {
            ProbeReport report = probe(server, Duration.ofSeconds(5));

            ProbeResult result = report.result("rdp-negotiation").orElseThrow();
            assertThat(values(report)).doesNotContainKey("rdp-negotiation");
            assertThat(result.status()).isEqualTo(Status.WARNING);
            assertThat(result.verdict())
                    .isEqualTo(
                            "An RDP server answers, but not as the protocol allows: every request"
                                    + " (0xB, 0x3, 0x1, 0x0) an RDP answer the protocol does not"
                                    + " allow (failure code 0x7, which MS-RDPBCGR does not define)."
                                    + " An RDP implementation other than Windows', or a proxy that"
                                    + " rewrites the negotiation.");
        }
    }

    @Test
    void one_protocol_selected_whatever_is_requested_is_named_once_as_the_answer_to_every_request()
            throws Exception {
        try (FakeRdpServer server = FakeRdpServer.start(SELECTS_RDSTLS)) {
            ProbeReport report = probe(server, Duration.ofSeconds(5));

            assertThat(report.result("rdp-negotiation").orElseThrow().verdict())
                    .isEqualTo(
                            "An RDP server answers, but not as the protocol allows: every request"
                                    + " (0xB, 0x3, 0x1, 0x0) an RDP answer the protocol does not"
                                    + " allow (selected RDSTLS (0x4), which the request did not"
                                    + " offer). An RDP implementation other than Windows', or a"
                                    + " proxy that rewrites the negotiation.");
        }
    }

    @Test
    void web_server_on_the_port_is_garbage_with_what_it_said() throws Exception {
        try (FakeRdpServer server = FakeRdpServer.start(GARBAGE)) {
            ProbeReport report = probe(server, Duration.ofSeconds(5));

            assertThat(values(report)).containsEntry("rdp-negotiation", "garbage");
            assertThat(detail(report, "rdp-negotiation"))
                    .contains(
                            "not a TPKT header: first byte 0x48; starts \"HTTP/1.1 400 Bad Request\"");
        }
    }

    @Test
    void negotiation_sends_its_first_requests_over_the_latency_connections() throws Exception {
        try (FakeRdpServer server = FakeRdpServer.start(NLA_OPTIONAL, SELF_SIGNED)) {
            ProbeReport report = probe(server, Duration.ofSeconds(5));

            assertThat(server.connections()).isEqualTo(TcpSamples.COUNT + 1);
            assertThat(server.requests()).containsExactly(0xB, 0x3, 0x1, 0x0);
            assertThat(values(report))
                    .containsEntry("tcp-connect", "open")
                    .containsEntry("rdp-negotiation", "selected-hybrid")
                    .containsEntry("nla", "offered")
                    .containsEntry("tls-handshake", "ok");
        }
    }

    @Test
    void negotiation_that_stops_early_closes_the_latency_connections_it_did_not_use()
            throws Exception {
        try (FakeRdpServer server = FakeRdpServer.start(HANG);
                ProbeRun run = run(server, Duration.ofMillis(1500))) {
            List<TcpOutcome> kept = run.tcpSamples().orElseThrow().open();

            ProbeResult result = new RdpNegotiationProbe().run(run);

            assertThat(result.raw()).contains("request 0x3: not sent (request 0xB got no answer)");
            assertThat(kept)
                    .hasSize(TcpSamples.COUNT)
                    .allSatisfy(outcome -> assertThat(outcome.socket().isClosed()).isTrue());
        }
    }

    @Test
    void latency_connections_are_closed_with_the_run_when_no_negotiation_uses_them()
            throws Exception {
        try (FakeRdpServer server = FakeRdpServer.start(NLA_OPTIONAL)) {
            ProbeRun run = run(server, Duration.ofSeconds(5));
            List<TcpOutcome> kept = run.tcpSamples().orElseThrow().open();

            run.close();

            assertThat(kept)
                    .hasSize(TcpSamples.COUNT)
                    .allSatisfy(outcome -> assertThat(outcome.socket().isClosed()).isTrue());
        }
    }

    @Test
    void refused_port_skips_the_negotiation_and_tls() throws Exception {
        int port = FakeRdpServer.closedPort();

        ProbeReport report =
                new ProbeRunner()
                        .run(ProbeTarget.parse("127.0.0.1:" + port, null), Duration.ofSeconds(5));

        assertThat(report.result("rdp-negotiation").orElseThrow().verdict())
                .startsWith("Not tried: TCP connect refused (RST) in");
        assertThat(report.result("tls").orElseThrow().status()).isEqualTo(Status.SKIPPED);
        assertThat(values(report)).containsOnlyKeys("dns", "tcp-connect");
    }

    @Test
    void a_run_stays_within_its_connection_budget_gateway_included() throws Exception {
        try (FakeRdpServer rdp =
                        FakeRdpServer.start(REQUIRES_NLA, TestCertificates.Kind.LOCALHOST_BY_CA);
                FakeRdpServer gateway =
                        FakeRdpServer.start(
                                FakeRdpServer.Behaviour.HTTPS,
                                TestCertificates.Kind.LOCALHOST_BY_CA)) {
            ProbeReport report =
                    new ProbeRunner()
                            .run(
                                    ProbeTarget.parse(rdp.address(), gateway.address()),
                                    Duration.ofSeconds(5));

            assertThat(report.results()).hasSize(5);
            assertThat(rdp.connections() + gateway.connections())
                    .isLessThanOrEqualTo(ProbeRunner.MAX_CONNECTIONS);
        }
    }

    private static ProbeResult negotiation(ProbeReport report) {
        return report.result("rdp-negotiation").orElseThrow();
    }

    static ProbeReport probe(FakeRdpServer server, Duration deadline) {
        return new ProbeRunner().run(ProbeTarget.parse(server.address(), null), deadline);
    }

    private static ProbeRun run(FakeRdpServer server, Duration deadline) {
        return new ProbeRun(
                ProbeTarget.parse(server.address(), null),
                Clock.systemUTC(),
                InetAddress::getAllByName,
                System.nanoTime() + deadline.toNanos());
    }

    /** kind to value; each kind appears once. */
    static Map<String, String> values(ProbeReport report) {
        return report.evidence().stream()
                .collect(Collectors.toMap(Event.EvidenceAdded::kind, Event.EvidenceAdded::value));
    }

    static String detail(ProbeReport report, String kind) {
        return report.evidence().stream()
                .filter(e -> e.kind().equals(kind))
                .findFirst()
                .orElseThrow()
                .detail();
    }
}
