package org.rdpdoctor.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.rdpdoctor.engine.DiagnosisState.Status.DIAGNOSED;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.rdpdoctor.kb.BrokenFixture;
import org.rdpdoctor.kb.Cause;
import org.rdpdoctor.kb.Environment;
import org.rdpdoctor.kb.KnowledgeBase;
import org.rdpdoctor.kb.Option;
import org.rdpdoctor.kb.Question;
import org.rdpdoctor.kb.Scenario;

/** The real {@code kb/} and {@code rules/}: coverage and the behaviour a helpdesk relies on. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class RealRulesTest {
    private static RuleBase rules;
    private static KnowledgeBase kb;

    @BeforeAll
    static void compile() {
        rules = Fixtures.real();
        kb = rules.knowledge();
    }

    @Test
    void knowledge_covers_at_least_25_causes_each_with_sources_and_fixes() {
        assertThat(kb.causes()).hasSizeGreaterThanOrEqualTo(25);
        assertThat(kb.causes())
                .allSatisfy(
                        c -> {
                            assertThat(c.sources()).as(c.id()).isNotEmpty();
                            assertThat(c.fixes()).as(c.id()).isNotEmpty();
                        });
        assertThat(kb.fixes()).allSatisfy(f -> assertThat(f.verify()).as(f.id()).isNotNull());
    }

    /**
     * What {@code lint} tells a knowledge editor holds for the shipped knowledge: every option
     * matters to a rule, every question is asked and every cause leads somewhere in the decision
     * trees from the scenarios' starts. A change of the engine's question choice can leave a
     * question unreachable without failing any scenario.
     */
    @Test
    void the_shipped_knowledge_has_no_lint_findings() {
        assertThat(KnowledgeLint.check(rules)).isEmpty();
    }

    @Test
    void a_passing_scenario_that_ran_to_the_cap_gets_a_note_naming_its_answers_never_asked() {
        ScenarioResult capped =
                ScenarioRunner.run(rules, shipped("security/security-layer-mismatch"));
        ScenarioResult diagnosed = ScenarioRunner.run(rules, shipped("client/client-app-defect"));

        assertThat(KnowledgeLint.unusedAnswers(kb, capped))
                .hasValueSatisfying(
                        note ->
                                assertThat(note.toString())
                                        .endsWith(
                                                "security-layer-mismatch.yaml:6: note: scenario"
                                                        + " 'security/security-layer-mismatch'"
                                                        + " passes without its answers to"
                                                        + " questions the engine never asks there"
                                                        + " (stopped: the engine asks at most 12"
                                                        + " questions): nla-setting: required,"
                                                        + " server-security-policy:"
                                                        + " rdp-layer-only"));
        assertThat(diagnosed.unusedAnswers()).isNotEmpty();
        assertThat(KnowledgeLint.unusedAnswers(kb, diagnosed)).isEmpty();
    }

    @Test
    void a_scenario_answering_a_question_past_the_cap_says_the_engine_stopped_asking_at_12() {
        ScenarioResult unknowns = ScenarioRunner.run(rules, scenario(Map.of()));
        Question never =
                kb.questions().stream()
                        .filter(q -> !unknowns.asked().contains(q.id()))
                        .findFirst()
                        .orElseThrow();
        String option = never.options().get(0).id();

        ScenarioResult result = ScenarioRunner.run(rules, scenario(Map.of(never.id(), option)));

        assertThat(unknowns.asked()).hasSize(StateBuilder.MAX_QUESTIONS);
        assertThat(result.report())
                .contains(
                        "  stopped: the engine asks at most 12 questions\n"
                                + "  never asked, so not used: "
                                + never.id()
                                + ": "
                                + option
                                + "\n");
    }

    @Test
    void every_cause_leads_in_at_least_one_scenario() {
        Set<String> leaders =
                kb.scenarios().stream().map(s -> s.expect().leader()).collect(Collectors.toSet());

        assertThat(kb.causes())
                .extracting(Cause::id)
                .allSatisfy(id -> assertThat(leaders).contains(id));
    }

    @Test
    void the_four_rows_of_the_environment_table_have_scenarios() {
        List<Scenario> rows =
                kb.scenarios().stream().filter(s -> s.id().startsWith("environment/")).toList();

        assertThat(rows).hasSizeGreaterThanOrEqualTo(4);
        assertThat(rows)
                .extracting(s -> s.expect().leader())
                .contains(
                        "credssp-oracle-mismatch",
                        "outdated-windows-7-client",
                        "third-party-client-security",
                        "vm-guest-rdp-settings");
    }

    @Test
    void every_rule_names_known_sources_and_every_source_is_defined() {
        assertThat(rules.rules().values())
                .allSatisfy(
                        r -> {
                            assertThat(r.sources()).as(r.name()).isNotEmpty();
                            r.sources()
                                    .forEach(
                                            s ->
                                                    assertThat(kb.source(s))
                                                            .as(r.name() + " cites " + s)
                                                            .isPresent());
                        });
        assertThat(kb.environments()).extracting(Environment::id).isNotEmpty();
    }

    @Test
    void socket_closed_and_server_denied_start_with_an_explained_question() {
        try (Diagnosis d = Diagnosis.start(rules, Fixtures.started("0x904", "0x7"))) {

            DiagnosisState state = d.state();

            assertThat(state.status()).isEqualTo(DiagnosisState.Status.ASKING);
            assertThat(state.decoded().error().meaning()).containsIgnoringCase("socket");
            assertThat(state.decoded().extended().meaning()).containsIgnoringCase("denied");
            assertThat(state.nextQuestion().why().askedBecause()).isNotEmpty();
            assertThat(state.nextQuestion().why().askedBecause().get(0).sources()).isNotEmpty();
            assertThat(state.ranking().get(0).explanation()).isNotEmpty();
        }
    }

    @Test
    void an_update_of_the_client_alone_speaks_for_credssp_more_than_one_of_the_host_alone() {
        Map<String, Double> credssp = new HashMap<>();
        for (String updated : List.of("client-only", "server-only")) {
            try (Diagnosis d = Diagnosis.start(rules, Fixtures.started("0x904", "0x7"))) {
                double before = scores(d.state()).get("credssp-oracle-mismatch");
                double after =
                        scores(d.apply(new Event.Answered("recent-updates", updated)))
                                .get("credssp-oracle-mismatch");
                credssp.put(updated, after - before);
            }
        }

        // A patched client refuses an unpatched host at its default; a patched host refuses an
        // unpatched client only at Force Updated Clients.
        assertThat(credssp.get("server-only")).isPositive();
        assertThat(credssp.get("client-only")).isGreaterThan(credssp.get("server-only"));
    }

    @Test
    void tcp_refused_raises_listener_and_firewall_causes_and_lowers_certificate_and_credssp() {
        try (Diagnosis d = Diagnosis.start(rules, Fixtures.started("0x904", "0x7"))) {
            Map<String, Double> before = scores(d.state());

            Map<String, Double> after =
                    scores(
                            d.apply(
                                    new Event.EvidenceAdded(
                                            "tcp-connect", "refused", "probe", "RST after 1 ms")));

            assertThat(after.get("listener-broken")).isGreaterThan(before.get("listener-broken"));
            assertThat(after.get("rdp-disabled")).isGreaterThan(before.get("rdp-disabled"));
            assertThat(after.get("self-signed-cert-renewal-failed"))
                    .isLessThan(before.get("self-signed-cert-renewal-failed"));
            assertThat(after.get("credssp-oracle-mismatch"))
                    .isLessThan(before.get("credssp-oracle-mismatch"));
        }
    }

    @Test
    void
            a_gateway_certificate_clients_refuse_puts_the_gateway_first_and_a_sound_gateway_lowers_it() {
        try (Diagnosis d = Diagnosis.start(rules, Fixtures.started("0x904", "0x7"))) {
            Map<String, Double> before = scores(d.state());

            DiagnosisState refused = probe(d, "rd-gateway", "certificate-rejected");
            Map<String, Double> whenRefused = scores(refused);
            DiagnosisState sound = probe(d, "rd-gateway", "answers");

            assertThat(raised(before, whenRefused)).containsExactly("rd-gateway-misconfigured");
            assertThat(refused.ranking().get(0).causeId()).isEqualTo("rd-gateway-misconfigured");
            assertThat(scores(sound).get("rd-gateway-misconfigured"))
                    .isLessThan(before.get("rd-gateway-misconfigured"));
            assertThat(sound.ranking().get(0).causeId()).isNotEqualTo("rd-gateway-misconfigured");
        }
    }

    @Test
    void
            a_gateway_out_of_reach_or_failing_tls_raises_the_gateway_less_than_a_refused_certificate() {
        Map<String, Double> gatewayScore = new java.util.LinkedHashMap<>();
        for (String value :
                List.of(
                        "does-not-resolve",
                        "unreachable",
                        "tls-fails",
                        "certificate-self-signed",
                        "other-address-answers",
                        "answers",
                        "certificate-rejected")) {
            try (Diagnosis d = Diagnosis.start(rules, Fixtures.started("0x904", "0x7"))) {
                gatewayScore.put(
                        value,
                        scores(probe(d, "rd-gateway", value)).get("rd-gateway-misconfigured"));
            }
        }

        assertThat(gatewayScore.get("unreachable")).isEqualTo(gatewayScore.get("does-not-resolve"));
        assertThat(gatewayScore.get("tls-fails")).isEqualTo(gatewayScore.get("unreachable"));
        assertThat(gatewayScore.get("certificate-self-signed"))
                .isLessThan(gatewayScore.get("tls-fails"));
        assertThat(gatewayScore.get("other-address-answers"))
                .isLessThan(gatewayScore.get("unreachable"))
                .isGreaterThan(gatewayScore.get("answers"));
        assertThat(gatewayScore.get("tls-fails"))
                .isLessThan(gatewayScore.get("certificate-rejected"));
    }

    @Test
    void a_name_the_probe_cannot_resolve_raises_a_wrong_dns_address_and_nothing_else() {
        try (Diagnosis d = Diagnosis.start(rules, Fixtures.started("0x904", "0x0"))) {
            Map<String, Double> before = scores(d.state());
            assertThat(d.state().ranking().get(0).causeId()).isEqualTo("nat-idle-timeout");

            DiagnosisState after = probe(d, "dns", "fails");

            assertThat(raised(before, scores(after))).containsExactly("dns-wrong-address");
            assertThat(lowered(before, scores(after))).isEmpty();
            assertThat(after.ranking().get(0).causeId()).isEqualTo("dns-wrong-address");
        }
    }

    @Test
    void a_lookup_code_counts_once_and_only_a_probe_adds_its_own_failed_lookup() {
        try (Diagnosis d = Diagnosis.start(rules, Fixtures.started("0x104", "0x0"))) {
            DiagnosisState code = d.state();
            assertThat(code.evidence())
                    .containsExactly(
                            new Evidence("dns", "fails", "error-code", "error code 0x104"));
            assertThat(rulesFor(code, "dns-wrong-address"))
                    .doesNotContain("Name does not resolve from the probe");

            DiagnosisState probed = probe(d, "dns", "fails");

            assertThat(rulesFor(probed, "dns-wrong-address"))
                    .contains("Name does not resolve from the probe");
            assertThat(scores(probed).get("dns-wrong-address"))
                    .isGreaterThan(scores(code).get("dns-wrong-address"));
        }
    }

    @Test
    void a_session_from_freerdp_codes_weighs_what_they_say() {
        try (Diagnosis privileges = Diagnosis.start(rules, Fixtures.started("0x00010009", null));
                Diagnosis lookup = Diagnosis.start(rules, Fixtures.started("0x00020005", null));
                Diagnosis tls = Diagnosis.start(rules, Fixtures.started("0x00020008", null))) {
            assertThat(privileges.state().ranking().get(0).causeId())
                    .isEqualTo("user-lacks-remote-logon-right");
            assertThat(rulesFor(privileges.state(), "user-lacks-remote-logon-right"))
                    .contains("Server denied the user for insufficient privileges");
            assertThat(lookup.state().evidence())
                    .containsExactlyInAnyOrder(
                            new Evidence("dns", "fails", "error-code", "error code 0x00020005"),
                            new Evidence(
                                    "client-software",
                                    "freerdp",
                                    "error-code",
                                    "error code 0x00020005 in FreeRDP's form"));
            assertThat(lookup.state().ranking().get(0).causeId()).isEqualTo("dns-wrong-address");
            assertThat(rulesFor(lookup.state(), "dns-wrong-address"))
                    .containsExactly("Name lookup failure codes point at DNS");
            assertThat(rulesFor(tls.state(), "tls-version-mismatch"))
                    .contains("TLS handshake failed after negotiation");
        }
    }

    @Test
    void a_stored_session_with_an_extended_code_freerdps_code_contradicts_is_restored_without_it() {
        List<Event> stored = List.of(Fixtures.started("0x00010009", "0x7"));

        assertThatThrownBy(() -> Diagnosis.replay(rules, stored))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageStartingWith(
                        "extendedCode: 0x7 disagrees with the error code 0x00010009");
        try (Diagnosis restored = Diagnosis.restore(rules, stored)) {
            DiagnosisState state = restored.state();

            assertThat(state.leftOut())
                    .extracting(DiagnosisState.LeftOut::seq, DiagnosisState.LeftOut::field)
                    .containsExactly(tuple(1, "extendedCode"));
            assertThat(state.leftOut().get(0).reason()).endsWith("the session goes on without it");
            assertThat(state.ranking().get(0).causeId()).isEqualTo("user-lacks-remote-logon-right");
        }
    }

    @Test
    void freerdps_own_connection_error_takes_no_extended_code_but_none() {
        List<Event> stored = List.of(Fixtures.started("0x00020008", "0x7"));

        assertThatThrownBy(() -> Diagnosis.replay(rules, stored))
                .isInstanceOf(InvalidEventException.class)
                .hasMessage(
                        "extendedCode: 0x7 cannot come with the error code 0x00020008, FreeRDP's"
                                + " report of its own connection error: FreeRDP reports one last"
                                + " error and no extended code: give none");
        try (Diagnosis restored = Diagnosis.restore(rules, stored);
                Diagnosis none = Diagnosis.start(rules, Fixtures.started("0x00020008", "0x0"))) {
            assertThat(restored.state().leftOut())
                    .extracting(DiagnosisState.LeftOut::field)
                    .containsExactly("extendedCode");
            assertThat(restored.state().decoded().extended()).isNull();
            assertThat(none.state().leftOut()).isEmpty();
            assertThat(none.state().ranking().get(0).causeId())
                    .isEqualTo(restored.state().ranking().get(0).causeId());
        }
    }

    @Test
    void a_stored_start_whose_extended_code_is_no_longer_read_is_restored_without_it() {
        List<Event> stored =
                List.of(
                        Fixtures.started("0x904", "0x00020008"),
                        new Event.Answered("error-message", "unknown"));

        try (Diagnosis restored = Diagnosis.restore(rules, stored)) {
            DiagnosisState state = restored.state();

            assertThat(state.leftOut())
                    .extracting(DiagnosisState.LeftOut::seq, DiagnosisState.LeftOut::field)
                    .containsExactly(tuple(1, "extendedCode"));
            assertThat(state.leftOut().get(0).reason())
                    .contains("FreeRDP's own connection error")
                    .endsWith("the session goes on without it");
            assertThat(state.decoded().extended()).isNull();
            assertThat(state.questionsAsked()).isEqualTo(1);
        }
    }

    @Test
    void a_failed_connect_the_code_reports_counts_once_and_a_failed_port_test_on_its_own() {
        try (Diagnosis code = Diagnosis.start(rules, Fixtures.started("0x204", null));
                Diagnosis tested = Diagnosis.start(rules, Fixtures.started("0x904", "0x7"))) {
            DiagnosisState tcpTest = tested.apply(new Event.Answered("tcp-port-test", "fails"));

            assertThat(rulesFor(code.state(), "credssp-oracle-mismatch"))
                    .containsExactly(
                            "Client whose lookup or connect fails never reaches the negotiation,"
                                    + " TLS, logon or the session");
            assertThat(rulesFor(tcpTest, "credssp-oracle-mismatch"))
                    .contains("Closed port leaves no CredSSP exchange to fail");
        }
    }

    @Test
    void a_lookup_failure_code_with_a_connection_by_address_failing_too_rules_nothing_out() {
        try (Diagnosis d = Diagnosis.start(rules, Fixtures.started("0x104", "0x0"))) {
            DiagnosisState state = d.apply(new Event.Answered("works-by-ip", "both-fail"));

            for (String cause :
                    List.of(
                            "windows-firewall-blocks-rdp",
                            "listener-broken",
                            "security-layer-mismatch",
                            "tls-version-mismatch")) {
                assertThat(rulesFor(state, cause))
                        .as(cause)
                        .noneMatch(rule -> rule.startsWith("Client whose"));
            }
            assertThat(scores(state).get("windows-firewall-blocks-rdp")).isPositive();
        }
    }

    @Test
    void a_code_in_freerdps_form_answers_the_client_question_and_a_windows_code_does_not() {
        try (Diagnosis freerdp = Diagnosis.start(rules, Fixtures.started("0x00020008", null));
                Diagnosis asExtended =
                        Diagnosis.start(rules, Fixtures.started("0x0", "0x00010009"));
                Diagnosis windows = Diagnosis.start(rules, Fixtures.started("0x904", "0x7"))) {
            for (Diagnosis d : List.of(freerdp, asExtended)) {
                assertThat(d.state().answers())
                        .extracting(a -> a.questionId() + "=" + a.optionId(), a -> a.source())
                        .containsExactly(tuple("client-platform=linux-freerdp", "error-code"));
            }
            assertThat(askedAnsweringUnknown(freerdp))
                    .isNotEmpty()
                    .doesNotContain("client-platform", "error-message");
            assertThat(windows.state().answers()).isEmpty();
            assertThat(askedAnsweringUnknown(windows)).contains("client-platform");
        }
    }

    @Test
    void inconsistent_flags_bring_an_intermediary_forward_past_the_security_layer() {
        try (Diagnosis d = Diagnosis.start(rules, Fixtures.started("0x904", "0x7"))) {
            Map<String, Double> before = scores(d.state());
            assertThat(d.state().ranking().get(0).causeId()).isEqualTo("security-layer-mismatch");

            DiagnosisState after = probe(d, "rdp-negotiation", "failure-inconsistent-flags");

            assertThat(raised(before, scores(after))).containsExactly("intermediary-in-path");
            assertThat(lowered(before, scores(after))).isEmpty();
            assertThat(after.ranking().get(0).causeId()).isEqualTo("intermediary-in-path");
        }
    }

    @Test
    void a_demand_for_client_certificates_puts_the_security_layer_before_the_certificate() {
        try (Diagnosis d = Diagnosis.start(rules, Fixtures.started("0x904", "0x7"))) {
            DiagnosisState message = ticketSaysInternalError(d);
            Map<String, Double> before = scores(message);
            assertThat(message.ranking().get(0).causeId())
                    .isEqualTo("self-signed-cert-renewal-failed");

            DiagnosisState after =
                    probe(d, "rdp-negotiation", "failure-ssl-with-user-auth-required");

            assertThat(raised(before, scores(after))).containsExactly("security-layer-mismatch");
            assertThat(lowered(before, scores(after)))
                    .containsExactlyInAnyOrder(
                            "listener-broken", "rdp-disabled", "port-conflict-or-changed");
            assertThat(after.ranking().get(0).causeId()).isEqualTo("security-layer-mismatch");
        }
    }

    @Test
    void a_listener_that_answers_the_negotiation_is_not_checked_by_the_admin() {
        try (Diagnosis d = Diagnosis.start(rules, Fixtures.started("0x904", "0x7"))) {
            probe(d, "tcp-connect", "open");
            probe(d, "rdp-negotiation", "failure-ssl-with-user-auth-required");

            List<String> asked = askedAnsweringUnknown(d);

            assertThat(asked).isNotEmpty().doesNotContain("server-listener");
            assertThat(rulesFor(d.state(), "port-conflict-or-changed"))
                    .contains("Listener answers the negotiation");
        }
    }

    @Test
    void a_port_the_probe_finds_refused_does_not_overrule_what_the_admin_sees_on_the_host() {
        try (Diagnosis d = Diagnosis.start(rules, Fixtures.started("0x904", "0x7"))) {
            probe(d, "tcp-connect", "refused");

            DiagnosisState state = d.apply(new Event.Answered("session-state", "logons-drained"));

            assertThat(state.ranking().get(0).causeId()).isEqualTo("server-drain-mode");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"0x204", "0x108"})
    void a_client_whose_own_connect_fails_is_not_asked_about_what_comes_after_it(String code) {
        try (Diagnosis d = Diagnosis.start(rules, Fixtures.started(code, "0x0"))) {
            List<String> asked = askedAnsweringUnknown(d);

            assertThat(asked)
                    .contains("network-path", "localhost-test")
                    .doesNotContain(
                            "error-message", "error-timing", "server-events", "session-state");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"0x104", "0x208", "0x00020005"})
    void a_client_whose_own_name_lookup_fails_leads_with_dns_and_rules_out_the_later_phases(
            String code) {
        try (Diagnosis d = Diagnosis.start(rules, Fixtures.started(code, null))) {
            DiagnosisState state = d.state();

            assertThat(state.ranking().get(0).causeId()).isEqualTo("dns-wrong-address");
            for (String later :
                    List.of(
                            "security-layer-mismatch",
                            "third-party-client-security",
                            "tls-version-mismatch",
                            "licensing-failure")) {
                assertThat(rulesFor(state, later))
                        .as(later)
                        .contains(
                                "Client whose lookup or connect fails never reaches the"
                                        + " negotiation, TLS, logon or the session");
            }
            for (String atTheHost :
                    List.of("windows-firewall-blocks-rdp", "listener-broken", "rdp-disabled")) {
                assertThat(rulesFor(state, atTheHost))
                        .as(atTheHost)
                        .contains("Client whose name lookup fails never reaches the host's port");
            }
            assertThat(rulesFor(state, "rd-gateway-misconfigured"))
                    .doesNotContain("Client whose name lookup fails never reaches the host's port");
        }
    }

    @ParameterizedTest
    @CsvSource({
        "0xD07, account-or-password-refused",
        "0x807, account-or-password-refused",
        "0x00020015, account-or-password-refused",
        "0x00020018, account-or-password-refused"
    })
    void an_account_code_diagnoses_the_account_and_rules_out_what_comes_before_the_logon(
            String code, String cause) {
        try (Diagnosis d = Diagnosis.start(rules, Fixtures.started(code, null))) {
            DiagnosisState state = d.state();

            assertThat(state.status()).isEqualTo(DiagnosisState.Status.DIAGNOSED);
            assertThat(state.ranking().get(0).causeId()).isEqualTo(cause);
            assertThat(state.evidence())
                    .extracting(e -> e.kind() + "=" + e.value() + " from " + e.source())
                    .contains("tls-handshake=ok from error-code");
            for (String before :
                    List.of(
                            "windows-firewall-blocks-rdp",
                            "listener-broken",
                            "security-layer-mismatch",
                            "third-party-client-security",
                            "self-signed-cert-renewal-failed")) {
                assertThat(rulesFor(state, before))
                        .as(before)
                        .contains(
                                "Client that reached the account check passed the negotiation and"
                                        + " TLS");
            }
            for (String whichHost : List.of("dns-wrong-address", "port-forwarding-misrouted")) {
                assertThat(rulesFor(state, whichHost))
                        .as("another host may have refused the account: " + whichHost)
                        .isEmpty();
            }
        }
    }

    @Test
    void freerdps_tls_connect_error_counts_against_remote_desktop_being_off() {
        try (Diagnosis d = Diagnosis.start(rules, Fixtures.started("0x00020008", null))) {
            DiagnosisState state = d.apply(new Event.Answered("server-listener", "rdp-turned-off"));

            assertThat(state.evidence())
                    .extracting(e -> e.kind() + "=" + e.value() + " from " + e.source())
                    .contains("tls-handshake=failed from error-code");
            for (String portNeverReached :
                    List.of(
                            "rdp-disabled",
                            "windows-firewall-blocks-rdp",
                            "cloud-security-group")) {
                assertThat(rulesFor(state, portNeverReached))
                        .as(portNeverReached)
                        .contains("Client whose TLS handshake failed had reached an RDP listener");
            }
            assertThat(rulesFor(state, "listener-broken"))
                    .as("the listener's certificate may be what fails")
                    .doesNotContain(
                            "Client whose TLS handshake failed had reached an RDP listener");
        }
    }

    @Test
    void a_certificate_not_valid_yet_lowers_the_renewal_and_the_listener_causes_only() {
        try (Diagnosis d = Diagnosis.start(rules, Fixtures.started("0x904", "0x7"))) {
            DiagnosisState message = ticketSaysInternalError(d);
            Map<String, Double> before = scores(message);
            assertThat(message.ranking().get(0).causeId())
                    .isEqualTo("self-signed-cert-renewal-failed");

            DiagnosisState after = probe(d, "tls-certificate", "not-yet-valid");

            assertThat(lowered(before, scores(after)))
                    .containsExactlyInAnyOrder(
                            "self-signed-cert-renewal-failed",
                            "listener-broken",
                            "rdp-disabled",
                            "port-conflict-or-changed");
            assertThat(raised(before, scores(after))).isEmpty();
            assertThat(after.ranking().get(0).causeId()).isEqualTo("security-layer-mismatch");
        }
    }

    @Test
    void a_ticket_message_answers_its_question_which_is_never_asked() {
        try (Diagnosis d = Diagnosis.start(rules, Fixtures.started("0x904", "0x7"))) {
            d.apply(
                    new Event.EvidenceAdded(
                            "message",
                            "credssp-oracle",
                            "ticket",
                            "CredSSP encryption oracle remediation"));

            List<String> asked = askedAnsweringUnknown(d);

            assertThat(asked).doesNotContain("error-message");
            assertThat(d.state().leadingCause()).isEqualTo("credssp-oracle-mismatch");
        }
    }

    @Test
    void a_failed_connect_code_answers_the_tcp_test_and_a_probe_that_connects_does_not_undo_it() {
        try (Diagnosis d = Diagnosis.start(rules, Fixtures.started("0x204", "0x0"))) {
            DiagnosisState state = d.state();
            assertThat(state.evidence())
                    .containsExactly(
                            new Evidence(
                                    "tcp-connect", "failed", "error-code", "error code 0x204"));
            assertThat(Fixtures.answers(state)).containsExactly("tcp-port-test=fails (error-code)");
            assertThat(scores(state).get("licensing-failure"))
                    .isLessThan(kb.cause("licensing-failure").orElseThrow().prior());
            assertThat(askedAnsweringUnknown(d)).isNotEmpty().doesNotContain("tcp-port-test");

            Map<String, Double> before = scores(d.state());
            DiagnosisState probed =
                    d.apply(new Event.EvidenceAdded("tcp-connect", "open", "probe", "SYN-ACK"));
            assertThat(Fixtures.answers(probed))
                    .as("the probe connects from elsewhere than the failing client")
                    .contains("tcp-port-test=fails (error-code)")
                    .doesNotContain("tcp-port-test=succeeds (probe)");
            assertThat(scores(probed).get("windows-firewall-blocks-rdp"))
                    .isEqualTo(before.get("windows-firewall-blocks-rdp"));
        }
        try (Diagnosis d = Diagnosis.start(rules, Fixtures.started("0x904", "0x7"))) {
            DiagnosisState probed =
                    d.apply(new Event.EvidenceAdded("tcp-connect", "open", "probe", "SYN-ACK"));
            assertThat(Fixtures.answers(probed))
                    .as("nothing from the client's side reports the port")
                    .containsExactly("tcp-port-test=succeeds (probe)");
        }
    }

    @Test
    void every_event_a_ticket_names_counts_beside_the_users_answer_to_the_question() {
        try (Diagnosis d = Diagnosis.start(rules, Fixtures.started("0x904", "0x7"))) {
            d.apply(new Event.EvidenceAdded("event-id", "1057", "ticket", "Event ID 1057"));
            DiagnosisState both =
                    d.apply(new Event.EvidenceAdded("event-id", "36870", "ticket", "ID 36870"));

            assertThat(Fixtures.answers(both))
                    .containsExactly(
                            "server-events=cert-renewal-events (ticket)",
                            "server-events=private-key-event (ticket)");
            assertThat(rulesFor(both, "self-signed-cert-renewal-failed"))
                    .contains("Self-signed certificate events on the host");
            assertThat(rulesFor(both, "machinekeys-permissions"))
                    .contains("Schannel cannot access the private key");

            DiagnosisState answered =
                    d.apply(new Event.Answered("server-events", "private-key-event"));
            assertThat(Fixtures.answers(answered))
                    .containsExactly(
                            "server-events=private-key-event (user)",
                            "server-events=cert-renewal-events (ticket)");
            assertThat(rulesFor(answered, "self-signed-cert-renewal-failed"))
                    .contains("Self-signed certificate events on the host");

            DiagnosisState withdrawn = d.apply(new Event.Withdrawn("server-events"));
            assertThat(Fixtures.answers(withdrawn)).isEqualTo(Fixtures.answers(both));
            assertThat(withdrawn.ranking()).isEqualTo(both.ranking());
        }
    }

    @Test
    void a_connection_the_listener_received_lowers_the_causes_where_nothing_reaches_it() {
        try (Diagnosis d = Diagnosis.start(rules, Fixtures.started("0x904", "0x7"))) {
            Map<String, Double> before = scores(d.state());

            Map<String, Double> after = scores(event(d, "261"));

            assertThat(lowered(before, after))
                    .containsExactlyInAnyOrder(
                            "rdp-disabled",
                            "listener-broken",
                            "port-conflict-or-changed",
                            "windows-firewall-blocks-rdp",
                            "cloud-security-group");
            assertThat(raised(before, after)).isEmpty();
        }
    }

    @Test
    void many_incomplete_connections_only_say_that_remote_desktop_is_on() {
        try (Diagnosis d = Diagnosis.start(rules, Fixtures.started("0x904", "0x7"))) {
            Map<String, Double> before = scores(d.state());

            Map<String, Double> after = scores(event(d, "1006"));

            assertThat(lowered(before, after)).containsExactly("rdp-disabled");
            assertThat(raised(before, after)).isEmpty();
        }
    }

    @Test
    void a_certificate_chain_event_raises_each_certificate_cause() {
        try (Diagnosis d = Diagnosis.start(rules, Fixtures.started("0x904", "0x7"))) {
            Map<String, Double> before = scores(d.state());

            Map<String, Double> after = scores(event(d, "36872"));

            assertThat(raised(before, after))
                    .containsExactlyInAnyOrder(
                            "self-signed-cert-renewal-failed",
                            "machinekeys-permissions",
                            "custom-cert-misconfigured");
            assertThat(lowered(before, after)).isEmpty();
        }
    }

    @Test
    void the_chain_event_answered_by_hand_scores_as_the_ticket_naming_it() {
        try (Diagnosis byHand = Diagnosis.start(rules, Fixtures.started("0x904", "0x7"));
                Diagnosis fromTicket = Diagnosis.start(rules, Fixtures.started("0x904", "0x7"))) {
            Map<String, Double> answered =
                    scores(byHand.apply(new Event.Answered("server-events", "chain-event")));

            assertThat(answered).isEqualTo(scores(event(fromTicket, "36872")));
            assertThat(rulesFor(byHand.state(), "custom-cert-misconfigured"))
                    .contains("Schannel cannot retrieve the certificate chain: custom certificate");
        }
    }

    @Test
    void an_internal_error_also_raises_the_security_negotiation_causes() {
        try (Diagnosis d = Diagnosis.start(rules, Fixtures.started("0x904", "0x7"))) {
            Map<String, Double> before = scores(d.state());

            DiagnosisState state = d.apply(new Event.Answered("error-message", "internal-error"));

            assertThat(raised(before, scores(state)))
                    .contains("security-layer-mismatch", "tls-version-mismatch");
            assertThat(state.ranking().get(0).causeId())
                    .isEqualTo("self-signed-cert-renewal-failed");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"0x3", "0x4"})
    void the_hosts_own_time_limit_after_an_idle_period_is_no_nat_idle_timeout(String extended) {
        try (Diagnosis d = Diagnosis.start(rules, Fixtures.started("0x3", extended))) {
            DiagnosisState state = d.apply(new Event.Answered("error-timing", "drops-after-idle"));

            assertThat(state.ranking().get(0).causeId()).isNotEqualTo("nat-idle-timeout");
            assertThat(scores(state).get("nat-idle-timeout")).isNegative();
            assertThat(rulesFor(state, "nat-idle-timeout"))
                    .contains("The host's idle or session time limit ended the session");
        }
    }

    @ParameterizedTest
    @CsvSource({
        "0x3, 0x3, session-time-limit, review-session-time-limits",
        "0x904, 0x4, session-time-limit, review-session-time-limits",
        "0x00010003, , session-time-limit, review-session-time-limits",
        "0x3, 0x1, session-ended-deliberately, find-who-ended-the-session",
        "0x3, 0x2, session-ended-deliberately, find-who-ended-the-session",
        "0x3, 0xB, session-ended-deliberately, find-who-ended-the-session",
        "0x0001000C, , session-ended-deliberately, find-who-ended-the-session",
        "0x904, 0x6, host-session-failure, check-host-for-session-failure",
        "0x00010011, , host-session-failure, check-host-for-session-failure",
        "0x00010017, , host-session-failure, check-host-for-session-failure"
    })
    void a_session_the_host_ended_for_a_reason_it_sent_is_diagnosed_from_its_codes_alone(
            String code, String extended, String cause, String fix) {
        try (Diagnosis d = Diagnosis.start(rules, Fixtures.started(code, extended))) {
            DiagnosisState state = d.state();

            assertThat(state.status()).isEqualTo(DIAGNOSED);
            assertThat(state.nextQuestion()).isNull();
            assertThat(state.ranking().get(0).causeId()).isEqualTo(cause);
            assertThat(state.fixes().get(0).fixId()).isEqualTo(fix);
        }
    }

    @ParameterizedTest
    @CsvSource({"0x3, 0x3", "0x3, 0x2", "0x904, 0x6", "0x00010004, ", "0x00010010, "})
    void a_session_the_host_ended_for_its_reason_had_passed_the_connection_when_the_fix_fails(
            String code, String extended) {
        try (Diagnosis d = Diagnosis.start(rules, Fixtures.started(code, extended))) {
            String fix = d.state().fixes().get(0).fixId();

            DiagnosisState state = d.apply(new Event.FixTried(fix, false));

            Map<String, Double> scores = scores(state);
            assertThat(state.ranking().get(0).causeId())
                    .isNotIn(
                            "credssp-oracle-mismatch",
                            "security-layer-mismatch",
                            "self-signed-cert-renewal-failed",
                            "third-party-client-security",
                            "listener-broken");
            assertThat(scores.get("credssp-oracle-mismatch")).isNegative();
            assertThat(scores.get("self-signed-cert-renewal-failed")).isNegative();
            assertThat(scores.get("listener-broken")).isNegative();
        }
    }

    @Test
    void a_session_the_server_ended_without_a_reason_after_idle_is_no_nat_idle_timeout() {
        try (Diagnosis d = Diagnosis.start(rules, Fixtures.started("0x3", null))) {
            d.apply(new Event.Answered("error-timing", "drops-after-idle"));

            DiagnosisState state = d.apply(new Event.Answered("network-path", "port-forward"));

            assertThat(state.ranking().get(0).causeId()).isEqualTo("session-time-limit");
            assertThat(scores(state).get("nat-idle-timeout")).isNegative();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"0x304", "0x404"})
    void a_send_or_receive_that_failed_had_a_connection_like_a_closed_socket(String code) {
        try (Diagnosis failed = Diagnosis.start(rules, Fixtures.started(code, null));
                Diagnosis closed = Diagnosis.start(rules, Fixtures.started("0x904", "0x0"))) {
            Map<String, Double> scores = scores(failed.state());

            assertThat(scores.get("windows-firewall-blocks-rdp")).isNegative();
            assertThat(scores.get("cloud-security-group")).isNegative();
            assertThat(scores.get("rdp-disabled")).isNegative();
            assertThat(scores.get("nat-idle-timeout")).isPositive();
            assertThat(scores).isEqualTo(scores(closed.state()));
        }
    }

    @Test
    void a_drop_after_idle_alone_does_not_diagnose_a_nat_idle_timeout() {
        try (Diagnosis d = Diagnosis.start(rules, Fixtures.started("0x904", "0x0"))) {
            DiagnosisState state = d.apply(new Event.Answered("error-timing", "drops-after-idle"));

            assertThat(state.status()).isNotEqualTo(DiagnosisState.Status.DIAGNOSED);
            assertThat(scores(state).get("nat-idle-timeout")).isLessThan(0.7);
        }
    }

    @Test
    void schannel_36870_with_a_custom_certificate_diagnoses_it_and_grants_its_key_read_first() {
        try (Diagnosis d = Diagnosis.start(rules, Fixtures.started("0x904", "0x7"))) {
            d.apply(new Event.Answered("server-events", "private-key-event"));

            DiagnosisState state = d.apply(new Event.Answered("certificate-change", "custom-cert"));

            assertThat(state.status()).isEqualTo(DiagnosisState.Status.DIAGNOSED);
            assertThat(state.ranking().get(0).causeId()).isEqualTo("custom-cert-misconfigured");
            assertThat(state.fixes().get(0).fixId()).isEqualTo("grant-network-service-key-read");
            assertThat(scores(state).get("machinekeys-permissions")).isLessThan(0.2);
        }
    }

    @Test
    void
            a_tickets_event_1057_puts_the_machinekeys_permissions_before_a_new_certificate_and_1058_does_not() {
        List<String> firstFixes = new ArrayList<>();
        for (String event : List.of("1057", "1058")) {
            try (Diagnosis d = Diagnosis.start(rules, Fixtures.started("0x904", "0x7"))) {
                d.apply(new Event.EvidenceAdded("event-id", event, "ticket", "Event ID " + event));
                DiagnosisState state =
                        d.apply(new Event.Answered("certificate-change", "self-signed-expired"));

                assertThat(state.leadingCause()).isEqualTo("self-signed-cert-renewal-failed");
                firstFixes.add(state.fixes().get(0).fixId());
            }
        }

        assertThat(firstFixes)
                .containsExactly(
                        "reset-machinekeys-permissions", "renew-rdp-self-signed-certificate");
    }

    @Test
    void
            a_windows_10_or_11_host_is_not_asked_the_localhost_test_and_its_failure_clears_no_listener() {
        Map<String, Boolean> asked = new HashMap<>();
        Map<String, Double> listener = new HashMap<>();
        for (String host : List.of("windows-10-11-host", "windows-server-2016-2019")) {
            try (Diagnosis d = Diagnosis.start(rules, Fixtures.started("0x904", "0x7"))) {
                d.apply(new Event.Answered("server-platform", host));
                asked.put(
                        host,
                        d.asks().stream().anyMatch(a -> a.question().equals("localhost-test")));
                DiagnosisState failed = d.apply(new Event.Answered("localhost-test", "fails"));
                listener.put(host, scores(failed).get("listener-broken"));
            }
        }

        assertThat(asked).containsEntry("windows-10-11-host", false);
        assertThat(asked).containsEntry("windows-server-2016-2019", true);
        assertThat(listener.get("windows-10-11-host")).isLessThan(0.1);
        assertThat(listener.get("windows-server-2016-2019")).isGreaterThan(0.4);
    }

    @Test
    void the_firewall_off_test_is_a_question_whose_answer_decides_the_host_firewall() {
        Map<String, Double> firewall = new HashMap<>();
        for (String answer : List.of("connects", "still-fails")) {
            try (Diagnosis d = Diagnosis.start(rules, Fixtures.started("0x204", null))) {
                DiagnosisState state = d.apply(new Event.Answered("firewall-off-test", answer));
                firewall.put(answer, scores(state).get("windows-firewall-blocks-rdp"));
                assertThat(state.fixes())
                        .extracting(DiagnosisState.FixView::fixId)
                        .doesNotContain("rule-out-windows-firewall");
            }
        }

        assertThat(firewall.get("connects")).isGreaterThan(0.7);
        assertThat(firewall.get("still-fails")).isLessThan(0);
    }

    @Test
    void schannel_36870_is_the_machinekeys_permissions_unless_the_certificate_is_a_custom_one() {
        try (Diagnosis d = Diagnosis.start(rules, Fixtures.started("0x904", "0x7"))) {
            DiagnosisState event =
                    d.apply(new Event.Answered("server-events", "private-key-event"));
            assertThat(event.status()).as("until the certificate is known").isNotEqualTo(DIAGNOSED);

            DiagnosisState unknown =
                    d.apply(new Event.Answered("certificate-change", Option.UNKNOWN));

            assertThat(unknown.status()).isEqualTo(DIAGNOSED);
            assertThat(unknown.leadingCause()).isEqualTo("machinekeys-permissions");
        }
    }

    @Test
    void schannel_36870_points_back_at_the_machinekeys_once_the_custom_keys_read_did_not_help() {
        try (Diagnosis d = Diagnosis.start(rules, Fixtures.started("0x904", "0x7"))) {
            d.apply(new Event.Answered("server-events", "private-key-event"));
            d.apply(new Event.Answered("certificate-change", "custom-cert"));

            DiagnosisState state =
                    d.apply(new Event.FixTried("grant-network-service-key-read", false));

            assertThat(state.leadingCause()).isEqualTo("machinekeys-permissions");
            assertThat(state.status()).isEqualTo(DIAGNOSED);
        }
    }

    /**
     * "Needs to be fragmented but DF set" means the large ping was never sent at that size (often
     * the VPN adapter's own MTU), so it is no answer: the help says to lower the size and answer
     * for one that is sent, where replies rule out the black hole and a time-out points at it.
     */
    @Test
    void a_large_ping_that_is_sent_decides_the_mtu_black_hole_and_needs_to_fragment_is_no_answer() {
        Question test = kb.question("mtu-ping-test").orElseThrow();
        try (Diagnosis d = Diagnosis.start(rules, Fixtures.started("0x904", "0x7"))) {
            d.apply(new Event.Answered("network-path", "vpn"));
            double before = scores(d.state()).get("mtu-fragmentation");

            double afterReplies =
                    scores(d.apply(new Event.Answered("mtu-ping-test", "large-works")))
                            .get("mtu-fragmentation");
            double afterTimeOut =
                    scores(d.apply(new Event.Answered("mtu-ping-test", "large-times-out")))
                            .get("mtu-fragmentation");

            assertThat(afterReplies).isLessThan(before);
            assertThat(afterTimeOut).isGreaterThan(before);
        }
        assertThat(test.options())
                .extracting(Option::label)
                .noneMatch(label -> label.contains("needs to be fragmented"));
        assertThat(test.help()).contains("lower the size").contains("ping -4 -f -l 1472");
    }

    /** Copies kb/ and rules/ into {@code dir} with one more cause at the end of causes.yaml. */
    private static void copyShippedKnowledgeWithCause(Path dir, String cause) throws IOException {
        BrokenFixture.copyTree(Path.of("kb"), dir.resolve("kb"));
        BrokenFixture.copyTree(Path.of("rules"), dir.resolve("rules"));
        Files.writeString(dir.resolve("kb/causes.yaml"), "\n" + cause, StandardOpenOption.APPEND);
    }

    private static void assertEveryScenarioAsksAsTheShippedKnowledgeDoes(RuleBase changed) {
        for (Scenario s : kb.scenarios()) {
            assertThat(ScenarioRunner.run(changed, s).asked())
                    .as(s.id())
                    .isEqualTo(ScenarioRunner.run(rules, s).asked());
        }
    }

    @Test
    void a_cause_no_rule_supports_yet_changes_no_question_any_scenario_asks(@TempDir Path dir)
            throws IOException {
        copyShippedKnowledgeWithCause(
                dir,
                """
                - id: cause-without-rules
                  title: A cause whose rules are not written yet
                  summary: An editor adds the cause first and its rules next.
                  category: network
                  prior: 0
                  sources: [r17]
                  fixes: [enable-rdp-firewall-rules]
                """);
        RuleBase withIt = RuleBase.load(dir.resolve("kb"), dir.resolve("rules"));

        assertEveryScenarioAsksAsTheShippedKnowledgeDoes(withIt);
    }

    @Test
    void a_cause_only_other_codes_support_changes_no_question_any_scenario_asks(@TempDir Path dir)
            throws IOException {
        copyShippedKnowledgeWithCause(
                dir,
                """
                - id: host-protocol-error
                  title: The host hit an internal protocol error
                  summary: Only the extended code 4096 tells it.
                  category: service
                  prior: 0.2
                  sources: [r2]
                  fixes: [restart-remote-desktop-services]
                """);
        Files.writeString(
                dir.resolve("rules/memory.drl"),
                """
                package org.rdpdoctor.rules;

                import org.rdpdoctor.engine.*;

                // Extended 4096 opens the range of the host's internal protocol errors.
                rule "Extended 4096 is an internal protocol error"
                    @source("r2")
                when
                    ErrorReport(extended == 4096)
                then
                    insertLogical(new Support("host-protocol-error", Weight.STRONG, kcontext));
                end
                """);
        RuleBase withIt = RuleBase.load(dir.resolve("kb"), dir.resolve("rules"));

        assertEveryScenarioAsksAsTheShippedKnowledgeDoes(withIt);
        try (Diagnosis d = Diagnosis.start(withIt, Fixtures.started("0x904", "0x1000"))) {
            assertThat(d.state().ranking().get(0).causeId()).isEqualTo("host-protocol-error");
        }
    }

    @Test
    void a_session_that_opened_and_then_dropped_rules_out_what_stops_a_connection() {
        List<String> connectPhase =
                List.of(
                        "security-layer-mismatch",
                        "listener-broken",
                        "self-signed-cert-renewal-failed",
                        "account-or-password-refused",
                        "server-drain-mode");
        List<String> inSession =
                List.of(
                        "connection-limit-reached",
                        "third-party-security-software",
                        "mtu-fragmentation");
        try (Diagnosis d = Diagnosis.start(rules, Fixtures.started("0x904", "0x7"))) {
            Map<String, Double> before = scores(d.state());

            DiagnosisState state = d.apply(new Event.Answered("error-timing", "drops-during-use"));

            Map<String, Boolean> ruledOut =
                    state.ranking().stream()
                            .collect(
                                    Collectors.toMap(
                                            DiagnosisState.RankedCause::causeId,
                                            DiagnosisState.RankedCause::ruledOut));
            assertThat(connectPhase).allSatisfy(id -> assertThat(ruledOut.get(id)).as(id).isTrue());
            assertThat(inSession)
                    .allSatisfy(
                            id ->
                                    assertThat(scores(state).get(id))
                                            .as(id)
                                            .isEqualTo(before.get(id)));
            assertThat(state.nextQuestion().id())
                    .isNotIn("server-listener", "certificate-change", "server-events");
        }
    }

    @Test
    void
            idle_drops_through_a_router_port_forward_are_the_nat_idle_timeout_and_on_the_lan_are_not_yet() {
        try (Diagnosis nat = Diagnosis.start(rules, Fixtures.started("0x904", "0x0"));
                Diagnosis lan = Diagnosis.start(rules, Fixtures.started("0x904", "0x0"))) {
            nat.apply(new Event.Answered("error-timing", "drops-after-idle"));
            lan.apply(new Event.Answered("error-timing", "drops-after-idle"));

            DiagnosisState forwarded =
                    nat.apply(new Event.Answered("network-path", "port-forward"));
            DiagnosisState local = lan.apply(new Event.Answered("network-path", "same-lan"));

            assertThat(forwarded.status()).isEqualTo(DIAGNOSED);
            assertThat(forwarded.ranking().get(0).causeId()).isEqualTo("nat-idle-timeout");
            assertThat(local.status()).isEqualTo(DiagnosisState.Status.ASKING);
        }
    }

    @Test
    void a_schannel_alert_about_an_expired_certificate_does_not_point_at_tls_versions() {
        try (Diagnosis d = Diagnosis.start(rules, Fixtures.started("0x904", "0x7"))) {
            Map<String, Double> before = scores(d.state());

            DiagnosisState state = ticket(d, schannelAlert(45));

            assertThat(state.ranking().get(0).causeId()).isNotEqualTo("tls-version-mismatch");
            assertThat(scores(state).get("tls-version-mismatch")).isLessThan(0.2);
            assertThat(Fixtures.answers(state))
                    .contains(
                            "server-events=tls-alert-events (ticket)",
                            "schannel-alert=certificate (ticket)");
            assertThat(raised(before, scores(state)))
                    .contains("self-signed-cert-renewal-failed", "custom-cert-misconfigured");
        }
    }

    @Test
    void a_schannel_alert_70_points_at_tls_versions() {
        try (Diagnosis d = Diagnosis.start(rules, Fixtures.started("0x904", "0x7"))) {
            DiagnosisState state = ticket(d, schannelAlert(70));

            assertThat(state.ranking().get(0).causeId()).isEqualTo("tls-version-mismatch");
            assertThat(rulesFor(state, "tls-version-mismatch"))
                    .contains("Schannel alert 70 or 71: no TLS version or cipher in common");
        }
    }

    /**
     * A restart is the first of the listener's three fixes and repairs only a hung service: its
     * failure keeps the cause leading with the next fix to try, and only all three failing rule the
     * cause out.
     */
    @Test
    void a_failed_partial_fix_keeps_its_cause_and_offers_the_next_fix() {
        try (Diagnosis d = Diagnosis.start(rules, Fixtures.started("0x904", "0x7"))) {
            d.apply(new Event.Answered("server-listener", "no-listener"));
            d.apply(new Event.Answered("localhost-test", "fails"));
            d.apply(new Event.Answered("other-clients-connect", "nobody"));

            DiagnosisState restarted =
                    d.apply(new Event.FixTried("restart-remote-desktop-services", false));

            assertThat(restarted.leadingCause()).isEqualTo("listener-broken");
            assertThat(restarted.status()).isEqualTo(DiagnosisState.Status.DIAGNOSED);
            assertThat(restarted.fixes())
                    .extracting(DiagnosisState.FixView::fixId, DiagnosisState.FixView::worked)
                    .containsExactly(
                            tuple("restart-remote-desktop-services", false),
                            tuple("repair-listener-registry-settings", null),
                            tuple("reset-rdp-tcp-listener-key", null));
            assertThat(restarted.fixes().get(0).ifFailed().meaning())
                    .startsWith(
                            "If it does not help, this cause stays likely. A restart repairs only"
                                    + " a service that hung");

            d.apply(new Event.FixTried("repair-listener-registry-settings", false));
            DiagnosisState all = d.apply(new Event.FixTried("reset-rdp-tcp-listener-key", false));

            assertThat(all.leadingCause()).isNotEqualTo("listener-broken");
            assertThat(scores(all).get("listener-broken"))
                    .isLessThan(scores(restarted).get("listener-broken") - 0.5);
        }
    }

    /**
     * Freeing session slots is a partial fix: when it does not help, the connection limit falls
     * below a clear lead but still leads the rest by the clear margin, so its second fix is offered
     * rather than more questions; once that fails too, the engine asks again.
     */
    @Test
    void a_partial_fix_that_lowers_its_cause_below_a_clear_lead_still_offers_the_next_fix() {
        try (Diagnosis d = Diagnosis.start(rules, Fixtures.started("0x904", "0x7"))) {
            d.apply(new Event.Answered("error-message", "server-busy"));

            DiagnosisState freed = d.apply(new Event.FixTried("free-session-slots", false));

            assertThat(scores(freed).get("connection-limit-reached")).isLessThan(0.7);
            assertThat(freed.status()).isEqualTo(DiagnosisState.Status.DIAGNOSED);
            assertThat(freed.leadingCause()).isEqualTo("connection-limit-reached");
            assertThat(freed.nextQuestion()).isNull();
            assertThat(freed.fixes())
                    .extracting(DiagnosisState.FixView::fixId, DiagnosisState.FixView::worked)
                    .containsExactly(
                            tuple("free-session-slots", false),
                            tuple("review-connection-limit-policies", null));

            DiagnosisState both =
                    d.apply(new Event.FixTried("review-connection-limit-policies", false));

            assertThat(both.status()).isEqualTo(DiagnosisState.Status.ASKING);
        }
    }

    /**
     * Diagnosed from the dialog's message alone, with the client's platform not known, the CredSSP
     * mismatch has three fixes whose order depends on which side was updated: the state offers that
     * question, says the order its answer would give, and offers none once it is answered.
     */
    @Test
    void a_diagnosis_offers_the_question_that_orders_its_fixes() {
        try (Diagnosis d = Diagnosis.start(rules, Fixtures.started("0x904", "0x7"))) {
            DiagnosisState asking = d.apply(new Event.Answered("client-platform", "unknown"));
            DiagnosisState diagnosed =
                    d.apply(new Event.Answered("error-message", "credssp-oracle"));

            assertThat(asking.fixQuestion()).isNull();
            assertThat(diagnosed.status()).isEqualTo(DiagnosisState.Status.DIAGNOSED);
            assertThat(diagnosed.nextQuestion()).isNull();
            DiagnosisState.NextQuestion q = diagnosed.fixQuestion();
            assertThat(q.id()).isEqualTo("recent-updates");
            assertThat(q.why().summary())
                    .contains(
                            "if “Yes, on the client only”, Install the CredSSP updates on both"
                                    + " client and server, then Temporarily allow the patched"
                                    + " client to talk to an unpatched server (Vulnerable), then"
                                    + " Set the patched server to Mitigated");
            assertThat(q.why().askedBecause())
                    .extracting(DiagnosisState.Reason::rule)
                    .containsExactly(
                            "Only the client was updated: the client-side workaround before the"
                                    + " server-side one");
            assertThat(q.why().effects())
                    .extracting(DiagnosisState.Effect::optionId)
                    .containsExactly("client-only", "server-only", "both", "none");
            DiagnosisState.Effect clientOnly =
                    q.why().effects().stream()
                            .filter(e -> e.optionId().equals("client-only"))
                            .findFirst()
                            .orElseThrow();
            assertThat(clientOnly.leader()).isEqualTo("credssp-oracle-mismatch");
            assertThat(clientOnly.fixOrder())
                    .containsExactly(
                            "install-credssp-updates",
                            "allow-vulnerable-credssp-temporarily",
                            "relax-encryption-oracle-on-server");
            assertThat(q.why().effects())
                    .filteredOn(e -> !e.optionId().equals("client-only"))
                    .allSatisfy(
                            e ->
                                    assertThat(e.fixOrder())
                                            .as(e.optionId())
                                            .isIn(
                                                    null,
                                                    List.of(
                                                            "install-credssp-updates",
                                                            "relax-encryption-oracle-on-server",
                                                            "allow-vulnerable-credssp-temporarily")));
            assertThat(q.why().effects())
                    .allSatisfy(
                            e ->
                                    assertThat(e.fixOrder() == null)
                                            .as(e.optionId())
                                            .isEqualTo(
                                                    !e.leader().equals("credssp-oracle-mismatch")));

            DiagnosisState answered = d.apply(new Event.Answered("recent-updates", "client-only"));

            assertThat(answered.fixQuestion()).isNull();
            assertThat(answered.fixes().get(1).fixId())
                    .isEqualTo("allow-vulnerable-credssp-temporarily");
        }
    }

    /**
     * Working on the LAN and failing over the VPN after the password fits a path-MTU black hole,
     * which stalls the large TLS flight; a client whose connect failed (0x204) sent no such flight,
     * and one refused at the account check (0x807) had it come through, so there the same answers
     * do not make the black hole a contender.
     */
    @Test
    void the_vpn_answers_point_at_an_mtu_black_hole_only_where_the_tls_flight_may_have_stalled() {
        Map<String, Double> mtu = new LinkedHashMap<>();
        for (String code : List.of("0x904", "0x204", "0x807")) {
            try (Diagnosis d =
                    Diagnosis.start(
                            rules, Fixtures.started(code, code.equals("0x904") ? "0x7" : null))) {
                d.apply(new Event.Answered("network-path", "vpn"));
                d.apply(new Event.Answered("other-clients-connect", "only-lan-works"));
                DiagnosisState state =
                        d.apply(new Event.Answered("error-timing", "after-credentials"));
                mtu.put(
                        code,
                        state.ranking().stream()
                                .filter(c -> c.causeId().equals("mtu-fragmentation"))
                                .findFirst()
                                .map(DiagnosisState.RankedCause::score)
                                .orElse(Double.NEGATIVE_INFINITY));
            }
        }

        assertThat(mtu.get("0x904")).as("0x904 / 0x7").isGreaterThan(0.5);
        assertThat(mtu.get("0x204")).as("0x204").isLessThan(0.0);
        assertThat(mtu.get("0x807")).as("0x807").isLessThan(0.5);
    }

    /**
     * Error code 0x3 says the server ended the session, which is no CredSSP refusal: even right
     * after the password, the CredSSP mismatch rises no higher than it starts from and leads
     * nothing.
     */
    @Test
    void the_server_ending_the_session_counts_against_the_credssp_refusal() {
        try (Diagnosis d = Diagnosis.start(rules, Fixtures.started("0x3", null))) {
            DiagnosisState state = d.apply(new Event.Answered("error-timing", "after-credentials"));

            DiagnosisState.RankedCause credssp =
                    state.ranking().stream()
                            .filter(c -> c.causeId().equals("credssp-oracle-mismatch"))
                            .findFirst()
                            .orElseThrow();
            assertThat(credssp.score()).isLessThanOrEqualTo(credssp.prior());
            assertThat(credssp.explanation())
                    .extracting(DiagnosisState.Reason::rule)
                    .contains("The server ended the session, which is no CredSSP refusal");
            assertThat(state.leadingCause()).isNotEqualTo("credssp-oracle-mismatch");
        }
    }

    /**
     * On a macOS client an update of the client is no CredSSP patch (a Windows update), so "only
     * the client was updated" moves no CredSSP fix ahead of the others there.
     */
    @Test
    void an_update_of_a_non_windows_client_moves_no_credssp_fix_up() {
        try (Diagnosis d = Diagnosis.start(rules, Fixtures.started("0x904", "0x7"))) {
            d.apply(new Event.Answered("client-platform", "macos-client"));
            d.apply(new Event.Answered("error-message", "credssp-oracle"));
            DiagnosisState state = d.apply(new Event.Answered("recent-updates", "client-only"));

            assertThat(state.leadingCause()).isEqualTo("credssp-oracle-mismatch");
            assertThat(state.fixes())
                    .flatExtracting(DiagnosisState.FixView::tryFirst)
                    .extracting(DiagnosisState.Reason::rule)
                    .noneMatch(rule -> rule.startsWith("Only the client was updated"));
        }
    }

    /**
     * Diagnosed from the dialog's message alone, the CredSSP mismatch first offers the client's
     * platform: a Windows 10 or 11 client has the CredSSP fix, so R15's table puts the client-side
     * workaround before Mitigated on the host, which helps only unpatched clients.
     */
    @Test
    void a_patched_windows_client_puts_the_client_side_credssp_workaround_before_the_host_side() {
        try (Diagnosis d = Diagnosis.start(rules, Fixtures.started("0x904", "0x7"))) {
            DiagnosisState diagnosed =
                    d.apply(new Event.Answered("error-message", "credssp-oracle"));
            DiagnosisState windows =
                    d.apply(new Event.Answered("client-platform", "windows-10-11"));

            assertThat(diagnosed.fixQuestion().id()).isEqualTo("client-platform");
            assertThat(windows.leadingCause()).isEqualTo("credssp-oracle-mismatch");
            assertThat(windows.fixQuestion()).isNull();
            assertThat(windows.fixes())
                    .extracting(DiagnosisState.FixView::fixId)
                    .containsExactly(
                            "install-credssp-updates",
                            "allow-vulnerable-credssp-temporarily",
                            "relax-encryption-oracle-on-server");
        }
    }

    /**
     * R15's table: with only the client updated, Mitigated on the host cannot help, Vulnerable on
     * the patched client can. So after the updates the client's workaround comes before the host's
     * and says which answer moved it up; the updates, first already, say nothing.
     */
    @Test
    void only_the_client_updated_puts_the_client_side_credssp_workaround_before_the_host_side() {
        try (Diagnosis d = Diagnosis.start(rules, Fixtures.started("0x904", "0x7"))) {
            DiagnosisState listed = d.apply(new Event.Answered("error-message", "credssp-oracle"));
            DiagnosisState clientOnly =
                    d.apply(new Event.Answered("recent-updates", "client-only"));

            assertThat(listed.fixes())
                    .extracting(DiagnosisState.FixView::fixId)
                    .containsExactly(
                            "install-credssp-updates",
                            "relax-encryption-oracle-on-server",
                            "allow-vulnerable-credssp-temporarily");
            assertThat(clientOnly.leadingCause()).isEqualTo("credssp-oracle-mismatch");
            assertThat(clientOnly.fixes())
                    .extracting(DiagnosisState.FixView::fixId, f -> f.tryFirst().size())
                    .containsExactly(
                            tuple("install-credssp-updates", 0),
                            tuple("allow-vulnerable-credssp-temporarily", 1),
                            tuple("relax-encryption-oracle-on-server", 0));
            assertThat(clientOnly.fixes().get(1).tryFirst().get(0).facts())
                    .containsExactly(
                            "\"Were Windows updates installed shortly before the problem started?\""
                                    + " → Yes, on the client only");
        }
    }

    /**
     * Whatever each failure weighs alone, a cause none of whose fixes helped gives up the lead: in
     * every scenario, failing all the fixes of the cause it expects to lead hands the lead on.
     */
    @Test
    void a_cause_whose_every_fix_failed_leads_in_no_scenario() {
        assertThat(kb.scenarios())
                .allSatisfy(
                        scenario -> {
                            String leader = scenario.expect().leader();
                            try (Diagnosis d =
                                    Diagnosis.start(
                                            rules,
                                            Fixtures.started(
                                                    scenario.start().errorCode(),
                                                    scenario.start().extendedCode()))) {
                                scenario.evidence()
                                        .forEach(
                                                e ->
                                                        d.apply(
                                                                new Event.EvidenceAdded(
                                                                        e.kind(),
                                                                        e.value(),
                                                                        e.source(),
                                                                        null)));
                                scenario.answers()
                                        .forEach((q, o) -> d.apply(new Event.Answered(q, o)));
                                DiagnosisState state = d.state();
                                for (String fix : kb.cause(leader).orElseThrow().fixes()) {
                                    state = d.apply(new Event.FixTried(fix, false));
                                }

                                assertThat(state.leadingCause())
                                        .as(scenario.id() + ": every fix of " + leader + " failed")
                                        .isNotEqualTo(leader);
                            }
                        });
    }

    @Test
    void the_state_says_when_its_ranking_rests_on_priors_or_on_the_codes_alone() {
        try (Diagnosis notCovered = Diagnosis.start(rules, Fixtures.started("0x1", null));
                Diagnosis d = Diagnosis.start(rules, Fixtures.started("0x904", "0x7"))) {
            assertThat(notCovered.state().basis()).isEqualTo(DiagnosisState.Basis.PRIORS);
            assertThat(notCovered.state().basisNote()).startsWith("No rule of the knowledge");

            assertThat(d.state().basis()).isEqualTo(DiagnosisState.Basis.CODES);
            assertThat(d.state().basisNote()).isNull();
            DiagnosisState unknown = d.apply(new Event.Answered("error-timing", "unknown"));
            assertThat(unknown.basis()).isEqualTo(DiagnosisState.Basis.CODES);
            assertThat(unknown.basisNote()).startsWith("Only the error codes point at a cause");
            DiagnosisState answered =
                    d.apply(new Event.Answered("error-message", "credssp-oracle"));
            assertThat(answered.basis()).isEqualTo(DiagnosisState.Basis.ANSWERS);
            assertThat(answered.basisNote()).isNull();
            d.apply(new Event.Withdrawn("error-message"));
            DiagnosisState none = d.apply(new Event.Withdrawn("error-timing"));
            assertThat(none.basis()).isEqualTo(DiagnosisState.Basis.CODES);
            assertThat(none.basisNote()).as("no answer stands").isNull();
        }
        try (Diagnosis failedConnect = Diagnosis.start(rules, Fixtures.started("0x204", null))) {
            DiagnosisState start = failedConnect.state();
            assertThat(start.answers()).as("the code answers the TCP test").isNotEmpty();
            assertThat(start.basisNote()).as("the user has answered nothing").isNull();
        }
    }

    @Test
    void a_leader_nothing_speaks_for_after_its_rivals_fixes_failed_is_only_the_most_common() {
        try (Diagnosis d = Diagnosis.start(rules, Fixtures.started("0x00020014", null))) {
            String refused = d.state().leadingCause();
            assertThat(refused).isEqualTo("account-or-password-refused");
            for (String fix : kb.cause(refused).orElseThrow().fixes()) {
                d.apply(new Event.FixTried(fix, false));
            }
            DiagnosisState asking = d.state();
            assertThat(asking.leadingCause()).isNotEqualTo(refused);
            assertThat(asking.ranking().get(0).explanation())
                    .as("no rule speaks for the new leader")
                    .allMatch(r -> r.value() <= 0);
            assertThat(asking.basis()).isEqualTo(DiagnosisState.Basis.PRIORS);
            assertThat(asking.basisNote()).as("still asking").isNull();

            askedAnsweringUnknown(d);
            DiagnosisState end = d.state();

            assertThat(end.status())
                    .as("a cause nothing speaks for is never diagnosed")
                    .isEqualTo(DiagnosisState.Status.EXHAUSTED);
            assertThat(end.basis()).isEqualTo(DiagnosisState.Basis.PRIORS);
            assertThat(end.basisNote())
                    .isEqualTo(
                            "Nothing answered, measured or tried, and not the codes either, speaks"
                                    + " for any cause: the closest is only the most common.");
        }
    }

    @Test
    void a_leader_only_the_codes_support_after_every_answer_was_i_dont_know_is_called_a_guess() {
        try (Diagnosis d = Diagnosis.start(rules, Fixtures.started("0x904", "0x7"))) {
            d.apply(new Event.Answered(d.state().nextQuestion().id(), Option.UNKNOWN));
            DiagnosisState asking = d.state();
            assertThat(asking.status()).isEqualTo(DiagnosisState.Status.ASKING);
            assertThat(asking.basisNote()).endsWith("so far: every answer was \"I don't know\".");

            askedAnsweringUnknown(d);
            DiagnosisState end = d.state();

            assertThat(end.status()).isNotEqualTo(DiagnosisState.Status.ASKING);
            assertThat(end.basis()).isEqualTo(DiagnosisState.Basis.CODES);
            assertThat(end.basisNote())
                    .doesNotContain("so far")
                    .endsWith("every answer was \"I don't know\", so take it as a guess.");
        }
    }

    @Test
    void a_fix_that_worked_is_what_a_solved_session_rests_on() {
        try (Diagnosis d = Diagnosis.start(rules, Fixtures.started("0x904", "0x7"))) {
            String outsider = "third-party-security-software";
            String fix = kb.cause(outsider).orElseThrow().fixes().get(0);

            DiagnosisState solved = d.apply(new Event.FixTried(fix, true));

            assertThat(solved.status()).isEqualTo(DiagnosisState.Status.SOLVED);
            assertThat(solved.confirmedCause()).isEqualTo(outsider);
            assertThat(solved.basis()).isEqualTo(DiagnosisState.Basis.ANSWERS);
            assertThat(solved.basisNote()).isNull();
        }
    }

    @Test
    void a_host_outside_the_cloud_may_still_sit_behind_a_perimeter_that_drops_the_outside() {
        try (Diagnosis d = Diagnosis.start(rules, Fixtures.started("0x204", null))) {
            d.apply(new Event.Answered("target-kind", "physical-pc"));
            d.apply(new Event.Answered("network-path", "public-ip-direct"));
            DiagnosisState state =
                    d.apply(new Event.Answered("other-clients-connect", "only-lan-works"));

            assertThat(state.leadingCause()).isEqualTo("cloud-security-group");
            assertThat(scores(state).get("cloud-security-group")).isGreaterThan(0.5);

            state = d.apply(new Event.Answered("network-path", "same-lan"));

            assertThat(scores(state).get("cloud-security-group"))
                    .as("no perimeter between a client and a host on one network")
                    .isLessThan(Ranking.RULED_OUT_SCORE);
        }
    }

    @Test
    void a_session_rebuilt_from_its_events_lists_its_reasons_as_the_live_one_does() {
        List<Event> events =
                List.of(
                        Fixtures.started("0x904", "0x7"),
                        new Event.EvidenceAdded("event-id", "1057", "ticket", "Event 1057"),
                        new Event.FixTried("reset-machinekeys-permissions", false),
                        new Event.EvidenceAdded("tcp-connect", "refused", "probe", "RST"),
                        new Event.FixTried("restore-certificate-prerequisites", false),
                        new Event.EvidenceAdded("tcp-connect", "open", "probe", "SYN-ACK"));
        try (Diagnosis live = Diagnosis.start(rules, (Event.Started) events.get(0));
                Diagnosis rebuilt = Diagnosis.replay(rules, events)) {
            events.subList(1, events.size()).forEach(live::apply);

            assertThat(Json.mapper().writeValueAsString(rebuilt.state()))
                    .isEqualTo(Json.mapper().writeValueAsString(live.state()));
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void withdrawing_an_answer_restores_the_earlier_ranking() {
        try (Diagnosis d = Diagnosis.start(rules, Fixtures.started("0x904", "0x7"))) {
            List<DiagnosisState.RankedCause> before = d.state().ranking();
            d.apply(new Event.Answered("error-timing", "after-credentials"));

            DiagnosisState state = d.apply(new Event.Withdrawn("error-timing"));

            assertThat(state.ranking()).isEqualTo(before);
        }
    }

    @Test
    void a_failed_fix_weakens_every_cause_it_belongs_to() {
        try (Diagnosis d = Diagnosis.start(rules, Fixtures.started("0x904", "0x7"))) {
            Map<String, Double> before = scores(d.state());
            String fix = kb.cause("credssp-oracle-mismatch").orElseThrow().fixes().get(0);

            Map<String, Double> after = scores(d.apply(new Event.FixTried(fix, false)));

            kb.causes().stream()
                    .filter(c -> c.fixes().contains(fix))
                    .forEach(
                            c ->
                                    assertThat(after.get(c.id()))
                                            .as(c.id())
                                            .isLessThan(before.get(c.id())));
        }
    }

    @Test
    void a_diagnosis_whose_leader_only_the_codes_support_says_so_even_after_answers() {
        try (Diagnosis d = Diagnosis.start(rules, Fixtures.started("0x904", "0x7"))) {
            DiagnosisState answered = d.apply(new Event.Answered("error-message", "only-codes"));
            assertThat(answered.status()).isEqualTo(DiagnosisState.Status.ASKING);
            assertThat(answered.basis()).isEqualTo(DiagnosisState.Basis.CODES);
            assertThat(answered.basisNote()).as("still asking").isNull();

            askedAnsweringUnknown(d);
            DiagnosisState end = d.state();

            assertThat(end.status()).isEqualTo(DiagnosisState.Status.DIAGNOSED);
            assertThat(end.ranking().get(0).explanation())
                    .extracting(DiagnosisState.Reason::facts)
                    .allSatisfy(facts -> assertThat(facts).allMatch(f -> f.contains("0x")));
            assertThat(end.basis()).isEqualTo(DiagnosisState.Basis.CODES);
            assertThat(end.basisNote())
                    .startsWith("Only the error codes point at the leading cause")
                    .contains("take it as a guess");
        }
    }

    @Test
    void a_protocol_error_message_lowers_only_a_blocked_port_and_counts_nothing_against_credssp() {
        try (Diagnosis d = Diagnosis.start(rules, Fixtures.started("0x904", "0x7"))) {
            Map<String, Double> before = scores(d.state());

            Map<String, Double> after =
                    scores(d.apply(new Event.Answered("error-message", "protocol-error")));

            assertThat(lowered(before, after))
                    .containsExactlyInAnyOrder(
                            "windows-firewall-blocks-rdp", "cloud-security-group", "rdp-disabled");
            assertThat(raised(before, after)).isEmpty();
            assertThat(after.get("credssp-oracle-mismatch"))
                    .isEqualTo(before.get("credssp-oracle-mismatch"));
        }
    }

    @Test
    void a_pasted_protocol_error_dialog_answers_the_message_question() {
        try (Diagnosis d = Diagnosis.start(rules, Fixtures.started("0x904", "0x7"))) {
            ticket(
                    d,
                    "Because of a protocol error, this session will be disconnected. Please try"
                            + " connecting to the remote computer again.");

            List<String> asked = askedAnsweringUnknown(d);

            assertThat(d.state().answers())
                    .extracting(
                            DiagnosisState.AnswerView::questionId,
                            DiagnosisState.AnswerView::optionId,
                            DiagnosisState.AnswerView::source)
                    .contains(tuple("error-message", "protocol-error", "ticket"));
            assertThat(asked).doesNotContain("error-message");
        }
    }

    @Test
    void a_host_that_stays_silent_may_be_another_program_while_one_that_closes_is_the_listener() {
        try (Diagnosis silent = Diagnosis.start(rules, Fixtures.started("0x904", "0x7"));
                Diagnosis closing = Diagnosis.start(rules, Fixtures.started("0x904", "0x7"))) {
            Map<String, Double> before = scores(silent.state());

            Map<String, Double> afterSilence =
                    scores(probe(silent, "rdp-negotiation", "no-answer"));
            Map<String, Double> afterClose = scores(probe(closing, "rdp-negotiation", "closed"));

            assertThat(raised(before, afterSilence))
                    .containsExactlyInAnyOrder("listener-broken", "port-conflict-or-changed");
            assertThat(raised(before, afterClose)).containsExactly("listener-broken");
        }
    }

    /** Answers "I don't know" to every question the session asks; returns them in order. */
    /** A scenario from 0x904 / 0x7 with these answers; what it expects does not matter here. */
    private static Scenario shipped(String id) {
        return kb.scenarios().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
    }

    private static Scenario scenario(Map<String, String> answers) {
        return new Scenario(
                "test/answers",
                "test/answers.yaml",
                "answers",
                List.of(),
                new Scenario.Start("0x904", "0x7"),
                List.of(),
                answers,
                List.of(),
                new Scenario.Expect(kb.causes().get(0).id(), List.of(), null, null, null));
    }

    private static List<String> askedAnsweringUnknown(Diagnosis d) {
        List<String> asked = new ArrayList<>();
        DiagnosisState state = d.state();
        while (state.status() == DiagnosisState.Status.ASKING && asked.size() < 30) {
            asked.add(state.nextQuestion().id());
            state = d.apply(new Event.Answered(state.nextQuestion().id(), "unknown"));
        }
        return asked;
    }

    private static DiagnosisState probe(Diagnosis d, String kind, String value) {
        return d.apply(new Event.EvidenceAdded(kind, value, "probe", "measured"));
    }

    private static DiagnosisState ticketSaysInternalError(Diagnosis d) {
        return d.apply(
                new Event.EvidenceAdded(
                        "message", "internal-error", "ticket", "An internal error has occurred"));
    }

    private static String schannelAlert(int alert) {
        return "Schannel Event ID 36888: A fatal alert was generated and sent to the remote"
                + " endpoint. This may result in termination of the connection. The TLS protocol"
                + " defined fatal error code is "
                + alert
                + ". The Windows SChannel error state is 552.";
    }

    private static DiagnosisState ticket(Diagnosis d, String text) {
        DiagnosisState state = d.state();
        for (Event.EvidenceAdded evidence : TicketReader.read(kb, text).evidence()) {
            state = d.apply(evidence);
        }
        return state;
    }

    private static DiagnosisState event(Diagnosis d, String id) {
        return d.apply(new Event.EvidenceAdded("event-id", id, "ticket", "Event ID " + id));
    }

    private static List<String> lowered(Map<String, Double> before, Map<String, Double> after) {
        return after.keySet().stream().filter(c -> after.get(c) < before.get(c)).toList();
    }

    private static List<String> raised(Map<String, Double> before, Map<String, Double> after) {
        return after.keySet().stream().filter(c -> after.get(c) > before.get(c)).toList();
    }

    private static List<String> rulesFor(DiagnosisState state, String causeId) {
        return state.ranking().stream()
                .filter(c -> c.causeId().equals(causeId))
                .flatMap(c -> c.explanation().stream())
                .map(DiagnosisState.Reason::rule)
                .toList();
    }

    private static Map<String, Double> scores(DiagnosisState state) {
        return state.ranking().stream()
                .collect(
                        Collectors.toMap(
                                DiagnosisState.RankedCause::causeId,
                                DiagnosisState.RankedCause::score,
                                (a, b) -> a,
                                java.util.LinkedHashMap::new));
    }
}
