package org.rdpdoctor.engine;

import java.util.Objects;

/** Fact from the knowledge base: {@code fix} is one of the fixes of {@code cause}. */
public record FixOf(String fix, String cause) {
    public FixOf {
        Objects.requireNonNull(fix, "fix");
        Objects.requireNonNull(cause, "cause");
    }
}
