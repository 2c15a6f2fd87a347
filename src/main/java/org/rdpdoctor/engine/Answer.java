package org.rdpdoctor.engine;

import java.util.Objects;

/**
 * Fact: the answer to a question. {@code source} is {@code user}, or the source of the evidence
 * that answered it ({@code probe}, {@code ticket}, {@code error-code}).
 */
public record Answer(String question, String option, String source) {
    public Answer {
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(option, "option");
        Objects.requireNonNull(source, "source");
    }
}
