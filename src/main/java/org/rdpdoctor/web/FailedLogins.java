package org.rdpdoctor.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Failed admin logins per client address. After {@link #MAX} failures within {@link #WINDOW} the
 * client is refused without its password being checked, until its oldest failure leaves the window:
 * a password cannot be guessed at the speed of the network. A successful login forgets the client's
 * failures.
 */
final class FailedLogins {
    static final int MAX = 10;
    static final Duration WINDOW = Duration.ofMinutes(15);

    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new HashMap<>();

    FailedLogins(Clock clock) {
        this.clock = clock;
    }

    /** How long {@code client} must wait before its next attempt counts; empty when it may try. */
    synchronized Optional<Duration> waitFor(String client) {
        forgetOld();
        Deque<Instant> times = failures.get(client);
        if (times == null || times.size() < MAX) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(clock.instant(), times.peekFirst().plus(WINDOW)));
    }

    synchronized void failed(String client) {
        failures.computeIfAbsent(client, c -> new ArrayDeque<>()).addLast(clock.instant());
    }

    synchronized void succeeded(String client) {
        failures.remove(client);
    }

    /** Drops failures older than the window, and clients left with none: memory stays bounded. */
    private void forgetOld() {
        Instant oldest = clock.instant().minus(WINDOW);
        failures.values()
                .forEach(
                        times -> {
                            while (!times.isEmpty() && !times.peekFirst().isAfter(oldest)) {
                                times.removeFirst();
                            }
                        });
        failures.values().removeIf(Deque::isEmpty);
    }
}
