package org.rdpdoctor.kb;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The known name a mistyped one most likely meant, for messages such as {@code unknown fix
 * 'reset-listner' (did you mean 'reset-listener'?)}: the closest by edit distance (insertions,
 * deletions, substitutions and swaps of neighbours), when it is close enough to be a typo.
 */
public final class Suggestion {
    private Suggestion() {}

    /**
     * {@code " (did you mean 'x'?)"} for the known name closest to {@code typed}, or empty text
     * when none is within two edits (one for names of up to four characters).
     */
    public static String of(String typed, Collection<String> known) {
        return closest(typed, known).map(name -> " (did you mean '" + name + "'?)").orElse("");
    }

    /** {@link #of(String, Collection)} over the ids of {@code entries}. */
    public static <T> String of(String typed, Collection<T> entries, Function<T, String> id) {
        return of(typed, entries.stream().map(id).toList());
    }

    static Optional<String> closest(String typed, Collection<String> known) {
        if (typed == null || typed.isEmpty()) {
            return Optional.empty();
        }
        int most = typed.length() <= 4 ? 1 : 2;
        return known.stream()
                .filter(name -> !name.equals(typed))
                .map(name -> new Scored(name, distance(typed, name)))
                .filter(s -> s.distance() <= most)
                .min(Comparator.comparingInt(Scored::distance).thenComparing(Scored::name))
                .map(Scored::name);
    }

    private record Scored(String name, int distance) {}

    /** The optimal string alignment distance, case-insensitive. */
    static int distance(String a, String b) {
        String x = a.toLowerCase(Locale.ROOT);
        String y = b.toLowerCase(Locale.ROOT);
        int[][] d = new int[x.length() + 1][y.length() + 1];
        for (int i = 0; i <= x.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= y.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= x.length(); i++) {
            for (int j = 1; j <= y.length(); j++) {
                int cost = x.charAt(i - 1) == y.charAt(j - 1) ? 0 : 1;
                d[i][j] =
                        Math.min(
                                Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1
                        && j > 1
                        && x.charAt(i - 1) == y.charAt(j - 2)
                        && x.charAt(i - 2) == y.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[x.length()][y.length()];
    }
}
