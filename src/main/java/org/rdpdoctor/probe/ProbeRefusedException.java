package org.rdpdoctor.probe;

import java.time.Duration;
import java.util.Optional;

/**
 * A probe the policy does not allow; the message says which rule it broke, and {@link #field()}
 * which part of the request broke it: {@code host} or {@code gateway}, or none when the client has
 * used up its runs for now and {@link #retryAfter()} says when it may run again.
 */
public final class ProbeRefusedException extends RuntimeException {
    private final String field;
    private final Duration retryAfter;

    public ProbeRefusedException(String field, String message) {
        super(message);
        this.field = field;
        this.retryAfter = null;
    }

    private ProbeRefusedException(String message, Duration retryAfter) {
        super(message);
        this.field = null;
        this.retryAfter = retryAfter;
    }

    /** A refusal because the client ran too many probes; it may try again after {@code wait}. */
    static ProbeRefusedException rateLimited(String message, Duration wait) {
        return new ProbeRefusedException(message, wait);
    }

    /** The field of the request at fault: {@code host} or {@code gateway}; null for the rate. */
    public String field() {
        return field;
    }

    /** How long a client over the rate limit waits; empty for any other refusal. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
