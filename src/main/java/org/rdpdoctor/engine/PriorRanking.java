package org.rdpdoctor.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.rdpdoctor.kb.Cause;

/**
 * What every ranking of one knowledge base shares: the causes in the order their priors alone give
 * them, the row each one shows while no support touches it, and the softmax sums the look-ahead
 * starts from. Made once per rule base, so that a step scores and sorts only the causes its
 * supports touch and merges them into this order: a step costs little more with a hundred times the
 * causes. A cause that no rule supports, or only rules that read the error codes alone, has no
 * weight in the softmax until a support touches it: no answer can move it, so it changes neither
 * which question is worth asking nor how much.
 */
final class PriorRanking {
    private final List<Cause> causes;
    private final List<Ranking.Scored> order;
    private final Map<String, Integer> position = new HashMap<>();
    private final Map<String, DiagnosisState.RankedCause> rows = new HashMap<>();
    private final double[] scores;
    private final double[] weights;
    private final double total;
    private final double weighted;
    private final Comparator<Ranking.Scored> bestFirst =
            Comparator.comparingDouble((Ranking.Scored s) -> -s.score())
                    .thenComparing(s -> position.get(s.cause().id()));

    /**
     * @param supported whether some rule that reads more than the error codes supports the cause
     *     with this id
     */
    PriorRanking(List<Cause> causes, Predicate<String> supported) {
        this.causes = List.copyOf(causes);
        List<Ranking.Scored> scored = new ArrayList<>();
        for (Cause cause : causes) {
            position.put(cause.id(), position.size());
            double score = Ranking.score(cause, List.of());
            scored.add(new Ranking.Scored(cause, score));
            rows.put(cause.id(), StateBuilder.row(cause, score, List.of()));
        }
        this.scores = scored.stream().mapToDouble(Ranking.Scored::score).toArray();
        this.weights = new double[scores.length];
        for (int i = 0; i < scores.length; i++) {
            weights[i] = supported.test(causes.get(i).id()) ? LookAhead.weight(scores[i]) : 0;
        }
        this.total = Arrays.stream(weights).sum();
        double sum = 0;
        for (int i = 0; i < scores.length; i++) {
            sum += weights[i] * LookAhead.exponent(scores[i]);
        }
        this.weighted = sum;
        scored.sort(bestFirst);
        this.order = List.copyOf(scored);
    }

    /**
     * Every cause, best first; ties keep the order of {@code causes.yaml}. The causes with supports
     * are scored from them, the others keep their priors.
     */
    List<Ranking.Scored> rank(Map<String, List<Support>> byCause) {
        List<Ranking.Scored> touched = new ArrayList<>();
        byCause.forEach(
                (id, supports) -> {
                    Cause cause = causes.get(position(id));
                    touched.add(new Ranking.Scored(cause, Ranking.score(cause, supports)));
                });
        touched.sort(bestFirst);
        List<Ranking.Scored> out = new ArrayList<>(order.size());
        int t = 0;
        for (Ranking.Scored untouched : order) {
            if (byCause.containsKey(untouched.cause().id())) {
                continue;
            }
            while (t < touched.size() && bestFirst.compare(touched.get(t), untouched) < 0) {
                out.add(touched.get(t++));
            }
            out.add(untouched);
        }
        out.addAll(touched.subList(t, touched.size()));
        return out;
    }

    /** A cause's place in {@code causes.yaml}. */
    int position(String causeId) {
        return position.get(causeId);
    }

    /** The cause at a place in {@code causes.yaml}. */
    Cause cause(int position) {
        return causes.get(position);
    }

    /** Every cause's prior score, by position (a copy). */
    double[] scores() {
        return scores.clone();
    }

    /**
     * Every cause's weight in the look-ahead's softmax at its prior score, by position (a copy).
     */
    double[] weights() {
        return weights.clone();
    }

    /** The sum of the weights. */
    double total() {
        return total;
    }

    /** The sum of each weight times its exponent. */
    double weighted() {
        return weighted;
    }

    /** The row of a cause no support touches. */
    DiagnosisState.RankedCause row(String causeId) {
        return rows.get(causeId);
    }
}
