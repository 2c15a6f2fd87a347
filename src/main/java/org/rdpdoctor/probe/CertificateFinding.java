package org.rdpdoctor.probe;

/**
 * What can be wrong with a server certificate, most important first: the {@code tls-certificate}
 * evidence holds one value, so the first finding that applies is the one reported, and the detail
 * lists the rest.
 *
 * <p>Expired and not-yet-valid certificates make clients reject or warn, and point at a failed
 * renewal or a wrong clock. A name mismatch makes the client warn on every connection. A
 * certificate that expires soon still works. Self-signed is the Windows default for RDP, so it says
 * the least.
 */
enum CertificateFinding {
    EXPIRED("expired", "expired"),
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
