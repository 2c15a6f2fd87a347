package org.rdpdoctor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.rdpdoctor.kb.Cause;

/**
 * A step ranks only the causes its supports touch and merges them into the order the priors give:
 * the result must be the ranking of every cause sorted afresh, ties in the order of causes.yaml.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class PriorRankingTest {

    @Test
    void merged_ranking_is_every_cause_sorted_afresh() {
        RuleBase rules = Fixtures.real();
        List<Cause> causes = rules.knowledge().causes();
        Weight[] weights = Weight.values();
        Random random = new Random(7);
        for (int round = 0; round < 500; round++) {
            List<Support> supports = new ArrayList<>();
            int count = random.nextInt(12);
            for (int i = 0; i < count; i++) {
                Cause cause = causes.get(random.nextInt(causes.size()));
                supports.add(
                        new Support(
                                cause.id(),
                                weights[random.nextInt(weights.length)],
                                "rule " + i,
                                List.of()));
            }
            Map<String, List<Support>> byCause = Ranking.byCause(supports);

            List<String> merged =
                    rules.priorRanking().rank(byCause).stream().map(s -> s.cause().id()).toList();

            List<Cause> sorted = new ArrayList<>(causes);
            sorted.sort(
                    Comparator.comparingDouble(
                            c -> -Ranking.score(c, byCause.getOrDefault(c.id(), List.of()))));
            assertThat(merged)
                    .as("supports %s", supports)
                    .isEqualTo(sorted.stream().map(Cause::id).toList());
        }
    }

    @Test
    void a_cause_no_support_touches_shows_its_prior_and_no_reasons() {
        RuleBase rules = Fixtures.real();
        Cause cause = rules.knowledge().causes().get(0);

        DiagnosisState.RankedCause row = rules.priorRanking().row(cause.id());

        assertThat(row.causeId()).isEqualTo(cause.id());
        assertThat(row.score()).isEqualTo(cause.prior());
        assertThat(row.explanation()).isEmpty();
    }
}
