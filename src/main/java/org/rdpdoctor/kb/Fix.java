package org.rdpdoctor.kb;

import java.util.List;

/**
 * An action that removes a cause, with the steps and how to verify it. {@code risk} may be null.
 */
public record Fix(
        String id, String title, List<String> sources, List<Step> steps, Step verify, String risk) {
    public Fix {
        sources = Copies.list(sources);
        steps = Copies.list(steps);
    }
}
