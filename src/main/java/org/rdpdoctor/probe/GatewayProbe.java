package org.rdpdoctor.probe;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.rdpdoctor.probe.ProbeResult.Status;

/**
 * HTTPS reachability of the RD Gateway the user named: TCP to its port (443), the TLS handshake and
 * the certificate checks. The knowledge base has no evidence kind for a gateway yet, so the result
 * is for the report only.
 */
final class GatewayProbe implements Probe {

    @Override
    public String name() {
        return "gateway";
    }

    @Override
    public boolean appliesTo(ProbeTarget target) {
        return target.hasGateway();
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
                    List.of());
        }
        TcpOutcome connect = run.connect(new InetSocketAddress(resolution.first(), gateway.port()));
        raw.add("connect to " + connect.where() + ": " + connect.describe());
        if (!connect.isOpen()) {
            return ProbeResult.of(
                    name(),
                    Status.FAILURE,
                    connect.state() == TcpState.UNFINISHED
                            ? "Not finished: the run's deadline ended the connect to the RD Gateway "
                                    + gateway
                                    + " ("
                                    + connect.describe()
                                    + "); run the probe again with a longer deadline."
                            : "The RD Gateway "
                                    + gateway
                                    + " cannot be reached: "
                                    + connect.describe()
                                    + ".",
                    raw,
                    List.of());
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
        return ProbeResult.of(
                name(),
                status(tls, check),
                verdict
                        + tls.clientCertificateNote()
                        + check.map(c -> "; " + TlsProbe.meaning(c)).orElse("")
                        + ".",
                raw,
                List.of());
    }

    /** Clients refuse a gateway whose certificate is out of date or for another name. */
    private static Status status(TlsObservation tls, Optional<CertificateCheck> check) {
        if (!tls.isOk()) {
            return Status.FAILURE;
        }
        if (check.isEmpty() || check.get().findings().isEmpty()) {
            return tls.clientCertificateRequested() ? Status.WARNING : Status.OK;
        }
        return check.get().isOutsideValidity()
                        || check.get().findings().contains(CertificateFinding.NAME_MISMATCH)
                ? Status.FAILURE
                : Status.WARNING;
    }
}
