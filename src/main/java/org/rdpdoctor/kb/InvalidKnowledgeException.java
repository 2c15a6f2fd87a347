package org.rdpdoctor.kb;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Thrown when {@code kb/} or {@code rules/} cannot be used; carries every problem found. */
public final class InvalidKnowledgeException extends RuntimeException {
    private final List<Problem> problems;

    /** The knowledge as read, when every entry was read and only checks of it failed; or null. */
    private final transient KnowledgeBase asRead;

    public InvalidKnowledgeException(List<Problem> problems) {
        this(problems, null);
    }

    /**
     * The problems of a knowledge base whose every file and entry was read, {@code asRead}, and
     * whose checks failed: an entry naming an id that does not exist, say. The rules can still be
     * checked against it, so that an editor sees their problems in the same run.
     */
    InvalidKnowledgeException(List<Problem> problems, KnowledgeBase asRead) {
        super(
                problems.size()
                        + " problem(s) in the knowledge base:\n"
                        + Problem.inFileOrder(problems).stream()
                                .map(Problem::toString)
                                .collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
        this.asRead = asRead;
    }

    /** The knowledge as read, when every entry was read and only its checks failed. */
    public Optional<KnowledgeBase> asRead() {
        return Optional.ofNullable(asRead);
    }

    public List<Problem> problems() {
        return problems;
    }
}
