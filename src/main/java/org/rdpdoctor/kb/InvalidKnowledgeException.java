package org.rdpdoctor.kb;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when {@code kb/} or {@code rules/} cannot be used; carries every problem found. */
public final class InvalidKnowledgeException extends RuntimeException {
    private final List<Problem> problems;

    public InvalidKnowledgeException(List<Problem> problems) {
        super(
                problems.size()
                        + " problem(s) in the knowledge base:\n"
                        + problems.stream()
                                .map(Problem::toString)
                                .collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
