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

    LookAhead(List<Cause> causes, Set<Support> supports) {
        this.causes = causes;
        this.supportsByCause = Ranking.byCause(supports);
        this.scores = new double[causes.size()];
        for (int i = 0; i < causes.size(); i++) {
            Cause cause = causes.get(i);
            index.put(cause.id(), i);
            scores[i] = Ranking.score(cause, supportsByCause.getOrDefault(cause.id(), List.of()));
        }
    }

    /** How undecided the session is now. */
    double uncertainty() {
        return uncertainty(scores);
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
        return new Outcome(causes.get(leader).id(), after[leader], uncertainty(after));
    }

    /**
     * How undecided a ranking is: the entropy of the scores turned into a distribution (softmax). A
     * question is worth what its answers, taken as equally likely, lower this on average.
     */
    private static double uncertainty(double[] scores) {
        double max = Double.NEGATIVE_INFINITY;
        for (double score : scores) {
            max = Math.max(max, score);
        }
        double sum = 0;
        for (double score : scores) {
            sum += Math.exp((score - max) / TEMPERATURE);
        }
        double entropy = 0;
        for (double score : scores) {
            double p = Math.exp((score - max) / TEMPERATURE) / sum;
            entropy -= p > 0 ? p * Math.log(p) : 0;
        }
        return entropy;
    }

    /** The leading cause and its score, and the uncertainty, after one answer. */
    record Outcome(String leader, double leaderScore, double uncertainty) {}
}
