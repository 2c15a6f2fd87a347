package org.rdpdoctor.kb;

import java.util.List;

/**
 * An action that removes a cause, with the steps and how to verify it. {@code risk} may be null; so
 * may {@code followUp}, what is still to do once the fix worked, such as taking back a temporary
 * workaround. {@code ifFailed} says, cause by cause, how much less likely the fix's failure makes
 * the cause; a cause it does not name becomes unlikely ({@link IfFailed#STRONGLY}).
 */
public record Fix(
        String id,
        String title,
        List<String> sources,
        List<Step> steps,
        Step verify,
        String risk,
        String followUp,
        List<IfFailed> ifFailed) {
    public Fix {
        sources = Copies.list(sources);
        steps = Copies.list(steps);
        ifFailed = Copies.list(ifFailed);
    }

    /** What this fix's failure says about one of its causes. */
    public IfFailed ifFailed(String causeId) {
        return ifFailed.stream()
                .filter(f -> causeId.equals(f.cause()))
                .findFirst()
                .orElse(new IfFailed(causeId, IfFailed.STRONGLY, null));
    }

    /**
     * How strongly a fix that did not help counts against one of its causes: {@code strongly} when
     * the fix removes the cause whole, {@code moderately} or {@code weakly} when the cause has
     * forms the fix does not reach, and {@code because} says which (null for the default).
     */
    public record IfFailed(String cause, String against, String because) {
        public static final String STRONGLY = "strongly";
        public static final String MODERATELY = "moderately";
        public static final String WEAKLY = "weakly";

        /** The values {@code against} takes. */
        public static final List<String> LEVELS = List.of(STRONGLY, MODERATELY, WEAKLY);

        /**
         * What a failure would mean for the cause, in a helpdesk's words; the JSON of states and
         * knowledge carries it as {@code meaning}.
         */
        public String meaning() {
            String level =
                    WEAKLY.equals(against)
                            ? "stays likely"
                            : MODERATELY.equals(against)
                                    ? "becomes less likely"
                                    : "becomes unlikely";
            return "If it does not help, this cause "
                    + level
                    + "."
                    + (because == null ? "" : " " + because);
        }
    }
}
