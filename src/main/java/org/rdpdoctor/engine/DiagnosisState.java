package org.rdpdoctor.engine;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.rdpdoctor.kb.Option;
import org.rdpdoctor.kb.Question;
import org.rdpdoctor.kb.Step;

/**
 * Where a diagnosis stands: the object the {@code diagnose} command prints and the HTTP API
 * returns.
 *
 * @param leadingCause the cause that leads, or null when none has a positive score
 * @param confirmedCause the cause whose fix worked, or null until then
 * @param nextQuestion the question to ask, or null unless {@code status} is {@code asking}
 * @param fixes the fixes of the leading cause, in the order to try them
 * @param questionsAsked how many questions the user answered (including "I don't know")
 */
public record DiagnosisState(
        Status status,
        String knowledgeVersion,
        Decoded decoded,
        NextQuestion nextQuestion,
        String leadingCause,
        String confirmedCause,
        List<RankedCause> ranking,
        List<FixView> fixes,
        int questionsAsked,
        List<AnswerView> answers,
        List<Evidence> evidence,
        List<FixOutcome> fixOutcomes) {

    public DiagnosisState {
        ranking = List.copyOf(ranking);
        fixes = List.copyOf(fixes);
        answers = List.copyOf(answers);
        evidence = List.copyOf(evidence);
        fixOutcomes = List.copyOf(fixOutcomes);
    }

    /** Where a session is. */
    public enum Status {
        /** A question is worth asking and no cause leads clearly yet. */
        ASKING,
        /** A cause leads: try its fixes. */
        DIAGNOSED,
        /** A fix worked. */
        SOLVED,
        /** No question is left and no cause is plausible. */
        EXHAUSTED;

        @JsonValue
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Both codes decoded; {@code extended} is null when none was given. */
    public record Decoded(Code error, Code extended) {}

    /** One decoded code. {@code name} is {@code unknown} for a code the tables lack. */
    public record Code(
            String input,
            String hex,
            long decimal,
            String reading,
            boolean known,
            String name,
            String meaning,
            List<String> sources,
            String serverName) {}

    /** A cause with its score and why it has that score. */
    public record RankedCause(
            String causeId,
            String title,
            String category,
            double score,
            double prior,
            boolean ruledOut,
            List<Reason> explanation) {}

    /**
     * One rule's contribution: what it weighed, which facts it matched, where it comes from, and
     * whether those sources confirm nothing ({@link Provenance#unconfirmed(List)}: seed articles
     * alone).
     */
    public record Reason(
            String rule,
            String weight,
            double value,
            List<String> sources,
            boolean unconfirmed,
            List<String> facts) {

        /** The sources as a reader sees them: their ids, and a mark when seeds alone say so. */
        public String citation() {
            String ids = String.join(", ", sources);
            return unconfirmed ? ids + "; unconfirmed: seed articles only" : ids;
        }
    }

    /** The question to ask and why it is asked. */
    public record NextQuestion(
            String id, String text, String help, List<OptionView> options, Why why) {

        /** Sessions kept open share their state with every reader, so nothing in it may change. */
        public NextQuestion {
            options = List.copyOf(options);
        }

        /** A question with its options and "I don't know" last; {@code why} may be null. */
        public static NextQuestion of(Question q, Why why) {
            List<OptionView> options = new ArrayList<>();
            q.options().forEach(o -> options.add(new OptionView(o.id(), o.label())));
            options.add(
                    new OptionView(Option.UNKNOWN, q.option(Option.UNKNOWN).orElseThrow().label()));
            return new NextQuestion(q.id(), q.text(), q.help(), options, why);
        }
    }

    /** An answer the question offers. */
    public record OptionView(String id, String label) {}

    /**
     * Why a question is asked: the rules that made it worth asking, and what each answer would do
     * to the ranking.
     */
    public record Why(String summary, List<Reason> askedBecause, List<Effect> effects) {

        /** Unchangeable, as {@link NextQuestion}. */
        public Why {
            askedBecause = List.copyOf(askedBecause);
            effects = List.copyOf(effects);
        }
    }

    /** What one answer would do: which cause would then lead, and with what score. */
    public record Effect(
            String optionId, String label, String leader, String leaderTitle, double leaderScore) {}

    /** A fix of the leading cause; {@code worked} is null until it was tried. */
    public record FixView(
            String fixId,
            String title,
            String risk,
            List<Step> steps,
            Step verify,
            Boolean worked) {}

    /** An answer given so far; {@code source} is {@code user} or the evidence's source. */
    public record AnswerView(
            String questionId, String question, String optionId, String label, String source) {}
}
