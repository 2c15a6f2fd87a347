package org.rdpdoctor.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.rdpdoctor.kb.Cause;

/**
 * The ranking a session would have after one more answer, worked out from the supports that answer
 * adds and removes: only the causes they touch are scored again.
 */
final class LookAhead {
    /** How sharply scores turn into probabilities: a 0.25 lead is worth a factor e. */
    private static final double TEMPERATURE = 0.25;

    private final List<Cause> causes;
    private final Map<String, Integer> index = new HashMap<>();
    private final Map<String, List<Support>> supportsByCause;
    private final double[] scores;
    private final double[] belief;
    private final double uncertainty;

    LookAhead(List<Cause> causes, Set<Support> supports) {
        this.causes = causes;
        this.supportsByCause = Ranking.byCause(supports);
        this.scores = new double[causes.size()];
        for (int i = 0; i < causes.size(); i++) {
            Cause cause = causes.get(i);
            index.put(cause.id(), i);
            scores[i] = Ranking.score(cause, supportsByCause.getOrDefault(cause.id(), List.of()));
        }
        this.belief = softmax(scores);
        this.uncertainty = entropy(belief);
    }

    /** The scores after a change, in the order of the causes. */
    Outcome after(SupportChange change) {
        double[] after = scores.clone();
        Set<String> touched = new HashSet<>();
        change.added().forEach(s -> touched.add(s.cause()));
        change.removed().forEach(s -> touched.add(s.cause()));
        for (String id : touched) {
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
            int i = index.get(id);
            after[i] = Ranking.score(causes.get(i), kept);
        }
        int leader = 0;
        for (int i = 1; i < after.length; i++) {
            if (after[i] > after[leader]) {
                leader = i;
            }
        }
        return new Outcome(causes.get(leader).id(), after[leader], uncertainty(after), after);
    }

    /**
     * How much asking a question lowers the uncertainty on average, each answer weighed by how
     * likely the causes as ranked now make it. A cause makes likely the answers that raise its
     * score and unlikely those that lower it, in the proportions the softmax gives those scores; a
     * cause no answer touches expects every answer alike. Weighing answers alike instead overrates
     * a question whose rare answer would crown an outsider.
     */
    double expectedGain(List<Outcome> outcomes) {
        double[] answerLikelihood = new double[outcomes.size()];
        double[] perCause = new double[outcomes.size()];
        for (int c = 0; c < scores.length; c++) {
            if (!touched(outcomes, c)) {
                for (int o = 0; o < outcomes.size(); o++) {
                    answerLikelihood[o] += belief[c] / outcomes.size();
                }
                continue;
            }
            double total = 0;
            for (int o = 0; o < outcomes.size(); o++) {
                perCause[o] = Math.exp((outcomes.get(o).scores()[c] - scores[c]) / TEMPERATURE);
                total += perCause[o];
            }
            for (int o = 0; o < outcomes.size(); o++) {
                answerLikelihood[o] += belief[c] * perCause[o] / total;
            }
        }
        double gain = 0;
        for (int o = 0; o < outcomes.size(); o++) {
            gain += answerLikelihood[o] * (uncertainty - outcomes.get(o).uncertainty());
        }
        return gain;
    }

    private boolean touched(List<Outcome> outcomes, int cause) {
        for (Outcome outcome : outcomes) {
            if (outcome.scores()[cause] != scores[cause]) {
                return true;
            }
        }
        return false;
    }

    /**
     * How undecided a ranking is: the entropy of the scores turned into a distribution (softmax). A
     * question is worth what its answers lower this on average.
     */
    private static double uncertainty(double[] scores) {
        return entropy(softmax(scores));
    }

    private static double entropy(double[] distribution) {
        double entropy = 0;
        for (double p : distribution) {
            entropy -= p > 0 ? p * Math.log(p) : 0;
        }
        return entropy;
    }

    /** Scores turned into a distribution over the causes. */
    private static double[] softmax(double[] scores) {
        double max = Double.NEGATIVE_INFINITY;
        for (double score : scores) {
            max = Math.max(max, score);
        }
        double[] p = new double[scores.length];
        double sum = 0;
        for (int i = 0; i < scores.length; i++) {
            p[i] = Math.exp((scores[i] - max) / TEMPERATURE);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    /**
     * The leading cause and its score, the uncertainty, and every cause's score (in the order of
     * the causes), after one answer.
     */
    record Outcome(String leader, double leaderScore, double uncertainty, double[] scores) {}
}
