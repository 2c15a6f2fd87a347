package org.rdpdoctor.kb;

import java.util.List;
import java.util.Optional;

/**
 * A guided question. When {@code evidenceKind} is set, evidence of that kind answers it, so it is
 * never asked once that evidence is known. {@code effort} says what answering takes: {@code look}
 * (what the user sees or knows), {@code test} (a quick check on the client) or {@code admin}
 * (access to the server); missing means {@code look}.
 */
public record Question(
        String id,
        String text,
        String effort,
        String help,
        List<String> sources,
        List<Option> options,
        String evidenceKind) {
    private static final Option DONT_KNOW =
            new Option(Option.UNKNOWN, "I don't know", null, List.of());

    public Question {
        sources = Copies.list(sources);
        options = Copies.list(options);
    }

    /** How many times harder than a look this question is to answer: 1, 2 or 3. */
    public int effortWeight() {
        return effort == null
                ? 1
                : switch (effort) {
                    case "test" -> 2;
                    case "admin" -> 3;
                    default -> 1;
                };
    }

    /** The option with this id, including the implicit {@link Option#UNKNOWN}. */
    public Optional<Option> option(String optionId) {
        if (Option.UNKNOWN.equals(optionId)) {
            return Optional.of(DONT_KNOW);
        }
        for (Option o : options) {
            if (o.id().equals(optionId)) {
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }

    /** The option that the given evidence value answers, if this question covers its kind. */
    public Optional<Option> optionFor(String kind, String value) {
        if (!kind.equals(evidenceKind)) {
            return Optional.empty();
        }
        return options.stream().filter(o -> o.evidence().contains(value)).findFirst();
    }
}
