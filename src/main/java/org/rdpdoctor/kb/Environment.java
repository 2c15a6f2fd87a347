package org.rdpdoctor.kb;

import java.util.List;
import java.util.Set;

/** A client or server platform, with the traits rules match on and its RDP defaults. */
public record Environment(
        String id,
        String role,
        String title,
        List<String> traits,
        List<String> defaults,
        List<String> sources) {
    /** The roles an environment and a trait have. */
    public static final Set<String> ROLES = Set.of("client", "server");

    public Environment {
        traits = Copies.list(traits);
        defaults = Copies.list(defaults);
        sources = Copies.list(sources);
    }
}
