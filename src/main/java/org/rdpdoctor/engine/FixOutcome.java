package org.rdpdoctor.engine;

import java.util.Objects;

/** Fact: a fix was tried, and whether it worked. */
public record FixOutcome(String fix, boolean worked) {
    public FixOutcome {
        Objects.requireNonNull(fix, "fix");
    }
}
