package org.rdpdoctor.probe;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/**
 * The findings on a server certificate: validity dates against now, the name used to connect
 * against its subject alternative names (or its CN when it has no DNS names), and whether it signed
 * itself.
 *
 * @param nameUsed the host name or IP address the probe connected to
 * @param findings most important first; empty when the certificate is valid
 */
record CertificateCheck(
        X509Certificate certificate, String nameUsed, List<CertificateFinding> findings) {
    /** A certificate that ends within this is {@code expiring-soon}. */
    static final Duration EXPIRING_SOON = Duration.ofDays(30);

    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;

    CertificateCheck {
        Objects.requireNonNull(certificate, "certificate");
        findings = List.copyOf(findings);
    }

    static CertificateCheck of(X509Certificate certificate, String nameUsed, Instant now) {
        EnumSet<CertificateFinding> found = EnumSet.noneOf(CertificateFinding.class);
        Instant notBefore = certificate.getNotBefore().toInstant();
        Instant notAfter = certificate.getNotAfter().toInstant();
        boolean selfSigned = isSelfSigned(certificate);
        if (now.isAfter(notAfter)) {
            found.add(
                    selfSigned ? CertificateFinding.EXPIRED : CertificateFinding.EXPIRED_CA_ISSUED);
        } else if (now.isBefore(notBefore)) {
            found.add(CertificateFinding.NOT_YET_VALID);
        } else if (now.plus(EXPIRING_SOON).isAfter(notAfter)) {
            found.add(CertificateFinding.EXPIRING_SOON);
        }
        if (!matches(certificate, nameUsed)) {
            found.add(CertificateFinding.NAME_MISMATCH);
        }
        if (selfSigned) {
            found.add(CertificateFinding.SELF_SIGNED);
        }
        return new CertificateCheck(certificate, nameUsed, new ArrayList<>(found));
    }

    /** The value of the {@code tls-certificate} evidence: the first finding, or {@code valid}. */
    String evidenceValue() {
        return findings.isEmpty() ? "valid" : findings.get(0).evidenceValue();
    }

    /**
     * {@code certificate CN=rds01 expired 2024-03-01; also self-signed; issuer CN=rds01; valid
     * 2023-03-01 to 2024-03-01; names rds01}.
     */
    String describe() {
        String also =
                findings.stream()
                        .skip(1)
                        .map(CertificateFinding::text)
                        .collect(Collectors.joining(", "));
        List<String> names = names(certificate);
        return lead()
                + (also.isEmpty() ? "" : "; also " + also)
                + "; issuer "
                + issuer()
                + "; valid "
                + day(notBefore())
                + " to "
                + day(notAfter())
                + (names.isEmpty()
                        ? "; no names (no DNS or IP subject alternative name and no CN)"
                        : "; names " + String.join(", ", names));
    }

    /** The first finding in words: {@code certificate CN=rds01 expired 2024-03-01}. */
    String lead() {
        String named = named();
        return findings.isEmpty()
                ? named + " is valid until " + day(notAfter())
                : switch (findings.get(0)) {
                    case EXPIRED, EXPIRED_CA_ISSUED -> named + " expired " + day(notAfter());
                    case NOT_YET_VALID -> named + " is not valid before " + day(notBefore());
                    case NAME_MISMATCH -> named + " does not name " + nameUsed;
                    case EXPIRING_SOON -> named + " expires " + day(notAfter());
                    case SELF_SIGNED -> named + " is self-signed";
                };
    }

    /** True when the findings make clients refuse or warn before any session. */
    boolean isOutsideValidity() {
        return findings.contains(CertificateFinding.EXPIRED)
                || findings.contains(CertificateFinding.EXPIRED_CA_ISSUED)
                || findings.contains(CertificateFinding.NOT_YET_VALID);
    }

    /**
     * {@code certificate CN=rds01}, or {@code certificate with an empty subject (issuer CN=corp
     * CA)}: such a certificate is named by its issuer.
     */
    private String named() {
        String subject = certificate.getSubjectX500Principal().getName(X500Principal.RFC2253);
        if (!subject.isEmpty()) {
            return "certificate " + subject;
        }
        String issuer = issuer();
        return issuer.isEmpty()
                ? "certificate with an empty subject and issuer"
                : "certificate with an empty subject (issuer " + issuer + ")";
    }

    private String issuer() {
        return certificate.getIssuerX500Principal().getName(X500Principal.RFC2253);
    }

    private Instant notBefore() {
        return certificate.getNotBefore().toInstant();
    }

    private Instant notAfter() {
        return certificate.getNotAfter().toInstant();
    }

    private static LocalDate day(Instant instant) {
        return instant.atZone(ZoneOffset.UTC).toLocalDate();
    }

    /** The DNS names and IP addresses of the certificate, or its CN when it has none. */
    static List<String> names(X509Certificate certificate) {
        List<String> names = new ArrayList<>(san(certificate, SAN_DNS));
        for (String ip : san(certificate, SAN_IP)) {
            InetAddress address = literal(ip);
            names.add(address == null ? ip : IpAddressText.of(address));
        }
        return names.isEmpty() ? commonNames(certificate) : names;
    }

    static boolean matches(X509Certificate certificate, String host) {
        if (new Endpoint(host, 1).isIpLiteral()) {
            InetAddress target = literal(host);
            return target != null
                            && san(certificate, SAN_IP).stream()
                                    .anyMatch(ip -> target.equals(literal(ip)))
                    || commonNames(certificate).contains(host);
        }
        List<String> dns = san(certificate, SAN_DNS);
        List<String> patterns = dns.isEmpty() ? commonNames(certificate) : dns;
        String name = normalize(host);
        return patterns.stream()
                .map(CertificateCheck::normalize)
                .anyMatch(p -> nameMatches(p, name));
    }

    static boolean isSelfSigned(X509Certificate certificate) {
        if (!certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
            return false;
        }
        try {
            certificate.verify(certificate.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            // Same name as its issuer, but another key signed it.
            return false;
        }
    }

    private static List<String> san(X509Certificate certificate, int type) {
        try {
            Collection<List<?>> entries = certificate.getSubjectAlternativeNames();
            if (entries == null) {
                return List.of();
            }
            return entries.stream()
                    .filter(e -> e.size() == 2 && Integer.valueOf(type).equals(e.get(0)))
                    .map(e -> String.valueOf(e.get(1)))
                    .toList();
        } catch (CertificateParsingException e) {
            return List.of();
        }
    }

    private static List<String> commonNames(X509Certificate certificate) {
        try {
            LdapName name =
                    new LdapName(
                            certificate.getSubjectX500Principal().getName(X500Principal.RFC2253));
            return name.getRdns().stream()
                    .filter(r -> r.getType().equalsIgnoreCase("CN"))
                    .map(Rdn::getValue)
                    .map(CertificateCheck::rdnText)
                    .toList();
        } catch (InvalidNameException e) {
            return List.of();
        }
    }

    /**
     * An attribute value as text. A value in a string type LDAP names do not read as text (a
     * UniversalString, say) comes as its DER bytes, written {@code #1c24...} as RFC 2253 writes it.
     */
    static String rdnText(Object value) {
        return value instanceof byte[] der ? "#" + HexFormat.of().formatHex(der) : value.toString();
    }

    private static InetAddress literal(String address) {
        try {
            // Only ever called with IP literals, which InetAddress parses without a lookup.
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** Exact, or a wildcard {@code *.example.com} standing for exactly one leftmost label. */
    private static boolean nameMatches(String pattern, String name) {
        if (pattern.startsWith("*.")) {
            int dot = name.indexOf('.');
            return dot > 0 && name.substring(dot).equals(pattern.substring(1));
        }
        return pattern.equals(name);
    }

    private static String normalize(String name) {
        return Endpoint.withoutTrailingDot(name.toLowerCase(Locale.ROOT));
    }
}
