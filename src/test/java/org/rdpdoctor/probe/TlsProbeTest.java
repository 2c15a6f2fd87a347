package org.rdpdoctor.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rdpdoctor.probe.FakeRdpServer.Behaviour.ACCEPT_THEN_CLOSE;
import static org.rdpdoctor.probe.FakeRdpServer.Behaviour.GARBAGE;
import static org.rdpdoctor.probe.FakeRdpServer.Behaviour.HANG;
import static org.rdpdoctor.probe.FakeRdpServer.Behaviour.HTTPS;
import static org.rdpdoctor.probe.FakeRdpServer.Behaviour.OLD_TLS_ONLY;
import static org.rdpdoctor.probe.FakeRdpServer.Behaviour.REQUIRES_NLA;
import static org.rdpdoctor.probe.FakeRdpServer.Behaviour.TLS_ASKING_FOR_CLIENT_CERTIFICATE;
import static org.rdpdoctor.probe.FakeRdpServer.Behaviour.TLS_DRIP;
import static org.rdpdoctor.probe.FakeRdpServer.Behaviour.TLS_ONLY;
import static org.rdpdoctor.probe.FakeRdpServer.Behaviour.TLS_WITH_CLIENT_CERTIFICATE;
import static org.rdpdoctor.probe.RdpNegotiationProbeTest.detail;
import static org.rdpdoctor.probe.RdpNegotiationProbeTest.values;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.rdpdoctor.probe.ProbeResult.Status;
import org.rdpdoctor.probe.TestCertificates.Kind;

/** TLS after the Connection Confirm, and the RD Gateway, against our fake servers. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class TlsProbeTest {

    @Test
    void expired_certificate_is_the_finding_with_the_others_in_the_detail() throws Exception {
        try (FakeRdpServer server = FakeRdpServer.start(REQUIRES_NLA, Kind.EXPIRED_RDS01)) {
            ProbeReport report = probe(server.address(), null);

            assertThat(values(report))
                    .containsEntry("tls-handshake", "ok")
                    .containsEntry("tls-certificate", "expired");
            assertThat(detail(report, "tls-certificate"))
                    .startsWith("certificate CN=rds01 expired ")
                    .contains("; also name mismatch, self-signed; issuer CN=rds01; valid ")
                    .contains("; names rds01 (" + server.address() + ", probed from ");
            assertThat(report.result("tls").orElseThrow().status()).isEqualTo(Status.FAILURE);
        }
    }

    @Test
    void self_signed_certificate_for_the_name_used_is_self_signed_and_sni_carries_the_name()
            throws Exception {
        try (FakeRdpServer server = FakeRdpServer.start(TLS_ONLY, Kind.LOCALHOST_SELF_SIGNED)) {
            ProbeReport report = probe("localhost:" + server.port(), null);

            assertThat(values(report))
                    .containsEntry("dns", "resolves")
                    .containsEntry("tls-certificate", "self-signed");
            assertThat(detail(report, "tls-handshake"))
                    .contains(" with TLS_")
                    .contains("after SSL (0x1) was selected for request 0xB");
            assertThat(server.serverNames()).containsExactly("localhost");
            assertThat(report.result("tls").orElseThrow().status()).isEqualTo(Status.WARNING);
        }
    }

    @Test
    void sni_carries_a_fully_qualified_name_without_its_trailing_dot() throws Exception {
        try (FakeRdpServer server = FakeRdpServer.start(TLS_ONLY, Kind.LOCALHOST_SELF_SIGNED)) {
            ProbeRunner runner =
                    new ProbeRunner(host -> new InetAddress[] {InetAddress.getLoopbackAddress()});

            ProbeReport report =
                    runner.run(
                            ProbeTarget.parse("localhost.:" + server.port(), null),
                            Duration.ofSeconds(5));

            assertThat(server.serverNames()).containsExactly("localhost");
            assertThat(values(report)).containsEntry("tls-certificate", "self-signed");
        }
    }

    @Test
    void certificate_for_another_name_is_a_name_mismatch() throws Exception {
        try (FakeRdpServer server = FakeRdpServer.start(REQUIRES_NLA, Kind.OTHER_NAME)) {
            ProbeReport report = probe("localhost:" + server.port(), null);

            assertThat(values(report)).containsEntry("tls-certificate", "name-mismatch");
            assertThat(detail(report, "tls-certificate"))
                    .startsWith(
                            "certificate CN=other.example does not name localhost; also self-signed");
        }
    }

    @Test
    void certificate_from_a_ca_for_the_address_used_is_valid_and_no_sni_goes_to_an_ip()
            throws Exception {
        try (FakeRdpServer server = FakeRdpServer.start(REQUIRES_NLA, Kind.LOCALHOST_BY_CA)) {
            ProbeReport report = probe(server.address(), null);

            assertThat(values(report)).containsEntry("tls-certificate", "valid");
            assertThat(detail(report, "tls-certificate"))
                    .startsWith("certificate CN=localhost is valid until ")
                    .contains("issuer CN=rdp-doctor test CA");
            assertThat(server.serverNames()).isEmpty();
            assertThat(report.result("tls").orElseThrow().status()).isEqualTo(Status.OK);
        }
    }

    @Test
    void server_that_selects_tls_but_never_starts_it_fails_the_handshake() throws Exception {
        try (FakeRdpServer server = FakeRdpServer.start(REQUIRES_NLA)) {
            ProbeReport report = probe(server.address(), null);

            assertThat(values(report))
                    .containsEntry("tls-handshake", "failed")
                    .doesNotContainKey("tls-certificate");
            assertThat(detail(report, "tls-handshake")).contains(": no whole answer within ");
        }
    }

    @Test
    void a_handshake_the_runs_deadline_cut_short_blames_no_one_and_gives_no_evidence()
            throws Exception {
        try (FakeRdpServer server = FakeRdpServer.start(REQUIRES_NLA)) {
            ProbeReport report =
                    new ProbeRunner()
                            .run(ProbeTarget.parse(server.address(), null), Duration.ofMillis(900));

            assertThat(values(report)).doesNotContainKey("tls-handshake");
            assertThat(report.result("tls").orElseThrow().verdict())
                    .startsWith("Not finished: no whole answer within ")
                    .endsWith(
                            " ms, when the run's deadline ended the wait; run the probe again with a"
                                    + " longer deadline.");
        }
    }

    @Test
    void tls_line_gives_the_negotiations_reason_however_late_past_the_deadline_it_comes()
            throws Exception {
        try (ProbeRun run = pastItsDeadline("rdp.example.test")) {
            FutureTask<ProbeResult> tls = new FutureTask<>(() -> new TlsProbe().run(run));
            Thread waiting = new Thread(tls, "tls-probe");
            waiting.start();
            // A loaded machine lets the negotiation hand over only once the TLS probe waits for it.
            while (waiting.isAlive() && waiting.getState() != Thread.State.WAITING) {
                Thread.yield();
            }

            new RdpNegotiationProbe().run(run);

            assertThat(tls.get(30, TimeUnit.SECONDS).verdict())
                    .isEqualTo("No TLS: rdp.example.test does not resolve.");
        }
    }

    @Test
    void server_that_sends_its_handshake_a_byte_a_second_fails_within_the_deadline()
            throws Exception {
        try (FakeRdpServer server = FakeRdpServer.start(TLS_DRIP)) {
            ProbeReport report = probe(server.address(), null);

            assertThat(values(report)).containsEntry("tls-handshake", "failed");
            assertThat(detail(report, "tls-handshake")).contains(": no whole answer within ");
        }
    }

    @Test
    void server_with_only_an_older_tls_fails_on_the_version_and_says_so() throws Exception {
        try (FakeRdpServer server = FakeRdpServer.start(OLD_TLS_ONLY)) {
            ProbeReport report = probe(server.address(), null);

            assertThat(values(report)).containsEntry("tls-handshake", "protocol-version");
            assertThat(report.result("tls").orElseThrow().verdict())
                    .startsWith(
                            "The TLS handshake fails on the version: the server takes none of"
                                    + " TLSv1.3, TLSv1.2, only an older TLS (1.1 or 1.0), which"
                                    + " clients that turned those versions off refuse (Received"
                                    + " fatal alert: protocol_version)");
        }
    }

    @Test
    void server_that_asks_for_a_client_certificate_but_takes_none_is_a_warning_that_says_so()
            throws Exception {
        try (FakeRdpServer server =
                FakeRdpServer.start(TLS_ASKING_FOR_CLIENT_CERTIFICATE, Kind.LOCALHOST_BY_CA)) {
            ProbeReport report = probe(server.address(), null);

            ProbeResult tls = report.result("tls").orElseThrow();
            assertThat(tls.status()).isEqualTo(Status.WARNING);
            assertThat(tls.verdict())
                    .startsWith("The TLS handshake works (TLSv1.3")
                    .contains("; the server asks for a client certificate");
            assertThat(tls.raw()).contains("client certificate requested: yes");
            assertThat(values(report)).containsEntry("tls-handshake", "ok");
        }
    }

    @Test
    void tls_1_3_server_that_requires_a_client_certificate_fails_the_handshake() throws Exception {
        try (FakeRdpServer server =
                FakeRdpServer.start(TLS_WITH_CLIENT_CERTIFICATE, Kind.LOCALHOST_BY_CA)) {
            ProbeReport report = probe(server.address(), null);

            ProbeResult tls = report.result("tls").orElseThrow();
            assertThat(tls.status()).isEqualTo(Status.FAILURE);
            assertThat(tls.verdict())
                    .startsWith(
                            "The TLS handshake fails: the server refused it with the TLS alert"
                                    + " bad_certificate")
                    .contains("; the server asks for a client certificate");
            assertThat(values(report)).containsEntry("tls-handshake", "failed");
        }
    }

    @Test
    void gateway_with_a_good_certificate_answers_https() throws Exception {
        try (FakeRdpServer rdp = FakeRdpServer.start(TLS_ONLY, Kind.LOCALHOST_BY_CA);
                FakeRdpServer gateway = FakeRdpServer.start(HTTPS, Kind.LOCALHOST_BY_CA)) {
            ProbeReport report = probe(rdp.address(), "localhost:" + gateway.port());

            ProbeResult result = report.result("gateway").orElseThrow();
            assertThat(result.status()).isEqualTo(Status.OK);
            assertThat(result.verdict())
                    .startsWith(
                            "The RD Gateway localhost:"
                                    + gateway.port()
                                    + " answers HTTPS (TLSv1.");
            assertThat(gatewayEvidence(result)).containsExactly("rd-gateway = answers");
            assertThat(result.evidence().get(0).detail())
                    .startsWith("The RD Gateway localhost:" + gateway.port() + " answers HTTPS");
            assertThat(report.gateway()).isEqualTo("localhost:" + gateway.port());
        }
    }

    @Test
    void gateway_with_an_expired_certificate_fails() throws Exception {
        try (FakeRdpServer rdp = FakeRdpServer.start(TLS_ONLY, Kind.LOCALHOST_BY_CA);
                FakeRdpServer gateway = FakeRdpServer.start(HTTPS, Kind.EXPIRED_RDS01)) {
            ProbeReport report = probe(rdp.address(), gateway.address());

            ProbeResult result = report.result("gateway").orElseThrow();
            assertThat(result.status()).isEqualTo(Status.FAILURE);
            assertThat(result.verdict()).contains("certificate CN=rds01 expired ");
            assertThat(gatewayEvidence(result))
                    .containsExactly("rd-gateway = certificate-rejected");
        }
    }

    @Test
    void gateway_whose_certificate_names_another_host_is_refused_by_clients_and_named_in_evidence()
            throws Exception {
        try (FakeRdpServer rdp = FakeRdpServer.start(TLS_ONLY, Kind.LOCALHOST_BY_CA);
                FakeRdpServer gateway = FakeRdpServer.start(HTTPS, Kind.OTHER_NAME)) {
            ProbeReport report = probe(rdp.address(), gateway.address());

            ProbeResult result = report.result("gateway").orElseThrow();
            assertThat(result.verdict())
                    .contains(
                            "; certificate CN=other.example does not name 127.0.0.1: clients"
                                    + " refuse to connect through a gateway whose certificate is"
                                    + " out of date or for another name.")
                    .doesNotContain("clients warn");
            assertThat(detail(report, "rd-gateway"))
                    .contains("(" + gateway.address() + ", probed from ")
                    .doesNotContain("(" + rdp.address() + ",");
        }
    }

    /**
     * A certificate message over the 32,768 bytes Java's TLS client reads fails the probe, not the
     * server: the host's TLS and the gateway are told as not checked, with no evidence against
     * them.
     */
    @Test
    void certificates_too_large_for_the_probe_to_read_blame_no_server_and_give_no_evidence()
            throws Exception {
        try (FakeRdpServer rdp = FakeRdpServer.start(TLS_ONLY, Kind.OVERSIZED);
                FakeRdpServer gateway = FakeRdpServer.start(HTTPS, Kind.OVERSIZED)) {
            ProbeReport report = probe(rdp.address(), gateway.address());

            ProbeResult tls = report.result("tls").orElseThrow();
            ProbeResult atGateway = report.result("gateway").orElseThrow();
            assertThat(tls.status()).isEqualTo(Status.WARNING);
            assertThat(tls.verdict())
                    .startsWith(
                            "Not checked: the probe cannot read the server's certificates: they"
                                    + " come in a message larger than Java's TLS client reads (")
                    .contains("so this says nothing of the server");
            assertThat(values(report))
                    .doesNotContainKeys("tls-handshake", "tls-certificate", "rd-gateway");
            assertThat(atGateway.status()).isEqualTo(Status.WARNING);
            assertThat(atGateway.verdict())
                    .startsWith(
                            "The RD Gateway "
                                    + gateway.address()
                                    + " accepts TCP; not checked: the probe cannot read");
        }
    }

    @Test
    void gateway_that_answers_in_plain_text_is_told_in_words() throws Exception {
        try (FakeRdpServer rdp = FakeRdpServer.start(TLS_ONLY, Kind.LOCALHOST_BY_CA);
                FakeRdpServer gateway = FakeRdpServer.start(GARBAGE)) {
            ProbeReport report = probe(rdp.address(), gateway.address());

            ProbeResult result = report.result("gateway").orElseThrow();
            assertThat(result.verdict())
                    .isEqualTo(
                            "The RD Gateway "
                                    + gateway.address()
                                    + " accepts TCP, but TLS fails: the server answered with"
                                    + " something that is not TLS (Unsupported or unrecognized SSL"
                                    + " message).");
            assertThat(gatewayEvidence(result)).containsExactly("rd-gateway = tls-fails");
        }
    }

    @Test
    void gateway_that_closes_during_the_handshake_is_told_in_words() throws Exception {
        try (FakeRdpServer rdp = FakeRdpServer.start(TLS_ONLY, Kind.LOCALHOST_BY_CA);
                FakeRdpServer gateway = FakeRdpServer.start(ACCEPT_THEN_CLOSE)) {
            ProbeReport report = probe(rdp.address(), gateway.address());

            assertThat(report.result("gateway").orElseThrow().verdict())
                    .contains(
                            " accepts TCP, but TLS fails: the server closed the connection during"
                                    + " the handshake (");
        }
    }

    @Test
    void gateway_handshake_the_deadline_cut_short_asks_for_a_longer_deadline() throws Exception {
        try (FakeRdpServer rdp = FakeRdpServer.start(TLS_ONLY, Kind.LOCALHOST_BY_CA);
                FakeRdpServer gateway = FakeRdpServer.start(HANG)) {
            ProbeReport report =
                    new ProbeRunner()
                            .run(
                                    ProbeTarget.parse(rdp.address(), gateway.address()),
                                    Duration.ofMillis(800));

            ProbeResult result = report.result("gateway").orElseThrow();
            assertThat(result.verdict())
                    .startsWith(
                            "The RD Gateway " + gateway.address() + " accepts TCP; not finished: ")
                    .endsWith("; run the probe again with a longer deadline.")
                    .doesNotContain("TLS fails");
            assertThat(result.evidence()).as("a check cut short tells nothing").isEmpty();
        }
    }

    @Test
    void gateway_port_that_refuses_is_a_failure() throws Exception {
        int closed = FakeRdpServer.closedPort();
        try (FakeRdpServer rdp = FakeRdpServer.start(TLS_ONLY, Kind.LOCALHOST_BY_CA)) {
            ProbeReport report = probe(rdp.address(), "127.0.0.1:" + closed);

            ProbeResult result = report.result("gateway").orElseThrow();
            assertThat(result.status()).isEqualTo(Status.FAILURE);
            assertThat(result.verdict())
                    .startsWith(
                            "The RD Gateway 127.0.0.1:"
                                    + closed
                                    + " cannot be reached: refused (RST)");
            assertThat(gatewayEvidence(result)).containsExactly("rd-gateway = unreachable");
        }
    }

    /** A result's evidence as {@code kind = value}. */
    private static List<String> gatewayEvidence(ProbeResult result) {
        return result.evidence().stream().map(e -> e.kind() + " = " + e.value()).toList();
    }

    /** A run whose probes' deadline has passed, for a name that does not resolve. */
    private static ProbeRun pastItsDeadline(String host) {
        return new ProbeRun(
                ProbeTarget.parse(host, null),
                Clock.systemUTC(),
                name -> {
                    throw new UnknownHostException(name);
                },
                System.nanoTime());
    }

    private static ProbeReport probe(String target, String gateway) {
        return new ProbeRunner().run(ProbeTarget.parse(target, gateway), Duration.ofSeconds(5));
    }
}
