package org.rdpdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.rdpdoctor.engine.Json;
import org.rdpdoctor.probe.FakeRdpServer;
import org.rdpdoctor.probe.ProbeRunner;
import org.rdpdoctor.probe.TestCertificates;

/** The {@code probe} command against loopback listeners of our own. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ProbeCommandTest {

    @Test
    void help_states_the_connect_and_reply_timeouts() {
        CliRun run = CliRun.run("", "probe", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().replaceAll("\\s+", " "))
                .contains("a 2.5 s connect timeout, and 3 s for each reply");
    }

    @Test
    void help_states_the_connection_budget_a_run_keeps_to() {
        CliRun run = CliRun.run("", "probe", "--help");

        assertThat(run.out().replaceAll("\\s+", " "))
                .contains(
                        "At most "
                                + ProbeRunner.MAX_CONNECTIONS
                                + " connections, to the RDP port and the gateway's only;");
    }

    @Test
    void refused_port_prints_one_verdict_per_probe_and_exits_0() throws Exception {
        int port = FakeRdpServer.closedPort();

        CliRun run = CliRun.run("", "probe", "127.0.0.1:" + port);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .startsWith("Probe of 127.0.0.1:" + port + " from ")
                .contains("ok       dns              127.0.0.1 is an IP address")
                .contains(
                        "failure  tcp              127.0.0.1:"
                                + port
                                + " refused the connection (RST)")
                .contains("evidence: tcp-connect = refused")
                .contains("skipped  rdp-negotiation  Not tried: TCP connect refused (RST)")
                .contains("skipped  tls ");
    }

    @Test
    void json_report_carries_results_and_evidence_events() throws Exception {
        try (FakeRdpServer server =
                FakeRdpServer.start(
                        FakeRdpServer.Behaviour.REQUIRES_NLA,
                        TestCertificates.Kind.LOCALHOST_SELF_SIGNED)) {
            CliRun run = CliRun.run("", "probe", server.address(), "--json", "--deadline", "5s");

            assertThat(run.exitCode()).as(run.err()).isZero();
            JsonNode report = Json.mapper().readTree(run.out());
            assertThat(report.get("target").asText()).isEqualTo(server.address());
            assertThat(report.get("deadlineMillis").asLong()).isEqualTo(5000);
            assertThat(names(report.get("results"), "name"))
                    .containsExactly("dns", "tcp", "rdp-negotiation", "tls");
            JsonNode nla = find(report.get("evidence"), "nla");
            assertThat(nla.get("type").asText()).isEqualTo("evidence");
            assertThat(nla.get("value").asText()).isEqualTo("required");
            assertThat(nla.get("source").asText()).isEqualTo("probe");
            assertThat(nla.get("detail").asText())
                    .contains("(" + server.address() + ", probed from ");
        }
    }

    @Test
    void certificate_name_with_escape_sequence_and_line_break_is_shown_escaped_on_its_line()
            throws Exception {
        try (FakeRdpServer server =
                FakeRdpServer.start(
                        FakeRdpServer.Behaviour.TLS_ONLY, TestCertificates.Kind.HOSTILE_NAME)) {
            CliRun run = CliRun.run("", "probe", server.address(), "--deadline", "5s");

            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out())
                    .contains("certificate CN=evil\\u001B[31m\\u000Aforged does not name")
                    .doesNotContain("\u001B")
                    .doesNotContain("\nforged");
        }
    }

    @Test
    void bad_target_exits_2_and_says_what_is_wrong() {
        CliRun run = CliRun.run("", "probe", "rds01:0");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("'rds01:0' is not HOST[:PORT]: port 0 is outside 1-65535");
    }

    @Test
    void deadline_above_15_seconds_exits_2() {
        CliRun run = CliRun.run("", "probe", "127.0.0.1", "--deadline", "20s");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("deadline '20s' is outside 1ms to 15s");
    }

    @Test
    void deadline_given_as_a_bare_number_of_milliseconds_says_a_number_alone_is_seconds() {
        CliRun run = CliRun.run("", "probe", "127.0.0.1", "--deadline", "15000");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .contains(
                        "deadline '15000' is outside 1ms to 15s (a number alone is seconds;"
                                + " 15000ms is milliseconds)");
    }

    @Test
    void deadline_out_of_range_in_milliseconds_too_gets_no_hint_about_milliseconds() {
        for (String value : List.of("0", "99999")) {
            CliRun run = CliRun.run("", "probe", "127.0.0.1", "--deadline", value);

            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err())
                    .contains("deadline '" + value + "' is outside 1ms to 15s")
                    .doesNotContain("milliseconds");
        }
    }

    @Test
    void deadline_that_is_not_a_duration_exits_2() {
        CliRun run = CliRun.run("", "probe", "127.0.0.1", "--deadline", "soon");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("'soon' is not a duration such as 5s or 800ms");
    }

    @Test
    void bad_gateway_exits_2() {
        CliRun run = CliRun.run("", "probe", "127.0.0.1", "--gateway", "gw:https");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("port 'https' is not a number from 1 to 65535");
    }

    private static List<String> names(JsonNode array, String field) {
        List<String> names = new ArrayList<>();
        array.forEach(node -> names.add(node.get(field).asText()));
        return names;
    }

    private static JsonNode find(JsonNode evidence, String kind) {
        for (JsonNode node : evidence) {
            if (node.get("kind").asText().equals(kind)) {
                return node;
            }
        }
        throw new AssertionError("no " + kind + " evidence in " + evidence);
    }
}
