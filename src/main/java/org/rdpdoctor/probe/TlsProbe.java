package org.rdpdoctor.probe;

import static org.rdpdoctor.probe.ProbeResult.evidence;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.rdpdoctor.engine.Event;
import org.rdpdoctor.probe.ProbeResult.Status;

/**
 * TLS after a Connection Confirm that selected TLS or CredSSP, on the same socket: the version, the
 * cipher and the certificate's findings (see {@link CertificateCheck}).
 */
final class TlsProbe implements Probe {

    @Override
    public String name() {
        return "tls";
    }

    @Override
    public ProbeResult run(ProbeRun run) throws InterruptedException {
        // Set TLS up while the negotiation runs, but after the latency samples it would disturb,
        // and only when the port is open.
        boolean open = run.tcpSamples().flatMap(TcpSamples::accepting).isPresent();
        TlsInspection inspection = open ? new TlsInspection() : null;
        TlsHandoff handoff = run.awaitHandoff();
        if (handoff.socket() == null || inspection == null) {
            return ProbeResult.skipped(name(), "No TLS: " + handoff.reason() + ".");
        }
        String host = run.target().host();
        TlsObservation tls =
                inspection.handshake(
                        handoff.socket(),
                        host,
                        run.target().port(),
                        run.timeoutMillis(ProbeRun.REPLY_TIMEOUT));
        Optional<CertificateCheck> check = check(tls, host, run);
        String after =
                "after %s (0x%x) was selected for request 0x%X"
                        .formatted(
                                X224.protocolName(handoff.selected()),
                                handoff.selected(),
                                handoff.requested());
        List<Event.EvidenceAdded> evidence = new ArrayList<>();
        if (!tls.unfinished() && !tls.isBeyondProbe()) {
            evidence.add(
                    evidence("tls-handshake", tls.evidenceValue(), tls.describe() + ", " + after));
        }
        check.ifPresent(
                c -> evidence.add(evidence("tls-certificate", c.evidenceValue(), c.describe())));
        List<String> raw = new ArrayList<>(tls.raw());
        check.ifPresent(c -> raw.add(c.describe()));
        return ProbeResult.of(name(), status(tls, check), verdict(tls, check), raw, evidence);
    }

    static Optional<CertificateCheck> check(TlsObservation tls, String host, ProbeRun run) {
        return tls.chain().isEmpty()
                ? Optional.empty()
                : Optional.of(CertificateCheck.of(tls.chain().get(0), host, run.now()));
    }

    private static Status status(TlsObservation tls, Optional<CertificateCheck> check) {
        if (tls.isBeyondProbe()) {
            return Status.WARNING;
        }
        if (!tls.isOk() || check.map(CertificateCheck::isOutsideValidity).orElse(false)) {
            return Status.FAILURE;
        }
        return check.map(c -> c.findings().isEmpty()).orElse(false)
                        && !tls.clientCertificateRequested()
                ? Status.OK
                : Status.WARNING;
    }

    private static String verdict(TlsObservation tls, Optional<CertificateCheck> check) {
        String handshake;
        if (tls.isOk()) {
            handshake = "The TLS handshake works (" + tls.protocol() + ", " + tls.cipher() + ")";
        } else if (tls.protocolVersion()) {
            handshake =
                    "The TLS handshake fails on the version: the server takes none of "
                            + String.join(", ", tls.offered())
                            + ", only an older TLS (1.1 or 1.0), which clients that turned those"
                            + " versions off refuse ("
                            + tls.failure()
                            + ")";
        } else if (tls.isBeyondProbe()) {
            handshake = "Not checked: " + tls.beyondProbeText();
        } else if (tls.unfinished()) {
            handshake =
                    "Not finished: "
                            + tls.failure()
                            + "; run the probe again with a longer deadline";
        } else {
            handshake = "The TLS handshake fails: " + tls.failureText();
        }
        return handshake
                + tls.clientCertificateNote()
                + check.map(c -> "; " + meaning(c)).orElse("")
                + ".";
    }

    /** What the certificate's first finding means for a client. */
    static String meaning(CertificateCheck check) {
        String subject = check.lead();
        if (check.findings().isEmpty()) {
            return subject;
        }
        return subject
                + switch (check.findings().get(0)) {
                    case EXPIRED -> ": clients warn or refuse, and its renewal failed";
                    case EXPIRED_CA_ISSUED ->
                            ": clients warn or refuse; a certificate authority issued it, so"
                                    + " Windows does not renew it: renew it and bind the new one";
                    case NOT_YET_VALID -> ": check the host's clock";
                    case NAME_MISMATCH -> ": clients warn that the name does not match";
                    case EXPIRING_SOON -> ": renew it soon";
                    case SELF_SIGNED -> ": clients warn unless they trust it (Windows' default)";
                };
    }
}
