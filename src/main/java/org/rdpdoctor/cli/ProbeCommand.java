package org.rdpdoctor.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.rdpdoctor.engine.Json;
import org.rdpdoctor.probe.Endpoint;
import org.rdpdoctor.probe.ProbeReport;
import org.rdpdoctor.probe.ProbeResult;
import org.rdpdoctor.probe.ProbeRunner;
import org.rdpdoctor.probe.ProbeTarget;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code probe HOST[:PORT]}: measure a host from here and print what each probe found. */
@Command(
        name = "probe",
        description = {
            "Probe a Remote Desktop host from this machine: name lookup, TCP to the RDP port"
                    + " (3 connects for latency; when the name's first address does not accept, up"
                    + " to 3 more of its addresses), RDP security negotiation (requests 0x0, 0x1, 0x3,"
                    + " 0xB), TLS and its certificate, and an RD Gateway when named.",
            "At most "
                    + ProbeRunner.MAX_CONNECTIONS
                    + " connections, to the RDP port and the gateway's only; a 2.5 s connect"
                    + " timeout, and 3 s for each reply (RDP negotiation, TLS, gateway). Latency is high above a 150 ms median connect time and unstable"
                    + " when a connect fails or the spread exceeds both 50 ms and the median.",
            "Exit status 0 whenever the probes ran, whatever they found; 2 for bad arguments."
        })
final class ProbeCommand implements Callable<Integer> {
    @Parameters(
            index = "0",
            paramLabel = "HOST[:PORT]",
            converter = RdpEndpoint.class,
            description = "the RDP host; port 3389 unless given; IPv6 as [ADDRESS]:PORT")
    Endpoint target;

    @Option(
            names = "--gateway",
            paramLabel = "HOST[:PORT]",
            converter = GatewayEndpoint.class,
            description = "an RD Gateway to check for HTTPS (port 443 unless given)")
    Endpoint gateway;

    @Option(
            names = "--deadline",
            paramLabel = "DURATION",
            defaultValue = "5s",
            converter = DeadlineConverter.class,
            description =
                    "time for all probes together, e.g. 5s or 800ms (default: 5s, at most 15s)")
    Duration deadline;

    @Option(names = "--json", description = "print the report as JSON")
    boolean json;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws JsonProcessingException {
        ProbeReport report =
                new ProbeRunner()
                        .run(new ProbeTarget(target.host(), target.port(), gateway), deadline);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.mapper().writeValueAsString(report));
        } else {
            print(out, report);
        }
        out.flush();
        return 0;
    }

    private static void print(PrintWriter out, ProbeReport report) {
        out.printf(
                "Probe of %s%s from %s at %s (deadline %d ms, took %.1f ms)%n%n",
                report.target(),
                report.gateway() == null ? "" : " via gateway " + report.gateway(),
                report.probedFrom(),
                report.startedAt(),
                report.deadlineMillis(),
                report.elapsedMillis());
        for (ProbeResult result : report.results()) {
            out.printf("%-8s %-16s %s%n", result.status().id(), result.name(), result.verdict());
            if (!result.evidence().isEmpty()) {
                out.printf(
                        "%-25s evidence: %s%n",
                        "",
                        result.evidence().stream()
                                .map(e -> e.kind() + " = " + e.value())
                                .collect(Collectors.joining(", ")));
            }
        }
    }

    /** The RDP target: {@code HOST[:PORT]}, port 3389 by default. */
    static final class RdpEndpoint implements ITypeConverter<Endpoint> {
        @Override
        public Endpoint convert(String value) {
            return endpoint(value, ProbeTarget.RDP_PORT);
        }
    }

    /** The RD Gateway: {@code HOST[:PORT]}, port 443 by default. */
    static final class GatewayEndpoint implements ITypeConverter<Endpoint> {
        @Override
        public Endpoint convert(String value) {
            return endpoint(value, ProbeTarget.GATEWAY_PORT);
        }
    }

    /** {@code 5s}, {@code 1.5s}, {@code 800ms}, or a plain number of seconds. */
    static final class DeadlineConverter implements ITypeConverter<Duration> {
        private static final Pattern DURATION =
                Pattern.compile("(\\d{1,6}(?:\\.\\d{1,3})?)(ms|s)?");

        @Override
        public Duration convert(String value) {
            Matcher m = DURATION.matcher(value.trim());
            if (!m.matches()) {
                throw new TypeConversionException(
                        "'" + value + "' is not a duration such as 5s or 800ms");
            }
            double amount = Double.parseDouble(m.group(1));
            Duration deadline =
                    Duration.ofMillis(Math.round("ms".equals(m.group(2)) ? amount : amount * 1000));
            if (deadline.isZero() || deadline.compareTo(ProbeRunner.MAX_DEADLINE) > 0) {
                throw new TypeConversionException(
                        "deadline '"
                                + value
                                + "' is outside 1ms to 15s"
                                + (m.group(2) == null
                                                && !deadline.isZero()
                                                && Math.round(amount)
                                                        <= ProbeRunner.MAX_DEADLINE.toMillis()
                                        ? " (a number alone is seconds; "
                                                + value
                                                + "ms is milliseconds)"
                                        : ""));
            }
            return deadline;
        }
    }

    private static Endpoint endpoint(String value, int defaultPort) {
        try {
            return Endpoint.parse(value, defaultPort);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
