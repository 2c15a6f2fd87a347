package org.rdpdoctor.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.rdpdoctor.kb.Cause;

/**
 * The ranking a session would have after one more answer, worked out from the supports that answer
 * adds and removes: only the causes they touch are scored again, so trying an answer costs the same
 * however many causes the knowledge has.
 */
final class LookAhead {
    /** How sharply scores turn into probabilities: a 0.25 lead is worth a factor e. */
    private static final double TEMPERATURE = 0.25;

    private final List<Cause> causes;
    private final Map<String, Integer> index = new HashMap<>();
    private final Map<String, List<Support>> supportsByCause;
    private final double[] scores;

    /** Cause indexes from best to worst score; ties keep the order of the causes. */
    private final int[] byRank;

    /**
     * The softmax of the scores kept as sums, so that an answer's changes update it: {@code max}
     * the highest score, {@code weights[i]} = e^((scores[i] - max) / T), {@code total} their sum
     * and {@code weighted} the sum of each weight times its exponent. The entropy is then
     * log(total) - weighted / total.
     */
    private final double max;

    private final double[] weights;
    private final double total;
    private final double weighted;

    LookAhead(List<Cause> causes, Set<Support> supports) {
        this.causes = causes;
        this.supportsByCause = Ranking.byCause(supports);
        this.scores = new double[causes.size()];
        for (int i = 0; i < causes.size(); i++) {
            Cause cause = causes.get(i);
            index.put(cause.id(), i);
            scores[i] = Ranking.score(cause, supportsByCause.getOrDefault(cause.id(), List.of()));
        }
        this.byRank =
                IntStream.range(0, scores.length)
                        .boxed()
                        .sorted(Comparator.comparingDouble((Integer i) -> -scores[i]))
                        .mapToInt(Integer::intValue)
                        .toArray();
        this.max = scores.length == 0 ? 0 : scores[byRank[0]];
        this.weights = new double[scores.length];
        double sum = 0;
        double sumWeighted = 0;
        for (int i = 0; i < scores.length; i++) {
            weights[i] = Math.exp(exponent(scores[i]));
            sum += weights[i];
            sumWeighted += weights[i] * exponent(scores[i]);
        }
        this.total = sum;
        this.weighted = sumWeighted;
    }

    /**
     * The share of the belief held by the causes some support speaks to: a question that moves only
     * those moves the uncertainty by about this share of what it does among them.
     */
    double inPlay() {
        double mass = 0;
        for (String id : supportsByCause.keySet()) {
            mass += weights[index.get(id)];
        }
        return mass / total;
    }

    /** The ranking after a change: its leader, its uncertainty and the causes it scores anew. */
    Outcome after(SupportChange change) {
        Map<Integer, Double> changed = new LinkedHashMap<>();
        List<String> touched = new ArrayList<>();
        change.added().forEach(s -> touched.add(s.cause()));
        change.removed().forEach(s -> touched.add(s.cause()));
        for (String id : touched) {
            int i = index.get(id);
            if (changed.containsKey(i)) {
                continue;
            }
            List<Support> kept = new ArrayList<>();
            for (Support s : supportsByCause.getOrDefault(id, List.of())) {
                if (!change.removed().contains(s)) {
                    kept.add(s);
                }
            }
            for (Support s : change.added()) {
                if (s.cause().equals(id)) {
                    kept.add(s);
                }
            }
            changed.put(i, Ranking.score(causes.get(i), kept));
        }
        int leader = -1;
        for (int i : byRank) {
            if (!changed.containsKey(i)) {
                leader = i;
                break;
            }
        }
        double leaderScore = leader < 0 ? Double.NEGATIVE_INFINITY : scores[leader];
        double sum = total;
        double sumWeighted = weighted;
        for (Map.Entry<Integer, Double> e : changed.entrySet()) {
            int i = e.getKey();
            double score = e.getValue();
            if (score > leaderScore || score == leaderScore && i < leader) {
                leader = i;
                leaderScore = score;
            }
            double weight = Math.exp(exponent(score));
            sum += weight - weights[i];
            sumWeighted += weight * exponent(score) - weights[i] * exponent(scores[i]);
        }
        return new Outcome(
                causes.get(leader).id(), leaderScore, Math.log(sum) - sumWeighted / sum, changed);
    }

    /**
     * How much asking a question lowers the uncertainty on average, each answer weighed by how
     * likely the causes as ranked now make it. A cause makes likely the answers that raise its
     * score and unlikely those that lower it, in the proportions the softmax gives those scores; a
     * cause no answer touches expects every answer alike. Weighing answers alike instead overrates
     * a question whose rare answer would crown an outsider.
     */
    double expectedGain(List<Outcome> outcomes) {
        int n = outcomes.size();
        Map<Integer, double[]> touched = new HashMap<>();
        for (int o = 0; o < n; o++) {
            for (Map.Entry<Integer, Double> e : outcomes.get(o).changed().entrySet()) {
                double[] after = touched.get(e.getKey());
                if (after == null) {
                    after = new double[n];
                    Arrays.fill(after, scores[e.getKey()]);
                    touched.put(e.getKey(), after);
                }
                after[o] = e.getValue();
            }
        }
        double[] answerLikelihood = new double[n];
        double untouchedBelief = 1;
        double[] perCause = new double[n];
        for (Map.Entry<Integer, double[]> e : touched.entrySet()) {
            int c = e.getKey();
            double belief = weights[c] / total;
            untouchedBelief -= belief;
            double sum = 0;
            for (int o = 0; o < n; o++) {
                perCause[o] = Math.exp((e.getValue()[o] - scores[c]) / TEMPERATURE);
                sum += perCause[o];
            }
            for (int o = 0; o < n; o++) {
                answerLikelihood[o] += belief * perCause[o] / sum;
            }
        }
        double before = Math.log(total) - weighted / total;
        double gain = 0;
        for (int o = 0; o < n; o++) {
            double likelihood = answerLikelihood[o] + untouchedBelief / n;
            gain += likelihood * (before - outcomes.get(o).uncertainty());
        }
        return gain;
    }

    private double exponent(double score) {
        return (score - max) / TEMPERATURE;
    }

    /**
     * The leading cause and its score and the uncertainty after one answer, and the causes whose
     * supports it changes with their new scores (by index in the causes). The uncertainty is the
     * entropy of the scores turned into a distribution (softmax); a question is worth what its
     * answers lower it on average.
     */
    record Outcome(
            String leader, double leaderScore, double uncertainty, Map<Integer, Double> changed) {}
}
