package org.rdpdoctor.bench;

import com.github.benmanes.caffeine.cache.Cache;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.kie.api.KieBase;
import org.kie.api.runtime.KieSession;
import org.rdpdoctor.engine.Ask;
import org.rdpdoctor.engine.Diagnosis;
import org.rdpdoctor.engine.Event;
import org.rdpdoctor.engine.RuleBase;
import org.rdpdoctor.engine.ScenarioResult;
import org.rdpdoctor.engine.ScenarioRunner;
import org.rdpdoctor.engine.Support;
import org.rdpdoctor.kb.Option;
import org.rdpdoctor.kb.Scenario;

/**
 * What the benchmarks share: finding and loading the real knowledge base, choosing the typical
 * session, and the few engine internals the benchmarks read. The internals are package-private in
 * the engine (the product has no use for them), so they are read by reflection here, once per setup
 * or per step of a scenario run, never inside a measured JMH method.
 */
final class Bench {
    private Bench() {}

    /** The folder holding kb/ and rules/: -Drdpdoctor.home, else the working folder or its parent. */
    static Path home() {
        String set = System.getProperty("rdpdoctor.home");
        if (set != null) {
            return Path.of(set);
        }
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("kb")) && Files.isDirectory(p.resolve("rules"))) {
                return p;
            }
        }
        throw new IllegalStateException("no kb/ and rules/ above " + here + ": run from the repo");
    }

    static RuleBase load() {
        Path home = home();
        return RuleBase.load(home.resolve("kb"), home.resolve("rules"));
    }

    static Event.Started started(Scenario s) {
        return new Event.Started(s.start().errorCode(), s.start().extendedCode(), null, null, null);
    }

    /**
     * Names the scenario {@link #typicalSession} takes instead of the median one, so that runs
     * against knowledge with other scenarios time the same session.
     */
    static final String SCENARIO_PROPERTY = "rdpdoctor.bench.scenario";

    /**
     * A typical session: the scenario with the median number of questions the engine asks (ties by
     * id), or the one {@value #SCENARIO_PROPERTY} names, as events, with its last answer left out so
     * that the engine is still asking and the step includes choosing the next question.
     */
    static List<Event> typicalSession(RuleBase rules) {
        List<Event> events = typicalDiagnosis(rules);
        return events.subList(0, events.size() - 1);
    }

    /**
     * The typical session with its last answer, which brings it to its diagnosis: the step then
     * includes looking for a question that would reorder the fixes.
     */
    static List<Event> typicalDiagnosis(RuleBase rules) {
        List<ScenarioResult> results = new ArrayList<>(ScenarioRunner.runAll(rules));
        results.removeIf(r -> r.asked().size() < 2);
        results.sort(
                Comparator.comparingInt((ScenarioResult r) -> r.asked().size())
                        .thenComparing(ScenarioResult::id));
        String chosen = System.getProperty(SCENARIO_PROPERTY);
        ScenarioResult median =
                chosen == null
                        ? results.get(results.size() / 2)
                        : results.stream()
                                .filter(r -> r.id().equals(chosen))
                                .findFirst()
                                .orElseThrow(
                                        () ->
                                                new IllegalArgumentException(
                                                        SCENARIO_PROPERTY
                                                                + ": no scenario '"
                                                                + chosen
                                                                + "' that asks 2 questions or more"));
        Scenario s =
                rules.knowledge().scenarios().stream()
                        .filter(x -> x.id().equals(median.id()))
                        .findFirst()
                        .orElseThrow();
        System.out.println(
                "# typical session: scenario " + s.id() + ", " + median.asked().size() + " questions");
        List<Event> events = new ArrayList<>();
        events.add(started(s));
        s.evidence()
                .forEach(
                        e ->
                                events.add(
                                        new Event.EvidenceAdded(
                                                e.kind(), e.value(), e.source(), null)));
        List<String> asked = median.asked();
        for (String q : asked) {
            events.add(new Event.Answered(q, s.answers().getOrDefault(q, Option.UNKNOWN)));
        }
        return events;
    }

    /**
     * Empties the rule base's memory of next questions and fix questions, so that the next step
     * works its own out.
     */
    static void forgetQuestions(RuleBase rules) {
        for (String memory : List.of("nextQuestions", "fixQuestions")) {
            try {
                Method m = RuleBase.class.getDeclaredMethod(memory);
                m.setAccessible(true);
                ((Cache<?, ?>) m.invoke(rules)).invalidateAll();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(
                        "RuleBase." + memory + "() is gone: update the bench", e);
            }
        }
    }

    /** The compiled KieBase the engine uses (package-private in the engine). */
    static KieBase kieBase(RuleBase rules) {
        try {
            Method m = RuleBase.class.getDeclaredMethod("kieBase");
            m.setAccessible(true);
            return (KieBase) m.invoke(rules);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("RuleBase.kieBase() is gone: update the bench", e);
        }
    }

    /** The facts the engine inserted into the session (everything but what rules derived). */
    static List<Object> insertedFacts(Diagnosis d) {
        try {
            Field f = Diagnosis.class.getDeclaredField("session");
            f.setAccessible(true);
            KieSession session = (KieSession) f.get(d);
            return new ArrayList<>(
                    session.getObjects(o -> !(o instanceof Support) && !(o instanceof Ask)));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Diagnosis.session is gone: update the bench", e);
        }
    }

    /** The questions some rule found worth asking now (the engine's askable set). */
    static Set<String> askable(Diagnosis d) {
        try {
            Method m = Diagnosis.class.getDeclaredMethod("asks");
            m.setAccessible(true);
            @SuppressWarnings("unchecked")
            Set<Ask> asks = (Set<Ask>) m.invoke(d);
            Set<String> out = new LinkedHashSet<>();
            asks.forEach(a -> out.add(a.question()));
            return out;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Diagnosis.asks() is gone: update the bench", e);
        }
    }
}
