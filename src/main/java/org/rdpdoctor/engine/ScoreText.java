package org.rdpdoctor.engine;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/**
 * A score as every door shows it, to two decimals. The pages format numbers with Thymeleaf's {@code
 * #numbers.formatDecimal}, which rounds the double's exact binary value (0.575 is stored as
 * 0.57499… and reads 0.57); {@code String.format} rounds its shortest decimal text (0.58). The
 * transcript, {@code ask} and {@code tree} format here as the pages do, so a score pasted from one
 * matches the other.
 */
public final class ScoreText {
    private ScoreText() {}

    /** {@code 0.57}, {@code -0.20}. */
    public static String of(double score) {
        return format("0.00", score);
    }

    /** {@code +0.57}, {@code -0.20}. */
    public static String signed(double score) {
        return format("+0.00;-0.00", score);
    }

    private static String format(String pattern, double score) {
        return new DecimalFormat(pattern, DecimalFormatSymbols.getInstance(Locale.ROOT))
                .format(score);
    }
}
