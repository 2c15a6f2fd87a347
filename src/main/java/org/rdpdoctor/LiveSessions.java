package org.rdpdoctor;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import org.rdpdoctor.engine.Diagnosis;
import org.rdpdoctor.engine.DiagnosisState;
import org.rdpdoctor.engine.RuleBase;

/**
 * Diagnoses kept open between requests, so that the next request on a session need not replay its
 * stored events. An entry serves only the exact events it was built from: the same session, the
 * same number of events (a session's log only grows, so its length names its events, also when
 * another process wrote them) and the same rule base. Anything else is replayed.
 *
 * <p>A writer takes a diagnosis out while it applies events, so no two threads ever use one, and
 * puts it back after its write is stored. Readers only read the state kept beside it, which never
 * changes. Bounded: a diagnosis that drops out is closed, which frees its Drools session (about 31
 * KiB of heap for a session of a few answers on the real knowledge base, MemoryBench).
 */
final class LiveSessions implements AutoCloseable {
    private final int capacity;

    /** In order of last use, least recent first; guarded by {@code this}. */
    private final LinkedHashMap<String, Live> entries = new LinkedHashMap<>(16, 0.75f, true);

    LiveSessions(int capacity) {
        this.capacity = capacity;
    }

    /**
     * The state of session {@code id} after {@code events} events under {@code rules}, if an open
     * diagnosis has it; else null.
     */
    synchronized DiagnosisState state(String id, int events, RuleBase rules) {
        Live live = entries.get(id);
        return live != null && live.serves(events, rules) ? live.state() : null;
    }

    /**
     * Takes out the open diagnosis of session {@code id} if it has exactly {@code events} events
     * under {@code rules}: the caller then owns it and closes it or {@linkplain #keep keeps} it.
     * Returns null otherwise (a diagnosis that no longer serves is closed).
     */
    Diagnosis take(String id, int events, RuleBase rules) {
        Live live;
        synchronized (this) {
            live = entries.remove(id);
        }
        if (live == null) {
            return null;
        }
        if (live.serves(events, rules)) {
            return live.diagnosis();
        }
        live.diagnosis().close();
        return null;
    }

    /**
     * Keeps {@code diagnosis}, which has taken the first {@code events} events of session id, in
     * place of any other kept for it; closes the least recently used one when there are too many. A
     * least-recently-used order rather than a frequency-based cache: a session is busy just after
     * it starts, when it has been used least.
     */
    void keep(String id, int events, Diagnosis diagnosis) {
        Live kept = new Live(events, diagnosis, diagnosis.state());
        List<Live> dropped = new ArrayList<>(2);
        synchronized (this) {
            Live replaced = entries.put(id, kept);
            if (replaced != null) {
                dropped.add(replaced);
            }
            if (entries.size() > capacity) {
                Iterator<Live> eldest = entries.values().iterator();
                dropped.add(eldest.next());
                eldest.remove();
            }
        }
        dropped.forEach(live -> live.diagnosis().close());
    }

    /** Closes every diagnosis kept; one a writer has taken out stays the writer's. */
    void clear() {
        List<Live> dropped;
        synchronized (this) {
            dropped = new ArrayList<>(entries.values());
            entries.clear();
        }
        dropped.forEach(live -> live.diagnosis().close());
    }

    /** How many diagnoses are kept. */
    synchronized int size() {
        return entries.size();
    }

    @Override
    public void close() {
        clear();
    }

    private record Live(int events, Diagnosis diagnosis, DiagnosisState state) {
        boolean serves(int events, RuleBase rules) {
            return this.events == events && diagnosis.rules() == rules;
        }
    }
}
