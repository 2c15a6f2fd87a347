package org.rdpdoctor.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rdpdoctor.probe.FakeRdpServer.Behaviour.HTTPS;
import static org.rdpdoctor.probe.FakeRdpServer.Behaviour.REQUIRES_NLA;
import static org.rdpdoctor.probe.RdpNegotiationProbeTest.detail;
import static org.rdpdoctor.probe.RdpNegotiationProbeTest.values;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.rdpdoctor.probe.ProbeResult.Status;

/**
 * A name with several addresses, all on loopback: the fake listener on 127.0.0.1, nothing on the
 * other 127.x addresses, so connects there are refused.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ProbeAddressesTest {
    private static final String NAME = "rdp.example.test";

    /** The name the test certificates are for, resolved by the tests' own lookup. */
    private static final String GATEWAY = "localhost";

    @Test
    void a_first_address_that_refuses_and_a_second_that_accepts_point_at_the_name()
            throws Exception {
        try (FakeRdpServer server =
                FakeRdpServer.start(REQUIRES_NLA, TestCertificates.Kind.LOCALHOST_BY_CA)) {
            ProbeReport report = probe(server.port(), "127.0.0.2", "127.0.0.1");

            ProbeResult tcp = report.result("tcp").orElseThrow();
            assertThat(tcp.status()).isEqualTo(Status.WARNING);
            assertThat(tcp.verdict())
                    .startsWith(
                            "127.0.0.2:%d, the first address %s resolves to: refused (RST) in"
                                    .formatted(server.port(), NAME))
                    .contains(
                            "127.0.0.1:%d, another of its addresses, accepts (median"
                                    .formatted(server.port()))
                    .contains("stale or extra address");
            assertThat(tcp.raw())
                    .anyMatch(
                            line ->
                                    line.startsWith(
                                            "connect 2 to 127.0.0.1:%d (another address of the name): open in"
                                                    .formatted(server.port())));
            assertThat(values(report))
                    .containsEntry("tcp-connect", "open-other-address")
                    .containsEntry("nla", "required")
                    .containsKey("latency");
            assertThat(detail(report, "tcp-connect"))
                    .startsWith(
                            "127.0.0.2:%d, the name's first address: refused"
                                    .formatted(server.port()));
        }
    }

    @Test
    void when_no_address_accepts_the_verdict_is_the_first_address_and_names_the_others()
            throws Exception {
        int port = FakeRdpServer.closedPort();

        ProbeReport report = probe(port, "127.0.0.2", "127.0.0.3");

        ProbeResult tcp = report.result("tcp").orElseThrow();
        assertThat(tcp.status()).isEqualTo(Status.FAILURE);
        assertThat(tcp.verdict())
                .startsWith("127.0.0.2:%d refused the connection".formatted(port))
                .contains(
                        "The name's other addresses do not accept either (127.0.0.3:%d refused"
                                .formatted(port));
        assertThat(values(report)).containsEntry("tcp-connect", "refused");
        assertThat(report.result("rdp-negotiation").orElseThrow().status())
                .isEqualTo(Status.SKIPPED);
    }

    @Test
    void a_first_address_that_accepts_is_the_only_one_tried() throws Exception {
        try (FakeRdpServer server =
                FakeRdpServer.start(REQUIRES_NLA, TestCertificates.Kind.LOCALHOST_BY_CA)) {
            ProbeReport report = probe(server.port(), "127.0.0.1", "127.0.0.2");

            assertThat(values(report)).containsEntry("tcp-connect", "open");
            assertThat(report.result("tcp").orElseThrow().raw())
                    .noneMatch(line -> line.contains("another address"));
        }
    }

    @Test
    void at_most_four_addresses_are_tried_and_the_report_says_so() throws Exception {
        int port = FakeRdpServer.closedPort();

        ProbeReport report =
                probe(port, "127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5", "127.0.0.6");

        List<String> raw = report.result("tcp").orElseThrow().raw();
        assertThat(raw).anyMatch(line -> line.startsWith("connect 4 to 127.0.0.5:"));
        assertThat(raw).noneMatch(line -> line.contains("127.0.0.6"));
        assertThat(raw).contains("the name has more than 4 addresses; the others were not tried");
    }

    @Test
    void an_address_outside_the_allowed_range_is_never_contacted_whatever_dns_answers_later()
            throws Exception {
        try (FakeRdpServer server =
                FakeRdpServer.start(REQUIRES_NLA, TestCertificates.Kind.LOCALHOST_BY_CA)) {
            ProbePolicy policy = ProbePolicy.of(List.of("127.0.0.2/32"), Set.of(server.port()), 6);

            ProbeReport rebound =
                    new ProbeRunner(policy.within(resolving("127.0.0.2", "127.0.0.1")))
                            .run(
                                    ProbeTarget.parse(NAME + ":" + server.port(), null),
                                    Duration.ofSeconds(5));
            ProbeReport outside =
                    new ProbeRunner(policy.within(resolving("127.0.0.1")))
                            .run(
                                    ProbeTarget.parse(NAME + ":" + server.port(), null),
                                    Duration.ofSeconds(5));

            assertThat(values(rebound)).containsEntry("tcp-connect", "refused");
            assertThat(rebound.result("tcp").orElseThrow().raw())
                    .noneMatch(line -> line.contains("127.0.0.1"));
            assertThat(values(outside)).containsEntry("dns", "fails");
            assertThat(detail(outside, "dns"))
                    .contains(
                            NAME
                                    + " now resolves to 127.0.0.1, none of it on the probe allow-list");
            assertThat(server.connections()).isZero();
        }
    }

    @Test
    void a_name_a_name_pattern_allows_keeps_every_address() throws Exception {
        ProbePolicy policy = ProbePolicy.of(List.of("*.example.test"), Set.of(3389), 6);

        InetAddress[] addresses =
                policy.within(resolving("127.0.0.2", "127.0.0.1")).addresses(NAME);

        assertThat(addresses).hasSize(2);
    }

    @Test
    void a_gateway_whose_first_address_refuses_is_checked_at_the_next_and_the_verdict_warns()
            throws Exception {
        try (FakeRdpServer rdp =
                        FakeRdpServer.start(REQUIRES_NLA, TestCertificates.Kind.LOCALHOST_BY_CA);
                FakeRdpServer gateway =
                        FakeRdpServer.start(HTTPS, TestCertificates.Kind.LOCALHOST_BY_CA)) {
            ProbeReport report = withGateway(rdp.port(), gateway.port(), "127.0.0.2", "127.0.0.1");

            ProbeResult result = report.result("gateway").orElseThrow();
            assertThat(result.status()).isEqualTo(Status.WARNING);
            assertThat(result.verdict())
                    .startsWith(
                            "127.0.0.2:%d, the first address of the RD Gateway's name: refused"
                                    .formatted(gateway.port()))
                    .contains("a client that tries it first fails there or waits")
                    .contains("answers HTTPS")
                    .contains("at 127.0.0.1:" + gateway.port());
            assertThat(result.raw())
                    .anyMatch(
                            line ->
                                    line.startsWith(
                                            "connect to 127.0.0.1:%d (another address of the name): open"
                                                    .formatted(gateway.port())));
            assertThat(values(report)).containsEntry("rd-gateway", "other-address-answers");
            assertThat(gateway.connections()).isPositive();
        }
    }

    @Test
    void a_gateway_none_of_whose_addresses_accepts_is_unreachable_and_names_them_all()
            throws Exception {
        int closed = FakeRdpServer.closedPort();
        try (FakeRdpServer rdp =
                FakeRdpServer.start(REQUIRES_NLA, TestCertificates.Kind.LOCALHOST_BY_CA)) {
            ProbeReport report = withGateway(rdp.port(), closed, "127.0.0.2", "127.0.0.3");

            ProbeResult result = report.result("gateway").orElseThrow();
            assertThat(result.status()).isEqualTo(Status.FAILURE);
            assertThat(result.verdict())
                    .startsWith("The RD Gateway " + GATEWAY + ":" + closed + " cannot be reached:")
                    .contains(
                            "its name's other addresses do not accept either (127.0.0.3:%d refused"
                                    .formatted(closed));
            assertThat(values(report)).containsEntry("rd-gateway", "unreachable");
        }
    }

    /** Probes {@link #NAME} on {@code port}, the name resolving to {@code addresses} in order. */
    private static ProbeReport probe(int port, String... addresses) {
        return new ProbeRunner(resolving(addresses))
                .run(ProbeTarget.parse(NAME + ":" + port, null), Duration.ofSeconds(5));
    }

    /**
     * Probes {@link #NAME} at 127.0.0.1 on {@code port} through the gateway {@link #GATEWAY} on
     * {@code gatewayPort}, the gateway's name resolving to {@code addresses} in order.
     */
    private static ProbeReport withGateway(int port, int gatewayPort, String... addresses) {
        Resolver resolver =
                host ->
                        (host.equals(GATEWAY) ? naming(GATEWAY, addresses) : resolving("127.0.0.1"))
                                .addresses(host);
        return new ProbeRunner(resolver)
                .run(
                        ProbeTarget.parse(NAME + ":" + port, GATEWAY + ":" + gatewayPort),
                        Duration.ofSeconds(5));
    }

    @Test
    void
            a_name_that_does_not_resolve_here_is_said_to_fail_where_the_probe_runs_not_at_the_client() {
        ProbeReport report =
                new ProbeRunner(resolving())
                        .run(
                                ProbeTarget.parse("other.example.test:3389", null),
                                Duration.ofSeconds(5));

        assertThat(values(report)).containsEntry("dns", "fails");
        assertThat(report.result("dns").orElseThrow().verdict())
                .startsWith("other.example.test does not resolve on the machine running the probe")
                .contains("a client that uses the same DNS cannot find the host")
                .doesNotContain("the client cannot find the host");
    }

    /** A lookup that gives {@link #NAME} these addresses, in order, and knows no other name. */
    private static Resolver resolving(String... addresses) {
        return naming(NAME, addresses);
    }

    /** A lookup that gives {@code name} these addresses, in order, and knows no other name. */
    private static Resolver naming(String name, String... addresses) {
        return host -> {
            if (!host.equals(name)) {
                throw new UnknownHostException(host);
            }
            List<InetAddress> resolved = new ArrayList<>();
            for (String address : addresses) {
                resolved.add(InetAddress.getByName(address));
            }
            return resolved.toArray(InetAddress[]::new);
        };
    }
}
