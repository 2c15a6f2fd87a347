package org.rdpdoctor.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rdpdoctor.probe.RdpNegotiationProbeTest.detail;
import static org.rdpdoctor.probe.RdpNegotiationProbeTest.values;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdpdoctor.probe.ProbeResult.Status;

/**
 * The probes against a real RDP server: xrdp 0.9 on loopback with each {@code security_layer}. xrdp
 * offers no CredSSP (NLA) at all; with {@code rdp} it answers every request, TLS ones too, by
 * selecting Standard RDP Security rather than refusing with SSL_NOT_ALLOWED_BY_SERVER.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class XrdpProbeIT {
    @TempDir Path dir;

    @BeforeAll
    static void xrdp_is_installed() {
        Xrdp.requireInstalled();
    }

    @Test
    void security_layer_rdp_selects_standard_rdp_security_for_every_request() throws Exception {
        try (Xrdp xrdp = Xrdp.start(dir, "rdp")) {
            ProbeReport report = probe(xrdp);

            assertThat(values(report))
                    .containsEntry("tcp-connect", "open")
                    .containsEntry("rdp-negotiation", "selected-rdp")
                    .containsEntry("nla", "not-offered")
                    .doesNotContainKeys("tls-handshake", "tls-certificate");
            assertThat(detail(report, "rdp-negotiation"))
                    .startsWith(
                            "selected RDP (0x0) for request 0xB; flags 0x01 (answers: every request"
                                    + " (0xB, 0x3, 0x1, 0x0) selected RDP (0x0))");
            assertThat(report.result("tls").orElseThrow().status()).isEqualTo(Status.SKIPPED);
        }
    }

    @Test
    void security_layer_tls_refuses_standard_rdp_security_and_selects_tls_even_for_credssp()
            throws Exception {
        try (Xrdp xrdp = Xrdp.start(dir, "tls")) {
            ProbeReport report = probe(xrdp);

            assertThat(values(report))
                    .containsEntry("rdp-negotiation", "selected-tls")
                    .containsEntry("nla", "not-offered")
                    .containsEntry("tls-handshake", "ok")
                    .containsKey("tls-certificate");
            assertThat(detail(report, "rdp-negotiation"))
                    .contains(
                            "(answers: 0xB, 0x3, 0x1 selected SSL (0x1); 0x0 failure"
                                    + " SSL_REQUIRED_BY_SERVER (0x1))");
            assertThat(report.result("rdp-negotiation").orElseThrow().verdict())
                    .isEqualTo(
                            "The server accepts TLS; it refuses RDP-only requests"
                                    + " (SSL_REQUIRED_BY_SERVER). NLA is not offered.");
            assertThat(detail(report, "tls-certificate")).contains("self-signed");
        }
    }

    @Test
    void security_layer_negotiate_accepts_standard_rdp_security_and_tls_without_nla()
            throws Exception {
        try (Xrdp xrdp = Xrdp.start(dir, "negotiate")) {
            ProbeReport report = probe(xrdp);

            assertThat(values(report))
                    .containsEntry("rdp-negotiation", "selected-tls")
                    .containsEntry("nla", "not-offered")
                    .containsEntry("tls-handshake", "ok");
            assertThat(detail(report, "rdp-negotiation")).contains("0x0 selected RDP (0x0)");
            assertThat(report.result("rdp-negotiation").orElseThrow().verdict())
                    .isEqualTo(
                            "The server accepts Standard RDP Security and TLS. NLA is not"
                                    + " offered.");
        }
    }

    private static ProbeReport probe(Xrdp xrdp) {
        ProbeReport report =
                new ProbeRunner()
                        .run(ProbeTarget.parse(xrdp.address(), null), Duration.ofSeconds(10));
        assertThat(values(report)).as(xrdp::console).containsEntry("tcp-connect", "open");
        return report;
    }
}
