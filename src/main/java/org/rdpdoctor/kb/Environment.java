package org.rdpdoctor.kb;

import java.util.List;

/** A client or server platform, with the traits rules match on and its RDP defaults. */
public record Environment(
        String id,
        String role,
        String title,
        List<String> traits,
        List<String> defaults,
        List<String> sources) {
    public Environment {
        traits = Copies.list(traits);
        defaults = Copies.list(defaults);
        sources = Copies.list(sources);
    }
}
