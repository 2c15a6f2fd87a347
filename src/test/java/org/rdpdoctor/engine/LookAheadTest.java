package org.rdpdoctor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdpdoctor.kb.BrokenFixture;
import org.rdpdoctor.kb.Cause;
import org.rdpdoctor.kb.Option;
import org.rdpdoctor.kb.Question;

/**
 * The look-ahead that picks the next question: each tried answer must report exactly what answering
 * it would change, and a remembered next question must be the one worked out afresh.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class LookAheadTest {

    /** The small rules and one whose support an answer takes away, as truth maintenance does. */
    private static final String UNTIL_ANSWERED =
            """
            package org.rdpdoctor.rules;

            import org.rdpdoctor.engine.*;

            // Until the timing is known, a CredSSP mismatch stays in view.
            rule "Unknown timing keeps CredSSP in view"
                @source("doc-a")
            when
                ErrorReport()
                not Answer(question == "timing")
            then
                insertLogical(new Support("credssp-mismatch", Weight.WEAK, kcontext));
            end
            """;

    @Test
    void each_tried_answer_changes_exactly_what_really_answering_it_changes(@TempDir Path dir)
            throws IOException {
        BrokenFixture.copySmall(dir);
        Files.writeString(dir.resolve("rules/until-answered.drl"), UNTIL_ANSWERED);
        RuleBase rules = RuleBase.load(dir.resolve("kb"), dir.resolve("rules"));
        List<Event> events =
                List.of(
                        Fixtures.started("0x904", "0x7"),
                        new Event.FixTried(
                                rules.knowledge().causes().get(0).fixes().get(0), false));
        try (Diagnosis d = Diagnosis.replay(rules, events)) {
            Set<Support> before = d.supports();
            Set<Ask> asksBefore = d.asks();
            List<Question> questions = rules.knowledge().questions();

            Map<String, List<Diagnosis.TriedAnswer>> changes = d.ifAnswered(questions);

            assertThat(d.supports()).isEqualTo(before);
            assertThat(d.asks()).isEqualTo(asksBefore);
            for (Question q : questions) {
                for (int i = 0; i < q.options().size(); i++) {
                    Option option = q.options().get(i);
                    List<Event> answered = new ArrayList<>(events);
                    answered.add(new Event.Answered(q.id(), option.id()));
                    try (Diagnosis really = Diagnosis.replay(rules, answered)) {
                        Set<Support> added = new HashSet<>(really.supports());
                        added.removeAll(before);
                        Set<Support> removed = new HashSet<>(before);
                        removed.removeAll(really.supports());
                        assertThat(changes.get(q.id()).get(i).supports())
                                .as("%s = %s", q.id(), option.id())
                                .isEqualTo(new SupportChange(added, removed));
                    }
                }
            }
            assertThat(changes.get("timing"))
                    .extracting(Diagnosis.TriedAnswer::supports)
                    .allMatch(c -> c.removed().size() == 1)
                    .anyMatch(c -> !c.added().isEmpty());
        }
    }

    /**
     * Two causes share the lead; a third trails. One question would settle between the leaders. The
     * other has an answer that would crown the trailing cause against both leaders, which is
     * unlikely while they lead, and an answer that changes nothing. Taking answers as equally
     * likely would prefer the second question (0.43 against 0.31 nats); weighed by the ranking it
     * is worth less.
     */
    @Test
    void
            a_question_that_separates_the_leaders_beats_one_whose_unlikely_answer_crowns_an_outsider() {
        assertSeparatingTheLeadersIsWorthMore(List.of());
    }

    /**
     * As above, but most of the belief lies with causes neither question touches. Those causes do
     * not expect the answer that is evidence for the outsider as often as the one that changes
     * nothing; spreading their belief alike over both answers would prefer the crowning question.
     */
    @Test
    void causes_neither_question_touches_do_not_expect_the_answer_that_crowns_an_outsider() {
        List<Cause> untouched = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            untouched.add(cause("u" + i, 0.3));
        }
        assertSeparatingTheLeadersIsWorthMore(untouched);
    }

    /**
     * Leaders a and b, outsider c and the given causes: a question whose answers each raise one
     * leader must be worth more than one whose answers crown c or change nothing.
     */
    private static void assertSeparatingTheLeadersIsWorthMore(List<Cause> others) {
        List<Cause> causes = new ArrayList<>(List.of(cause("a", 0.3), cause("b", 0.3)));
        causes.add(cause("c", 0));
        causes.addAll(others);
        PriorRanking priors = new PriorRanking(causes, id -> true);
        LookAhead lookAhead = new LookAhead(priors, priors.rank(Map.of()), Map.of());
        List<LookAhead.Outcome> separates =
                List.of(
                        lookAhead.after(adds(support("a", Weight.MODERATE))),
                        lookAhead.after(adds(support("b", Weight.MODERATE))));
        List<LookAhead.Outcome> crowns =
                List.of(
                        lookAhead.after(
                                adds(
                                        support("c", Weight.STRONG),
                                        support("a", Weight.MODERATE_AGAINST),
                                        support("b", Weight.MODERATE_AGAINST))),
                        lookAhead.after(adds()));

        assertThat(crowns.get(0).leader()).isEqualTo("c");
        assertThat(lookAhead.expectedGain(separates)).isGreaterThan(lookAhead.expectedGain(crowns));
    }

    /**
     * Causes no rule speaks to in a session (knowledge about other errors) spread the uncertainty
     * over themselves; they must not make every question look worthless. With a thousand of them
     * the session asks what it asks without them.
     */
    @Test
    void causes_no_rule_speaks_to_do_not_silence_the_next_question(@TempDir Path dir)
            throws IOException {
        BrokenFixture.copySmall(dir);
        List<Event> events = List.of(Fixtures.started("0x904", "0x7"));
        DiagnosisState plain =
                state(RuleBase.load(dir.resolve("kb"), dir.resolve("rules")), events);
        StringBuilder others = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            others.append(
                    """
                    - id: other-%d
                      title: Another failure %d
                      summary: Knowledge about an error this session does not show.
                      category: network
                      prior: 0.1
                      sources: [doc-a]
                      fixes: [open-port]
                    """
                            .formatted(i, i));
        }
        Files.writeString(
                dir.resolve("kb/causes.yaml"), others.toString(), StandardOpenOption.APPEND);

        DiagnosisState diluted =
                state(RuleBase.load(dir.resolve("kb"), dir.resolve("rules")), events);

        assertThat(plain.nextQuestion()).isNotNull();
        assertThat(diluted.status()).isEqualTo(DiagnosisState.Status.ASKING);
        assertThat(diluted.nextQuestion().id()).isEqualTo(plain.nextQuestion().id());
    }

    private static Cause cause(String id, double prior) {
        return new Cause(id, id, id, "test", prior, List.of("doc-a"), List.of(), null);
    }

    private static Support support(String cause, Weight weight) {
        return new Support(cause, weight, "rule for " + cause, List.of());
    }

    private static SupportChange adds(Support... supports) {
        return new SupportChange(Set.of(supports), Set.of());
    }

    @Test
    void a_remembered_next_question_is_the_one_worked_out_afresh() {
        RuleBase rules = Fixtures.small();
        List<List<Event>> sessions = sessions(rules);
        List<DiagnosisState> warm = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            warm.clear();
            for (List<Event> events : sessions) {
                warm.add(state(rules, events));
            }
        }

        for (int i = 0; i < sessions.size(); i++) {
            rules.nextQuestions().invalidateAll();
            assertThat(warm.get(i))
                    .as("session %s", sessions.get(i))
                    .isEqualTo(state(rules, sessions.get(i)));
        }
        assertThat(
                        warm.stream()
                                .map(DiagnosisState::nextQuestion)
                                .filter(Objects::nonNull)
                                .map(DiagnosisState.NextQuestion::id)
                                .distinct())
                .hasSizeGreaterThan(1);
    }

    /**
     * Sessions that share answers but differ in a failed fix or in evidence, so that a memory keyed
     * on too few facts would hand one of them another's question.
     */
    private static List<List<Event>> sessions(RuleBase rules) {
        List<List<Event>> out = new ArrayList<>();
        String fix = rules.knowledge().causes().get(0).fixes().get(0);
        for (Question q : rules.knowledge().questions()) {
            for (Option o : q.options()) {
                List<Event> events = new ArrayList<>();
                events.add(Fixtures.started("0x904", "0x7"));
                events.add(new Event.Answered(q.id(), o.id()));
                out.add(List.copyOf(events));
                events.add(new Event.FixTried(fix, false));
                out.add(List.copyOf(events));
                events.add(new Event.EvidenceAdded("tcp-connect", "open", "probe", null));
                out.add(List.copyOf(events));
            }
        }
        return out;
    }

    private static DiagnosisState state(RuleBase rules, List<Event> events) {
        try (Diagnosis d = Diagnosis.replay(rules, events)) {
            return d.state();
        }
    }
}
