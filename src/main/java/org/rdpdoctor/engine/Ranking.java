package org.rdpdoctor.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rdpdoctor.kb.Cause;
import org.rdpdoctor.kb.KnowledgeBase;

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

    /** Scores of every cause, in the order of {@code causes.yaml}. */
    static Map<String, Double> scores(KnowledgeBase kb, Collection<Support> supports) {
        Map<String, List<Double>> byCause = new HashMap<>();
        for (Support s : supports) {
            byCause.computeIfAbsent(s.cause(), c -> new ArrayList<>()).add(s.weight().value());
        }
        Map<String, Double> scores = new java.util.LinkedHashMap<>();
        for (Cause cause : kb.causes()) {
            List<Double> weights = new ArrayList<>(byCause.getOrDefault(cause.id(), List.of()));
            weights.add(cause.prior());
            scores.put(cause.id(), combine(weights));
        }
        return scores;
    }

    /** Cause ids from best to worst; ties keep the order of {@code causes.yaml}. */
    static List<String> order(Map<String, Double> scores) {
        List<String> ids = new ArrayList<>(scores.keySet());
        ids.sort(Comparator.comparing((String id) -> -scores.get(id)));
        return ids;
    }

    static double combine(List<Double> weights) {
        double positive = 0;
        double negative = 0;
        for (double w : weights.stream().sorted().toList()) {
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
