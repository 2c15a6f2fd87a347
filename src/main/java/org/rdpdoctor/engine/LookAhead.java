package org.rdpdoctor.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ranking a session would have after one more answer, worked out from the supports that answer
 * adds and removes: only the causes they touch are scored again, so trying an answer costs the same
 * however many causes the knowledge has.
 */
final class LookAhead {
    /** How sharply scores turn into probabilities: a 0.25 lead is worth a factor e. */
    private static final double TEMPERATURE = 0.25;

    /**
     * The share of a cause's belief that, when no answer of a question touches the cause, goes to
     * the answers in inverse proportion to how much they raise other causes (an answer that is
     * evidence for another cause is less likely when that cause is not at fault); the rest goes to
     * every answer alike (the rules may just not speak to the cause). 0.4 and 0.5 asked the fewest
     * questions over the scenarios with all of them right (0 before, 1 gets three wrong); see
     * docs/benchmarks.md.
     */
    private static final double SPECIFIC_SHARE = 0.5;

    private final PriorRanking priors;
    private final Map<String, List<Support>> supportsByCause;

    /** The session's ranking, best first. */
    private final List<Ranking.Scored> order;

    /** Every cause's score, by position in the causes. */
    private final double[] scores;

    /**
     * The softmax of the scores kept as sums, so that an answer's changes update it: {@code
     * weights[i]} = e^(exponent(scores[i])), {@code total} their sum and {@code weighted} the sum
     * of each weight times its exponent. The entropy is then log(total) - weighted / total. The
     * sums start from the priors' and change only for the causes with supports.
     */
    private final double[] weights;

    private final double total;
    private final double weighted;

    LookAhead(
            PriorRanking priors,
            List<Ranking.Scored> order,
            Map<String, List<Support>> supportsByCause) {
        this.priors = priors;
        this.order = order;
        this.supportsByCause = supportsByCause;
        this.scores = priors.scores();
        this.weights = priors.weights();
        double sum = priors.total();
        double sumWeighted = priors.weighted();
        for (Map.Entry<String, List<Support>> e : supportsByCause.entrySet()) {
            int i = priors.position(e.getKey());
            double score = Ranking.score(priors.cause(i), e.getValue());
            double weight = weight(score);
            sum += weight - weights[i];
            sumWeighted += weight * exponent(score) - weights[i] * exponent(scores[i]);
            scores[i] = score;
            weights[i] = weight;
        }
        this.total = sum;
        this.weighted = sumWeighted;
    }

    /**
     * A score's weight in the softmax. Scores are at most 1, the exponent at most 0, so no weight
     * overflows.
     */
    static double weight(double score) {
        return Math.exp(exponent(score));
    }

    /** A score's exponent in the softmax: its distance below the highest possible score, in T. */
    static double exponent(double score) {
        return (score - 1) / TEMPERATURE;
    }

    /**
     * The share of the belief held by the causes some support speaks to: a question that moves only
     * those moves the uncertainty by about this share of what it does among them.
     */
    double inPlay() {
        double mass = 0;
        for (String id : supportsByCause.keySet()) {
            mass += weights[priors.position(id)];
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
            int i = priors.position(id);
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
            changed.put(i, Ranking.score(priors.cause(i), kept));
        }
        int leader = -1;
        for (Ranking.Scored s : order) {
            int i = priors.position(s.cause().id());
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
            double weight = weight(score);
            sum += weight - weights[i];
            sumWeighted += weight * exponent(score) - weights[i] * exponent(scores[i]);
        }
        return new Outcome(
                priors.cause(leader).id(), leaderScore, Math.log(sum) - sumWeighted / sum, changed);
    }

    /**
     * How much asking a question lowers the uncertainty on average, each answer weighed by how
     * likely the causes as ranked now make it. A cause makes likely the answers that raise its
     * score and unlikely those that lower it, in the proportions the softmax gives those scores; a
     * cause no answer touches expects the answers that raise no other cause more than those that do
     * ({@link #SPECIFIC_SHARE}). Weighing answers alike instead overrates a question whose rare
     * answer would crown an outsider.
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
        double[] mostRaised = new double[n];
        double untouchedBelief = 1;
        double[] perCause = new double[n];
        for (Map.Entry<Integer, double[]> e : touched.entrySet()) {
            int c = e.getKey();
            double belief = weights[c] / total;
            untouchedBelief -= belief;
            double sum = 0;
            for (int o = 0; o < n; o++) {
                double raise = e.getValue()[o] - scores[c];
                mostRaised[o] = Math.max(mostRaised[o], raise);
                perCause[o] = Math.exp(raise / TEMPERATURE);
                sum += perCause[o];
            }
            for (int o = 0; o < n; o++) {
                answerLikelihood[o] += belief * perCause[o] / sum;
            }
        }
        double[] unspecific = new double[n];
        double unspecificSum = 0;
        for (int o = 0; o < n; o++) {
            unspecific[o] = Math.exp(-mostRaised[o] / TEMPERATURE);
            unspecificSum += unspecific[o];
        }
        double before = Math.log(total) - weighted / total;
        double gain = 0;
        for (int o = 0; o < n; o++) {
            double untouched =
                    SPECIFIC_SHARE * unspecific[o] / unspecificSum + (1 - SPECIFIC_SHARE) / n;
            double likelihood = answerLikelihood[o] + untouchedBelief * untouched;
            gain += likelihood * (before - outcomes.get(o).uncertainty());
        }
        return gain;
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
