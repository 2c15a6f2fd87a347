package org.rdpdoctor.engine;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.rdpdoctor.kb.ErrorCodeTable;
import org.rdpdoctor.kb.Fix;
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
 * @param fixQuestion once {@code diagnosed}, a question one of whose answers would change the order
 *     to try the leading cause's untried fixes in; null when none would, and in every other status
 * @param fixes the fixes of the leading cause, in the order to try them; none when no cause stands
 *     out ({@link Status#EXHAUSTED}): a cause that unlikely is no ground for a fix
 * @param questionsAsked how many questions the user answers now (including "I don't know"; a
 *     changed answer counts once, a withdrawn one not at all)
 * @param leftOut the stored events the knowledge and the engine in force no longer take, left out
 *     of the ranking (see {@link Diagnosis#restore}); empty for a session whose events all still
 *     count
 * @param basis what the ranking rests on: {@code priors} when no rule speaks to the codes and
 *     nothing else is known (the knowledge does not cover these codes, and the ranking is only how
 *     common each cause is), or when nothing at all speaks for the leading cause; {@code codes}
 *     when what speaks for the leading cause is the error codes alone (whatever else is known);
 *     {@code answers} when an answer, a measurement or a fix tried speaks for it, as a fix that
 *     worked does for the cause it confirms
 */
@JsonIgnoreProperties(value = "basisNote", allowGetters = true)
public record DiagnosisState(
        Status status,
        String knowledgeVersion,
        Decoded decoded,
        NextQuestion nextQuestion,
        NextQuestion fixQuestion,
        String leadingCause,
        String confirmedCause,
        List<RankedCause> ranking,
        List<FixView> fixes,
        int questionsAsked,
        List<AnswerView> answers,
        List<Evidence> evidence,
        List<FixOutcome> fixOutcomes,
        List<LeftOut> leftOut,
        Basis basis) {

    public DiagnosisState {
        ranking = List.copyOf(ranking);
        fixes = List.copyOf(fixes);
        answers = List.copyOf(answers);
        evidence = List.copyOf(evidence);
        fixOutcomes = List.copyOf(fixOutcomes);
        leftOut = List.copyOf(leftOut);
    }

    /**
     * A stored event the knowledge and the engine in force no longer take, such as an answer to a
     * question since renamed, a fix since retired, or a start's extended code the engine now
     * refuses beside FreeRDP's last error.
     *
     * @param seq the event's place in the session's log, from 1
     * @param field the field at fault, e.g. {@code optionId}
     * @param reason why the knowledge does not take it
     */
    public record LeftOut(int seq, String field, String reason) {}

    /**
     * What the helpdesk should be told about the ranking's basis, or null when nothing: that the
     * knowledge has no rule for the codes, that after questions answered "I don't know" only the
     * codes speak, or that the codes alone, or nothing at all, speak for the leading cause of a
     * session that asks no more, whatever else is known: a diagnosed one is told to take it as a
     * guess, one where no cause stands out only what its closest cause rests on.
     */
    @JsonProperty("basisNote")
    public String basisNote() {
        List<String> userOptions =
                answers.stream().filter(a -> !a.fromEvidence()).map(AnswerView::optionId).toList();
        boolean informed = informed(userOptions.stream(), evidence, fixOutcomes);
        return switch (basis()) {
            case PRIORS -> {
                if (!informed) {
                    yield decoded.error().isNone()
                            ? "The dialog showed no code: the causes are ranked only by how"
                                    + " common they are until its message or an answer tells"
                                    + " them apart."
                            : "No rule of the knowledge speaks to these codes: the causes are"
                                    + " ranked only by how common they are, and the questions are"
                                    + " written for failures such as 0x904 / 0x7.";
                }
                // A cause nothing speaks for scores at most its prior, too little to be diagnosed.
                yield status == Status.ASKING
                        ? null
                        : "Nothing answered, measured or tried, and not the codes either, speaks"
                                + " for any cause: the closest is only the most common.";
            }
            case CODES -> {
                if (informed) {
                    yield switch (status) {
                        case ASKING -> null;
                        case EXHAUSTED ->
                                "Only the error codes point at the closest cause: nothing"
                                        + " answered, measured or tried so far speaks for it.";
                        default ->
                                "Only the error codes point at the leading cause: nothing"
                                        + " answered, measured or tried so far speaks for it, so"
                                        + " take it as a guess.";
                    };
                }
                if (userOptions.isEmpty()) {
                    yield null;
                }
                yield switch (status) {
                    case ASKING ->
                            "Only the error codes point at a cause so far: every answer was"
                                    + " \"I don't know\".";
                    case EXHAUSTED ->
                            "Only the error codes point at a cause, too weakly for one to stand"
                                    + " out: every answer was \"I don't know\".";
                    default ->
                            "Only the error codes point at the leading cause: every answer was"
                                    + " \"I don't know\", so take it as a guess.";
                };
            }
            case ANSWERS -> null;
        };
    }

    /**
     * Whether anything but the error codes is known: a user's answer other than "I don't know",
     * evidence from elsewhere than the codes, or a fix tried.
     *
     * @param userOptions the options the user answered with
     */
    static boolean informed(
            Stream<String> userOptions, List<Evidence> evidence, List<FixOutcome> fixOutcomes) {
        return userOptions.anyMatch(o -> !o.equals(Option.UNKNOWN))
                || evidence.stream().anyMatch(e -> !e.source().equals(Diagnosis.CODE_SOURCE))
                || !fixOutcomes.isEmpty();
    }

    /** What a ranking rests on; see {@link #basis()}. */
    public enum Basis {
        PRIORS,
        CODES,
        ANSWERS;

        @JsonValue
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
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

    /**
     * One decoded code. {@code name} is {@code unknown} for a code the tables lack; {@code shown}
     * is the code as its client writes it: FreeRDP's last error in eight digits ({@code
     * 0x0002000D}), {@code none}, else {@code hex}.
     */
    public record Code(
            String input,
            String hex,
            String shown,
            long decimal,
            String reading,
            boolean known,
            String name,
            String meaning,
            List<String> sources,
            String serverName) {

        /** Whether this is the error code of a dialog that showed none ({@code input} none). */
        @JsonIgnore
        public boolean isNone() {
            return ErrorCodeTable.NO_CODE.equals(reading);
        }
    }

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
     * alone). {@code weightText} is written for readers and worked out again when read.
     */
    @JsonIgnoreProperties(value = "weightText", allowGetters = true)
    public record Reason(
            String rule,
            String weight,
            double value,
            List<String> sources,
            boolean unconfirmed,
            List<String> facts) {

        /** The {@code weight} of a reason to ask a question, not to rank a cause. */
        public static final String ASK = "ask";

        /** The {@code weight} of a reason to try a fix before the cause's other fixes. */
        public static final String FIRST = "first";

        /**
         * The weight as a reader says it ({@code strongly for}, {@code moderately against}); a
         * reason to ask a question says {@code asks}, and one to try a fix first {@code puts
         * first}.
         */
        @JsonProperty("weightText")
        public String weightText() {
            return switch (weight) {
                case ASK -> "asks";
                case FIRST -> "puts first";
                default -> Weight.valueOf(weight.toUpperCase(Locale.ROOT)).inWords();
            };
        }

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

    /**
     * What one answer would do: which cause would then lead, and with what score; for the question
     * that orders a diagnosed cause's fixes, {@code fixOrder} holds the ids of its untried fixes in
     * the order that answer gives them (null when another cause would lead, and for the next
     * question).
     */
    public record Effect(
            String optionId,
            String label,
            String leader,
            String leaderTitle,
            double leaderScore,
            List<String> fixOrder) {

        /** Unchangeable, as {@link NextQuestion}. */
        public Effect {
            fixOrder = fixOrder == null ? null : List.copyOf(fixOrder);
        }
    }

    /**
     * A fix of the leading cause; {@code worked} is null until it was tried, {@code ifFailed} says
     * how much its failure counts against that cause, and {@code tryFirst} holds the rules that
     * moved it up the cause's list (empty when none did).
     */
    public record FixView(
            String fixId,
            String title,
            String risk,
            List<Step> steps,
            Step verify,
            String followUp,
            Boolean worked,
            Fix.IfFailed ifFailed,
            List<Reason> tryFirst) {

        /** Sessions kept open share their state with every reader, so nothing in it may change. */
        public FixView {
            tryFirst = List.copyOf(tryFirst);
        }
    }

    /**
     * An answer in force. {@code fromEvidence} tells an answer the evidence gave from one the user
     * chose: evidence reported by the user has the source {@code user} too, but there is no answer
     * of the user's to change or withdraw.
     */
    public record AnswerView(
            String questionId,
            String question,
            String optionId,
            String label,
            String source,
            boolean fromEvidence) {}
}
