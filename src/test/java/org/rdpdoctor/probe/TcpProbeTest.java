package org.rdpdoctor.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.rdpdoctor.engine.Event;
import org.rdpdoctor.probe.ProbeResult.Status;

/** The TCP verdict and its evidence from given connects (no network involved). */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class TcpProbeTest {
    private static final InetSocketAddress HOST =
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 3389);

    @Test
    void connects_refused_after_the_first_was_accepted_are_the_listener_not_loss() {
        ProbeResult result =
                new TcpProbe()
                        .result("rds01", samples(open(0.6), List.of(refused(0.3), refused(0.1))));

        assertThat(values(result))
                .containsEntry("tcp-connect", "open")
                .containsEntry("latency", "low");
        assertThat(result.status()).isEqualTo(Status.WARNING);
        assertThat(result.verdict())
                .isEqualTo(
                        "127.0.0.1:3389 accepts connections (median 0.6 ms, spread 0.0 ms over 1"
                                + " connect; latency low). Then it refused 2 of 2 more connects"
                                + " (RST): the listener stopped taking connections (a limit on"
                                + " connections, or the service stopping or restarting).");
    }

    @Test
    void a_connect_without_an_answer_after_the_first_was_accepted_is_loss() {
        ProbeResult result =
                new TcpProbe().result("rds01", samples(open(0.6), List.of(open(0.5), filtered())));

        assertThat(values(result)).containsEntry("latency", "unstable");
        assertThat(result.status()).isEqualTo(Status.WARNING);
        assertThat(result.verdict()).doesNotContain("refused");
    }

    @Test
    void a_connect_the_runs_deadline_cut_short_gives_no_evidence_and_says_so() {
        ProbeResult result =
                new TcpProbe()
                        .result(
                                "rds01",
                                samples(outcome(TcpState.UNFINISHED, 300, 300), List.of()));

        assertThat(result.evidence()).isEmpty();
        assertThat(result.status()).isEqualTo(Status.FAILURE);
        assertThat(result.verdict())
                .isEqualTo(
                        "The run's deadline ended the connect to 127.0.0.1:3389 after 300.0 ms,"
                                + " before the host answered: run the probe again with a longer"
                                + " deadline.");
    }

    @Test
    void a_connect_without_an_answer_is_filtered_only_when_it_could_wait_long_enough() {
        SocketTimeoutException timeout = new SocketTimeoutException("Connect timed out");
        long cutShort = TimeUnit.MILLISECONDS.toNanos(300);
        long full = TimeUnit.MILLISECONDS.toNanos(2500);

        assertThat(ProbeRun.state(timeout, cutShort)).isEqualTo(TcpState.UNFINISHED);
        assertThat(ProbeRun.state(timeout, full)).isEqualTo(TcpState.FILTERED);
        assertThat(ProbeRun.state(new ConnectException("Connection refused"), cutShort))
                .isEqualTo(TcpState.REFUSED);
        assertThat(ProbeRun.state(new NoRouteToHostException("No route to host"), cutShort))
                .isEqualTo(TcpState.UNREACHABLE);
    }

    @Test
    void a_repeat_the_runs_deadline_cut_short_is_not_counted_as_loss() {
        ProbeResult result =
                new TcpProbe()
                        .result(
                                "rds01",
                                samples(
                                        open(0.6),
                                        List.of(open(0.5), outcome(TcpState.UNFINISHED, 2, 2))));

        assertThat(values(result)).containsEntry("latency", "low");
        assertThat(result.status()).isEqualTo(Status.OK);
    }

    @Test
    void another_address_accepting_after_the_deadline_cut_the_first_short_is_not_stale_dns()
            throws Exception {
        InetSocketAddress second =
                new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 2}), 3389);
        TcpOutcome open = new TcpOutcome(second, TcpState.OPEN, 600_000, 2_500_000_000L, "", null);
        ProbeResult result =
                new TcpProbe()
                        .result(
                                "rds01",
                                new TcpSamples(
                                        outcome(TcpState.UNFINISHED, 300, 300),
                                        List.of(open),
                                        List.of(),
                                        false));

        assertThat(values(result)).doesNotContainKey("tcp-connect");
        assertThat(result.status()).isEqualTo(Status.WARNING);
        assertThat(result.verdict())
                .startsWith(
                        "The run's deadline ended the connect to 127.0.0.1:3389, the first address"
                                + " rds01 resolves to, after 300.0 ms, before it answered."
                                + " 127.0.0.2:3389, another of its addresses, accepts")
                .contains("Run the probe again with a longer deadline");
    }

    @Test
    void three_quick_connects_are_low_latency_and_ok() {
        ProbeResult result =
                new TcpProbe().result("rds01", samples(open(0.6), List.of(open(0.5), open(0.4))));

        assertThat(values(result)).containsEntry("latency", "low");
        assertThat(result.status()).isEqualTo(Status.OK);
    }

    @Test
    void an_ipv6_address_is_written_short_in_brackets() throws Exception {
        InetSocketAddress ipv6 =
                new InetSocketAddress(InetAddress.getByName("2001:db8:0:0:0:0:0:5"), 3389);
        TcpOutcome refused =
                new TcpOutcome(ipv6, TcpState.REFUSED, 300_000, 2_500_000_000L, "", null);

        assertThat(new TcpProbe().result("rds01", samples(refused, List.of())).verdict())
                .startsWith("[2001:db8::5]:3389 refused the connection");
    }

    private static TcpSamples samples(TcpOutcome first, List<TcpOutcome> repeats) {
        return new TcpSamples(first, List.of(), repeats, false);
    }

    private static TcpOutcome open(double millis) {
        return outcome(TcpState.OPEN, millis);
    }

    private static TcpOutcome refused(double millis) {
        return outcome(TcpState.REFUSED, millis);
    }

    private static TcpOutcome filtered() {
        return outcome(TcpState.FILTERED, 2500);
    }

    private static TcpOutcome outcome(TcpState state, double millis) {
        return outcome(state, millis, 2500);
    }

    private static TcpOutcome outcome(TcpState state, double millis, long timeoutMillis) {
        return new TcpOutcome(
                HOST,
                state,
                (long) (millis * 1_000_000),
                TimeUnit.MILLISECONDS.toNanos(timeoutMillis),
                "",
                null);
    }

    private static Map<String, String> values(ProbeResult result) {
        return result.evidence().stream()
                .collect(Collectors.toMap(Event.EvidenceAdded::kind, Event.EvidenceAdded::value));
    }
}
