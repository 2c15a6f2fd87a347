package org.rdpdoctor.engine;

import java.util.Locale;
import org.rdpdoctor.kb.Fix;

/** The named scale of rule weights: certainty factors for or against a cause. */
public enum Weight {
    STRONG(0.8),
    MODERATE(0.5),
    WEAK(0.2),
    WEAK_AGAINST(-0.2),
    MODERATE_AGAINST(-0.5),
    STRONG_AGAINST(-0.8);

    private final double value;
    private final String id;

    Weight(double value) {
        this.value = value;
        this.id = name().toLowerCase(Locale.ROOT);
    }

    public double value() {
        return value;
    }

    /** The weight as a reason names it: {@code strong}, {@code weak_against}. */
    public String id() {
        return id;
    }

    /**
     * The weight against a cause that a level of {@code if_failed} in fixes.yaml names: {@code
     * strongly}, {@code moderately} or {@code weakly}.
     */
    public static Weight against(String level) {
        return switch (level) {
            case Fix.IfFailed.WEAKLY -> WEAK_AGAINST;
            case Fix.IfFailed.MODERATELY -> MODERATE_AGAINST;
            case Fix.IfFailed.STRONGLY -> STRONG_AGAINST;
            default -> throw new IllegalArgumentException("not a level of if_failed: " + level);
        };
    }

    /** The weight as a reader says it: {@code strongly for}, {@code weakly against}. */
    public String inWords() {
        String strength =
                switch (this) {
                    case STRONG, STRONG_AGAINST -> "strongly";
                    case MODERATE, MODERATE_AGAINST -> "moderately";
                    case WEAK, WEAK_AGAINST -> "weakly";
                };
        return strength + (value < 0 ? " against" : " for");
    }
}
