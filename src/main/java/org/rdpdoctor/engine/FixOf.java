package org.rdpdoctor.engine;

import java.util.Objects;

/**
 * Fact from the knowledge base: {@code fix} is one of the fixes of {@code cause}, {@code ifFailed}
 * is how much its failure counts against the cause ({@code if_failed} in fixes.yaml), and {@code
 * last} says whether it is the cause's last fix in the order to try them.
 */
public record FixOf(String fix, String cause, Weight ifFailed, boolean last) {
    public FixOf {
        Objects.requireNonNull(fix, "fix");
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(ifFailed, "ifFailed");
    }
}
