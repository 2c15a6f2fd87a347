package org.rdpdoctor.engine;

import java.util.Objects;

/**
 * Fact from the knowledge base: {@code fix} is one of the fixes of {@code cause}, and {@code
 * ifFailed} is how much its failure counts against the cause ({@code if_failed} in fixes.yaml).
 */
public record FixOf(String fix, String cause, Weight ifFailed) {
    public FixOf {
        Objects.requireNonNull(fix, "fix");
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(ifFailed, "ifFailed");
    }
}
