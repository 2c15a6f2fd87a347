package org.rdpdoctor.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.kie.api.KieBase;
import org.kie.api.runtime.KieSession;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.rdpdoctor.engine.Diagnosis;
import org.rdpdoctor.engine.DiagnosisState;
import org.rdpdoctor.engine.Event;
import org.rdpdoctor.engine.RuleBase;

/**
 * One engine step on the real knowledge base against raw Drools on the same facts.
 *
 * <ul>
 *   <li>{@code step}: replay a typical session's events (a new Drools session, each event inserted
 *       and fired as the engine does), then the state: ranking with explanations, status, fixes and
 *       the next question, then close. The rule base remembers the next question of every situation
 *       (the facts of a session) it has worked out, so this is the step of a session in a situation
 *       an earlier session reached: the usual case on a helpdesk, where most tickets start alike.
 *   <li>{@code stepCold}: the same step with that memory emptied first, so the next question is
 *       worked out (every answer of every askable question tried and taken back): the step of a
 *       situation no session reached before.
 *   <li>{@code diagnosed} and {@code diagnosedCold}: the step of the same session with its last
 *       answer, which reaches the diagnosis, so the state also looks for a question that would
 *       reorder the leading cause's fixes (every answer of every askable question tried for the
 *       fix hints it brings); cold with both memories emptied.
 *   <li>{@code rawFireAllRules}: the same KieBase, a new KieSession, the same facts the engine
 *       inserted for those events, one {@code fireAllRules}, dispose.
 *   <li>{@code replayOnly}: the step without the state (no ranking, no next question), to show
 *       where the step's time goes.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class EngineBench {
    private RuleBase rules;
    private List<Event> events;
    private List<Event> diagnosedEvents;
    private KieBase kieBase;
    private List<Object> facts;

    @Setup(Level.Trial)
    public void setup() {
        rules = Bench.load();
        events = Bench.typicalSession(rules);
        diagnosedEvents = Bench.typicalDiagnosis(rules);
        kieBase = Bench.kieBase(rules);
        try (Diagnosis d = Diagnosis.replay(rules, events)) {
            facts = Bench.insertedFacts(d);
            DiagnosisState s = d.state();
            System.out.println(
                    "\n# typical session: "
                            + events.size()
                            + " events, "
                            + facts.size()
                            + " facts inserted, status "
                            + s.status().id()
                            + ", next question "
                            + (s.nextQuestion() == null ? "-" : s.nextQuestion().id())
                            + "\n# events: "
                            + events);
        }
        try (Diagnosis d = Diagnosis.replay(rules, diagnosedEvents)) {
            DiagnosisState s = d.state();
            if (s.status() != DiagnosisState.Status.DIAGNOSED) {
                throw new IllegalStateException(
                        "the typical session ends " + s.status().id() + ", not diagnosed");
            }
            System.out.println(
                    "# with its last answer: status diagnosed, leading "
                            + s.leadingCause()
                            + ", fix question "
                            + (s.fixQuestion() == null ? "-" : s.fixQuestion().id()));
        }
    }

    @Benchmark
    public DiagnosisState step() {
        try (Diagnosis d = Diagnosis.replay(rules, events)) {
            return d.state();
        }
    }

    @Benchmark
    public DiagnosisState stepCold() {
        Bench.forgetQuestions(rules);
        try (Diagnosis d = Diagnosis.replay(rules, events)) {
            return d.state();
        }
    }

    @Benchmark
    public DiagnosisState diagnosed() {
        try (Diagnosis d = Diagnosis.replay(rules, diagnosedEvents)) {
            return d.state();
        }
    }

    @Benchmark
    public DiagnosisState diagnosedCold() {
        Bench.forgetQuestions(rules);
        try (Diagnosis d = Diagnosis.replay(rules, diagnosedEvents)) {
            return d.state();
        }
    }

    /** The replay alone, without the state: where the step's time goes. */
    @Benchmark
    public int replayOnly() {
        try (Diagnosis d = Diagnosis.replay(rules, events)) {
            return d.events().size();
        }
    }

    @Benchmark
    public int rawFireAllRules() {
        KieSession session = kieBase.newKieSession();
        try {
            for (Object fact : facts) {
                session.insert(fact);
            }
            return session.fireAllRules();
        } finally {
            session.dispose();
        }
    }
}
