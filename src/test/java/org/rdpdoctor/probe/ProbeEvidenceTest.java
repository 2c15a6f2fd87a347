package org.rdpdoctor.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.rdpdoctor.kb.KbLoader;
import org.rdpdoctor.kb.KnowledgeBase;

/** Every evidence value the probes can produce is one that kb/evidence.yaml accepts. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ProbeEvidenceTest {

    @Test
    void every_value_the_probes_produce_is_in_the_knowledge_base() {
        KnowledgeBase kb = KbLoader.load(Path.of("kb"));
        List<Map.Entry<String, String>> produced = new ArrayList<>();
        for (String value : List.of("resolves", "fails", "ip-literal")) {
            produced.add(Map.entry(DnsProbe.KIND, value));
        }
        for (TcpState state : TcpState.values()) {
            state.evidenceValue().ifPresent(value -> produced.add(Map.entry("tcp-connect", value)));
        }
        for (Latency latency :
                List.of(
                        new Latency(List.of(1.0), 0),
                        new Latency(List.of(200.0), 0),
                        new Latency(List.of(1.0), 1))) {
            produced.add(Map.entry("latency", latency.evidenceValue()));
        }
        List<NegotiationAnswer> answers = new ArrayList<>();
        for (int protocol : List.of(0x0, 0x1, 0x2, 0x8)) {
            answers.add(new NegotiationAnswer.Selected(protocol, 0));
        }
        for (int code = 1; code <= 6; code++) {
            answers.add(new NegotiationAnswer.Failed(code));
        }
        answers.add(new NegotiationAnswer.NoNegotiation());
        answers.add(new NegotiationAnswer.Closed());
        answers.add(new NegotiationAnswer.NoAnswer(0));
        answers.add(new NegotiationAnswer.Garbage("x"));
        for (NegotiationAnswer answer : answers) {
            produced.add(Map.entry("rdp-negotiation", answer.evidenceValue().orElseThrow()));
        }
        for (String value : List.of("required", "offered", "not-offered")) {
            produced.add(Map.entry("nla", value));
        }
        for (String value : List.of("ok", "failed", "protocol-version")) {
            produced.add(Map.entry("tls-handshake", value));
        }
        produced.add(Map.entry("tls-certificate", "valid"));
        for (CertificateFinding finding : CertificateFinding.values()) {
            produced.add(Map.entry("tls-certificate", finding.evidenceValue()));
        }

        assertThat(produced)
                .allSatisfy(
                        e ->
                                assertThat(
                                                kb.evidenceKind(e.getKey())
                                                        .flatMap(k -> k.value(e.getValue())))
                                        .as(e.getKey() + " = " + e.getValue())
                                        .isPresent());
    }
}
