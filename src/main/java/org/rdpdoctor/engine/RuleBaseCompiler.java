package org.rdpdoctor.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.drools.base.base.ClassObjectType;
import org.drools.base.definitions.rule.impl.RuleImpl;
import org.drools.base.rule.RuleConditionElement;
import org.drools.util.StringUtils;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.rdpdoctor.kb.InvalidKnowledgeException;
import org.rdpdoctor.kb.KnowledgeBase;
import org.rdpdoctor.kb.Problem;
import org.rdpdoctor.kb.Source;
import org.rdpdoctor.kb.Suggestion;
import org.rdpdoctor.kb.Utf8;

/**
 * Compiles {@code rules/*.drl} at run time and checks them against the knowledge base: DRL errors,
 * rules without {@code @source}, and ids that {@code kb/} does not define.
 */
final class RuleBaseCompiler {
    static final String PACKAGE = "org.rdpdoctor.rules";
    private static final AtomicLong BUILDS = new AtomicLong();

    /**
     * A rule's first line, as the checks read it: its name in double quotes, with Java's escapes
     * ({@code \"} for a quote, {@code \t} for a tab).
     */
    private static final Pattern RULE = Pattern.compile("^\\s*rule\\s+\"((?:[^\"\\\\]|\\\\.)+)\"");

    /** A statement of a consequence, its strings blanked: the one kind a rule may make. */
    private static final Pattern CONSEQUENCE =
            Pattern.compile(
                    "insertLogical\\s*\\(\\s*new\\s+("
                            + Conclusion.alternation()
                            + ")\\s*\\([^;]*\\)\\s*\\)\\s*;");

    /** {@code @source("r1, r2")}, in double or single quotes as Drools takes both. */
    private static final Pattern SOURCE =
            Pattern.compile("@source\\(\\s*(?:\"([^\"]*)\"|'([^']*)')\\s*\\)");

    /** A pattern on a fact that rules conclude, which no condition may read. */
    private static final Pattern CONCLUSION =
            Pattern.compile("\\b(" + Conclusion.alternation() + ")\\s*\\(");

    /** A word that opens the conditions or the consequence, or ends a rule. */
    private static final Pattern KEYWORD = Pattern.compile("(?<![\\w$.])(when|then|end)(?![\\w$])");

    private static final Pattern DRL_LINE =
            Pattern.compile("\\[Line: (\\d+), Column: (\\d+)]|[Ll]ine (\\d+):(\\d+)");

    /** The place at the start of a parser message, after its code. */
    private static final Pattern DRL_PLACE = Pattern.compile("^(\\[ERR \\d+] )Line \\d+:\\d+ ");

    private static final Pattern RULE_START = Pattern.compile("^\\s*rule\\s+[\"']");
    private static final Pattern END = Pattern.compile("^\\s*end\\b.*");
    private static final Pattern NO_BREAK_SPACE = Pattern.compile("[\\u00A0\\u2007\\u202F]");
    private static final Pattern TYPOGRAPHIC_QUOTE =
            Pattern.compile("[\\u2018\\u2019\\u201C\\u201D\\u201E]");

    /** A text in double or single quotes, read from outside texts and comments. */
    private static final Pattern TEXT =
            Pattern.compile("\"(?:[^\"\\\\\n]|\\\\.)*\"|'(?:[^'\\\\\n]|\\\\.)*'");

    /**
     * A backslash in a text and what follows it: an escape Java knows, or another, whose character
     * is captured.
     */
    private static final Pattern ESCAPE =
            Pattern.compile("\\\\(?:[btnfr\"'\\\\0-7]|u[0-9a-fA-F]{4}|(.))");

    /** An import of one class, not of a package's ({@code .*}), a function or a static member. */
    private static final Pattern IMPORT =
            Pattern.compile("(?m)^[ \\t]*import[ \\t]+([\\w$]+(?:\\.[\\w$]+)+)[ \\t]*(?:;|$)");

    /** The token Drools' parser stumbled on. */
    private static final Pattern MISMATCHED = Pattern.compile("mismatched input '([^']*)'");

    /** The words of DRL a rule is written with, which are no misspelling of another. */
    private static final Set<String> DRL_WORDS =
            Set.of(
                    "rule",
                    "when",
                    "then",
                    "end",
                    "and",
                    "or",
                    "not",
                    "exists",
                    "forall",
                    "from",
                    "eval",
                    "in",
                    "matches",
                    "accumulate",
                    "collect");

    /** A line of conditions that ends with the word that joins it to the next. */
    private static final Pattern DANGLING = Pattern.compile("\\b(or|and)\\s*$");

    /** The fields of the facts a condition may match. */
    private static final Set<String> FIELDS =
            DrlMessage.FACTS.stream()
                    .flatMap(f -> DrlMessage.fields(f).stream())
                    .collect(Collectors.toUnmodifiableSet());

    private RuleBaseCompiler() {}

    /**
     * Plain words for the parser's commonest complaints, which name only the token it stumbled on:
     * a condition not closed before {@code then}, and a rule without its {@code end}, after which
     * the parser stumbles in the next rule, or at the file's end.
     *
     * @param text the file's text, or null when not known
     * @param line the line the parser names, from 1
     */
    static String hint(String text, int line, String message) {
        Matcher mismatched = MISMATCHED.matcher(message);
        if (text == null || !mismatched.find()) {
            return "";
        }
        Optional<DrlMessage.Place> unended = lastRuleWithoutEnd(text, message);
        if (unended.isPresent()) {
            return " (the rule that starts at line %d has no 'end' before the end of the file)"
                    .formatted(unended.get().line());
        }
        String token = mismatched.group(1);
        if (token.equals("then")) {
            return " (a condition before 'then' is not closed: look for a missing ')' on the lines"
                    + " above)";
        }
        if (token.equals("=")) {
            return " (a condition compares with ==, or != for 'not equal')";
        }
        if (token.equals("and")) {
            return " (inside a fact's brackets, constraints are joined with a comma or &&; 'and'"
                    + " joins whole conditions)";
        }
        if (FIELDS.contains(token)) {
            return " (is a comma missing before '" + token + "'?)";
        }
        // A misspelt keyword, not another word of DRL that is merely close to one ('not', 'rule').
        String keyword =
                DRL_WORDS.contains(token)
                        ? ""
                        : Suggestion.of(token, List.of("when", "then", "end"));
        if (!keyword.isEmpty()) {
            return keyword;
        }
        List<String> lines = text.lines().toList();
        int last = -1;
        int before = -1;
        for (int i = 0; i < Math.min(line, lines.size()); i++) {
            if (RULE_START.matcher(lines.get(i)).find()) {
                before = last;
                last = i;
            }
        }
        if (before >= 0
                && lines.subList(before + 1, last).stream()
                        .noneMatch(l -> END.matcher(l).matches())) {
            return " (the rule that starts at line %d has no 'end' before the next rule, at line %d)"
                    .formatted(before + 1, last + 1);
        }
        for (int i = Math.min(line, lines.size()) - 2; i >= 0 && i >= line - 4; i--) {
            Matcher dangling = DANGLING.matcher(DrlText.withoutCommentsAndStrings(lines.get(i)));
            if (dangling.find()) {
                return " (line %d ends with '%s' and no condition follows it)"
                        .formatted(i + 1, dangling.group(1));
            }
        }
        return "";
    }

    /**
     * Where the file's last rule begins, when the parser stumbled on the file's end ({@code
     * mismatched input '<eof>'}) because that rule has no {@code end}: Drools names a line past the
     * file's last.
     */
    private static Optional<DrlMessage.Place> lastRuleWithoutEnd(String text, String message) {
        Matcher mismatched = MISMATCHED.matcher(message);
        if (text == null || !mismatched.find() || !mismatched.group(1).equals("<eof>")) {
            return Optional.empty();
        }
        List<String> lines = text.lines().toList();
        for (int i = lines.size() - 1; i >= 0; i--) {
            String line = lines.get(i);
            if (END.matcher(line).matches()) {
                return Optional.empty();
            }
            if (RULE_START.matcher(line).find()) {
                return Optional.of(new DrlMessage.Place(i + 1, line.indexOf("rule") + 1));
            }
        }
        return Optional.empty();
    }

    static RuleBase compile(KnowledgeBase kb, Path rulesDir) {
        List<Problem> problems = new ArrayList<>();
        Map<String, String> texts = new LinkedHashMap<>();
        Map<String, RuleInfo> rules = new LinkedHashMap<>();
        Set<String> matched = new HashSet<>();
        KieBase kieBase = check(kb, rulesDir, texts, rules, matched, problems);
        if (!problems.isEmpty()) {
            throw new InvalidKnowledgeException(problems);
        }
        return new RuleBase(kb, kieBase, rules, matched, version(kb, texts));
    }

    /**
     * The problems of {@code rules/}, for when {@code kb/} did not load, so that an editor sees
     * both folders' problems at once: everything {@link #compile} finds, the ids the rules name
     * checked against {@code asRead}, the knowledge as read when its every entry was read and only
     * its checks failed; with it null, everything but those ids.
     */
    static List<Problem> problemsBeside(KnowledgeBase asRead, Path rulesDir) {
        List<Problem> problems = new ArrayList<>();
        check(
                asRead,
                rulesDir,
                new LinkedHashMap<>(),
                new LinkedHashMap<>(),
                new HashSet<>(),
                problems);
        return problems;
    }

    /**
     * Reads, checks and builds the rules, filling the maps given. {@code kb} null skips the checks
     * of the ids the rules name.
     *
     * @return the built rules, or null when Drools found errors or there was nothing to build
     */
    private static KieBase check(
            KnowledgeBase kb,
            Path rulesDir,
            Map<String, String> texts,
            Map<String, RuleInfo> rules,
            Set<String> matched,
            List<Problem> problems) {
        List<Path> files = drlFiles(rulesDir, problems);
        for (Path file : files) {
            String shown = Problem.shown(file);
            Utf8.read(file, shown, problems)
                    .flatMap(bytes -> Utf8.decode(shown, bytes, problems))
                    .ifPresent(text -> texts.put(shown, text));
        }
        if (files.isEmpty() && problems.isEmpty()) {
            problems.add(new Problem(Problem.shown(rulesDir), 0, 0, "", "no .drl files found"));
        }
        // The files whose parser errors our own problems explain: a text or a comment left open, a
        // no-break space, a typographic quote.
        Set<String> explained = new HashSet<>();
        texts.forEach(
                (name, text) -> {
                    if (openQuotes(name, text, problems)
                            | openComment(name, text, problems)
                            | noBreakSpaces(name, text, problems)
                            | typographicQuotes(name, text, problems)) {
                        explained.add(name);
                    }
                });
        List<Lines> withoutThen = new ArrayList<>();
        Map<String, DrlOutline.Parse> parses = new LinkedHashMap<>();
        List<String> tooDeep = new ArrayList<>();
        texts.forEach(
                (name, text) -> {
                    try {
                        DrlOutline.Parse parse = DrlOutline.Parse.of(text);
                        parses.put(name, parse);
                        scan(kb, name, text, parse, rules, withoutThen, problems, matched);
                    } catch (StackOverflowError e) {
                        // Drools' parser descends once per bracket; Drools' build would too.
                        problems.add(DrlOutline.tooDeep(name, text));
                        tooDeep.add(name);
                    }
                });
        tooDeep.forEach(
                name -> {
                    texts.remove(name);
                    parses.remove(name);
                });
        texts.forEach((name, text) -> DrlOutline.check(name, text, parses.get(name), problems));
        // A statement cut short by a quote left open is that quote's mistake, told already.
        problems.removeIf(
                p ->
                        p.field().equals("then")
                                && problems.stream()
                                        .anyMatch(
                                                q ->
                                                        q.field().equals("quote")
                                                                && q.file().equals(p.file())
                                                                && q.line() == p.line()));
        Map<String, String> built = new LinkedHashMap<>();
        texts.forEach(
                (name, text) ->
                        built.put(
                                name,
                                withoutUnknownEscapes(
                                        name,
                                        withoutUnknownImports(name, text, problems),
                                        problems)));
        KieBase kieBase = texts.isEmpty() ? null : build(built, withoutThen, explained, problems);
        if (kieBase != null) {
            checkConditionTypes(kieBase, rules, problems);
        }
        return kieBase;
    }

    /**
     * Adds a problem for each quote that opens a text its line does not close, at the quote;
     * returns whether there was any.
     */
    private static boolean openQuotes(String file, String text, List<Problem> problems) {
        List<Integer> open = DrlText.unclosedQuotes(text);
        for (int index : open) {
            problems.add(
                    at(
                            file,
                            text,
                            index,
                            "quote",
                            "this "
                                    + text.charAt(index)
                                    + " opens a text that its line does not close: add the closing "
                                    + text.charAt(index)
                                    + " (an id or a rule's name is written on one line)"));
        }
        return !open.isEmpty();
    }

    /**
     * Adds a problem at a {@code /*} that nothing closes; returns whether there was one. Drools
     * reads the rest of the file as the comment and names only its end, a line past the last.
     */
    private static boolean openComment(String file, String text, List<Problem> problems) {
        Optional<Integer> open = DrlText.unclosedComment(text);
        open.ifPresent(
                index ->
                        problems.add(
                                at(
                                        file,
                                        text,
                                        index,
                                        "comment",
                                        "this /* opens a comment that nothing closes: everything"
                                                + " after it is read as the comment; close it"
                                                + " with */")));
        return open.isPresent();
    }

    /**
     * Adds a problem for each no-break space outside strings and comments, at it; returns whether
     * there was any. Text pasted from a web page or a document keeps them, they look like spaces,
     * and Drools' parser stumbles on one with "no viable alternative at input ''".
     */
    private static boolean noBreakSpaces(String file, String text, List<Problem> problems) {
        return pasted(
                file,
                text,
                NO_BREAK_SPACE,
                "space",
                i ->
                        "a no-break space (U+%04X) here, which Drools does not read as a space;"
                                        .formatted((int) text.charAt(i))
                                + " replace it with a normal space",
                problems);
    }

    /**
     * Adds a problem for each typographic quote outside strings and comments, at it; returns
     * whether there was any. A text pasted from a document keeps them, they look like quotes, and
     * Drools' parser stumbles on one with "no viable alternative at input ''". One that closes a
     * text a plain quote opens ({@code "id”}) is told as such: Drools reads on past it, to the next
     * plain quote, and stumbles there.
     */
    private static boolean typographicQuotes(String file, String text, List<Problem> problems) {
        List<Integer> closings = DrlText.typographicClosings(text);
        return pasted(
                file,
                text,
                TYPOGRAPHIC_QUOTE,
                "quote",
                i -> {
                    char c = text.charAt(i);
                    String plain = c == '\u2018' || c == '\u2019' ? "'" : "\"";
                    return closings.contains(i)
                            ? "a typographic closing quote (U+%04X) here, which Drools does not read as a quote: it reads the text on to the next plain %s, so retype this one as %s"
                                    .formatted((int) c, plain, plain)
                            : "a typographic quote (U+%04X) here, which Drools does not read as a quote: retype it as %s"
                                    .formatted((int) c, plain);
                },
                problems);
    }

    /**
     * Adds a problem for each of the {@code characters} outside strings and comments, at it, in the
     * {@code message} for its index in {@code text}; returns whether there was any.
     */
    private static boolean pasted(
            String file,
            String text,
            Pattern characters,
            String field,
            IntFunction<String> message,
            List<Problem> problems) {
        Matcher m = characters.matcher(DrlText.withoutCommentsAndStrings(text));
        boolean any = false;
        while (m.find()) {
            any = true;
            problems.add(at(file, text, m.start(), field, message.apply(m.start())));
        }
        return any;
    }

    /**
     * The text with each import of a class that does not exist blanked, adding a problem at it.
     * Drools would name it at the file's first line, then at every rule of every file, since all
     * share one package.
     */
    private static String withoutUnknownImports(String file, String text, List<Problem> problems) {
        StringBuilder known = new StringBuilder(text);
        Matcher m = IMPORT.matcher(DrlText.withoutComments(text));
        while (m.find()) {
            if (!isClass(m.group(1))) {
                problems.add(
                        at(
                                file,
                                text,
                                m.start(1),
                                "import",
                                "there is no class "
                                        + m.group(1)
                                        + " to import: a rules file imports "
                                        + Facts.class.getPackageName()
                                        + ".*, which brings in every fact a condition can match ("
                                        + String.join(", ", DrlMessage.names())
                                        + "); remove this line or correct the name"));
                known.replace(m.start(), m.end(), " ".repeat(m.end() - m.start()));
            }
        }
        return known.toString();
    }

    /**
     * The text with the backslash of each escape that Java does not know blanked in the texts of
     * rules, adding a problem at each such text: in a condition, a regular expression's {@code \d}
     * written once ({@code matches "succ\deeds"}); in a consequence, an id or a message. Drools'
     * Java parser would print two lines of its own about it on standard error, where no logger
     * setting reaches, before its error.
     */
    private static String withoutUnknownEscapes(String file, String text, List<Problem> problems) {
        StringBuilder known = new StringBuilder(text);
        String code = DrlText.withoutComments(text);
        Matcher keyword = KEYWORD.matcher(DrlText.withoutCommentsAndStrings(text));
        int from = -1;
        boolean conditions = false;
        while (keyword.find()) {
            if (from >= 0) {
                Matcher quoted = TEXT.matcher(code).region(from, keyword.start());
                while (quoted.find()) {
                    Optional<String> unknown = unknownEscape(quoted, known);
                    if (unknown.isPresent()) {
                        String escaped = unknown.get();
                        String told =
                                conditions
                                        ? "\\%s in %s is no escape a rule's text knows: in a rule's quotes a regular expression's \\ is written twice (\\\\%s)"
                                                .formatted(escaped, quoted.group(), escaped)
                                        : "\\%s in %s is no escape Java knows: write the backslash twice (\\\\%s) or remove it"
                                                .formatted(escaped, quoted.group(), escaped);
                        problems.add(at(file, text, quoted.start(), "", told));
                    }
                }
            }
            conditions = keyword.group(1).equals("when");
            from = keyword.group(1).equals("end") ? -1 : keyword.end();
        }
        return known.toString();
    }

    /**
     * The character after the first backslash in the {@code quoted} text that starts no escape Java
     * knows, if any, blanking each such backslash in {@code known}.
     */
    private static Optional<String> unknownEscape(Matcher quoted, StringBuilder known) {
        Matcher escape = ESCAPE.matcher(quoted.group());
        String first = null;
        while (escape.find()) {
            if (escape.group(1) != null) {
                first = first == null ? escape.group(1) : first;
                known.setCharAt(quoted.start() + escape.start(), ' ');
            }
        }
        return Optional.ofNullable(first);
    }

    /**
     * Whether the class loader that holds the facts, which Drools compiles the rules with, has a
     * class of that name, such as {@code java.util.List} or, as Java writes a nested class, {@code
     * java.util.Map.Entry}.
     */
    private static boolean isClass(String name) {
        String binary = name;
        while (true) {
            try {
                Class.forName(binary, false, RuleBaseCompiler.class.getClassLoader());
                return true;
            } catch (ClassNotFoundException | LinkageError e) {
                int dot = binary.lastIndexOf('.');
                if (dot < 0) {
                    return false;
                }
                binary = binary.substring(0, dot) + "$" + binary.substring(dot + 1);
            }
        }
    }

    /** A problem at the character {@code index} of {@code text}, with its line and column. */
    private static Problem at(String file, String text, int index, String field, String message) {
        DrlMessage.Place place = DrlMessage.Place.of(text, index);
        return new Problem(file, place.line(), place.column(), field, message);
    }

    /** The lines of a rule, from its first to its {@code end}. */
    private record Lines(String file, int from, int to) {
        boolean holds(String file, int line) {
            return this.file.equals(file) && line >= from && line <= to;
        }
    }

    /**
     * Builds the rules with Drools, adding its errors to {@code problems} but for the parser's in
     * {@code withoutThen}, the rules that our checks found without a 'then', and in the {@code
     * explained} files, whose parser errors our problems name (a text left open, a no-break space).
     */
    private static KieBase build(
            Map<String, String> texts,
            List<Lines> withoutThen,
            Set<String> explained,
            List<Problem> problems) {
        KieServices ks = KieServices.Factory.get();
        KieFileSystem kfs = ks.newKieFileSystem();
        ReleaseId release =
                ks.newReleaseId("org.rdpdoctor", "rules", "1.0." + BUILDS.incrementAndGet());
        kfs.generateAndWritePomXML(release);
        Map<String, String> byResource = new LinkedHashMap<>();
        texts.forEach(
                (name, text) -> {
                    String resource = PACKAGE.replace('.', '/') + "/" + Path.of(name).getFileName();
                    // Drools names a file in its messages without the resources folder.
                    byResource.put(resource, name);
                    kfs.write("src/main/resources/" + resource, text);
                });
        KieBuilder builder = ks.newKieBuilder(kfs).buildAll();
        List<Message> errors = builder.getResults().getMessages(Message.Level.ERROR);
        for (Message m : errors) {
            if (m.getText().contains("Parser returned a null Package")) {
                continue;
            }
            String path =
                    m.getPath() == null
                            ? null
                            : m.getPath().replaceFirst("^src/main/resources/", "");
            String file = byResource.getOrDefault(path, path == null ? "rules" : path);
            int line = m.getLine();
            int column = 0;
            Matcher at = DRL_LINE.matcher(m.getText());
            if (at.find()) {
                line = Integer.parseInt(at.group(1) != null ? at.group(1) : at.group(3));
                // Drools counts columns from 0, editors from 1.
                column = Integer.parseInt(at.group(2) != null ? at.group(2) : at.group(4)) + 1;
            }
            // Drools places a complaint about a condition's expression at its fact, or nowhere:
            // the expression itself is where the editor's mistake is.
            int placed = line;
            Optional<DrlMessage.Place> expression =
                    DrlMessage.expression(texts.get(file), m.getText())
                            .filter(p -> placed < 1 || p.line() == placed);
            if (expression.isPresent()) {
                line = expression.get().line();
                column = expression.get().column();
            }
            // A value after a comma or && is named alone at its fact: the value is where the
            // mistake is.
            int factLine = line;
            int factColumn = column;
            Optional<DrlMessage.Placed> alone =
                    DrlMessage.valueAfterComma(texts.get(file), factLine, factColumn, m.getText())
                            .or(
                                    () ->
                                            DrlMessage.valueAfterAnd(
                                                    texts.get(file), factLine, m.getText()));
            if (alone.isPresent()) {
                line = alone.get().place().line();
                column = alone.get().place().column();
            }
            // A last rule without its 'end' leaves the parser at the file's end, a line past it.
            Optional<DrlMessage.Place> unended = lastRuleWithoutEnd(texts.get(file), m.getText());
            if (unended.isPresent()) {
                line = unended.get().line();
                column = unended.get().column();
            }
            int ruleLine = line;
            line = DrlMessage.line(texts.get(file), line, m.getText());
            boolean inEval = DrlMessage.isCondition(texts.get(file), ruleLine, line);
            boolean syntax = !inEval && DrlMessage.isSyntaxError(m.getText());
            Problem problem =
                    new Problem(
                            file,
                            Math.max(line, 0),
                            column,
                            syntax ? "then" : "",
                            inEval
                                    ? DrlMessage.inEval(m.getText())
                                    : alone.map(DrlMessage.Placed::message)
                                            .or(() -> DrlMessage.plain(m.getText()))
                                            .orElse(
                                                    withoutPlace(m.getText())
                                                            + hint(
                                                                    texts.get(file),
                                                                    line,
                                                                    m.getText())));
            if (syntax) {
                // Java's syntax error says what our check of the statement could not: a ')' or a
                // ';' missing, a comma out of place.
                problems.removeIf(
                        p ->
                                p.field().equals("then")
                                        && p.file().equals(problem.file())
                                        && p.line() == problem.line());
                problems.add(problem);
                continue;
            }
            // The parser stumbling in a rule that has no 'then', or reading a text left open on
            // to the next quote, rules further down (where it may fail with an exception of its
            // own, as on a pasted ‘ before a plain '): our problem says why in plain words.
            boolean parserStumbled =
                    (m.getText().startsWith("[ERR ") || DrlMessage.isParserCrash(m.getText()))
                            && (explained.contains(file)
                                    || withoutThen.stream()
                                            .anyMatch(r -> r.holds(file, problem.line())));
            boolean named =
                    parserStumbled
                            || sameLineAsOurs(problems, problem, "then")
                            || duplicateNamed(problems, m.getText())
                            || problems.stream()
                                    .anyMatch(
                                            p ->
                                                    p.file().equals(problem.file())
                                                            && p.line() == problem.line()
                                                            && p.message()
                                                                    .equals(problem.message()));
            if (!named) {
                problems.add(problem);
            }
        }
        if (!errors.isEmpty()) {
            return null;
        }
        KieBase kieBase = ks.newKieContainer(release).getKieBase();
        ks.getRepository().removeKieModule(release);
        return kieBase;
    }

    /**
     * Drools's message without the place it starts with ({@code [ERR 102] Line 18:53 mismatched
     * …}): the problem gives the place already, with columns counted from 1 as editors count them,
     * where Drools counts from 0.
     */
    private static String withoutPlace(String droolsText) {
        return DRL_PLACE.matcher(droolsText.strip()).replaceFirst("$1");
    }

    /**
     * Whether our own check already named the rule that Drools calls a duplicate: by its name, or,
     * when the two rules are alike, by the Java class it generates for both ({@code The type
     * Rule_Client_without_TLS_1$u46$2_is_too_old1722719616 is already defined}).
     */
    private static boolean duplicateNamed(List<Problem> ours, String droolsText) {
        String prefix = "Duplicate rule name: ";
        String text = droolsText.strip();
        String named;
        if (text.startsWith(prefix)) {
            named = "rule name \"" + text.substring(prefix.length()) + "\" is also used in ";
        } else if (text.matches("Rule Compilation error The type Rule_\\S* is already defined")) {
            named = "rule name \"";
        } else {
            return false;
        }
        return ours.stream()
                .anyMatch(p -> p.field().equals("rule") && p.message().startsWith(named));
    }

    /**
     * Whether our own check already named the line of a Drools error at {@code field}: a
     * consequence that calls {@code insertLogicl} is one mistake, told once in our words.
     */
    private static boolean sameLineAsOurs(List<Problem> ours, Problem drools, String field) {
        return ours.stream()
                .anyMatch(
                        p ->
                                p.field().equals(field)
                                        && p.file().equals(drools.file())
                                        && p.line() == drools.line());
    }

    /**
     * Finds conditions whose fact type also takes in a {@link Conclusion}, such as {@code
     * Object()}: the text check for {@code Support(} cannot see them, and a rule reading its own
     * conclusions fires forever.
     */
    private static void checkConditionTypes(
            KieBase kieBase, Map<String, RuleInfo> rules, List<Problem> problems) {
        Map<String, TreeSet<Integer>> ruleLines =
                linesByFile(rules.values().stream(), RuleInfo::file, RuleInfo::line);
        Map<String, TreeSet<Integer>> conditionLines =
                linesByFile(
                        problems.stream().filter(p -> p.field().equals("when")),
                        Problem::file,
                        Problem::line);
        for (org.kie.api.definition.rule.Rule rule :
                kieBase.getKiePackages().stream().flatMap(p -> p.getRules().stream()).toList()) {
            RuleInfo info = rules.get(rule.getName());
            if (info == null) {
                continue; // a name the text checks could not read, named by DrlOutline
            }
            boolean named = namedInConditions(info, ruleLines, conditionLines);
            conditionTypes(((RuleImpl) rule).getLhs())
                    .filter(Conclusion::matchedBy)
                    .filter(t -> !named || !Conclusion.is(t))
                    .distinct()
                    .forEach(
                            type ->
                                    problems.add(
                                            new Problem(
                                                    info.file(),
                                                    info.line(),
                                                    0,
                                                    "when",
                                                    readsConclusions(rule.getName(), type))));
        }
    }

    private static String readsConclusions(String rule, Class<?> type) {
        String which =
                Conclusion.is(type)
                        ? "which rules conclude"
                        : "which also matches the "
                                + Conclusion.inWords()
                                + " facts that rules conclude";
        return "rule \"%s\" has a condition on %s, %s: a rule that reads them can feed on its own conclusions and fire forever; match the facts it means instead"
                .formatted(rule, type.getSimpleName(), which);
    }

    /**
     * Whether the text checks named a condition of this rule on what rules conclude (the line they
     * name is more precise than the rule's), given the lines where rules begin and where such
     * conditions were named, by file.
     */
    private static boolean namedInConditions(
            RuleInfo rule,
            Map<String, TreeSet<Integer>> ruleLines,
            Map<String, TreeSet<Integer>> conditionLines) {
        Integer next = ruleLines.get(rule.file()).higher(rule.line());
        return !conditionLines
                .getOrDefault(rule.file(), new TreeSet<>())
                .subSet(rule.line(), true, next == null ? Integer.MAX_VALUE : next, false)
                .isEmpty();
    }

    private static <T> Map<String, TreeSet<Integer>> linesByFile(
            Stream<T> places, Function<T, String> file, Function<T, Integer> line) {
        return places.collect(
                Collectors.groupingBy(
                        file, Collectors.mapping(line, Collectors.toCollection(TreeSet::new))));
    }

    private static Stream<Class<?>> conditionTypes(RuleConditionElement element) {
        Stream<Class<?>> own =
                element instanceof org.drools.base.rule.Pattern pattern
                                && pattern.getObjectType() instanceof ClassObjectType type
                        ? Stream.of(type.getClassType())
                        : Stream.empty();
        return Stream.concat(
                own,
                element.getNestedElements().stream().flatMap(RuleBaseCompiler::conditionTypes));
    }

    /**
     * Finds rule names, their sources and the ids they use, checking each against the kb; the
     * conditions' ids are read in Drools' {@code parse} of the text.
     */
    private static void scan(
            KnowledgeBase kb,
            String file,
            String text,
            DrlOutline.Parse parse,
            Map<String, RuleInfo> rules,
            List<Lines> withoutThen,
            List<Problem> problems,
            Set<String> matched) {
        String[] lines = text.split("\n", -1);
        String withoutComments = DrlText.withoutComments(text);
        String withoutStrings = DrlText.withoutCommentsAndStrings(text);
        String[] code = withoutComments.split("\n", -1);
        String[] bare = withoutStrings.split("\n", -1);
        String rule = null;
        int ruleLine = 0;
        List<String> sources = null;
        boolean inConsequence = false;
        boolean inConditions = false;
        Consequence consequence = new Consequence(file);
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            if (code[i].stripLeading().startsWith("#")) {
                // Older DRL took '#' for a comment; read as one, a word such as 'end' in it is no
                // keyword.
                problems.add(
                        new Problem(
                                file,
                                i + 1,
                                code[i].indexOf('#') + 1,
                                "comment",
                                "'#' starts no comment in Drools 10, which stops at it: write // instead"));
                continue;
            }
            Matcher header = RULE.matcher(code[i]);
            Optional<String> name = header.find() ? Optional.of(name(header)) : Optional.empty();
            if (name.isPresent()) {
                starts.add(i);
                consequence.check(problems);
                finish(file, rule, ruleLine, sources, rules, problems);
                rule = name.get();
                ruleLine = i + 1;
                sources = null;
                inConditions = false;
                inConsequence = false;
                if (!previousIsComment(lines, i)) {
                    problems.add(
                            new Problem(
                                    file,
                                    i + 1,
                                    0,
                                    "comment",
                                    "rule \""
                                            + rule
                                            + "\" needs a // line above it giving its reasoning"));
                }
            }
            // A line may hold a keyword anywhere ("Answer(...) then"), or several.
            Matcher keyword = KEYWORD.matcher(bare[i]);
            int from = name.isPresent() ? header.end() : 0;
            keyword.region(from, bare[i].length());
            boolean found;
            do {
                found = keyword.find();
                int to = found ? keyword.start() : code[i].length();
                if (inConsequence) {
                    consequence.add(i + 1, from, bare[i].substring(from, to));
                }
                Matcher conclusion = CONCLUSION.matcher(bare[i]).region(from, to);
                if (inConditions && conclusion.find()) {
                    problems.add(
                            new Problem(
                                    file,
                                    i + 1,
                                    conclusion.start(1) + 1,
                                    "when",
                                    "a condition cannot match "
                                            + conclusion.group(1)
                                            + ": "
                                            + Conclusion.inWords()
                                            + " are what rules conclude, and"
                                            + " a rule that reads them can feed on its own"
                                            + " conclusions"));
                }
                String word = found ? keyword.group(1) : "";
                if (word.equals("end") && inConditions) {
                    problems.add(
                            new Problem(
                                    file,
                                    i + 1,
                                    0,
                                    "then",
                                    "rule \""
                                            + rule
                                            + "\" has no 'then' line before its end (is 'then'"
                                            + " misspelt?): it would conclude nothing"));
                    Lines unfinished = new Lines(file, ruleLine, i + 1);
                    withoutThen.add(unfinished);
                    // Its consequence was read as conditions: what it concludes is no condition.
                    problems.removeIf(
                            p -> p.field().equals("when") && unfinished.holds(p.file(), p.line()));
                }
                if (found) {
                    consequence.check(problems);
                    inConditions = word.equals("when");
                    inConsequence = word.equals("then");
                    from = keyword.end();
                }
            } while (found);
            Matcher source = SOURCE.matcher(code[i]);
            if (source.find()) {
                sources =
                        Arrays.stream(
                                        (source.group(1) != null
                                                        ? source.group(1)
                                                        : source.group(2))
                                                .split(","))
                                .map(String::strip)
                                .filter(s -> !s.isEmpty())
                                .toList();
                for (String id : sources) {
                    if (kb != null && kb.source(id).isEmpty()) {
                        problems.add(
                                new Problem(
                                        file,
                                        i + 1,
                                        0,
                                        "@source",
                                        "unknown source '"
                                                + id
                                                + "' (see sources.yaml)"
                                                + Suggestion.of(id, kb.sources(), Source::id)));
                    }
                }
            }
        }
        consequence.check(problems);
        finish(file, rule, ruleLine, sources, rules, problems);
        if (kb != null) {
            IdReferences.check(kb, file, text, withoutComments, parse, starts, problems, matched);
        }
    }

    /** The name of the rule that a line begins, as Drools reads it, if the line begins one. */
    static Optional<String> ruleName(String line) {
        Matcher header = RULE.matcher(line);
        return header.find() ? Optional.of(name(header)) : Optional.empty();
    }

    private static String name(Matcher header) {
        return StringUtils.unescapeJava(header.group(1));
    }

    /**
     * A rule's consequence as read so far, its comments and what its strings hold blanked. Its
     * statements may share a line or span several; each must be an insertLogical of a {@link
     * Conclusion}.
     */
    private static final class Consequence {
        private final String file;
        private final StringBuilder text = new StringBuilder();

        private final List<Piece> pieces = new ArrayList<>();

        /** Where a line's part of the consequence begins in {@link #text}, and in the file. */
        private record Piece(int offset, int line, int column) {}

        Consequence(String file) {
            this.file = file;
        }

        /** Adds the part of a line, starting at {@code column} (from 0), that is consequence. */
        void add(int line, int column, String piece) {
            pieces.add(new Piece(text.length(), line, column));
            text.append(piece).append('\n');
        }

        /** Adds a problem for each statement of another kind, then starts afresh. */
        void check(List<Problem> problems) {
            int from = 0;
            while (from < text.length()) {
                int semicolon = text.indexOf(";", from);
                int to = semicolon < 0 ? text.length() : semicolon + 1;
                String statement = text.substring(from, to);
                // A last statement that lacks only its ';' is Drools' error to name.
                if (!statement.isBlank()
                        && !CONSEQUENCE.matcher(statement.strip()).matches()
                        && !(semicolon < 0
                                && CONSEQUENCE.matcher(statement.strip() + ";").matches())) {
                    problems.add(at(from + statement.indexOf(statement.strip())));
                }
                from = to;
            }
            text.setLength(0);
            pieces.clear();
        }

        private Problem at(int offset) {
            Piece piece = pieces.get(0);
            for (Piece next : pieces) {
                if (next.offset() <= offset) {
                    piece = next;
                }
            }
            return new Problem(
                    file,
                    piece.line(),
                    piece.column() + offset - piece.offset() + 1,
                    "then",
                    "a consequence only does "
                            + Conclusion.each("insertLogical(new %s(...))", "or"));
        }
    }

    private static boolean previousIsComment(String[] lines, int index) {
        for (int i = index - 1; i >= 0; i--) {
            String line = lines[i].strip();
            if (!line.isEmpty()) {
                return line.startsWith("//");
            }
        }
        return false;
    }

    private static void finish(
            String file,
            String rule,
            int line,
            List<String> sources,
            Map<String, RuleInfo> rules,
            List<Problem> problems) {
        if (rule == null) {
            return;
        }
        if (sources == null || sources.isEmpty()) {
            problems.add(
                    new Problem(
                            file,
                            line,
                            0,
                            "@source",
                            "rule \"" + rule + "\" names no source: add @source(\"id\")"));
        }
        RuleInfo previous =
                rules.putIfAbsent(
                        rule,
                        new RuleInfo(rule, file, line, sources == null ? List.of() : sources));
        if (previous != null) {
            problems.add(
                    new Problem(
                            file,
                            line,
                            0,
                            "rule",
                            "rule name \""
                                    + rule
                                    + "\" is also used in "
                                    + previous.file()
                                    + ":"
                                    + previous.line()
                                    + "; a rule's name is unique across all rules files, so"
                                    + " rename one of the two"));
        }
    }

    private static List<Path> drlFiles(Path dir, List<Problem> problems) {
        if (!Files.isDirectory(dir)) {
            problems.add(Problem.notAFolder(dir));
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            List<Path> files = list.sorted().toList();
            files.stream()
                    .map(p -> Problem.misnamed(p, List.of(".drl")))
                    .flatMap(Optional::stream)
                    .forEach(problems::add);
            return files.stream().filter(p -> p.toString().endsWith(".drl")).toList();
        } catch (IOException | UncheckedIOException e) {
            problems.add(Utf8.unlisted(dir, e));
            return List.of();
        }
    }

    private static String version(KnowledgeBase kb, Map<String, String> texts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(kb.version().getBytes(StandardCharsets.UTF_8));
            texts.forEach(
                    (name, text) -> {
                        // The file's name alone: the folder's path depends on where the loader
                        // runs, not on the knowledge.
                        String file = Path.of(name).getFileName().toString();
                        digest.update(file.getBytes(StandardCharsets.UTF_8));
                        digest.update(text.getBytes(StandardCharsets.UTF_8));
                    });
            return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }
}
