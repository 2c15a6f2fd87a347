package org.rdpdoctor.engine;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;
import org.rdpdoctor.kb.RegexSyntax;
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

    /**
     * Drools' parser failing on a text it cannot read (an eval(…) that ends in an operator), with
     * its Java exception and stack trace in the message.
     */
    private static final Pattern PARSER_CRASHED =
            Pattern.compile(
                    "(?:Line \\d+:\\d+ )?unexpected exception at input '(.*?)'\\. Exception:"
                            + " ([\\w.$]+).*",
                    Pattern.DOTALL);

    private static final Pattern UNKNOWN_TYPE =
            Pattern.compile("Unable to resolve ObjectType '([^']*)'.*", Pattern.DOTALL);

    /**
     * A field the fact lacks, or a $variable that no condition binds, which MVEL looks for as a
     * method of the fact ({@code Answer.questoin()}, {@code Answer.$o()}).
     */
    private static final Pattern UNKNOWN_FIELD =
            Pattern.compile(
                    "Unable to Analyse Expression (.*?):\\s*\\[Error: unable to resolve method using"
                            + " strict-mode: org\\.rdpdoctor\\.engine\\.(\\w+)\\.(\\$?\\w+)\\(\\)].*",
                    Pattern.DOTALL);

    /** Any complaint about a condition's expression, which Drools does not always place. */
    private static final Pattern ANALYSED =
            Pattern.compile("Unable to Analyse Expression (.*?):\\s*\\[Error: .*", Pattern.DOTALL);

    /**
     * A pattern after {@code matches} that is no regular expression, which Drools words with the
     * operator MVEL reads it as ({@code option ~= "succ(eeds"}): the field, and the pattern's text.
     */
    private static final Pattern BAD_REGEX =
            Pattern.compile(
                    "Unable to Analyse Expression (.*?)\\s*~=\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*:"
                            + "\\s*\\[Error: bad regular expression].*",
                    Pattern.DOTALL);

    /**
     * A bare value after || ({@code option == "a" || "b"}), which MVEL reads as a condition of its
     * own that is not true or false.
     */
    private static final Pattern BARE_VALUE =
            Pattern.compile(
                    "Unable to Analyse Expression (.*?):\\s*\\[Error: (?:Left|Right) side of logical"
                            + " operation is not of type boolean.*",
                    Pattern.DOTALL);

    /**
     * A value that Drools names alone at its fact, as a constraint of its own: after && ({@code
     * option == "a" && "b"}) Drools splits it off. Drools writes it in double quotes.
     */
    private static final Pattern PREDICATE =
            Pattern.compile("Predicate '(.*)' must be a Boolean expression.*", Pattern.DOTALL);

    /** A value of a constraint as written: a text in double or single quotes, a word, a number. */
    private static final String VALUE = "(?:\"[^\"\\n]*\"|'[^'\\n]*'|[\\w.-]+)";

    /** A value written alone: a text in double or single quotes, or a number. */
    private static final String LITERAL =
            "(?:\"(?:[^\"\\\\\\n]|\\\\.)*\"|'(?:[^'\\\\\\n]|\\\\.)*'"
                    + "|-?(?:0[xX][0-9a-fA-F]+|[0-9]+(?:\\.[0-9]+)?)[lLdDfF]?)";

    /** A field compared with a value by == or != ({@code option == "a"}). */
    private static final Pattern COMPARED =
            Pattern.compile("(\\w+)\\s*(==|!=)\\s*(" + LITERAL + ")");

    /** A fact's pattern where Drools places it, from its binding on: {@code $a : Answer(}. */
    private static final Pattern FACT_AT =
            Pattern.compile("(?:\\$[\\w$]*\\s*:\\s*)?(?:\\w+\\.)*\\w+\\s*\\(");

    /** A field compared with values joined by && ({@code option == "a" && "b"}). */
    private static final Pattern AND_JOINED =
            Pattern.compile(
                    "(?<![\\w$.])\\w+\\s*(?:==|!=|[<>]=?)\\s*"
                            + VALUE
                            + "(?:\\s*&&\\s*"
                            + VALUE
                            + ")+");

    /** A value after && in an {@link #AND_JOINED} comparison. */
    private static final Pattern AND_VALUE = Pattern.compile("&&\\s*(" + VALUE + ")");

    /** A field equal to values joined by || or by &&, as an editor writes "one of these". */
    private static final Pattern ONE_OF =
            Pattern.compile("(\\w+)\\s*==\\s*(" + VALUE + "(?:\\s*(\\|\\||&&)\\s*" + VALUE + ")+)");

    private static final Pattern NOT_A_FIELD =
            Pattern.compile("Rule Compilation error (\\w+) cannot be resolved or is not a field");
    private static final Pattern CONSTRUCTOR =
            Pattern.compile(
                    "Rule Compilation error The constructor ("
                            + Conclusion.alternation()
                            + ")\\(([^)]*)\\) is undefined");

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

    /**
     * Java's own syntax errors in a consequence: a token it would insert, one it would delete, or
     * another complaint. Java's further errors about the same statement follow from it.
     */
    private static final Pattern SYNTAX =
            Pattern.compile(
                    "Rule Compilation error Syntax error(?:, insert \"(.+)\" to complete \\w+"
                            + "| on token \"(.+)\", delete this token|,? ?(.*))");

    /** How a consequence's statements are written, told after a syntax error. */
    private static final String STATEMENTS = "each statement is written " + Conclusion.examples();

    private static final String COMPILATION = "Rule Compilation error ";

    /** The start of a condition written as Java: {@code eval(}. */
    private static final Pattern EVAL = Pattern.compile("(?<![\\w$])eval\\s*\\(");

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
        List<Matcher> syntax = syntaxErrors(errors);
        if (!syntax.isEmpty()) {
            return Optional.of(
                    "the consequence is not valid Java: "
                            + syntax.stream()
                                    .map(DrlMessage::syntaxWords)
                                    .distinct()
                                    .collect(Collectors.joining("; "))
                            + "; "
                            + STATEMENTS);
        }
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
     * Java's complaint about a condition's eval(…), which Drools words as one about the rule's Java
     * class ({@code The method f(int) is undefined for the type Rule_x1577214015}): the complaint
     * without the class, and how conditions are better written.
     */
    static String inEval(String text) {
        String java =
                compilerErrors(text).stream()
                        .map(
                                e ->
                                        e.substring(COMPILATION.length())
                                                .replaceFirst(" for the type Rule_\\w+$", ""))
                        .collect(Collectors.joining("; "));
        return "this eval(…) is not valid Java here: "
                + java
                + "; a condition is better written with ==, in or matches on a fact's fields"
                + " (kb/README, rules/*.drl), which lint also reads for ids";
    }

    /** Whether the message is Drools' parser failing with an exception of its own. */
    static boolean isParserCrash(String text) {
        return PARSER_CRASHED.matcher(text.strip()).matches();
    }

    /** Whether the message holds a syntax error of Java in a consequence. */
    static boolean isSyntaxError(String text) {
        return !syntaxErrors(compilerErrors(text)).isEmpty();
    }

    private static List<Matcher> syntaxErrors(List<String> errors) {
        return errors.stream().map(SYNTAX::matcher).filter(Matcher::matches).toList();
    }

    private static String syntaxWords(Matcher syntax) {
        if (";".equals(syntax.group(1))) {
            return "a statement ends without its ';'";
        }
        if (syntax.group(1) != null) {
            return "a '" + syntax.group(1) + "' is missing";
        }
        if (syntax.group(2) != null && syntax.group(2).matches("[\\w$.]+")) {
            return "'" + syntax.group(2) + "' cannot stand there (is a comma missing before it?)";
        }
        if (syntax.group(2) != null) {
            return "one '" + syntax.group(2) + "' too many";
        }
        return syntax.group(3);
    }

    /**
     * The line of a consequence that a syntax error is about, from {@code ruleLine} on: the
     * statement that lacks its ';' or a bracket, or the line holding a token out of place; the
     * first line of the consequence when none is found.
     */
    private static int syntaxLine(List<String> lines, int ruleLine, Matcher syntax) {
        Pattern token =
                syntax.group(2) == null
                        ? null
                        : Pattern.compile(
                                "(?<![\\w$])" + Pattern.quote(syntax.group(2)) + "(?![\\w$])");
        boolean consequence = false;
        int first = -1;
        int statement = -1;
        int depth = 0;
        for (int i = ruleLine - 1; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!consequence) {
                consequence = line.matches("then\\b.*");
                line = line.replaceFirst("^then\\b", "").strip();
            } else if (line.equals("end")) {
                break;
            }
            if (!consequence || line.isEmpty()) {
                continue;
            }
            first = first < 0 ? i : first;
            statement = statement < 0 ? i : statement;
            depth += line.chars().filter(c -> c == '(').count();
            depth -= line.chars().filter(c -> c == ')').count();
            if (token != null && token.matcher(line).find()) {
                return i + 1;
            }
            boolean ends = line.endsWith(";");
            if (token == null
                    && (ends && depth != 0 || !ends && depth == 0 && ";".equals(syntax.group(1)))) {
                return i + 1;
            }
            if (ends) {
                statement = -1;
                depth = 0;
            }
        }
        int found = token == null && statement >= 0 ? statement : first;
        return found < 0 ? ruleLine : found + 1;
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
        Matcher crashed = PARSER_CRASHED.matcher(text.strip());
        if (crashed.matches()) {
            return Optional.of(
                    "the rule cannot be read at '"
                            + crashed.group(1)
                            + "' (Drools' parser failed there with its own "
                            + crashed.group(2).replaceFirst(".*\\.", "")
                            + "): look just before it for an operator or a bracket with nothing"
                            + " after it, as in eval(1 + )");
        }
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
        if (field.matches() && field.group(3).startsWith("$")) {
            String expression = field.group(1).strip();
            String name = field.group(3);
            String binding =
                    expression.contains(name + ".")
                            ? name + " : " + field.group(2) + "(…)) before reading its fields"
                            : name
                                    + " : "
                                    + expression.replaceFirst("^(\\w+).*", "$1")
                                    + ") before comparing with it";
            return Optional.of(
                    "'"
                            + name
                            + "' in '"
                            + expression
                            + "' is not bound: bind it in a condition above (as "
                            + binding);
        }
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
        Matcher bad = BAD_REGEX.matcher(text.strip());
        Optional<RegexSyntax.Fault> regex = regexFault(bad);
        if (regex.isPresent()) {
            return Optional.of(
                    "'"
                            + bad.group(1).strip()
                            + " matches \""
                            + bad.group(2)
                            + "\"': the pattern is "
                            + regex.get().message()
                            + " (in a rule's quotes the \\ is written twice: \\\\)");
        }
        Matcher bare = BARE_VALUE.matcher(text.strip());
        if (bare.matches()) {
            return Optional.of(joinedValues(bare.group(1).strip()));
        }
        Matcher notAField = NOT_A_FIELD.matcher(text.strip());
        // A name in capitals is a weight misspelt; another a weight in the wrong case, when it is
        // one or close to one, and a field of something else otherwise (kcontext.rul).
        if (notAField.matches()
                && (notAField.group(1).matches("[A-Z][A-Z_]*")
                        || !Suggestion.of(notAField.group(1), weights()).isEmpty())) {
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
            Conclusion conclusion = Conclusion.of(constructor.group(1)).orElseThrow();
            String given = constructor.group(2);
            String wrong =
                    given.matches(".*\\b(int|long|float|double)\\b.*")
                            ? " (a number was given)"
                            : given.split(",").length < conclusion.arity()
                                    ? " (kcontext is missing at the end)"
                                    : "";
            return Optional.of(
                    conclusion.usage()
                            + wrong
                            + (conclusion == Conclusion.SUPPORT
                                    ? "; the weights are " + String.join(", ", weights())
                                    : ""));
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
                            + " "
                            + Conclusion.each("new %s(…)", "and")
                            + " end with kcontext, and a $variable"
                            + " must be bound in a condition above 'then'");
        }
        Matcher created = NOT_A_TYPE.matcher(text.strip());
        if (created.matches()) {
            return Optional.of(
                    "'"
                            + created.group(1)
                            + "' is not something a consequence can create"
                            + Suggestion.of(created.group(1), Conclusion.classNames())
                            + ": it creates "
                            + Conclusion.each("new %s(…)", "or"));
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
                            + ": it only does "
                            + Conclusion.each("insertLogical(new %s(…))", "or"));
        }
        return Optional.empty();
    }

    /**
     * Values joined by || or && in a comparison ({@code option == "a" || "b"}), in plain words: ||
     * and && join comparisons. A field equal to one value and to another can never hold, so with &&
     * the values are told to be listed with {@code in}.
     */
    private static String joinedValues(String expression) {
        Matcher oneOf = ONE_OF.matcher(expression);
        String told = "'" + expression + "': || and && join comparisons, not values";
        if (!oneOf.matches()) {
            return told
                    + ": give each value its comparison, as in "
                    + (expression.contains("&&")
                            ? "option != \"a\" && != \"b\""
                            : "option == \"a\" || == \"b\"");
        }
        String field = oneOf.group(1);
        List<String> values = List.of(oneOf.group(2).split("\\s*(?:\\|\\||&&)\\s*"));
        if (oneOf.group(3).equals("&&")) {
            return told + ", and " + neverHolds(field, values);
        }
        return told
                + ": write "
                + field
                + " == "
                + String.join(" || == ", values)
                + ", or "
                + in(field, values);
    }

    /**
     * Why {@code field} equal to each of {@code values} (as written, in quotes) at once can never
     * hold, and how to write "any one of them".
     */
    static String neverHolds(String field, List<String> values) {
        return field
                + " == "
                + String.join(" && == ", values)
                + " can never hold, as "
                + field
                + " has one value: for any one of them write "
                + in(field, values);
    }

    private static String in(String field, List<String> values) {
        return field + " in (" + String.join(", ", values) + ")";
    }

    /**
     * A value after && that Drools names alone at its fact ({@code Predicate '"b"' must be a
     * Boolean expression}), found in {@code text} in the first comparison from line {@code line} on
     * that joins it with && ({@code option == "a" && "b"}): the value's place, and the message in
     * plain words; empty for another complaint, or when no such comparison is found.
     */
    static Optional<Placed> valueAfterAnd(String text, int line, String message) {
        Matcher predicate = PREDICATE.matcher(message.strip());
        if (text == null || !predicate.matches()) {
            return Optional.empty();
        }
        Matcher joined = AND_JOINED.matcher(DrlText.withoutComments(text));
        while (joined.find()) {
            if (Place.of(text, joined.start()).line() < line) {
                continue;
            }
            Matcher value = AND_VALUE.matcher(joined.group());
            while (value.find()) {
                // Drools writes a text in single quotes in double quotes.
                if (value.group(1).replaceFirst("^'(.*)'$", "\"$1\"").equals(predicate.group(1))) {
                    return Optional.of(
                            new Placed(
                                    Place.of(text, joined.start() + value.start(1)),
                                    joinedValues(joined.group())));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * A value that Drools names alone at its fact ({@code Predicate '"b"' must be a Boolean
     * expression}), found after a comma in the pattern that Drools places at {@code line} and
     * {@code column} in {@code text} ({@code Answer(question == "a", "b")}): the value's place, and
     * the message in plain words; empty for another complaint, or when no such value is there.
     */
    static Optional<Placed> valueAfterComma(String text, int line, int column, String message) {
        Matcher predicate = PREDICATE.matcher(message.strip());
        int at = text == null ? -1 : new Place(line, column).index(text);
        if (at < 0 || !predicate.matches()) {
            return Optional.empty();
        }
        Matcher fact = FACT_AT.matcher(DrlText.withoutCommentsAndStrings(text));
        if (!fact.region(at, text.length()).lookingAt()) {
            return Optional.empty();
        }
        String code = DrlText.withoutComments(text);
        List<DrlText.Span> spans = DrlText.commaSeparated(text, fact.end() - 1);
        List<String> constraints =
                spans.stream().map(s -> code.substring(s.from(), s.to())).toList();
        for (int k = 1; k < constraints.size(); k++) {
            String value = constraints.get(k).strip();
            // Drools writes a text in single quotes in double quotes.
            if (value.matches(LITERAL)
                    && value.replaceFirst("^'(.*)'$", "\"$1\"").equals(predicate.group(1))) {
                return Optional.of(
                        new Placed(
                                Place.of(
                                        text,
                                        spans.get(k).from() + constraints.get(k).indexOf(value)),
                                aloneAfterComma(constraints, k)));
            }
        }
        return Optional.empty();
    }

    /**
     * The value alone after a comma, {@code constraints.get(k)}, in plain words: compare it with
     * the field it is for; and, when the constraint before compares a field with a value of the
     * same kind (text or number), if it is another value for that field, list both with {@code in}
     * ({@code not in} after {@code !=}). Which field holds which ids is the knowledge's, which the
     * parser's message comes without, so no field is named as the one meant.
     */
    private static String aloneAfterComma(List<String> constraints, int k) {
        String value = constraints.get(k).strip();
        String told =
                "a constraint after a comma is a condition of its own, and the bare value "
                        + value
                        + " is no condition: write the field it is for and a comparison (field == "
                        + value
                        + ")";
        Matcher before = COMPARED.matcher(constraints.get(k - 1).strip());
        if (before.matches() && isText(before.group(3)) == isText(value)) {
            boolean equal = before.group(2).equals("==");
            told +=
                    "; if it is "
                            + (equal ? "another value " : "another value that ")
                            + before.group(1)
                            + (equal ? " may hold, write " : " must not hold, write ")
                            + before.group(1)
                            + (equal ? " in (" : " not in (")
                            + before.group(3)
                            + ", "
                            + value
                            + ")";
        }
        return told;
    }

    private static boolean isText(String literal) {
        return literal.startsWith("\"") || literal.startsWith("'");
    }

    /** A message in plain words, and the place in a DRL file it is about. */
    record Placed(Place place, String message) {}

    /**
     * The line of the rule starting at {@code ruleLine} that holds what a consequence error is
     * about ({@code Weight.X}, {@code new Support(}): Drools names only the rule's first line.
     */
    static int line(String text, int ruleLine, String message) {
        List<String> errors = compilerErrors(message);
        List<Matcher> syntax = syntaxErrors(errors);
        if (text != null && ruleLine >= 1 && !syntax.isEmpty()) {
            return syntaxLine(
                    DrlText.withoutCommentsAndStrings(text).lines().toList(),
                    ruleLine,
                    syntax.get(0));
        }
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
        // Java reads the consequence, from 'then' on, and the conditions' eval(…) ('user' is also
        // in a condition's "user-rdp-access"): the consequence first, then an eval that holds it.
        List<String> lines = text.lines().toList();
        int inEval = 0;
        boolean consequence = false;
        for (int i = ruleLine - 1; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            consequence |= line.matches("then\\b.*");
            if (consequence && word.matcher(line.replaceFirst("^then\\b", "")).find()) {
                return i + 1;
            }
            Matcher evaluated = EVAL.matcher(line);
            if (!consequence
                    && inEval == 0
                    && evaluated.find()
                    && word.matcher(line.substring(evaluated.end())).find()) {
                inEval = i + 1;
            }
            if (i > ruleLine - 1 && line.equals("end")) {
                break;
            }
        }
        return inEval > 0 ? inEval : ruleLine;
    }

    /**
     * Where in {@code text} the expression lies that a complaint about a condition names, when
     * Drools gives no line for it (an unbound $variable, a bad regular expression): Drools words
     * the expression again, with its own spaces and {@code ~=} for {@code matches}.
     */
    static Optional<Place> expression(String text, String message) {
        Matcher analysed = ANALYSED.matcher(message.strip());
        if (text == null || !analysed.matches()) {
            return Optional.empty();
        }
        String written =
                Arrays.stream(analysed.group(1).strip().split("\\s+"))
                        .map(w -> w.equals("~=") ? "matches" : Pattern.quote(w))
                        .collect(Collectors.joining("\\s*"));
        Matcher found =
                Pattern.compile("(?<![\\w$])" + written + "(?![\\w$])")
                        .matcher(DrlText.withoutComments(text));
        if (!found.find()) {
            return Optional.empty();
        }
        // A bad pattern is placed at its character at fault, which its text begins before the
        // closing quote.
        Matcher bad = BAD_REGEX.matcher(message.strip());
        int at =
                regexFault(bad)
                        .map(f -> found.end() - 1 - bad.group(2).length() + Math.max(f.index(), 0))
                        .orElse(found.start());
        return Optional.of(Place.of(text, at));
    }

    /**
     * What is wrong with the pattern of a complaint {@code bad} about one after {@code matches}, or
     * empty for another complaint, or when Java reads the text as it stands in the rule (its
     * escapes aside) as a regular expression.
     */
    private static Optional<RegexSyntax.Fault> regexFault(Matcher bad) {
        if (!bad.matches()) {
            return Optional.empty();
        }
        try {
            Pattern.compile(bad.group(2));
            return Optional.empty();
        } catch (PatternSyntaxException e) {
            return Optional.of(RegexSyntax.of(e));
        }
    }

    /** A line and column of a DRL file, both from 1. */
    record Place(int line, int column) {
        static Place of(String text, int index) {
            int lineStart = text.lastIndexOf('\n', index - 1) + 1;
            int line = (int) text.substring(0, lineStart).chars().filter(c -> c == '\n').count();
            return new Place(line + 1, index - lineStart + 1);
        }

        /**
         * Where this place is in {@code text}, by its index; -1 when the text has no such place.
         */
        int index(String text) {
            int lineStart = 0;
            for (int i = 1; i < line && lineStart >= 0; i++) {
                int end = text.indexOf('\n', lineStart);
                lineStart = end < 0 ? -1 : end + 1;
            }
            int lineEnd = lineStart < 0 ? -1 : text.indexOf('\n', lineStart);
            int length = (lineEnd < 0 ? text.length() : lineEnd) - lineStart;
            return line < 1 || lineStart < 0 || column < 1 || column > length
                    ? -1
                    : lineStart + column - 1;
        }
    }

    /**
     * Whether line {@code line} of the rule starting at {@code ruleLine} is one of its conditions,
     * before its 'then': a Java error placed there is in an eval(…).
     */
    static boolean isCondition(String text, int ruleLine, int line) {
        if (text == null || ruleLine < 1 || line <= ruleLine) {
            return false;
        }
        List<String> lines = text.lines().toList();
        for (int i = ruleLine - 1; i < Math.min(line, lines.size()); i++) {
            if (lines.get(i).strip().matches("then\\b.*")) {
                return false;
            }
        }
        return true;
    }

    private static List<String> weights() {
        return Arrays.stream(Weight.values()).map(Weight::name).toList();
    }

    /** The simple names of the {@link #FACTS}. */
    static List<String> names() {
        return FACTS.stream().map(Class::getSimpleName).toList();
    }

    /** The fields of {@code fact}, as a condition names them. */
    static List<String> fields(Class<? extends Record> fact) {
        return Arrays.stream(fact.getRecordComponents()).map(RecordComponent::getName).toList();
    }
}
