package org.rdpdoctor.kb;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Everything in {@code kb/}, validated and immutable. Lists keep the order of the files, which is
 * the order used to break ties; entries are also found by id in constant time, since a session
 * looks causes up once per cause for every state.
 */
public final class KnowledgeBase {
    private final String version;
    private final List<Source> sources;
    private final ErrorCodeTable errorCodes;
    private final List<Cause> causes;
    private final List<Fix> fixes;
    private final List<Question> questions;
    private final List<Environment> environments;
    private final List<EvidenceKind> evidenceKinds;
    private final List<Scenario> scenarios;
    private final List<TicketPattern> ticketPatterns;
    private final Map<String, String> locations;
    private final Map<String, Source> sourcesById;
    private final Map<String, Cause> causesById;
    private final Map<String, Fix> fixesById;
    private final Map<String, Question> questionsById;
    private final Map<String, Environment> environmentsById;
    private final Map<String, EvidenceKind> evidenceKindsById;

    /**
     * @param version a short hash of the content: two loads of the same files have the same version
     * @param locations where each entry was read, as {@code file:line}, keyed {@code kind:id}
     *     ({@code cause:x}, {@code fix:x}, {@code question:x}, {@code option:question/option},
     *     {@code source:x}, {@code environment:x}, {@code evidence:x}, {@code scenario:x})
     */
    public KnowledgeBase(
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
        this.version = Objects.requireNonNull(version, "version");
        this.errorCodes = Objects.requireNonNull(errorCodes, "errorCodes");
        this.sources = List.copyOf(sources);
        this.causes = List.copyOf(causes);
        this.fixes = List.copyOf(fixes);
        this.questions = List.copyOf(questions);
        this.environments = List.copyOf(environments);
        this.evidenceKinds = List.copyOf(evidenceKinds);
        this.scenarios = List.copyOf(scenarios);
        this.ticketPatterns = List.copyOf(ticketPatterns);
        this.locations = Map.copyOf(locations);
        this.sourcesById = byId(this.sources, Source::id);
        this.causesById = byId(this.causes, Cause::id);
        this.fixesById = byId(this.fixes, Fix::id);
        this.questionsById = byId(this.questions, Question::id);
        this.environmentsById = byId(this.environments, Environment::id);
        this.evidenceKindsById = byId(this.evidenceKinds, EvidenceKind::id);
    }

    public String version() {
        return version;
    }

    public List<Source> sources() {
        return sources;
    }

    public ErrorCodeTable errorCodes() {
        return errorCodes;
    }

    public List<Cause> causes() {
        return causes;
    }

    public List<Fix> fixes() {
        return fixes;
    }

    public List<Question> questions() {
        return questions;
    }

    public List<Environment> environments() {
        return environments;
    }

    public List<EvidenceKind> evidenceKinds() {
        return evidenceKinds;
    }

    public List<Scenario> scenarios() {
        return scenarios;
    }

    public List<TicketPattern> ticketPatterns() {
        return ticketPatterns;
    }

    public Map<String, String> locations() {
        return locations;
    }

    /** Where an entry was read, as {@code file:line}; the file alone when the line is unknown. */
    public String location(String kind, String id) {
        return locations.getOrDefault(kind + ":" + id, "kb");
    }

    public Optional<Source> source(String id) {
        return Optional.ofNullable(sourcesById.get(id));
    }

    public Optional<Cause> cause(String id) {
        return Optional.ofNullable(causesById.get(id));
    }

    public Optional<Fix> fix(String id) {
        return Optional.ofNullable(fixesById.get(id));
    }

    public Optional<Question> question(String id) {
        return Optional.ofNullable(questionsById.get(id));
    }

    public Optional<Environment> environment(String id) {
        return Optional.ofNullable(environmentsById.get(id));
    }

    public Optional<EvidenceKind> evidenceKind(String id) {
        return Optional.ofNullable(evidenceKindsById.get(id));
    }

    /**
     * Whether evidence of several values answers {@code question} (event IDs): each value reported
     * gives its answer, and the user's answer counts beside them rather than replacing them, since
     * a host logs many events.
     */
    public boolean answeredBySeveralValues(Question question) {
        return question.evidenceKind() != null
                && evidenceKind(question.evidenceKind()).map(EvidenceKind::multiple).orElse(false);
    }

    /** Causes by id, in file order. */
    public Map<String, Cause> causesById() {
        return causesById;
    }

    /** The first entry of each id wins, as a search of the list would find it. */
    private static <T> Map<String, T> byId(List<T> items, Function<T, String> id) {
        Map<String, T> byId = new LinkedHashMap<>();
        items.forEach(item -> byId.putIfAbsent(id.apply(item), item));
        return Collections.unmodifiableMap(byId);
    }
}
