package org.rdpdoctor.kb;

import java.util.List;
import java.util.Optional;

/**
 * An observation a probe, a ticket or a user can report. A {@code multiple} kind keeps every value
 * reported (event ids); any other kind keeps only the latest value from each source.
 */
public record EvidenceKind(
        String id, String title, boolean multiple, List<String> sources, List<Value> values) {
    public EvidenceKind {
        sources = Copies.list(sources);
        values = Copies.list(values);
    }

    /** One value of the kind and what it tells the helpdesk. */
    public record Value(String id, String meaning) {}

    public Optional<Value> value(String valueId) {
        return values.stream().filter(v -> v.id().equals(valueId)).findFirst();
    }
}
