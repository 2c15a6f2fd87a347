package org.rdpdoctor;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * One lock per session, kept only while someone holds or waits for it: work on one session queues,
 * work on another never waits for it. A write that waits for the database (up to the pool's timeout
 * while it is down) therefore holds up only the writes to its own session.
 */
final class SessionLocks {
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    /** Runs {@code work} while holding the lock of session {@code id}; returns what it returns. */
    <T> T locked(String id, Supplier<T> work) {
        Entry entry = entries.compute(id, (key, e) -> (e == null ? new Entry() : e).join());
        try {
            synchronized (entry) {
                return work.get();
            }
        } finally {
            entries.computeIfPresent(id, (key, e) -> e.leave() ? null : e);
        }
    }

    /** How many sessions have a lock now: 0 when nobody works on any. */
    int size() {
        return entries.size();
    }

    /**
     * A lock and how many callers hold it or wait for it; changed only inside the map's compute.
     */
    private static final class Entry {
        private int users;

        Entry join() {
            users++;
            return this;
        }

        /** True when the last user left. */
        boolean leave() {
            return --users == 0;
        }
    }
}
