package org.rdpdoctor.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.rdpdoctor.TextLimits;
import org.rdpdoctor.engine.Event;
import org.rdpdoctor.probe.ProbeResult.Status;

/** The runner's own contract, with probes that hang, fail or find something. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ProbeRunnerTest {
    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05.678Z");

    @Test
    void evidence_names_the_probing_host_and_the_time() {
        ProbeRunner runner = runner(finding("dns", "ip-literal"));

        ProbeReport report = runner.run(target(), Duration.ofSeconds(1));

        assertThat(report.evidence())
                .containsExactly(
                        new Event.EvidenceAdded(
                                "dns",
                                "ip-literal",
                                "probe",
                                "seen (127.0.0.1:3389, probed from test-host at 2026-01-02T03:04:05Z)"));
        assertThat(report.probedFrom()).isEqualTo("test-host");
        assertThat(report.startedAt()).isEqualTo(NOW);
    }

    @Test
    void a_probe_still_running_at_the_deadline_is_reported_as_late() {
        ProbeRunner runner = runner(hanging(), finding("dns", "ip-literal"));

        ProbeReport report = runner.run(target(), Duration.ofMillis(300));

        assertThat(report.results()).extracting(ProbeResult::name).containsExactly("hang", "dns");
        ProbeResult late = report.results().get(0);
        assertThat(late.status()).isEqualTo(Status.FAILURE);
        assertThat(late.verdict()).isEqualTo("No result within the deadline of 300 ms.");
        assertThat(report.result("dns").orElseThrow().status()).isEqualTo(Status.OK);
    }

    @Test
    void a_probe_that_throws_becomes_a_failed_result() {
        ProbeRunner runner = runner(crashing());

        ProbeReport report = runner.run(target(), Duration.ofSeconds(1));

        ProbeResult crashed = report.results().get(0);
        assertThat(crashed.status()).isEqualTo(Status.FAILURE);
        assertThat(crashed.verdict())
                .isEqualTo("The probe itself failed: java.lang.IllegalStateException: boom.");
    }

    @Test
    void gateway_probe_runs_only_when_a_gateway_is_named() {
        ProbeRunner runner = new ProbeRunner();

        ProbeReport report =
                runner.run(ProbeTarget.parse("127.0.0.1:1", null), Duration.ofSeconds(2));

        assertThat(report.results())
                .extracting(ProbeResult::name)
                .containsExactly("dns", "tcp", "rdp-negotiation", "tls");
    }

    @Test
    void deadline_above_the_cap_is_refused_with_the_limit() {
        ProbeRunner runner = runner();

        assertThatThrownBy(() -> runner.run(target(), Duration.ofSeconds(16)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("deadline 16000 ms is outside 1 ms to 15 s");
    }

    /** A runner whose TLS probe finds a valid certificate with these names. */
    private static ProbeRunner certificateNames(String names) {
        return tls(Status.OK, "found", ProbeResult.evidence("tls-certificate", "valid", names));
    }

    /** A runner whose only probe, the TLS one, reports this verdict and evidence. */
    private static ProbeRunner tls(Status status, String verdict, Event.EvidenceAdded... evidence) {
        return runner(
                probe(
                        "tls",
                        () ->
                                ProbeResult.of(
                                        "tls", status, verdict, List.of(), List.of(evidence))));
    }

    private static ProbeTarget target() {
        return ProbeTarget.parse("127.0.0.1", null);
    }

    @Test
    void evidence_from_a_server_that_sends_pages_of_names_fits_what_a_session_keeps() {
        String names = "CN=rds01.corp.example, " + "OU=farm unit, ".repeat(400);
        ProbeRunner runner = certificateNames(names);

        String detail = runner.run(target(), Duration.ofSeconds(1)).evidence().get(0).detail();

        assertThat(detail)
                .hasSizeLessThanOrEqualTo(TextLimits.DETAIL_MAX)
                .startsWith("CN=rds01.corp.example, OU=farm unit")
                .endsWith("… (127.0.0.1:3389, probed from test-host at 2026-01-02T03:04:05Z)");
    }

    @Test
    void evidence_from_a_server_whose_names_hold_line_breaks_and_overrides_has_them_written_out() {
        ProbeRunner runner = certificateNames("CN=rds01\n- Status: solved\tOU=\u202Eexe.gpj");

        Event.EvidenceAdded evidence =
                runner.run(target(), Duration.ofSeconds(1)).evidence().get(0);

        assertThat(evidence.detail())
                .startsWith(
                        "CN=rds01\\u000A- Status: solved\\u0009OU=\\u202Eexe.gpj (127.0.0.1:3389");
        TextLimits.check(evidence);
    }

    @Test
    void a_verdict_quoting_a_server_has_its_control_characters_written_out_as_probe_prints_them() {
        String quoted = "CN=evil\u001B[31m\r\nforged, OU=\u202Eexe.gpj\u200B";
        ProbeRunner runner =
                tls(Status.WARNING, "certificate " + quoted + " does not name the host");

        String verdict = runner.run(target(), Duration.ofSeconds(1)).results().get(0).verdict();

        assertThat(verdict)
                .isEqualTo(
                        "certificate CN=evil\\u001B[31m\\u000D\\u000Aforged,"
                                + " OU=\\u202Eexe.gpj\\u200B does not name the host");
    }

    @Test
    void evidence_from_a_server_whose_names_are_emoji_is_shortened_between_characters() {
        ProbeRunner runner = certificateNames("CN=" + "\uD83D\uDCBB".repeat(2_000));

        Event.EvidenceAdded evidence =
                runner.run(target(), Duration.ofSeconds(1)).evidence().get(0);

        assertThat(evidence.detail())
                .startsWith("CN=" + "\uD83D\uDCBB".repeat(57) + "…(2003 characters) (127.0.0.1");
        TextLimits.check(evidence);
    }

    @Test
    void a_long_name_a_server_sent_is_shortened_alike_in_the_verdict_and_the_evidence_detail() {
        String name = "CN=evil\u001B[31mRED\u202Eliame.exe" + "A".repeat(200);
        ProbeRunner runner =
                tls(
                        Status.WARNING,
                        "certificate " + name + " is self-signed",
                        ProbeResult.evidence(
                                "tls-certificate",
                                "self-signed",
                                "certificate "
                                        + name
                                        + " is self-signed; issuer "
                                        + name
                                        + "; valid 2026-12-06"));

        ProbeReport report = runner.run(target(), Duration.ofSeconds(1));

        String shown =
                "CN=evil\\u001B[31mRED\\u202Eliame.exe" + "A".repeat(35) + "…(225 characters)";
        assertThat(report.results().get(0).verdict())
                .isEqualTo("certificate " + shown + " is self-signed");
        assertThat(report.evidence().get(0).detail())
                .startsWith(
                        "certificate "
                                + shown
                                + " is self-signed; issuer "
                                + shown
                                + "; valid 2026-12-06 (127.0.0.1:3389");
    }

    private static ProbeRunner runner(Probe... probes) {
        return new ProbeRunner(
                Clock.fixed(NOW, ZoneOffset.UTC),
                "test-host",
                List.of(probes),
                InetAddress::getAllByName);
    }

    private static Probe finding(String kind, String value) {
        return probe(
                kind,
                () ->
                        ProbeResult.of(
                                kind,
                                Status.OK,
                                "found",
                                List.of(),
                                List.of(ProbeResult.evidence(kind, value, "seen"))));
    }

    private static Probe hanging() {
        CountDownLatch never = new CountDownLatch(1);
        return probe(
                "hang",
                () -> {
                    never.await();
                    throw new AssertionError("unreachable");
                });
    }

    private static Probe crashing() {
        return probe(
                "crash",
                () -> {
                    throw new IllegalStateException("boom");
                });
    }

    private interface Body {
        ProbeResult run() throws InterruptedException;
    }

    private static Probe probe(String name, Body body) {
        return new Probe() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public ProbeResult run(ProbeRun run) throws InterruptedException {
                return body.run();
            }
        };
    }
}
