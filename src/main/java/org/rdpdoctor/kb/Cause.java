package org.rdpdoctor.kb;

import java.util.List;

/** Something that can be wrong, with its prior certainty and its fixes in the order to try. */
public record Cause(
        String id,
        String title,
        String summary,
        String category,
        double prior,
        List<String> sources,
        List<String> fixes,
        String caveat) {
    public Cause {
        sources = Copies.list(sources);
        fixes = Copies.list(fixes);
    }
}
