package org.rdpdoctor.engine;

import java.util.List;
import java.util.Objects;

/**
 * A compiled rule as editors see it: its name, the file it is in, the line of its {@code rule}
 * keyword, and its sources.
 */
public record RuleInfo(String name, String file, int line, List<String> sources) {
    public RuleInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(file, "file");
        sources = List.copyOf(sources);
    }
}
