package org.rdpdoctor.probe;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.rdpdoctor.OneLine;
import org.rdpdoctor.Shortened;
import org.rdpdoctor.TextLimits;
import org.rdpdoctor.engine.Event;
import org.rdpdoctor.probe.ProbeResult.Status;

/**
 * Runs the probes of one target at once under one deadline: name lookup, TCP with latency, RDP
 * security negotiation, TLS and certificate, and the RD Gateway when one is named. A run opens at
 * most {@link #MAX_CONNECTIONS} connections, to the RDP port and the gateway's port only, and
 * retries nothing.
 *
 * <p>A filtered port gets its verdict within the 2.5 s connect timeout; the negotiation and TLS
 * probes skip at once when TCP fails. A probe still running at the deadline is reported as such.
 */
public final class ProbeRunner {
    /** The deadline when none is given. */
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(5);

    /** The longest deadline allowed. */
    public static final Duration MAX_DEADLINE = Duration.ofSeconds(15);

    /**
     * At most this many connections per run: 3 TCP samples, 3 more addresses, 4 negotiations, and
     * the gateway at up to {@link ProbeRun#MAX_ADDRESSES} addresses. The negotiation reuses the
     * samples' connections, so a run usually opens 4, or 5 with a gateway.
     */
    public static final int MAX_CONNECTIONS = 10 + ProbeRun.MAX_ADDRESSES;

    /** Probes aim to finish this long before the deadline, so each reports what it saw. */
    private static final Duration MARGIN = Duration.ofMillis(150);

    private final Clock clock;
    private final String probingHost;
    private final List<Probe> probes;
    private final Resolver resolver;

    /** Probes from this machine with the system clock and resolver. */
    public ProbeRunner() {
        this(InetAddress::getAllByName);
    }

    /**
     * Probes from this machine that contact only what {@code policy} allows, whatever DNS answers
     * after the policy's check (see {@link ProbePolicy#within}).
     */
    public static ProbeRunner within(ProbePolicy policy) {
        return new ProbeRunner(policy.within(InetAddress::getAllByName));
    }

    /** Every probe, with names looked up by {@code resolver}. */
    ProbeRunner(Resolver resolver) {
        this(
                Clock.systemUTC(),
                localHostName(),
                List.of(
                        new DnsProbe(),
                        new TcpProbe(),
                        new RdpNegotiationProbe(),
                        new TlsProbe(),
                        new GatewayProbe()),
                resolver);
    }

    ProbeRunner(Clock clock, String probingHost, List<Probe> probes, Resolver resolver) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.probingHost = Objects.requireNonNull(probingHost, "probingHost");
        this.probes = List.copyOf(probes);
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    /**
     * Probes the target and waits for every probe, at most until the deadline.
     *
     * @param deadline from 1 ms to {@link #MAX_DEADLINE}
     * @return one result per probe that applies, in a fixed order
     * @throws IllegalArgumentException when the deadline is out of range
     */
    public ProbeReport run(ProbeTarget target, Duration deadline) {
        Objects.requireNonNull(target, "target");
        checkDeadline(deadline);
        Instant startedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        long start = System.nanoTime();
        long end = start + deadline.toNanos();
        long margin = Math.min(MARGIN.toNanos(), deadline.toNanos() / 10);
        List<Probe> applicable = probes.stream().filter(p -> p.appliesTo(target)).toList();
        List<ProbeResult> results = new ArrayList<>();
        try (ProbeRun run = new ProbeRun(target, clock, resolver, end - margin)) {
            List<CompletableFuture<ProbeResult>> running = new ArrayList<>();
            for (Probe probe : applicable) {
                running.add(
                        CompletableFuture.supplyAsync(
                                () ->
                                        finished(
                                                guarded(probe, run),
                                                probe.endpoint(target),
                                                start,
                                                startedAt),
                                run.executor()));
            }
            waitUntil(CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)), end);
            for (int i = 0; i < applicable.size(); i++) {
                CompletableFuture<ProbeResult> result = running.get(i);
                results.add(
                        result.isDone() && !result.isCompletedExceptionally()
                                ? result.join()
                                : tooLate(applicable.get(i), deadline, start));
            }
        }
        return new ProbeReport(
                target.rdp().toString(),
                target.hasGateway() ? target.gateway().toString() : null,
                probingHost,
                startedAt,
                deadline.toMillis(),
                Elapsed.millis(System.nanoTime() - start),
                results);
    }

    static void checkDeadline(Duration deadline) {
        Objects.requireNonNull(deadline, "deadline");
        if (deadline.toMillis() < 1 || deadline.compareTo(MAX_DEADLINE) > 0) {
            throw new IllegalArgumentException(
                    "deadline "
                            + deadline.toMillis()
                            + " ms is outside 1 ms to "
                            + MAX_DEADLINE.toSeconds()
                            + " s");
        }
    }

    private static ProbeResult guarded(Probe probe, ProbeRun run) {
        try {
            return probe.run(run);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ProbeResult.of(
                    probe.name(), Status.FAILURE, "Stopped at the deadline.", List.of(), List.of());
        } catch (RuntimeException e) {
            return ProbeResult.of(
                    probe.name(),
                    Status.FAILURE,
                    "The probe itself failed: " + e + ".",
                    List.of(e.toString()),
                    List.of());
        }
    }

    private ProbeResult finished(
            ProbeResult result, Endpoint measured, long start, Instant startedAt) {
        String stamp =
                " ("
                        + measured
                        + ", probed from "
                        + probingHost
                        + " at "
                        + startedAt.truncatedTo(ChronoUnit.SECONDS)
                        + ")";
        List<Event.EvidenceAdded> stamped =
                result.evidence().stream()
                        .map(
                                e ->
                                        new Event.EvidenceAdded(
                                                e.kind(),
                                                e.value(),
                                                e.source(),
                                                // What a server sent (a certificate's names) can
                                                // be longer than a session keeps, and hold line
                                                // breaks or a right-to-left override.
                                                Shortened.cut(
                                                                OneLine.field(e.detail()),
                                                                TextLimits.DETAIL_MAX
                                                                        - stamp.codePointCount(
                                                                                0, stamp.length()))
                                                        + stamp))
                        .toList();
        return result.finished(Elapsed.millis(System.nanoTime() - start), stamped);
    }

    private static ProbeResult tooLate(Probe probe, Duration deadline, long start) {
        return new ProbeResult(
                probe.name(),
                Status.FAILURE,
                "No result within the deadline of " + deadline.toMillis() + " ms.",
                List.of(),
                Elapsed.millis(System.nanoTime() - start),
                List.of(),
                Set.of());
    }

    private static void waitUntil(CompletableFuture<Void> all, long end) {
        try {
            all.get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // The results say which probes were late; guarded() keeps probes from failing.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException | SecurityException e) {
            return "unknown";
        }
    }
}
