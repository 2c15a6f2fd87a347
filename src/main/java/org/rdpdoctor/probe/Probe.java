package org.rdpdoctor.probe;

/**
 * One measurement of a target. The {@link ProbeRunner} runs all probes of a target at once; each
 * takes its connections, timeouts and shared steps from the {@link ProbeRun}.
 */
interface Probe {
    /** The result's name: dns, tcp, rdp-negotiation, tls, gateway. */
    String name();

    /** False when the target gives this probe nothing to do (no gateway named). */
    default boolean appliesTo(ProbeTarget target) {
        return true;
    }

    /** The host and port this probe measures, which its evidence's details name. */
    default Endpoint endpoint(ProbeTarget target) {
        return target.rdp();
    }

    /**
     * Measures and interprets. What the network does (refusals, timeouts, garbage) is a result,
     * never an exception; the probe finishes before the run's deadline.
     */
    ProbeResult run(ProbeRun run) throws InterruptedException;
}
