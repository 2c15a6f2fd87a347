package org.rdpdoctor.engine;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.rdpdoctor.kb.Suggestion;

/**
 * Drools' complaints about a misspelt fact type or field, in plain words: Drools names the Java
 * method it looked for ({@code org.rdpdoctor.engine.Answer.questoin()}) over five lines with a
 * caret, where an editor needs the fact, the field and the names that exist.
 */
final class DrlMessage {
    /** The facts a condition may match, as the kb/README fact table lists them. */
    static final List<Class<? extends Record>> FACTS =
            List.of(
                    Answer.class,
                    ErrorReport.class,
                    Evidence.class,
                    Trait.class,
                    FixOutcome.class,
                    FixOf.class);

    private static final Pattern UNKNOWN_TYPE =
            Pattern.compile("Unable to resolve ObjectType '([^']*)'.*", Pattern.DOTALL);
    private static final Pattern UNKNOWN_FIELD =
            Pattern.compile(
                    "Unable to Analyse Expression (.*?):\\s*\\[Error: unable to resolve method using"
                            + " strict-mode: org\\.rdpdoctor\\.engine\\.(\\w+)\\.(\\w+)\\(\\)].*",
                    Pattern.DOTALL);

    private static final Pattern NOT_A_FIELD =
            Pattern.compile("Rule Compilation error (\\w+) cannot be resolved or is not a field");
    private static final Pattern CONSTRUCTOR =
            Pattern.compile(
                    "Rule Compilation error The constructor (Support|Ask)\\(([^)]*)\\) is"
                            + " undefined");

    private static final Pattern NOT_A_VARIABLE =
            Pattern.compile("Rule Compilation error (\\$?\\w+) cannot be resolved to a variable");
    private static final Pattern NOT_A_TYPE =
            Pattern.compile("Rule Compilation error (\\w+) cannot be resolved to a type");
    private static final Pattern QUALIFIER_NOT_A_TYPE =
            Pattern.compile("Rule Compilation error (\\w+)\\.\\w+ cannot be resolved to a type");
    private static final Pattern NO_METHOD =
            Pattern.compile(
                    "Rule Compilation error The method (\\w+)\\(.*\\) is undefined for the type"
                            + " .*");

    private static final String COMPILATION = "Rule Compilation error ";

    private DrlMessage() {}

    /**
     * The message in plain words, or empty when it is none of those this class knows. Drools puts
     * the Java compiler's errors of one consequence into one message, a line each, with its prefix
     * on the first only: each line is told in plain words, and several unknown bare words together
     * (an id such as {@code user-lacks-right} written without quotes, which Java reads as
     * subtractions) are told once.
     */
    static Optional<String> plain(String text) {
        List<String> errors = compilerErrors(text);
        if (errors.size() < 2) {
            return plainOne(text);
        }
        List<String> words =
                errors.stream()
                        .map(NOT_A_VARIABLE::matcher)
                        .filter(Matcher::matches)
                        .map(m -> m.group(1))
                        .filter(DrlMessage::bareWord)
                        .toList();
        boolean oneId = words.size() > 1;
        List<String> told = new ArrayList<>();
        if (oneId) {
            told.add(
                    words.stream().map(w -> "'" + w + "'").collect(Collectors.joining(", "))
                            + " are not known in this rule's consequence: an id is written in"
                            + " quotes (\""
                            + String.join("-", words)
                            + "\", if these are the words of one id)");
        }
        for (String error : errors) {
            Matcher variable = NOT_A_VARIABLE.matcher(error);
            if (oneId && variable.matches() && bareWord(variable.group(1))) {
                continue;
            }
            Optional<String> plain = plainOne(error);
            if (plain.isEmpty()) {
                return Optional.empty();
            }
            told.add(plain.get());
        }
        return Optional.of(String.join("; ", told));
    }

    /**
     * The compiler's errors in a Drools message, each with its prefix; empty for other messages.
     */
    private static List<String> compilerErrors(String text) {
        String stripped = text.strip();
        if (!stripped.startsWith(COMPILATION)) {
            return List.of();
        }
        return stripped.lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty())
                .map(l -> l.startsWith(COMPILATION) ? l : COMPILATION + l)
                .toList();
    }

    /** A name that is neither a $variable nor a misspelt kcontext: most likely part of an id. */
    private static boolean bareWord(String name) {
        return !name.startsWith("$") && Suggestion.of(name, List.of("kcontext")).isEmpty();
    }

    private static Optional<String> plainOne(String text) {
        Matcher type = UNKNOWN_TYPE.matcher(text.strip());
        if (type.matches()) {
            return Optional.of(
                    "'"
                            + type.group(1)
                            + "' is not a fact a condition can match"
                            + Suggestion.of(type.group(1), names())
                            + "; the facts are "
                            + String.join(", ", names()));
        }
        Matcher field = UNKNOWN_FIELD.matcher(text.strip());
        if (field.matches()) {
            Optional<Class<? extends Record>> fact =
                    FACTS.stream()
                            .filter(f -> f.getSimpleName().equals(field.group(2)))
                            .findFirst();
            if (fact.isPresent()) {
                List<String> fields = fields(fact.get());
                return Optional.of(
                        field.group(2)
                                + " has no field '"
                                + field.group(3)
                                + "'"
                                + Suggestion.of(field.group(3), fields)
                                + " in '"
                                + field.group(1).strip()
                                + "'; its fields are "
                                + String.join(", ", fields));
            }
        }
        Matcher notAField = NOT_A_FIELD.matcher(text.strip());
        if (notAField.matches() && notAField.group(1).matches("[A-Z][A-Z_]*")) {
            return Optional.of(
                    "Weight."
                            + notAField.group(1)
                            + " is not a weight"
                            + Suggestion.of(notAField.group(1), weights())
                            + "; the weights are "
                            + String.join(", ", weights()));
        }
        Matcher constructor = CONSTRUCTOR.matcher(text.strip());
        if (constructor.matches()) {
            return Optional.of(
                    constructor.group(1).equals("Support")
                            ? "new Support(…) takes a cause id in quotes, a weight and kcontext,"
                                    + " as in new Support(\"cause-id\", Weight.STRONG, kcontext);"
                                    + " the weights are "
                                    + String.join(", ", weights())
                                    + ", not a number"
                            : "new Ask(…) takes a question id in quotes and kcontext, as in new"
                                    + " Ask(\"question-id\", kcontext)");
        }
        Matcher variable = NOT_A_VARIABLE.matcher(text.strip());
        if (variable.matches()) {
            String name = variable.group(1);
            String kcontext = Suggestion.of(name, List.of("kcontext"));
            String id = bareWord(name) ? " an id is written in quotes (\"" + name + "\")," : "";
            return Optional.of(
                    "'"
                            + name
                            + "' is not known in this rule's consequence"
                            + kcontext
                            + ":"
                            + id
                            + " new Support(…) and new Ask(…) end with kcontext, and a $variable"
                            + " must be bound in a condition above 'then'");
        }
        Matcher created = NOT_A_TYPE.matcher(text.strip());
        if (created.matches()) {
            return Optional.of(
                    "'"
                            + created.group(1)
                            + "' is not something a consequence can create"
                            + Suggestion.of(created.group(1), List.of("Support", "Ask"))
                            + ": it creates new Support(…) or new Ask(…)");
        }
        Matcher qualifier = QUALIFIER_NOT_A_TYPE.matcher(text.strip());
        if (qualifier.matches()) {
            return Optional.of(
                    "'"
                            + qualifier.group(1)
                            + "' is not known in this rule's consequence"
                            + Suggestion.of(qualifier.group(1), List.of("Weight"))
                            + ": a weight is written Weight.X; the weights are "
                            + String.join(", ", weights()));
        }
        Matcher method = NO_METHOD.matcher(text.strip());
        if (method.matches()) {
            return Optional.of(
                    "'"
                            + method.group(1)
                            + "' is not something a consequence can do"
                            + Suggestion.of(method.group(1), List.of("insertLogical"))
                            + ": it only does insertLogical(new Support(…)) or"
                            + " insertLogical(new Ask(…))");
        }
        return Optional.empty();
    }

    /**
     * The line of the rule starting at {@code ruleLine} that holds what a consequence error is
     * about ({@code Weight.X}, {@code new Support(}): Drools names only the rule's first line.
     */
    static int line(String text, int ruleLine, String message) {
        List<String> errors = compilerErrors(message);
        String first = errors.isEmpty() ? message.strip() : errors.get(0);
        String needle = null;
        for (Pattern named :
                List.of(NOT_A_FIELD, NOT_A_VARIABLE, NOT_A_TYPE, QUALIFIER_NOT_A_TYPE, NO_METHOD)) {
            Matcher m = named.matcher(first);
            if (m.matches()) {
                needle = Pattern.quote(m.group(1));
            }
        }
        Matcher constructor = CONSTRUCTOR.matcher(first);
        if (constructor.matches()) {
            needle = "new\\s+" + constructor.group(1);
        }
        if (text == null || needle == null || ruleLine < 1) {
            return ruleLine;
        }
        // A whole name: 'STRON' is not in 'Weight.STRONG', nor '$caus' in '$cause : cause'.
        Pattern word = Pattern.compile("(?<![\\w$])" + needle + "(?![\\w$])");
        // The compiler reads only the consequence: from 'then' on ('user' is also in a condition's
        // "user-rdp-access").
        List<String> lines = text.lines().toList();
        boolean consequence = false;
        for (int i = ruleLine - 1; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            consequence |= line.matches("then\\b.*");
            if (consequence && word.matcher(line.replaceFirst("^then\\b", "")).find()) {
                return i + 1;
            }
            if (i > ruleLine - 1 && line.equals("end")) {
                break;
            }
        }
        return ruleLine;
    }

    private static List<String> weights() {
        return Arrays.stream(Weight.values()).map(Weight::name).toList();
    }

    private static List<String> names() {
        return FACTS.stream().map(Class::getSimpleName).toList();
    }

    private static List<String> fields(Class<? extends Record> fact) {
        return Arrays.stream(fact.getRecordComponents()).map(RecordComponent::getName).toList();
    }
}
