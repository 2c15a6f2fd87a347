package org.rdpdoctor.web;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.rdpdoctor.RdpDoctor;
import org.rdpdoctor.SessionView;
import org.rdpdoctor.TextLimits;
import org.rdpdoctor.engine.Event;
import org.rdpdoctor.engine.Evidence;
import org.rdpdoctor.probe.Endpoint;
import org.rdpdoctor.probe.ProbePolicy;
import org.rdpdoctor.probe.ProbeReport;
import org.rdpdoctor.probe.ProbeResult;
import org.rdpdoctor.probe.ProbeRunner;
import org.rdpdoctor.probe.ProbeTarget;
import org.rdpdoctor.store.ConcurrentUpdateException;
import org.rdpdoctor.store.StoredEvent;

/**
 * "Check the host" for the API and the pages: probes the session's host (or the one asked for)
 * under the server's policy, and adds what the probes measured to the session as evidence, in one
 * write, withdrawing what an earlier check measured that this one disproves. Questions the evidence
 * answers are then not asked. A check of another host than the session's gives no {@code dns}
 * evidence: the session connects by its own name, or its own IP address.
 */
public final class Probing {
    /** How often the evidence is worked out again when the session changed while it was written. */
    private static final int ATTEMPTS = 3;

    private final RdpDoctor doctor;
    private final ProbePolicy policy;
    private final ProbeRunner runner;

    public Probing(RdpDoctor doctor, ProbePolicy policy) {
        this.doctor = Objects.requireNonNull(doctor, "doctor");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.runner = ProbeRunner.within(policy);
    }

    /**
     * The session after the probe and the probe's report (without {@code dns} evidence when it
     * checked another host); {@code sessionHost} is the host the session started with when the
     * probe checked another host or port, else null.
     */
    record Outcome(SessionView session, ProbeReport report, String sessionHost) {}

    boolean isEnabled() {
        return policy.isEnabled();
    }

    /**
     * Probes {@code host} (null: the host the session started with) and stores the evidence, if the
     * session is a version {@code ifMatch} (null: any) names, both before the probe, which takes
     * time and a place in the rate limit, and at the write.
     *
     * @throws ApiException when no host is known or the host is malformed
     * @throws org.rdpdoctor.probe.ProbeRefusedException when the policy does not allow it
     * @throws ConcurrentUpdateException when the session is not a version {@code ifMatch} names
     */
    Outcome probe(Context ctx, String sessionId, String host, String gateway, IfMatch ifMatch) {
        SessionView session = doctor.session(sessionId);
        if (ifMatch != null) {
            ifMatch.require(session);
        }
        String started = startedHost(session);
        String target = host != null && !host.isBlank() ? host.strip() : started;
        if (target == null) {
            throw new ApiException(
                    400, "host", "this session names no host: give the host to check");
        }
        ProbeTarget parsed;
        try {
            parsed =
                    ProbeTarget.parse(
                            TextLimits.line("host", target, 260),
                            gateway == null || gateway.isBlank()
                                    ? null
                                    : TextLimits.line("gateway", gateway.strip(), 260));
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, wellFormed(target) ? "gateway" : "host", e.getMessage());
        }
        policy.check(parsed, TrustedProxies.counted(ctx.ip()));
        Endpoint own = started == null ? parsed.rdp() : endpoint(started);
        boolean sameHost = own != null && own.sameHost(parsed.rdp());
        ProbeReport measured = runner.run(parsed, ProbeRunner.DEFAULT_DEADLINE);
        ProbeReport report = sameHost ? measured : measured.withoutDns();
        return new Outcome(
                record(sessionId, report, ifMatch),
                report,
                sameHost && own.port() == parsed.rdp().port() ? null : started);
    }

    /**
     * Adds the report's evidence, after withdrawing what the last check measured and this one shows
     * no longer holds (a port that now refuses has no latency). The withdrawals depend on the
     * session as it is, so a change in between (another check, an answer) means reading it again,
     * and checking it against {@code ifMatch} (null: any version) again.
     */
    private SessionView record(String sessionId, ProbeReport report, IfMatch ifMatch) {
        for (int attempt = 1; ; attempt++) {
            SessionView now = doctor.session(sessionId);
            if (ifMatch != null) {
                // Refused here with the version If-Match names; the write checks it again.
                ifMatch.require(now);
            }
            List<Event> events = new ArrayList<>(withdrawn(now, report));
            events.addAll(report.evidence());
            if (events.isEmpty()) {
                return now;
            }
            try {
                return doctor.applyAll(
                        sessionId,
                        events,
                        now.eventCount(),
                        ifMatch == null ? null : ifMatch.expected());
            } catch (ConcurrentUpdateException e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private static List<Event.EvidenceWithdrawn> withdrawn(
            SessionView session, ProbeReport report) {
        Set<String> disproved = report.disproved();
        return session.state().evidence().stream()
                .filter(e -> e.source().equals(ProbeResult.SOURCE))
                .map(Evidence::kind)
                .distinct()
                .filter(disproved::contains)
                .map(kind -> new Event.EvidenceWithdrawn(kind, ProbeResult.SOURCE))
                .toList();
    }

    private static boolean wellFormed(String host) {
        return endpoint(host) != null;
    }

    /** The RDP endpoint {@code host} names, or null when it is malformed. */
    private static Endpoint endpoint(String host) {
        try {
            return ProbeTarget.parse(host, null).rdp();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String startedHost(SessionView session) {
        return session.events().stream()
                .map(StoredEvent::event)
                .filter(Event.Started.class::isInstance)
                .map(e -> ((Event.Started) e).host())
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(null);
    }
}
