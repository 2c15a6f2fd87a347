package org.rdpdoctor.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rdpdoctor.kb.Cause;

/**
 * Turns supports into one score per cause with certainty-factor arithmetic. Positive and negative
 * evidence are each combined first and then with each other, so the result does not depend on the
 * order rules fired in.
 */
final class Ranking {
    /** A cause leads clearly at this score... */
    static final double CLEAR_SCORE = 0.7;

    /** ...with at least this much over the next cause. */
    static final double CLEAR_MARGIN = 0.2;

    /** A leader this strong that no answer could displace needs no more questions. */
    static final double SETTLED_SCORE = 0.5;

    /** With no question left, a leader above this is still a diagnosis. */
    static final double PLAUSIBLE_SCORE = 0.2;

    /** A cause at or below this is shown as ruled out. */
    static final double RULED_OUT_SCORE = -0.5;

    private Ranking() {}

    /** Whether a leader at {@code top}, with the next cause at {@code second}, leads clearly. */
    static boolean isClear(double top, double second) {
        return top >= CLEAR_SCORE && top - second >= CLEAR_MARGIN;
    }

    /** A cause and its score. */
    record Scored(Cause cause, double score) {}

    /** Supports grouped by the cause they vote on. */
    static Map<String, List<Support>> byCause(Collection<Support> supports) {
        Map<String, List<Support>> byCause = new HashMap<>();
        for (Support s : supports) {
            byCause.computeIfAbsent(s.cause(), c -> new ArrayList<>()).add(s);
        }
        return byCause;
    }

    /** The score of one cause: its prior combined with the weights of its supports. */
    static double score(Cause cause, Collection<Support> supports) {
        if (supports.isEmpty()) {
            return combine(cause.prior());
        }
        double[] weights = new double[supports.size() + 1];
        int i = 0;
        for (Support s : supports) {
            weights[i++] = s.weight().value();
        }
        weights[i] = cause.prior();
        return combine(weights);
    }

    /**
     * One weight combines to itself (a negative zero to zero), as in {@link #combine(double[])}.
     */
    static double combine(double weight) {
        return weight == 0 ? 0 : weight;
    }

    /**
     * Combines certainty factors. The weights are taken smallest first, so that equal sets of
     * weights give bit-identical scores whatever order they came in.
     */
    static double combine(double[] weights) {
        double[] sorted = weights.clone();
        Arrays.sort(sorted);
        double positive = 0;
        double negative = 0;
        for (double w : sorted) {
            if (w > 0) {
                positive = positive + w * (1 - positive);
            } else if (w < 0) {
                negative = negative + w * (1 + negative);
            }
        }
        double smaller = Math.min(Math.abs(positive), Math.abs(negative));
        return smaller >= 1 ? 0 : (positive + negative) / (1 - smaller);
    }
}
