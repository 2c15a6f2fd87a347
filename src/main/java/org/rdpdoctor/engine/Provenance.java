package org.rdpdoctor.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.rdpdoctor.kb.ErrorCodeTable;
import org.rdpdoctor.kb.KnowledgeBase;
import org.rdpdoctor.kb.Source;

/**
 * Where each piece of the knowledge comes from: which rules and entries of {@code kb/} cite a
 * source, and which of them rest on low-trust sources alone. {@code sources.yaml} says the seed
 * articles are never a source of facts on their own, so a piece citing nothing else is unconfirmed,
 * and the pages say so beside it.
 */
public final class Provenance {
    /** The trust of the sources that cannot confirm anything on their own (the seed articles). */
    private static final String LOW = "low";

    private final Set<String> lowTrust;
    private final List<Citation> citations;

    private Provenance(Set<String> lowTrust, List<Citation> citations) {
        this.lowTrust = lowTrust;
        this.citations = citations;
    }

    /** The provenance of the knowledge and of the rules compiled against it. */
    static Provenance of(KnowledgeBase kb, Collection<RuleInfo> rules) {
        List<Citation> citations = new ArrayList<>();
        rules.stream()
                .sorted(Comparator.comparing(RuleInfo::file).thenComparing(RuleInfo::line))
                .forEach(
                        r ->
                                citations.add(
                                        new Citation(
                                                "rule",
                                                r.name(),
                                                r.file() + ":" + r.line(),
                                                r.sources())));
        kb.causes().forEach(c -> citations.add(citation(kb, "cause", c.id(), c.sources())));
        kb.questions().forEach(q -> citations.add(citation(kb, "question", q.id(), q.sources())));
        kb.fixes().forEach(f -> citations.add(citation(kb, "fix", f.id(), f.sources())));
        kb.scenarios().forEach(s -> citations.add(citation(kb, "scenario", s.id(), s.sources())));
        kb.environments()
                .forEach(e -> citations.add(citation(kb, "environment", e.id(), e.sources())));
        kb.evidenceKinds()
                .forEach(e -> citations.add(citation(kb, "evidence", e.id(), e.sources())));
        kb.ticketPatterns()
                .forEach(p -> citations.add(citation(kb, "ticket-pattern", p.id(), p.sources())));
        kb.errorCodes()
                .tables()
                .forEach(
                        (table, rows) ->
                                rows.forEach(
                                        c ->
                                                citations.add(
                                                        citation(
                                                                kb,
                                                                "error-code",
                                                                table + "/" + c.id(),
                                                                c.sources()))));
        ErrorCodeTable.FreerdpForm form = kb.errorCodes().freerdpForm();
        if (form != null) {
            citations.add(citation(kb, "error-code", ErrorCodeTable.FREERDP_FORM, form.sources()));
        }
        Set<String> lowTrust =
                kb.sources().stream()
                        .filter(s -> LOW.equals(s.trust()))
                        .map(Source::id)
                        .collect(Collectors.toUnmodifiableSet());
        return new Provenance(lowTrust, List.copyOf(citations));
    }

    private static Citation citation(
            KnowledgeBase kb, String kind, String id, List<String> sources) {
        return new Citation(kind, id, kb.location(kind, id), sources);
    }

    /** Whether these sources, cited together, confirm nothing: every one of them has low trust. */
    public boolean unconfirmed(List<String> sources) {
        return !sources.isEmpty() && lowTrust.containsAll(sources);
    }

    /** The pieces of knowledge that cite a source, rules first, in file order. */
    public List<Citation> citing(String sourceId) {
        return citations.stream().filter(c -> c.sources().contains(sourceId)).toList();
    }

    /** The pieces of knowledge that cite low-trust sources alone, rules first, in file order. */
    public List<Citation> unconfirmed() {
        return citations.stream().filter(c -> unconfirmed(c.sources())).toList();
    }

    /**
     * One piece of knowledge and the sources it cites.
     *
     * @param kind {@code rule}, {@code cause}, {@code question}, {@code fix}, {@code scenario},
     *     {@code environment}, {@code evidence}, {@code ticket-pattern} or {@code error-code}
     * @param id the rule's name or the entry's id; an error code's is its table and code, as in
     *     {@code extended_reasons/0x7}
     * @param where the file and line it is written at, as {@link KnowledgeBase#location} gives it
     */
    public record Citation(String kind, String id, String where, List<String> sources) {
        public Citation {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(id, "id");
            sources = List.copyOf(sources);
        }
    }
}
