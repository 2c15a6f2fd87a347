package org.rdpdoctor.probe;

import static org.rdpdoctor.probe.ProbeResult.evidence;

import java.util.List;
import org.rdpdoctor.probe.ProbeResult.Status;

/** Name resolution of the RDP host: resolves (all addresses, time taken), fails, or an IP. */
final class DnsProbe implements Probe {
    static final String KIND = "dns";

    @Override
    public String name() {
        return "dns";
    }

    @Override
    public ProbeResult run(ProbeRun run) {
        String host = run.target().host();
        Resolution resolution = run.resolve(host);
        List<String> raw =
                List.of(
                        "lookup of " + host + ": " + Elapsed.text(resolution.nanos()),
                        resolution.resolves()
                                ? "addresses: " + String.join(", ", resolution.addressTexts())
                                : "failure: " + resolution.failure());
        if (resolution.literal()) {
            String seen = host + " given directly; no lookup";
            return ProbeResult.of(
                    name(),
                    Status.OK,
                    host + " is an IP address: no name lookup is involved.",
                    raw,
                    List.of(evidence(KIND, "ip-literal", seen)));
        }
        if (!resolution.resolves()) {
            String seen = host + " does not resolve (" + resolution.failure() + ")";
            return ProbeResult.of(
                    name(),
                    Status.FAILURE,
                    host
                            + " does not resolve on the machine running the probe after "
                            + Elapsed.text(resolution.nanos())
                            + ": a client that uses the same DNS cannot find the host (it reports"
                            + " a lookup error); one that connects by this name gets its address"
                            + " elsewhere (another DNS view, a hosts file).",
                    raw,
                    List.of(evidence(KIND, "fails", seen)));
        }
        String addresses = String.join(", ", resolution.addressTexts());
        return ProbeResult.of(
                name(),
                Status.OK,
                host
                        + " resolves to "
                        + addresses
                        + " in "
                        + Elapsed.text(resolution.nanos())
                        + "; check that this is the host's current address.",
                raw,
                List.of(
                        evidence(
                                KIND,
                                "resolves",
                                host
                                        + " resolves to "
                                        + addresses
                                        + " in "
                                        + Elapsed.text(resolution.nanos()))));
    }
}
