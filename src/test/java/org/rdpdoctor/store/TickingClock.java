package org.rdpdoctor.store;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock one second further on each time it is read: every write gets its own time. */
final class TickingClock extends Clock {
    private final AtomicLong seconds =
            new AtomicLong(Instant.parse("2026-01-01T00:00:00Z").getEpochSecond());

    @Override
    public Instant instant() {
        return Instant.ofEpochSecond(seconds.incrementAndGet());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a ticking clock stays in UTC");
    }
}
