package org.rdpdoctor.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rdpdoctor.probe.CertificateFinding.EXPIRED;
import static org.rdpdoctor.probe.CertificateFinding.EXPIRED_CA_ISSUED;
import static org.rdpdoctor.probe.CertificateFinding.EXPIRING_SOON;
import static org.rdpdoctor.probe.CertificateFinding.NAME_MISMATCH;
import static org.rdpdoctor.probe.CertificateFinding.NOT_YET_VALID;
import static org.rdpdoctor.probe.CertificateFinding.SELF_SIGNED;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.rdpdoctor.probe.TestCertificates.Kind;

/** Findings on certificates made by keytool, at chosen moments of their life. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class CertificateCheckTest {

    @Test
    void certificate_from_a_ca_for_the_name_used_is_valid() {
        X509Certificate certificate = TestCertificates.certificate(Kind.LOCALHOST_BY_CA);

        CertificateCheck check = CertificateCheck.of(certificate, "localhost", middle(certificate));

        assertThat(check.findings()).isEmpty();
        assertThat(check.evidenceValue()).isEqualTo("valid");
    }

    @Test
    void self_signed_certificate_matches_its_dns_name_in_any_case_and_its_ip_address() {
        X509Certificate certificate = TestCertificates.certificate(Kind.LOCALHOST_SELF_SIGNED);
        Instant now = middle(certificate);

        assertThat(CertificateCheck.of(certificate, "LocalHost.", now).findings())
                .containsExactly(SELF_SIGNED);
        assertThat(CertificateCheck.of(certificate, "127.0.0.1", now).findings())
                .containsExactly(SELF_SIGNED);
    }

    @Test
    void other_name_is_a_mismatch_ranked_before_self_signed() {
        X509Certificate certificate = TestCertificates.certificate(Kind.LOCALHOST_SELF_SIGNED);

        CertificateCheck check = CertificateCheck.of(certificate, "rds01", middle(certificate));

        assertThat(check.findings()).containsExactly(NAME_MISMATCH, SELF_SIGNED);
        assertThat(check.evidenceValue()).isEqualTo("name-mismatch");
        assertThat(check.describe())
                .startsWith("certificate CN=localhost does not name rds01; also self-signed;")
                .endsWith("; names localhost, 127.0.0.1");
    }

    @Test
    void a_certificate_without_names_says_it_has_none() {
        X509Certificate certificate = TestCertificates.certificate(Kind.NO_NAMES);

        CertificateCheck check = CertificateCheck.of(certificate, "rds01", middle(certificate));

        assertThat(check.findings()).containsExactly(NAME_MISMATCH, SELF_SIGNED);
        assertThat(check.describe())
                .startsWith("certificate O=rdp-doctor test does not name rds01;")
                .endsWith("; no names (no DNS or IP subject alternative name and no CN)");
    }

    @Test
    void wildcard_stands_for_exactly_one_label() {
        X509Certificate certificate = TestCertificates.certificate(Kind.OTHER_NAME);

        assertThat(CertificateCheck.matches(certificate, "rds01.corp.example")).isTrue();
        assertThat(CertificateCheck.matches(certificate, "a.rds01.corp.example")).isFalse();
        assertThat(CertificateCheck.matches(certificate, "corp.example")).isFalse();
    }

    @Test
    void an_ipv6_address_among_the_names_is_written_short_and_matches_however_written() {
        X509Certificate certificate = TestCertificates.certificate(Kind.OTHER_NAME);

        assertThat(CertificateCheck.names(certificate))
                .containsExactly("other.example", "*.corp.example", "2001:db8::5");
        assertThat(CertificateCheck.matches(certificate, "2001:db8:0:0:0:0:0:5")).isTrue();
    }

    @Test
    void after_its_end_a_certificate_is_expired_before_anything_else() {
        X509Certificate certificate = TestCertificates.certificate(Kind.LOCALHOST_SELF_SIGNED);
        Instant after = certificate.getNotAfter().toInstant().plus(Duration.ofDays(1));

        CertificateCheck check = CertificateCheck.of(certificate, "rds01", after);

        assertThat(check.findings()).containsExactly(EXPIRED, NAME_MISMATCH, SELF_SIGNED);
        assertThat(check.evidenceValue()).isEqualTo("expired");
        assertThat(check.isOutsideValidity()).isTrue();
    }

    @Test
    void an_expired_certificate_a_ca_issued_is_its_own_finding_and_no_failed_renewal_of_windows() {
        X509Certificate certificate = TestCertificates.certificate(Kind.LOCALHOST_BY_CA);
        Instant after = certificate.getNotAfter().toInstant().plus(Duration.ofDays(1));

        CertificateCheck check = CertificateCheck.of(certificate, "localhost", after);

        assertThat(check.findings()).containsExactly(EXPIRED_CA_ISSUED);
        assertThat(check.evidenceValue()).isEqualTo("expired-ca-issued");
        assertThat(check.isOutsideValidity()).isTrue();
        assertThat(TlsProbe.meaning(check))
                .startsWith("certificate CN=localhost expired ")
                .contains("Windows does not renew it")
                .doesNotContain("renewal failed");
    }

    @Test
    void before_its_start_a_certificate_is_not_yet_valid() {
        X509Certificate certificate = TestCertificates.certificate(Kind.LOCALHOST_BY_CA);
        Instant before = certificate.getNotBefore().toInstant().minus(Duration.ofDays(1));

        CertificateCheck check = CertificateCheck.of(certificate, "localhost", before);

        assertThat(check.findings()).containsExactly(NOT_YET_VALID);
        assertThat(check.lead()).startsWith("certificate CN=localhost is not valid before ");
    }

    @Test
    void within_30_days_of_its_end_a_certificate_is_expiring_soon() {
        X509Certificate certificate = TestCertificates.certificate(Kind.LOCALHOST_BY_CA);
        Instant soon = certificate.getNotAfter().toInstant().minus(Duration.ofDays(29));

        CertificateCheck check = CertificateCheck.of(certificate, "localhost", soon);

        assertThat(check.findings()).containsExactly(EXPIRING_SOON);
        assertThat(check.evidenceValue()).isEqualTo("expiring-soon");
    }

    @Test
    void certificate_that_expired_is_expired_today() {
        X509Certificate certificate = TestCertificates.certificate(Kind.EXPIRED_RDS01);

        CertificateCheck check = CertificateCheck.of(certificate, "rds01", Instant.now());

        assertThat(check.findings()).containsExactly(EXPIRED, SELF_SIGNED);
    }

    @Test
    void a_certificate_with_an_empty_subject_is_named_by_its_issuer() {
        X509Certificate certificate = emptySubjectCertificate();

        CertificateCheck check = CertificateCheck.of(certificate, "127.0.0.1", middle(certificate));

        assertThat(check.findings()).containsExactly(NAME_MISMATCH);
        assertThat(check.lead())
                .isEqualTo(
                        "certificate with an empty subject (issuer CN=rdp-doctor test CA) does not"
                                + " name 127.0.0.1");
    }

    @Test
    void a_name_in_a_string_type_ldap_does_not_read_as_text_is_shown_as_its_der_bytes() {
        byte[] universalString = {0x1c, 0x04, 0, 0, 0, 0x31};

        assertThat(CertificateCheck.rdnText(universalString)).isEqualTo("#1c0400000031");
        assertThat(CertificateCheck.rdnText("rds01")).isEqualTo("rds01");
    }

    /**
     * An empty subject, no extensions (so no subject alternative name), issuer CN=rdp-doctor test
     * CA: keytool cannot make one, and Java refuses to read one with extensions but no subject
     * alternative name.
     */
    private static X509Certificate emptySubjectCertificate() {
        String pem =
                """
                -----BEGIN CERTIFICATE-----
                MIIBCDCBsKADAgECAgEBMAoGCCqGSM49BAMCMB0xGzAZBgNVBAMMEnJkcC1kb2N0
                b3IgdGVzdCBDQTAeFw0yNTAxMDEwMDAwMDBaFw0yNjAxMDEwMDAwMDBaMAAwWTAT
                BgcqhkjOPQIBBggqhkjOPQMBBwNCAASJYNeWPhgWHoCJPUYJxmF2XRA8Y3WZePZ7
                eYVkU1hvdJSbxoCCbnqs3xLnbKnf2r0aWOyRoVNuG1yAzDAAj44fMAoGCCqGSM49
                BAMCA0cAMEQCIA/wSIcEBFuub7MZ6w5Y93yi7QY2DdvI+fmEHxjYnuz1AiBOwSQ3
                HwoIxH11vs5CqC3wJVxk3e/DzeonSBkher1dPA==
                -----END CERTIFICATE-----
                """;
        try {
            return (X509Certificate)
                    CertificateFactory.getInstance("X.509")
                            .generateCertificate(
                                    new ByteArrayInputStream(
                                            pem.getBytes(StandardCharsets.US_ASCII)));
        } catch (CertificateException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Instant middle(X509Certificate certificate) {
        Instant start = certificate.getNotBefore().toInstant();
        Instant end = certificate.getNotAfter().toInstant();
        return start.plus(Duration.between(start, end).dividedBy(2));
    }
}
