package org.rdpdoctor.engine;

import java.util.Objects;

/** Fact: a trait of the client or server platform, from an answer naming an environment. */
public record Trait(String role, String name) {
    public Trait {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(name, "name");
    }
}
