package org.rdpdoctor.kb;

import java.util.List;

/**
 * An answer a question offers. {@code environment} names a platform whose traits the answer asserts
 * (or null); {@code evidence} lists the evidence values that give this answer.
 */
public record Option(String id, String label, String environment, List<String> evidence) {
    /** The id of the "I don't know" answer the engine adds to every question. */
    public static final String UNKNOWN = "unknown";

    public Option {
        evidence = Copies.list(evidence);
    }
}
