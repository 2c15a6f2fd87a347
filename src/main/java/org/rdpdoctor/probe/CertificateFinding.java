package org.rdpdoctor.probe;

/**
 * What can be wrong with a server certificate, most important first: the {@code tls-certificate}
 * evidence holds one value, so the first finding that applies is the one reported, and the detail
 * lists the rest.
 *
 * <p>Expired and not-yet-valid certificates make clients reject or warn, and point at a failed
 * renewal or a wrong clock. Windows renews only its own self-signed certificate, so an expired one
 * that a certificate authority issued is a finding of its own: someone has to renew it and bind the
 * new one to the listener. A name mismatch makes the client warn on every connection. A certificate
 * that expires soon still works. Self-signed is the Windows default for RDP, so it says the least.
 */
enum CertificateFinding {
    EXPIRED("expired", "expired"),
    EXPIRED_CA_ISSUED("expired-ca-issued", "expired"),
    NOT_YET_VALID("not-yet-valid", "not yet valid"),
    NAME_MISMATCH("name-mismatch", "name mismatch"),
    EXPIRING_SOON("expiring-soon", "expiring soon"),
    SELF_SIGNED("self-signed", "self-signed");

    private final String evidenceValue;
    private final String text;

    CertificateFinding(String evidenceValue, String text) {
        this.evidenceValue = evidenceValue;
        this.text = text;
    }

    String evidenceValue() {
        return evidenceValue;
    }

    String text() {
        return text;
    }
}
