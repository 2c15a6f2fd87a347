package org.rdpdoctor.probe;

import static org.rdpdoctor.probe.ProbeResult.evidence;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.rdpdoctor.probe.ProbeResult.Status;

/**
 * HTTPS reachability of the RD Gateway the user named: TCP to its port (443), the TLS handshake and
 * the certificate checks, as {@code rd-gateway} evidence. A check the deadline cut short gives
 * none.
 */
final class GatewayProbe implements Probe {
    static final String KIND = "rd-gateway";

    @Override
    public String name() {
        return "gateway";
    }

    @Override
    public boolean appliesTo(ProbeTarget target) {
        return target.hasGateway();
    }

    @Override
    public Endpoint endpoint(ProbeTarget target) {
        return target.gateway();
    }

    @Override
    public ProbeResult run(ProbeRun run) {
        Endpoint gateway = run.target().gateway();
        TlsInspection inspection = new TlsInspection();
        Resolution resolution = run.resolve(gateway.host());
        List<String> raw = new ArrayList<>();
        raw.add(
                "lookup of "
                        + gateway.host()
                        + ": "
                        + (resolution.resolves()
                                ? String.join(", ", resolution.addressTexts())
                                : resolution.failure()));
        if (!resolution.resolves()) {
            return ProbeResult.of(
                    name(),
                    Status.FAILURE,
                    "The RD Gateway " + gateway.host() + " does not resolve.",
                    raw,
                    List.of(
                            evidence(
                                    KIND,
                                    "does-not-resolve",
                                    gateway.host()
                                            + " does not resolve ("
                                            + resolution.failure()
                                            + ")")));
        }
        List<TcpOutcome> tried = run.connectInTurn(resolution, gateway.port());
        for (int i = 0; i < tried.size(); i++) {
            raw.add(
                    "connect to "
                            + tried.get(i).where()
                            + (i == 0 ? "" : " (another address of the name)")
                            + ": "
                            + tried.get(i).describe());
        }
        TcpOutcome first = tried.get(0);
        TcpOutcome connect = tried.get(tried.size() - 1);
        boolean otherAddress = connect != first;
        if (!connect.isOpen()) {
            // What a client meets first counts: the first address's answer.
            boolean unfinished = first.state() == TcpState.UNFINISHED;
            String others =
                    tried.subList(1, tried.size()).stream()
                            .map(o -> o.where() + " " + o.describe())
                            .collect(Collectors.joining(", "));
            return ProbeResult.of(
                    name(),
                    Status.FAILURE,
                    unfinished
                            ? "Not finished: the run's deadline ended the connect to the RD Gateway "
                                    + gateway
                                    + " ("
                                    + first.describe()
                                    + "); run the probe again with a longer deadline."
                            : "The RD Gateway "
                                    + gateway
                                    + " cannot be reached: "
                                    + first.describe()
                                    + (others.isEmpty()
                                            ? ""
                                            : "; its name's other addresses do not accept either ("
                                                    + others
                                                    + ")")
                                    + ".",
                    raw,
                    unfinished
                            ? List.of()
                            : List.of(
                                    evidence(
                                            KIND,
                                            "unreachable",
                                            "connect to "
                                                    + first.where()
                                                    + ": "
                                                    + first.describe())));
        }
        TlsObservation tls =
                inspection.handshake(
                        connect.socket(),
                        gateway.host(),
                        gateway.port(),
                        run.timeoutMillis(ProbeRun.REPLY_TIMEOUT));
        raw.addAll(tls.raw());
        Optional<CertificateCheck> check = TlsProbe.check(tls, gateway.host(), run);
        check.ifPresent(c -> raw.add(c.describe()));
        String verdict;
        if (tls.isOk()) {
            verdict = "The RD Gateway " + gateway + " answers HTTPS (" + tls.protocol() + ")";
        } else if (tls.isBeyondProbe()) {
            verdict =
                    "The RD Gateway "
                            + gateway
                            + " accepts TCP; not checked: "
                            + tls.beyondProbeText();
        } else if (tls.unfinished()) {
            verdict =
                    "The RD Gateway "
                            + gateway
                            + " accepts TCP; not finished: "
                            + tls.failure()
                            + "; run the probe again with a longer deadline";
        } else {
            verdict =
                    "The RD Gateway "
                            + gateway
                            + " accepts TCP, but TLS fails: "
                            + tls.failureText();
        }
        if (otherAddress) {
            verdict =
                    first.where()
                            + ", the first address of the RD Gateway's name: "
                            + first.describe()
                            + "; a client that tries it first fails there or waits. "
                            + verdict
                            + " at "
                            + connect.where();
        }
        String shown =
                verdict
                        + tls.clientCertificateNote()
                        + check.map(c -> "; " + meaning(c)).orElse("")
                        + ".";
        return ProbeResult.of(
                name(),
                otherAddress && status(tls, check) == Status.OK
                        ? Status.WARNING
                        : status(tls, check),
                shown,
                raw,
                value(tls, check, otherAddress)
                        .map(v -> List.of(evidence(KIND, v, shown)))
                        .orElse(List.of()));
    }

    /**
     * What the gateway's answer says to the diagnosis: nothing when the deadline cut the handshake
     * short or it failed on the probe's own limit. A gateway that answers well only at another
     * address than its name's first says so ({@code other-address-answers}): clients that try the
     * first address fail there.
     */
    private static Optional<String> value(
            TlsObservation tls, Optional<CertificateCheck> check, boolean otherAddress) {
        if (tls.unfinished() || tls.isBeyondProbe()) {
            return Optional.empty();
        }
        if (!tls.isOk()) {
            return Optional.of("tls-fails");
        }
        if (check.isPresent() && isRejected(check.get())) {
            return Optional.of("certificate-rejected");
        }
        if (otherAddress) {
            return Optional.of("other-address-answers");
        }
        return Optional.of(
                check.isPresent() && check.get().findings().contains(CertificateFinding.SELF_SIGNED)
                        ? "certificate-self-signed"
                        : "answers");
    }

    /**
     * What the certificate's first finding means for a client that connects through the gateway:
     * where a Remote Desktop host's certificate gets a warning, a gateway's gets a refusal.
     */
    private static String meaning(CertificateCheck check) {
        return isRejected(check)
                ? check.lead()
                        + ": clients refuse to connect through a gateway whose certificate is out"
                        + " of date or for another name"
                : TlsProbe.meaning(check);
    }

    /** Clients refuse a certificate out of date or issued to another name. */
    private static boolean isRejected(CertificateCheck check) {
        return check.isOutsideValidity()
                || check.findings().contains(CertificateFinding.NAME_MISMATCH);
    }

    /** Clients refuse a gateway whose certificate is out of date or for another name. */
    private static Status status(TlsObservation tls, Optional<CertificateCheck> check) {
        if (tls.isBeyondProbe()) {
            return Status.WARNING;
        }
        if (!tls.isOk()) {
            return Status.FAILURE;
        }
        if (check.isEmpty() || check.get().findings().isEmpty()) {
            return tls.clientCertificateRequested() ? Status.WARNING : Status.OK;
        }
        return isRejected(check.get()) ? Status.FAILURE : Status.WARNING;
    }
}
