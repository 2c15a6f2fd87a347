package org.rdpdoctor.engine;

import java.util.Objects;

/**
 * Fact: an observation from a probe, a ticket or a user, or what a session's error code stands for
 * ({@code source} {@code error-code}). {@code detail} is the raw observation (timings, the phrase a
 * ticket contained) and may be empty.
 */
public record Evidence(String kind, String value, String source, String detail) {
    public Evidence {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(source, "source");
        detail = detail == null ? "" : detail;
    }
}
