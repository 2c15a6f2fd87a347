package org.rdpdoctor.kb;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Everything in {@code kb/}, validated and immutable. Lists keep the order of the files, which is
 * the order used to break ties.
 *
 * @param version a short hash of the content: two loads of the same files have the same version
 * @param locations where each entry was read, as {@code file:line}, keyed {@code kind:id} ({@code
 *     cause:x}, {@code fix:x}, {@code question:x}, {@code option:question/option}, {@code
 *     source:x}, {@code environment:x}, {@code evidence:x}, {@code scenario:x})
 */
public record KnowledgeBase(
        String version,
        List<Source> sources,
        ErrorCodeTable errorCodes,
        List<Cause> causes,
        List<Fix> fixes,
        List<Question> questions,
        List<Environment> environments,
        List<EvidenceKind> evidenceKinds,
        List<Scenario> scenarios,
        List<TicketPattern> ticketPatterns,
        Map<String, String> locations) {

    public KnowledgeBase {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(errorCodes, "errorCodes");
        sources = List.copyOf(sources);
        causes = List.copyOf(causes);
        fixes = List.copyOf(fixes);
        questions = List.copyOf(questions);
        environments = List.copyOf(environments);
        evidenceKinds = List.copyOf(evidenceKinds);
        scenarios = List.copyOf(scenarios);
        ticketPatterns = List.copyOf(ticketPatterns);
        locations = Map.copyOf(locations);
    }

    /** Where an entry was read, as {@code file:line}; the file alone when the line is unknown. */
    public String location(String kind, String id) {
        return locations.getOrDefault(kind + ":" + id, "kb");
    }

    public Optional<Source> source(String id) {
        return find(sources, Source::id, id);
    }

    public Optional<Cause> cause(String id) {
        return find(causes, Cause::id, id);
    }

    public Optional<Fix> fix(String id) {
        return find(fixes, Fix::id, id);
    }

    public Optional<Question> question(String id) {
        return find(questions, Question::id, id);
    }

    public Optional<Environment> environment(String id) {
        return find(environments, Environment::id, id);
    }

    public Optional<EvidenceKind> evidenceKind(String id) {
        return find(evidenceKinds, EvidenceKind::id, id);
    }

    /** Causes by id, in file order. */
    public Map<String, Cause> causesById() {
        Map<String, Cause> byId = new LinkedHashMap<>();
        causes.forEach(c -> byId.put(c.id(), c));
        return byId;
    }

    private static <T> Optional<T> find(List<T> items, Function<T, String> id, String wanted) {
        for (T item : items) {
            if (id.apply(item).equals(wanted)) {
                return Optional.of(item);
            }
        }
        return Optional.empty();
    }
}
