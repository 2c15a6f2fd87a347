package org.rdpdoctor.engine;

import java.util.Objects;

/**
 * Fact: a trait of the client or server platform, from an answer naming an environment.
 *
 * @param environment the id of the environment in {@code environments.yaml} the answer named
 */
public record Trait(String role, String name, String environment) {
    public Trait {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(environment, "environment");
    }
}
