package org.rdpdoctor.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.drools.util.StringUtils;
import org.rdpdoctor.kb.Environment;
import org.rdpdoctor.kb.KnowledgeBase;
import org.rdpdoctor.kb.Problem;
import org.rdpdoctor.kb.Question;

/**
 * Checks the knowledge ids a DRL line names (causes, questions, options, evidence, traits, fixes)
 * against {@code kb/}, so that a misspelt id is an error at its line, not a rule that never fires.
 */
final class IdReferences {
    private static final Pattern SUPPORT = Pattern.compile("new\\s+Support\\s*\\(\\s*\"([^\"]+)\"");

    /** A string in double or single quotes, where a backslash escapes the next character. */
    private static final String LITERAL = "(?:\"((?:[^\"\\\\]|\\\\.)*)\"|'((?:[^'\\\\]|\\\\.)*)')";

    private static final Pattern QUOTED = Pattern.compile(LITERAL);

    private static final Pattern ASK = Pattern.compile("new\\s+Ask\\s*\\(\\s*\"([^\"]+)\"");
    private static final Pattern PATTERN =
            Pattern.compile(
                    "\\b(Answer|Evidence|Trait|FixOutcome|FixOf)\\s*\\(([^()]*(?:\\([^()]*\\)[^()]*)*)\\)");

    /**
     * An option constraint that every other option meets: {@code option != "x"}, {@code not in}.
     */
    private static final Pattern ALL_BUT = Pattern.compile("\\boption\\s*(?:!=|not\\s+in\\b)");

    private IdReferences() {}

    /**
     * Checks a rules file's text, without its comments ({@code code}), and adds what its conditions
     * match to {@code matched}: {@code option:question/option} for an answer with an option
     * constraint, {@code question:id} for any answer to a question. {@code bare} is the same text
     * without what its strings hold, where conditions are found (a bracket in a string is text). A
     * condition may span lines; its problems are at the line where it begins.
     */
    static void check(
            KnowledgeBase kb,
            String file,
            String code,
            String bare,
            List<Problem> problems,
            Set<String> matched) {
        int[] lines = lineStarts(code);
        for (Matcher m = SUPPORT.matcher(code); m.find(); ) {
            Checker at = new Checker(file, lineOf(lines, m.start(1)), problems);
            at.require(
                    kb.cause(m.group(1)).isPresent(),
                    "Support",
                    "unknown cause '" + m.group(1) + "'");
        }
        for (Matcher m = ASK.matcher(code); m.find(); ) {
            Checker at = new Checker(file, lineOf(lines, m.start(1)), problems);
            at.require(
                    kb.question(m.group(1)).isPresent(),
                    "Ask",
                    "unknown question '" + m.group(1) + "'");
        }
        for (Matcher m = PATTERN.matcher(bare); m.find(); ) {
            String constraints = code.substring(m.start(2), m.end(2));
            Checker at = new Checker(file, lineOf(lines, m.start(2)), problems);
            switch (m.group(1)) {
                case "Answer" -> answer(kb, constraints, at, matched);
                case "Evidence" -> evidence(kb, constraints, at);
                case "Trait" -> trait(kb, constraints, at);
                default -> {
                    for (String fix : values(constraints, "fix")) {
                        at.require(
                                kb.fix(fix).isPresent(), m.group(1), "unknown fix '" + fix + "'");
                    }
                    for (String cause : values(constraints, "cause")) {
                        at.require(
                                kb.cause(cause).isPresent(),
                                m.group(1),
                                "unknown cause '" + cause + "'");
                    }
                }
            }
        }
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

    private static void answer(
            KnowledgeBase kb, String constraints, Checker at, Set<String> matched) {
        for (String id : values(constraints, "question")) {
            var question = kb.question(id);
            at.require(question.isPresent(), "Answer", "unknown question '" + id + "'");
            if (question.isEmpty()) {
                continue;
            }
            Question q = question.get();
            List<String> options = values(constraints, "option");
            if (options.isEmpty() || ALL_BUT.matcher(constraints).find()) {
                matched.add("question:" + id);
            }
            options.forEach(o -> matched.add("option:" + id + "/" + o));
            for (String option : options) {
                at.require(
                        q.option(option).isPresent(),
                        "Answer",
                        "'" + option + "' is not an option of question '" + id + "'");
            }
        }
    }

    /**
     * A trait's role is the client's or the server's, some environment has each trait named, and
     * some environment of a role the condition allows has each trait it asks for ({@code name !=
     * "x"} asks for none).
     */
    private static void trait(KnowledgeBase kb, String constraints, Checker at) {
        List<String> roles = values(constraints, "role");
        for (String role : roles) {
            at.require(
                    Environment.ROLES.contains(role),
                    "Trait",
                    "'"
                            + role
                            + "' is not a role: a trait belongs to the 'client' or the 'server'");
        }
        Set<String> allowed = new LinkedHashSet<>(Environment.ROLES);
        List<String> required = literals(constraints, "role", "==", "in");
        if (!required.isEmpty()) {
            allowed.retainAll(required);
        }
        allowed.removeAll(literals(constraints, "role", "!=", "not\\s+in"));
        List<String> asked = literals(constraints, "name", "==", "in");
        for (String trait : values(constraints, "name")) {
            List<String> of =
                    kb.environments().stream()
                            .filter(e -> e.traits().contains(trait))
                            .map(Environment::role)
                            .distinct()
                            .toList();
            at.require(!of.isEmpty(), "Trait", "no environment has the trait '" + trait + "'");
            at.require(
                    of.isEmpty()
                            || !asked.contains(trait)
                            || allowed.isEmpty()
                            || !Environment.ROLES.containsAll(roles)
                            || of.stream().anyMatch(allowed::contains),
                    "Trait",
                    "no %s environment has the trait '%s' (a %s trait)"
                            .formatted(
                                    String.join(" or ", allowed), trait, String.join(" and ", of)));
        }
    }

    private static void evidence(KnowledgeBase kb, String constraints, Checker at) {
        for (String id : values(constraints, "kind")) {
            var kind = kb.evidenceKind(id);
            at.require(kind.isPresent(), "Evidence", "unknown evidence kind '" + id + "'");
            if (kind.isEmpty()) {
                continue;
            }
            for (String value : values(constraints, "value")) {
                at.require(
                        kind.get().value(value).isPresent(),
                        "Evidence",
                        "'" + value + "' is not a value of evidence kind '" + id + "'");
            }
        }
    }

    /**
     * The string literals compared with a field: {@code f == "x"}, {@code f != "x"} or {@code f in
     * ("x", "y")}.
     */
    static List<String> values(String constraints, String field) {
        return literals(constraints, field, "[=!]=", "(?:not\\s+)?in");
    }

    /**
     * The string literals compared with a field by the operator {@code compare} ({@code f == "x"})
     * or in a list after {@code in} ({@code f in ("x", "y")}); both are regular expressions.
     */
    private static List<String> literals(
            String constraints, String field, String compare, String in) {
        List<String> out = new ArrayList<>();
        Matcher eq =
                Pattern.compile("\\b" + field + "\\s*" + compare + "\\s*" + LITERAL)
                        .matcher(constraints);
        while (eq.find()) {
            out.add(literal(eq));
        }
        Matcher list =
                Pattern.compile("\\b" + field + "\\s+" + in + "\\s*\\(([^)]*)\\)")
                        .matcher(constraints);
        while (list.find()) {
            Matcher literal = QUOTED.matcher(list.group(1));
            while (literal.find()) {
                out.add(literal(literal));
            }
        }
        return out;
    }

    /** The text of the string that {@link #LITERAL}, the last two groups of {@code m}, matched. */
    private static String literal(Matcher m) {
        int doubled = m.groupCount() - 1;
        String quoted = m.group(doubled) != null ? m.group(doubled) : m.group(doubled + 1);
        return StringUtils.unescapeJava(quoted);
    }

    private record Checker(String file, int line, List<Problem> problems) {
        void require(boolean ok, String field, String message) {
            if (!ok) {
                problems.add(new Problem(file, line, 0, field, message));
            }
        }
    }
}
