package org.rdpdoctor.engine;

import java.util.Objects;

/**
 * Fact from the knowledge base: {@code fix} is one of the fixes of {@code cause}, the {@code
 * rank}-th in the order the cause lists them (from 1).
 */
public record FixOf(String fix, String cause, int rank) {
    public FixOf {
        Objects.requireNonNull(fix, "fix");
        Objects.requireNonNull(cause, "cause");
    }
}
