package org.rdpdoctor.engine;

import java.lang.reflect.RecordComponent;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.drools.drl.ast.descr.AccumulateDescr;
import org.drools.drl.ast.descr.AtomicExprDescr;
import org.drools.drl.ast.descr.BaseDescr;
import org.drools.drl.ast.descr.BindingDescr;
import org.drools.drl.ast.descr.CollectDescr;
import org.drools.drl.ast.descr.ConditionalElementDescr;
import org.drools.drl.ast.descr.ConnectiveType;
import org.drools.drl.ast.descr.ConstraintConnectiveDescr;
import org.drools.drl.ast.descr.ExprConstraintDescr;
import org.drools.drl.ast.descr.PatternDescr;
import org.drools.drl.ast.descr.RelationalExprDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.drl.parser.DrlExprParser;
import org.drools.drl.parser.DrlExprParserFactory;
import org.drools.drl.parser.DrlParser;
import org.drools.util.StringUtils;
import org.rdpdoctor.kb.Cause;
import org.rdpdoctor.kb.Environment;
import org.rdpdoctor.kb.ErrorCodeTable;
import org.rdpdoctor.kb.EvidenceKind;
import org.rdpdoctor.kb.Fix;
import org.rdpdoctor.kb.KnowledgeBase;
import org.rdpdoctor.kb.Option;
import org.rdpdoctor.kb.Problem;
import org.rdpdoctor.kb.Question;
import org.rdpdoctor.kb.Suggestion;

/**
 * Checks the knowledge ids a rules file names (causes, questions, options, evidence, traits, fixes)
 * against {@code kb/}, and the sources of answers and evidence against those the engine gives, so
 * that a misspelt id is an error at its line, not a rule that never fires. Conditions are read from
 * Drools' own parse, which writes {@code in (...)}, {@code not in} and {@code option == "a" || ==
 * "b"} out as comparisons, whatever the brackets and line breaks.
 */
final class IdReferences {
    /** A conclusion of a consequence and the id it gives: {@code new Support("cause", ...)}. */
    private static final Pattern CONCLUDED =
            Pattern.compile(
                    "new\\s+("
                            + Conclusion.alternation()
                            + ")\\s*\\(\\s*\"([^\"\\n]+)\"(\\s*\\+)?");

    /** A further text joined on with {@code +}: {@code + "defect"}. */
    private static final Pattern JOINED = Pattern.compile("\\G\\s*\\+\\s*\"([^\"\\n]*)\"");

    /** The most ways of one pattern's constraints to hold that are checked one by one. */
    private static final int MOST_ALTERNATIVES = 256;

    /**
     * A field compared with a string by {@code equals}: {@code option.equals("x")}, {@code
     * "x".equals(this.option)}.
     */
    private static final Pattern EQUALS =
            Pattern.compile(
                    "(?:(?:this\\s*\\.\\s*)?(?<field>\\w+)\\s*\\.\\s*equals\\s*\\(\\s*(?<value>"
                            + "\"(?:[^\"\\\\]|\\\\.)*\")\\s*\\)|(?<value2>\"(?:[^\"\\\\]|\\\\.)*\")\\s*\\.\\s*"
                            + "equals\\s*\\(\\s*(?:this\\s*\\.\\s*)?(?<field2>\\w+)\\s*\\))");

    /**
     * The operators Drools 10.2 evaluates once a condition is compiled; others ({@code str[...]},
     * the temporal ones) throw {@code NoSuchMethodError} from the compiled condition after about
     * twenty evaluations. {@code in} and {@code not in} reach here written out as {@code ==}.
     */
    private static final Set<String> OPERATORS =
            Set.of(
                    "==",
                    "!=",
                    "<",
                    "<=",
                    ">",
                    ">=",
                    "matches",
                    "contains",
                    "excludes",
                    "memberOf",
                    "soundslike");

    /** How many of the ids a field may hold a message names. */
    private static final int IDS_SHOWN = 6;

    /** A whole number as Java writes it: {@code 2308}, {@code 0x904}, {@code 7L}. */
    private static final Pattern NUMBER = Pattern.compile("(?i)(0x[0-9a-f]+|[0-9]+)l?");

    /**
     * A whole number in hex or in decimal, whose value is read here: {@code 0x904}, {@code 2308}.
     * Other forms ({@code 2308L}, {@code 04404}, which Java reads as octal) are left alone.
     */
    private static final Pattern HEX_OR_DECIMAL =
            Pattern.compile("0[xX]([0-9a-fA-F]+)|(0|[1-9][0-9]*)");

    /** What a field is compared with: a string, a whole number, or something else. */
    private enum Literal {
        TEXT,
        NUMBER,
        /** A variable, a method call or another literal: what it holds is not read here. */
        OTHER
    }

    /**
     * A field compared by {@code ==} or {@code !=}: {@code kind == "x"}, {@code "x" != kind},
     * {@code disconnect == 2308}, {@code fix == $f}; {@code value} is the string's text, else the
     * other side as written.
     */
    private record Comparison(
            String field, boolean equal, String value, Literal literal, int line) {
        boolean quoted() {
            return literal == Literal.TEXT;
        }
    }

    private IdReferences() {}

    /**
     * Checks the ids a rules file names and adds what its conditions match to {@code matched}:
     * {@code option:question/option} for an answer with an option constraint, {@code question:id}
     * for any answer to a question, and {@code value:kind/value} and {@code kind:id} alike for
     * evidence; and {@code support:id} for each known cause a consequence supports, unless the
     * rule's conditions read only the error codes (see {@link #settledAtStart}). Consequences are
     * read in {@code code}, the file's text without its comments; conditions in {@code parse},
     * Drools' parse of {@code text}. When Drools could not parse the whole file, each rule,
     * beginning at a line (from 0) in {@code starts}, is parsed alone, so a syntax error in one
     * rule hides no id in another. A problem is at the line of the constraint that names the id.
     */
    static void check(
            KnowledgeBase kb,
            String file,
            String text,
            String code,
            DrlOutline.Parse parse,
            List<Integer> starts,
            List<Problem> problems,
            Set<String> matched) {
        int[] lines = lineStarts(code);
        Set<String> causes = new HashSet<>();
        for (Matcher m = CONCLUDED.matcher(code); m.find(); ) {
            Conclusion conclusion = Conclusion.of(m.group(1)).orElseThrow();
            Optional<String> wrong =
                    m.group(3) != null
                            ? Optional.of(joined(m, conclusion, code))
                            : unknown(kb, conclusion, m.group(2));
            wrong.ifPresent(
                    message ->
                            problems.add(
                                    new Problem(
                                            file,
                                            lineOf(lines, m.start(2)),
                                            0,
                                            m.group(1),
                                            message)));
            if (wrong.isEmpty() && conclusion == Conclusion.SUPPORT) {
                causes.add(m.group(2));
            }
        }
        List<RuleDescr> rules = parse.clean() ? parse.outline().getRules() : oneByOne(text, starts);
        for (RuleDescr rule : rules) {
            if (rule.isQuery() || settledAtStart(rule)) {
                continue;
            }
            for (Matcher m = CONCLUDED.matcher(String.valueOf(rule.getConsequence())); m.find(); ) {
                if (Conclusion.of(m.group(1)).orElseThrow() == Conclusion.SUPPORT
                        && causes.contains(m.group(2))) {
                    matched.add("support:" + m.group(2));
                }
            }
        }
        List<PatternDescr> patterns =
                rules.stream()
                        .filter(rule -> !rule.isQuery())
                        .map(RuleDescr::getLhs)
                        .flatMap(IdReferences::patterns)
                        .toList();
        for (PatternDescr pattern : patterns) {
            String type = pattern.getObjectType();
            Checker at = new Checker(file, type.substring(type.lastIndexOf('.') + 1), problems);
            List<List<Comparison>> ways = alternatives(pattern, at);
            if (at.type().equals("Trait")) {
                // A trait condition is wrong only when none of its ways can hold.
                ways = List.of(ways.stream().flatMap(List::stream).distinct().toList());
            }
            for (List<Comparison> compared : ways) {
                check(kb, at, compared, matched);
            }
        }
    }

    /** What is wrong with the id a conclusion names, if it names nothing in {@code kb}. */
    private static Optional<String> unknown(KnowledgeBase kb, Conclusion conclusion, String id) {
        return switch (conclusion) {
            case SUPPORT -> unknown(conclusion, id, kb.causes(), Cause::id);
            case ASK -> unknown(conclusion, id, kb.questions(), Question::id);
            case TRY_FIRST -> unknown(conclusion, id, kb.fixes(), Fix::id);
        };
    }

    private static <T> Optional<String> unknown(
            Conclusion conclusion, String id, List<T> known, Function<T, String> idOf) {
        return known.stream().anyMatch(k -> idOf.apply(k).equals(id))
                ? Optional.empty()
                : Optional.of(
                        "unknown %s '%s'%s"
                                .formatted(conclusion.names(), id, Suggestion.of(id, known, idOf)));
    }

    /** Checks one way a pattern can match: comparisons that hold together. */
    private static void check(
            KnowledgeBase kb, Checker at, List<Comparison> compared, Set<String> matched) {
        idsAsNumbers(kb, at, compared);
        switch (at.type()) {
            case "Answer" -> {
                answer(kb, compared, at, matched);
                sources(compared, at);
            }
            case "Evidence" -> {
                evidence(kb, compared, at, matched);
                sources(compared, at);
            }
            case "ErrorReport" -> errorReport(kb, compared, at);
            case "Trait" -> trait(kb, compared, at);
            case "FixOutcome", "FixOf" -> {
                for (Comparison fix : with(compared, "fix")) {
                    at.require(
                            kb.fix(fix.value()).isPresent(),
                            fix,
                            "unknown fix '"
                                    + fix.value()
                                    + "'"
                                    + Suggestion.of(fix.value(), kb.fixes(), Fix::id));
                }
                for (Comparison cause : with(compared, "cause")) {
                    at.require(
                            kb.cause(cause.value()).isPresent(),
                            cause,
                            "unknown cause '"
                                    + cause.value()
                                    + "'"
                                    + Suggestion.of(cause.value(), kb.causes(), Cause::id));
                }
            }
        }
    }

    /**
     * What to say of an id joined from pieces, {@code new Support("client-app-" + "defect", …)}:
     * the checks, the explanations and the sources read the id as one text.
     */
    private static String joined(Matcher found, Conclusion conclusion, String code) {
        StringBuilder id = new StringBuilder(found.group(2));
        Matcher piece = JOINED.matcher(code);
        piece.region(found.end(2) + 1, code.length());
        boolean whole = false;
        while (piece.find()) {
            id.append(piece.group(1));
            whole = !code.substring(piece.end()).stripLeading().startsWith("+");
            if (whole) {
                break;
            }
        }
        return "new %s(…) takes the %s id as one text in quotes%s, not pieces joined with +"
                .formatted(
                        conclusion.simpleName(),
                        conclusion.names(),
                        whole ? " (\"" + id + "\")" : "");
    }

    /**
     * A text field of a fact ({@code option}, {@code fix}, {@code detail}, …) compared with a
     * number: the fact holds text, so the condition never holds, and Drools says nothing.
     */
    private static void idsAsNumbers(KnowledgeBase kb, Checker at, List<Comparison> compared) {
        Set<String> texts = textFields(at.type());
        for (Comparison number : compared) {
            if (number.literal() != Literal.NUMBER || !texts.contains(number.field())) {
                continue;
            }
            String written =
                    number.field() + (number.equal() ? " == " : " != ") + number.value() + ": ";
            List<String> ids = ids(kb, at.type(), number.field(), compared);
            at.require(
                    false,
                    number,
                    ids.isEmpty()
                            ? written + number.field() + " is text, written in quotes, not a number"
                            : written
                                    + number.field()
                                    + " is an id, written in quotes, not a number: "
                                    + (ids.contains(number.value())
                                            ? "\"" + number.value() + "\""
                                            : oneOf(ids)));
        }
    }

    /**
     * The ids a field may hold, as a message offers them: {@code one of "a", "b"}, the first
     * {@value #IDS_SHOWN} and how many more, so that no one id reads as the one meant.
     */
    private static String oneOf(List<String> ids) {
        String shown =
                ids.stream()
                        .limit(IDS_SHOWN)
                        .map(id -> "\"" + id + "\"")
                        .collect(Collectors.joining(", "));
        return ids.size() == 1
                ? shown
                : "one of "
                        + shown
                        + (ids.size() > IDS_SHOWN
                                ? " and %d more".formatted(ids.size() - IDS_SHOWN)
                                : "");
    }

    /** The fields of the fact named {@code type} that hold text. */
    private static Set<String> textFields(String type) {
        return DrlMessage.FACTS.stream()
                .filter(fact -> fact.getSimpleName().equals(type))
                .flatMap(fact -> Arrays.stream(fact.getRecordComponents()))
                .filter(component -> component.getType() == String.class)
                .map(RecordComponent::getName)
                .collect(Collectors.toSet());
    }

    /**
     * The ids a text field of a fact can hold, those of the question or evidence kind the condition
     * names first for an option or value; none for free text ({@code detail}).
     */
    private static List<String> ids(
            KnowledgeBase kb, String type, String field, List<Comparison> compared) {
        List<String> named =
                values(with(compared, type.equals("Answer") ? "question" : "kind"), true);
        return switch (type + "." + field) {
            case "Answer.question" -> kb.questions().stream().map(Question::id).toList();
            case "Answer.option" ->
                    named.stream()
                            .map(kb::question)
                            .flatMap(Optional::stream)
                            .findFirst()
                            .map(List::of)
                            .orElse(kb.questions())
                            .stream()
                            .flatMap(q -> q.options().stream().map(Option::id))
                            .toList();
            case "Evidence.kind" -> kb.evidenceKinds().stream().map(EvidenceKind::id).toList();
            case "Evidence.value" ->
                    named.stream()
                            .map(kb::evidenceKind)
                            .flatMap(Optional::stream)
                            .findFirst()
                            .map(List::of)
                            .orElse(kb.evidenceKinds())
                            .stream()
                            .flatMap(k -> k.values().stream().map(EvidenceKind.Value::id))
                            .toList();
            case "Answer.source", "Evidence.source" -> Diagnosis.FACT_SOURCES;
            case "Trait.role" -> List.copyOf(new TreeSet<>(Environment.ROLES));
            case "Trait.environment" -> kb.environments().stream().map(Environment::id).toList();
            case "Trait.name" ->
                    kb.environments().stream()
                            .flatMap(e -> e.traits().stream())
                            .distinct()
                            .toList();
            case "FixOutcome.fix", "FixOf.fix" -> kb.fixes().stream().map(Fix::id).toList();
            case "FixOf.cause" -> kb.causes().stream().map(Cause::id).toList();
            default -> List.of();
        };
    }

    /**
     * The rules that Drools can parse each on its own: the lines before the first rule (package,
     * imports) with one rule's lines, the others left blank so that every line keeps its number.
     */
    private static List<RuleDescr> oneByOne(String text, List<Integer> starts) {
        String[] lines = text.split("\n", -1);
        List<RuleDescr> read = new ArrayList<>();
        for (int k = 0; k < starts.size(); k++) {
            int from = starts.get(k);
            int to = k + 1 < starts.size() ? starts.get(k + 1) : lines.length;
            StringBuilder alone = new StringBuilder();
            for (int i = 0; i < lines.length; i++) {
                if (i < starts.get(0) || (i >= from && i < to)) {
                    alone.append(lines[i]);
                }
                alone.append('\n');
            }
            DrlOutline.Parse parse = DrlOutline.Parse.of(alone.toString());
            if (parse.clean()) {
                read.addAll(parse.outline().getRules());
            }
        }
        return read;
    }

    /**
     * Whether a rule's conditions read nothing but the error codes, which a session gets when it
     * starts and keeps: whether the rule fires is settled then, and no answer, evidence or fix
     * changes it.
     */
    private static boolean settledAtStart(RuleDescr rule) {
        return patterns(rule.getLhs())
                .map(PatternDescr::getObjectType)
                .allMatch(type -> type.substring(type.lastIndexOf('.') + 1).equals("ErrorReport"));
    }

    /**
     * Every pattern in a rule's conditions, inside not, exists, or, forall, from, accumulate and
     * collect too.
     */
    private static Stream<PatternDescr> patterns(BaseDescr descr) {
        List<BaseDescr> inner = new ArrayList<>();
        if (descr instanceof ConditionalElementDescr element) {
            inner.addAll(element.getDescrs());
        }
        if (descr instanceof PatternDescr pattern && pattern.getSource() != null) {
            inner.add(pattern.getSource());
        }
        if (descr instanceof AccumulateDescr accumulate && accumulate.getInput() != null) {
            inner.add(accumulate.getInput());
        }
        if (descr instanceof CollectDescr collect && collect.getInputPattern() != null) {
            inner.add(collect.getInputPattern());
        }
        Stream<PatternDescr> own =
                descr instanceof PatternDescr pattern ? Stream.of(pattern) : Stream.empty();
        return Stream.concat(own, inner.stream().flatMap(IdReferences::patterns));
    }

    /**
     * The ways a pattern's constraints can hold, each a list of the comparisons of a field with a
     * string that hold together, as Drools parses them: {@code question == "a" && option == "x" ||
     * question == "b"} gives two. A constraint Drools cannot parse gives none: Drools names its
     * error. Past {@value #MOST_ALTERNATIVES} ways (lists after {@code in} multiply), every
     * comparison counts as holding together, as one way. A field that comparisons joined by a comma
     * or && require to equal two different texts is a problem (see {@link #neverHolds}).
     */
    private static List<List<Comparison>> alternatives(PatternDescr pattern, Checker at) {
        List<List<Comparison>> ways = List.of(List.of());
        // The comparisons that hold in every way: those joined by a comma or &&, outside any ||.
        List<Comparison> always = new ArrayList<>();
        for (BaseDescr constraint : pattern.getConstraint().getDescrs()) {
            if (constraint instanceof ExprConstraintDescr expression) {
                DrlExprParser parser =
                        DrlExprParserFactory.getDrlExprParser(DrlParser.DEFAULT_LANGUAGE_LEVEL);
                ConstraintConnectiveDescr parsed = parser.parse(expression.getExpression());
                int line = expression.getLine() > 0 ? expression.getLine() : pattern.getLine();
                if (parsed != null && !parser.hasErrors()) {
                    for (BaseDescr part : andJoined(parsed).toList()) {
                        List<List<Comparison>> own = ways(part, line, at);
                        if (!(part instanceof ConstraintConnectiveDescr) && own.size() == 1) {
                            always.addAll(own.get(0));
                        }
                        ways = both(ways, own);
                    }
                }
            }
        }
        neverHolds(always, at);
        return ways;
    }

    /** The parts of a constraint that && joins, each of them, however nested. */
    private static Stream<BaseDescr> andJoined(BaseDescr descr) {
        return descr instanceof ConstraintConnectiveDescr connective
                        && connective.getConnective() == ConnectiveType.AND
                ? connective.getDescrs().stream().flatMap(IdReferences::andJoined)
                : Stream.of(descr);
    }

    /**
     * A field equal to two different texts, or to two different numbers, in comparisons that hold
     * together ({@code option == "a", option == "b"}; {@code disconnect == 2308, disconnect ==
     * 2310}): the pattern can never match, and Drools says nothing. Numbers are compared by value,
     * so {@code 0x904} and {@code 2308} are one; those in {@link #HEX_OR_DECIMAL} are read. A text
     * field compared with numbers is told so by {@link #idsAsNumbers}. Named at the first
     * comparison that differs from the field's first.
     */
    private static void neverHolds(List<Comparison> always, Checker at) {
        Set<String> texts = textFields(at.type());
        for (String field : always.stream().map(Comparison::field).distinct().toList()) {
            boolean numeric = !texts.contains(field);
            neverHolds(
                    field,
                    with(always, field),
                    Comparison::value,
                    c -> "\"" + c.value() + "\"",
                    at);
            neverHolds(
                    field,
                    always.stream()
                            .filter(c -> numeric && c.literal() == Literal.NUMBER)
                            .filter(c -> c.field().equals(field))
                            .filter(c -> hexOrDecimal(c.value()).isPresent())
                            .toList(),
                    c -> hexOrDecimal(c.value()).orElseThrow(),
                    Comparison::value,
                    at);
        }
    }

    /**
     * The check of {@link #neverHolds(List, Checker)} on the comparisons of one field with values
     * of one kind, each read as its {@code value} and shown as {@code written}.
     */
    private static void neverHolds(
            String field,
            List<Comparison> compared,
            Function<Comparison, Object> value,
            Function<Comparison, String> written,
            Checker at) {
        List<Comparison> equal = compared.stream().filter(Comparison::equal).toList();
        Map<Object, String> values = new LinkedHashMap<>();
        equal.forEach(c -> values.putIfAbsent(value.apply(c), written.apply(c)));
        if (values.size() > 1) {
            Object first = value.apply(equal.get(0));
            at.refuse(
                    equal.stream()
                            .filter(c -> !value.apply(c).equals(first))
                            .findFirst()
                            .orElseThrow()
                            .line(),
                    DrlMessage.neverHolds(field, List.copyOf(values.values())));
        }
    }

    /** The value of a number written in hex or in decimal; empty for another form. */
    private static Optional<BigInteger> hexOrDecimal(String written) {
        Matcher number = HEX_OR_DECIMAL.matcher(written);
        if (!number.matches()) {
            return Optional.empty();
        }
        return Optional.of(
                number.group(1) != null
                        ? new BigInteger(number.group(1), 16)
                        : new BigInteger(number.group(2)));
    }

    /**
     * The ways a constraint holds: a comparison, the ways of either side, or of both. An operator
     * Drools fails on is a problem at {@code line}.
     */
    private static List<List<Comparison>> ways(BaseDescr descr, int line, Checker at) {
        List<List<Comparison>> ways = List.of(List.of());
        if (descr instanceof ConstraintConnectiveDescr connective) {
            if (connective.getConnective() == ConnectiveType.OR) {
                List<List<Comparison>> either = new ArrayList<>();
                connective.getDescrs().forEach(inner -> either.addAll(ways(inner, line, at)));
                return either;
            }
            for (BaseDescr inner : connective.getDescrs()) {
                ways = both(ways, ways(inner, line, at));
            }
        } else if (descr instanceof AtomicExprDescr atom && !atom.isLiteral()) {
            Matcher equals = EQUALS.matcher(atom.getExpression().strip());
            if (equals.matches()) {
                String field = equals.group("field") != null ? "field" : "field2";
                String value = equals.group("value") != null ? "value" : "value2";
                ways =
                        List.of(
                                List.of(
                                        new Comparison(
                                                equals.group(field),
                                                true,
                                                literal(equals.group(value)).orElseThrow(),
                                                Literal.TEXT,
                                                line)));
            }
        } else if (descr instanceof RelationalExprDescr relation) {
            ways = both(ways(relation.getLeft(), line, at), ways(relation.getRight(), line, at));
            String operator = relation.getOperator();
            if (!OPERATORS.contains(operator)) {
                at.refuse(line, operatorRefused(relation));
            }
            if (operator.equals("==") || operator.equals("!=")) {
                boolean equal = operator.equals("==") != relation.isNegated();
                Optional<String> field =
                        field(relation.getLeft()).or(() -> field(relation.getRight()));
                Optional<String> text =
                        literal(relation.getRight()).or(() -> literal(relation.getLeft()));
                Optional<String> number =
                        number(relation.getRight()).or(() -> number(relation.getLeft()));
                if (field.isPresent()) {
                    Comparison comparison =
                            text.isPresent()
                                    ? new Comparison(
                                            field.get(), equal, text.get(), Literal.TEXT, line)
                                    : number.isPresent()
                                            ? new Comparison(
                                                    field.get(),
                                                    equal,
                                                    number.get(),
                                                    Literal.NUMBER,
                                                    line)
                                            : new Comparison(
                                                    field.get(),
                                                    equal,
                                                    written(relation.getRight()),
                                                    Literal.OTHER,
                                                    line);
                    ways = both(ways, List.of(List.of(comparison)));
                }
            }
        }
        return ways;
    }

    /** Every way of {@code one} with every way of {@code other}, or one way of all if too many. */
    private static List<List<Comparison>> both(
            List<List<Comparison>> one, List<List<Comparison>> other) {
        if ((long) one.size() * other.size() > MOST_ALTERNATIVES) {
            return List.of(
                    Stream.concat(one.stream(), other.stream())
                            .flatMap(List::stream)
                            .distinct()
                            .toList());
        }
        List<List<Comparison>> out = new ArrayList<>();
        for (List<Comparison> a : one) {
            for (List<Comparison> b : other) {
                out.add(Stream.concat(a.stream(), b.stream()).toList());
            }
        }
        return out;
    }

    /**
     * The field one side of a comparison reads: {@code option}, {@code this.option}, {@code $o :
     * option}.
     */
    private static Optional<String> field(BaseDescr side) {
        String expression =
                side instanceof BindingDescr binding
                        ? binding.getExpression()
                        : side instanceof AtomicExprDescr atom && !atom.isLiteral()
                                ? atom.getExpression()
                                : null;
        if (expression == null) {
            return Optional.empty();
        }
        String name = expression.strip();
        return Optional.of(name.startsWith("this.") ? name.substring(5).strip() : name);
    }

    /** The text of a string that one side of a comparison is, in either quotes. */
    private static Optional<String> literal(BaseDescr side) {
        return side instanceof AtomicExprDescr atom && atom.isLiteral()
                ? literal(atom.getExpression().strip())
                : Optional.empty();
    }

    /** The text of a string literal, in either quotes. */
    private static Optional<String> literal(String text) {
        return quoted(text)
                ? Optional.of(StringUtils.unescapeJava(text.substring(1, text.length() - 1)))
                : Optional.empty();
    }

    private static String operatorRefused(RelationalExprDescr relation) {
        List<String> parameters = relation.getOperatorDescr().getParameters();
        String operator =
                (relation.isNegated() ? "not " : "")
                        + relation.getOperator()
                        + (parameters == null || parameters.isEmpty()
                                ? ""
                                : "[" + String.join(",", parameters) + "]");
        return "the operator '"
                + operator
                + "' fails inside Drools once the condition is compiled (NoSuchMethodError):"
                + " compare with ==, !=, in, matches, contains, memberOf or soundslike, or a"
                + " method such as option.startsWith(\"x\")";
    }

    /** The text of a whole number that one side of a comparison is. */
    private static Optional<String> number(BaseDescr side) {
        return side instanceof AtomicExprDescr atom
                        && atom.isLiteral()
                        && NUMBER.matcher(atom.getExpression().strip()).matches()
                ? Optional.of(atom.getExpression().strip())
                : Optional.empty();
    }

    /** One side of a comparison as written, for a message. */
    private static String written(BaseDescr side) {
        return side instanceof AtomicExprDescr atom
                ? atom.getExpression().strip()
                : side instanceof BindingDescr binding
                        ? binding.getExpression().strip()
                        : side.getText();
    }

    private static boolean quoted(String literal) {
        return literal.length() >= 2
                && (literal.charAt(0) == '"' || literal.charAt(0) == '\'')
                && literal.charAt(literal.length() - 1) == literal.charAt(0);
    }

    /** Where each line of {@code text} begins. */
    private static int[] lineStarts(String text) {
        return IntStream.concat(
                        IntStream.of(0),
                        IntStream.range(0, text.length())
                                .filter(i -> text.charAt(i) == '\n')
                                .map(i -> i + 1))
                .toArray();
    }

    /** The line (from 1) that holds the character at {@code index}, given where lines begin. */
    private static int lineOf(int[] starts, int index) {
        int found = Arrays.binarySearch(starts, index);
        return found >= 0 ? found + 1 : -found - 1;
    }

    /**
     * The questions exist, and each option is one of the question it is compared with by {@code
     * ==}, or, when none is, of some question the condition does not rule out by {@code !=}.
     */
    private static void answer(
            KnowledgeBase kb, List<Comparison> compared, Checker at, Set<String> matched) {
        matching(
                new Levels<>(
                        "question",
                        "option",
                        "question",
                        "an option",
                        kb::question,
                        kb.questions(),
                        Question::id,
                        q -> q.options().stream().map(Option::id).toList(),
                        (q, option) -> q.option(option).isPresent()),
                compared,
                at,
                matched);
    }

    /** As {@link #answer}, for evidence kinds and their values. */
    private static void evidence(
            KnowledgeBase kb, List<Comparison> compared, Checker at, Set<String> matched) {
        matching(
                new Levels<>(
                        "kind",
                        "value",
                        "evidence kind",
                        "a value",
                        kb::evidenceKind,
                        kb.evidenceKinds(),
                        EvidenceKind::id,
                        kind -> kind.values().stream().map(EvidenceKind.Value::id).toList(),
                        (kind, value) -> kind.value(value).isPresent()),
                compared,
                at,
                matched);
    }

    /**
     * Each source compared is one the engine gives an answer or evidence: a misspelt one ({@code
     * "error_code"}) would make {@code ==} never hold and {@code !=} always, and Drools says
     * nothing.
     */
    private static void sources(List<Comparison> compared, Checker at) {
        for (Comparison source : with(compared, "source")) {
            at.require(
                    Diagnosis.FACT_SOURCES.contains(source.value()),
                    source,
                    "'%s' is not a source an answer or evidence comes from%s; the sources are %s"
                            .formatted(
                                    source.value(),
                                    Suggestion.of(source.value(), Diagnosis.FACT_SOURCES),
                                    String.join(", ", Diagnosis.FACT_SOURCES)));
        }
    }

    /**
     * Checks the ids of two levels (see {@link #twoLevels}) and adds to {@code matched} what the
     * condition can match: {@code question:q} (or {@code kind:k}) when it takes any option (value)
     * of q, else {@code option:q/o} (or {@code value:k/v}) for each one it names.
     */
    private static <T> void matching(
            Levels<T> levels, List<Comparison> compared, Checker at, Set<String> matched) {
        List<Comparison> lowers = with(compared, levels.lowerField());
        // A lower id compared with a number or a variable is not read: it matches no known one.
        boolean unread =
                compared.stream()
                        .anyMatch(
                                c ->
                                        !c.quoted()
                                                && c.equal()
                                                && c.field().equals(levels.lowerField()));
        if (!unread && (lowers.isEmpty() || lowers.stream().anyMatch(o -> !o.equal()))) {
            values(with(compared, levels.upperField()), true).stream()
                    .filter(id -> levels.find().apply(id).isPresent())
                    .forEach(id -> matched.add(levels.upperField() + ":" + id));
        }
        twoLevels(
                levels,
                compared,
                at,
                (upper, lower) -> matched.add(levels.lowerField() + ":" + upper + "/" + lower));
    }

    /**
     * Ids of two levels, such as a question and its options: the fields that name each, the words
     * for them in messages, the lookup and the list of the upper level, and the test of a lower id.
     */
    private record Levels<T>(
            String upperField,
            String lowerField,
            String upper,
            String aLower,
            Function<String, Optional<T>> find,
            List<T> all,
            Function<T, String> id,
            Function<T, List<String>> lowers,
            BiPredicate<T, String> has) {}

    /**
     * Each upper id exists, and each lower id is one of the upper ids compared by {@code ==}, or,
     * when none is, of some upper id the condition does not rule out by {@code !=}; {@code used}
     * hears each pair the condition can match.
     */
    private static <T> void twoLevels(
            Levels<T> levels,
            List<Comparison> compared,
            Checker at,
            BiConsumer<String, String> used) {
        List<Comparison> uppers = with(compared, levels.upperField());
        List<Comparison> lowers = with(compared, levels.lowerField());
        for (Comparison upper : uppers) {
            at.require(
                    levels.find().apply(upper.value()).isPresent(),
                    upper,
                    "unknown "
                            + levels.upper()
                            + " '"
                            + upper.value()
                            + "'"
                            + Suggestion.of(upper.value(), levels.all(), levels.id()));
        }
        List<String> named = values(uppers, true);
        if (named.isEmpty()) {
            List<String> ruledOut = values(uppers, false);
            List<T> others =
                    levels.all().stream()
                            .filter(t -> !ruledOut.contains(levels.id().apply(t)))
                            .toList();
            for (Comparison lower : lowers) {
                List<T> having =
                        others.stream().filter(t -> levels.has().test(t, lower.value())).toList();
                having.forEach(t -> used.accept(levels.id().apply(t), lower.value()));
                at.require(
                        !having.isEmpty(),
                        lower,
                        "'%s' is not %s of any %s%s%s"
                                .formatted(
                                        lower.value(),
                                        levels.aLower(),
                                        levels.upper(),
                                        but(ruledOut),
                                        Suggestion.of(
                                                lower.value(),
                                                others.stream()
                                                        .flatMap(
                                                                t ->
                                                                        levels
                                                                                .lowers()
                                                                                .apply(t)
                                                                                .stream())
                                                        .distinct()
                                                        .toList())));
            }
            return;
        }
        for (String id : named) {
            Optional<T> upper = levels.find().apply(id);
            if (upper.isEmpty()) {
                continue;
            }
            for (Comparison lower : lowers) {
                used.accept(id, lower.value());
                at.require(
                        levels.has().test(upper.get(), lower.value()),
                        lower,
                        "'%s' is not %s of %s '%s'%s"
                                .formatted(
                                        lower.value(),
                                        levels.aLower(),
                                        levels.upper(),
                                        id,
                                        Suggestion.of(
                                                lower.value(),
                                                levels.lowers().apply(upper.get()))));
            }
        }
    }

    /** " but 'a', 'b'" for the ids a condition rules out, or nothing. */
    private static String but(List<String> ruledOut) {
        return ruledOut.isEmpty()
                ? ""
                : ruledOut.stream()
                        .map(id -> "'" + id + "'")
                        .collect(Collectors.joining(", ", " but ", ""));
    }

    /**
     * A trait's role is the client's or the server's, some environment has each trait named, and
     * some environment of a role the condition allows has each trait it asks for ({@code name !=
     * "x"} asks for none).
     */
    private static void trait(KnowledgeBase kb, List<Comparison> compared, Checker at) {
        List<Comparison> roles = with(compared, "role");
        for (Comparison role : roles) {
            at.require(
                    Environment.ROLES.contains(role.value()),
                    role,
                    "'"
                            + role.value()
                            + "' is not a role: a trait belongs to the 'client' or the 'server'");
        }
        boolean rolesKnown =
                roles.stream().map(Comparison::value).allMatch(Environment.ROLES::contains);
        Set<String> allowed = new LinkedHashSet<>(Environment.ROLES);
        List<String> required = values(roles, true);
        if (!required.isEmpty()) {
            allowed.retainAll(required);
        }
        values(roles, false).forEach(allowed::remove);
        List<Comparison> names = with(compared, "name");
        List<String> asked = values(names, true);
        for (Comparison name : names) {
            String trait = name.value();
            List<String> of =
                    kb.environments().stream()
                            .filter(e -> e.traits().contains(trait))
                            .map(Environment::role)
                            .distinct()
                            .toList();
            at.require(!of.isEmpty(), name, "no environment has the trait '" + trait + "'");
            at.require(
                    of.isEmpty()
                            || !asked.contains(trait)
                            || allowed.isEmpty()
                            || !rolesKnown
                            || of.stream().anyMatch(allowed::contains),
                    name,
                    "no %s environment has the trait '%s' (a %s trait)"
                            .formatted(
                                    String.join(" or ", allowed), trait, String.join(" and ", of)));
        }
        for (Comparison environment : with(compared, "environment")) {
            at.require(
                    kb.environment(environment.value()).isPresent(),
                    environment,
                    "no environment '" + environment.value() + "' in environments.yaml");
        }
    }

    /**
     * Each code compared is a number of the table its field reads: {@code disconnect} the
     * disconnect reasons, {@code extended} the extended reasons or server error info, or 0 (none
     * shown). A code in quotes never equals the number the fact holds.
     */
    private static void errorReport(KnowledgeBase kb, List<Comparison> compared, Checker at) {
        ErrorCodeTable tables = kb.errorCodes();
        for (Comparison code : compared) {
            boolean disconnect = code.field().equals("disconnect");
            if (!disconnect && !code.field().equals("extended")
                    || code.literal() == Literal.OTHER) {
                continue;
            }
            String written = code.field() + (code.equal() ? " == " : " != ") + code.value();
            if (code.quoted()) {
                at.require(
                        false,
                        code,
                        "a code is a number here, not text: write " + written + " without quotes");
                continue;
            }
            String digits = code.value().replaceFirst("(?i)l$", "");
            long value =
                    new BigInteger(
                                    digits.replaceFirst("(?i)^0x", ""),
                                    digits.toLowerCase(Locale.ROOT).startsWith("0x") ? 16 : 10)
                            .min(BigInteger.valueOf(1L << 32))
                            .longValue();
            if (value > 0xFFFFFFFFL) {
                at.require(
                        false,
                        code,
                        written + ": too large, codes are 32-bit (at most 0xFFFFFFFF)");
                continue;
            }
            int number = (int) value;
            boolean known =
                    disconnect
                            ? tables.knowsErrorCode(number)
                            : number == 0
                                    || Stream.of(tables.extendedReasons(), tables.serverErrorInfo())
                                            .flatMap(List::stream)
                                            .anyMatch(c -> c.covers(number));
            at.require(
                    known,
                    code,
                    "%s: no such code (0x%X) in error-codes.yaml's %s; add its row or fix the number"
                            .formatted(
                                    written,
                                    number,
                                    disconnect ? "disconnect_reasons" : "extended_reasons"));
        }
    }

    /** The comparisons of one field with a string. */
    private static List<Comparison> with(List<Comparison> compared, String field) {
        return compared.stream().filter(c -> c.quoted() && c.field().equals(field)).toList();
    }

    /** The values compared by {@code ==} ({@code equal}) or by {@code !=}. */
    private static List<String> values(List<Comparison> compared, boolean equal) {
        return compared.stream().filter(c -> c.equal() == equal).map(Comparison::value).toList();
    }

    /** Problems about one pattern, each at the line of the comparison it is about. */
    private record Checker(String file, String type, List<Problem> problems) {
        void require(boolean ok, Comparison about, String message) {
            if (!ok) {
                refuse(about.line(), message);
            }
        }

        void refuse(int line, String message) {
            Problem problem = new Problem(file, line, 0, type, message);
            // A pattern's ways to hold share comparisons: each problem is named once.
            if (!problems.contains(problem)) {
                problems.add(problem);
            }
        }
    }
}
