package org.rdpdoctor.engine;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.kie.api.KieBase;
import org.rdpdoctor.kb.InvalidKnowledgeException;
import org.rdpdoctor.kb.KbLoader;
import org.rdpdoctor.kb.KnowledgeBase;
import org.rdpdoctor.kb.Problem;

/**
 * A knowledge base with its rules compiled: immutable, shared by every session, replaced whole when
 * the knowledge changes.
 */
public final class RuleBase {
    /**
     * How many situations' next questions are remembered, and as many fix questions apart: about 11
     * MiB for the next questions, an entry being about 1.2 KiB (measured over the 1,754 situations
     * of the real knowledge's decision tree); fix questions are kept only for diagnosed situations.
     */
    private static final int NEXT_QUESTIONS_KEPT = 10_000;

    private final KnowledgeBase knowledge;
    private final KieBase kieBase;
    private final Map<String, RuleInfo> rules;
    private final Set<String> matched;
    private final String version;
    private final PriorRanking priorRanking;
    private final Provenance provenance;
    private final Cache<StateBuilder.Situation, Optional<DiagnosisState.NextQuestion>>
            nextQuestions = questionCache();
    private final Cache<StateBuilder.Situation, Optional<DiagnosisState.NextQuestion>>
            fixQuestions = questionCache();

    RuleBase(
            KnowledgeBase knowledge,
            KieBase kieBase,
            Map<String, RuleInfo> rules,
            Set<String> matched,
            String version) {
        this.knowledge = Objects.requireNonNull(knowledge, "knowledge");
        this.kieBase = Objects.requireNonNull(kieBase, "kieBase");
        this.rules = Map.copyOf(rules);
        this.matched = Set.copyOf(matched);
        this.version = Objects.requireNonNull(version, "version");
        this.priorRanking =
                new PriorRanking(knowledge.causes(), id -> this.matched.contains("support:" + id));
        this.provenance = Provenance.of(knowledge, this.rules.values());
    }

    /**
     * Loads {@code kbDir} and compiles the DRL files of {@code rulesDir} against it.
     *
     * @throws InvalidKnowledgeException listing every problem in either; when {@code kbDir} does
     *     not load, the rules' problems are listed with its own: all of them when every entry of
     *     {@code kbDir} was read and only its checks failed (an id a scenario names that does not
     *     exist), else those that do not depend on it
     */
    public static RuleBase load(Path kbDir, Path rulesDir) {
        KnowledgeBase kb;
        try {
            kb = KbLoader.load(kbDir);
        } catch (InvalidKnowledgeException e) {
            List<Problem> problems = new ArrayList<>(e.problems());
            problems.addAll(RuleBaseCompiler.problemsBeside(e.asRead().orElse(null), rulesDir));
            throw new InvalidKnowledgeException(problems);
        }
        return RuleBaseCompiler.compile(kb, rulesDir);
    }

    public KnowledgeBase knowledge() {
        return knowledge;
    }

    /** The version of the knowledge and the rules together, a short content hash. */
    public String version() {
        return version;
    }

    public Map<String, RuleInfo> rules() {
        return rules;
    }

    /**
     * Whether some rule's condition matches this answer: an option no rule matches changes nothing.
     */
    public boolean isMatched(String question, String option) {
        return matched.contains("question:" + question)
                || matched.contains("option:" + question + "/" + option);
    }

    /** Whether some rule's condition matches this evidence, as {@link #isMatched} for answers. */
    public boolean isEvidenceMatched(String kind, String value) {
        return matched.contains("kind:" + kind) || matched.contains("value:" + kind + "/" + value);
    }

    public Optional<RuleInfo> rule(String name) {
        return Optional.ofNullable(rules.get(name));
    }

    /** Which rules and entries cite each source, and which rest on low-trust sources alone. */
    public Provenance provenance() {
        return provenance;
    }

    KieBase kieBase() {
        return kieBase;
    }

    /** How many Drools sessions of this rule base are open: each open diagnosis has one. */
    public int openSessions() {
        return kieBase.getKieSessions().size();
    }

    /**
     * The next questions worked out so far, by situation. They belong to this rule base: a reload
     * makes a new one, so nothing outlives the knowledge it was computed from.
     */
    Cache<StateBuilder.Situation, Optional<DiagnosisState.NextQuestion>> nextQuestions() {
        return nextQuestions;
    }

    /** The questions that would reorder a diagnosed cause's fixes, by situation, likewise. */
    Cache<StateBuilder.Situation, Optional<DiagnosisState.NextQuestion>> fixQuestions() {
        return fixQuestions;
    }

    private static Cache<StateBuilder.Situation, Optional<DiagnosisState.NextQuestion>>
            questionCache() {
        return Caffeine.newBuilder()
                .maximumSize(NEXT_QUESTIONS_KEPT)
                // Evict on the caller's thread: no tasks for the shared pool.
                .executor(Runnable::run)
                .build();
    }

    /** The ranking the knowledge's priors alone give, which every step's ranking starts from. */
    PriorRanking priorRanking() {
        return priorRanking;
    }
}
