package org.rdpdoctor.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.drools.drl.ast.descr.AttributeDescr;
import org.drools.drl.ast.descr.BaseDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.drl.parser.DrlParser;
import org.drools.drl.parser.DroolsParserException;
import org.rdpdoctor.kb.Problem;

/**
 * Checks what a rules file holds besides rules of the one allowed shape (a name, {@code @source},
 * when, then). Drools accepts attributes such as {@code salience} or {@code enabled false}, and
 * functions, globals, queries and declared types; each would decide outside the ranking what
 * counts, or hide reasoning the engine cannot explain, so each is a problem at its line.
 */
final class DrlOutline {
    private static final List<String> ORDERING =
            List.of(
                    "salience",
                    "agenda-group",
                    "ruleflow-group",
                    "activation-group",
                    "auto-focus",
                    "lock-on-active",
                    "no-loop");

    private DrlOutline() {}

    /**
     * Drools' parse of a rules file.
     *
     * @param outline what the parser read, null when it read nothing
     * @param clean whether it read the file without errors
     */
    record Parse(PackageDescr outline, boolean clean) {
        static Parse of(String text) {
            DrlParser parser = new DrlParser();
            try {
                PackageDescr outline = parser.parse(false, text);
                return new Parse(outline, outline != null && !parser.hasErrors());
            } catch (DroolsParserException e) {
                return new Parse(null, false);
            }
        }
    }

    /**
     * The problem of a file whose brackets nest deeper than Drools' parser, which descends once per
     * bracket, has stack for: at the line where they nest deepest.
     */
    static Problem tooDeep(String file, String text) {
        String code = DrlText.withoutCommentsAndStrings(text);
        int depth = 0;
        int deepest = 0;
        int line = 1;
        int deepestLine = 1;
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '\n') {
                line++;
            } else if ("([{".indexOf(c) >= 0 && ++depth > deepest) {
                deepest = depth;
                deepestLine = line;
            } else if (")]}".indexOf(c) >= 0) {
                depth = Math.max(0, depth - 1);
            }
        }
        return new Problem(
                file,
                deepestLine,
                0,
                "",
                ("brackets nest %d deep here, deeper than Drools' parser can follow (it ran out of"
                                + " stack); write the condition with fewer brackets, as several"
                                + " constraints or rules")
                        .formatted(deepest));
    }

    /**
     * Adds a problem for each attribute and declaration in {@code text}, read in its {@code parse};
     * syntax is Drools' job.
     */
    static void check(String file, String text, Parse parse, List<Problem> problems) {
        if (!parse.clean()) {
            return;
        }
        List<Problem> found = new ArrayList<>();
        PackageDescr outline = parse.outline();
        String[] lines = text.split("\n", -1);
        if (!RuleBaseCompiler.PACKAGE.equals(outline.getName())) {
            String which =
                    text.isBlank()
                            ? "is empty (saved while blank, or emptied by mistake: delete it if"
                                    + " it is not wanted)"
                            : outline.getName() == null || outline.getName().isEmpty()
                                    ? "has no package line"
                                    : "is in package '" + outline.getName() + "'";
            found.add(
                    at(
                            file,
                            outline,
                            "package",
                            "the file %s; every rules file starts with 'package %s;', the package the engine and its checks read"
                                    .formatted(which, RuleBaseCompiler.PACKAGE)));
        }
        for (AttributeDescr attribute : outline.getAttributes()) {
            found.add(at(file, attribute, attribute.getName(), attribute(null, attribute)));
        }
        for (RuleDescr rule : outline.getRules()) {
            if (rule.isQuery()) {
                found.add(declared(file, rule, "query", rule.getName()));
                continue;
            }
            if (!quoted(lines, rule)) {
                found.add(
                        at(
                                file,
                                rule,
                                "rule",
                                "write the rule's name in double quotes on its first line, rule \"%s\": the checks, the explanations and the sources find a rule by it"
                                        .formatted(rule.getName())));
            }
            for (AttributeDescr attribute : rule.getAttributes().values()) {
                found.add(at(file, attribute, attribute.getName(), attribute(rule, attribute)));
            }
        }
        outline.getFunctions().forEach(f -> found.add(declared(file, f, "function", f.getName())));
        outline.getFunctionImports()
                .forEach(f -> found.add(declared(file, f, "function", f.getTarget())));
        outline.getGlobals()
                .forEach(g -> found.add(declared(file, g, "global", g.getIdentifier())));
        outline.getClassAndEnumDeclarationDescrs()
                .forEach(t -> found.add(declared(file, t, "declare", t.getTypeName())));
        outline.getWindowDeclarations()
                .forEach(w -> found.add(declared(file, w, "declare", w.getName())));
        outline.getEntryPointDeclarations()
                .forEach(e -> found.add(declared(file, e, "declare", e.getEntryPointId())));
        found.sort(Comparator.comparingInt(Problem::line));
        problems.addAll(found);
    }

    private static boolean quoted(String[] lines, RuleDescr rule) {
        int at = rule.getLine() - 1;
        if (at < 0 || at >= lines.length) {
            return false;
        }
        return RuleBaseCompiler.ruleName(lines[at]).filter(rule.getName()::equals).isPresent();
    }

    private static String attribute(RuleDescr rule, AttributeDescr attribute) {
        String who = rule == null ? "the file" : "rule \"" + rule.getName() + "\"";
        String why =
                ORDERING.contains(attribute.getName())
                        ? "the engine's ranking decides what counts and in which order, so"
                                + " remove the line"
                        : "a rule that holds only at some times or in another dialect makes"
                                + " sessions differ for reasons no score shows; to switch a rule"
                                + " off, delete it (git keeps it)";
        return "%s sets %s: a rule has only a name, @source, when and then; %s"
                .formatted(who, attribute.getName(), why);
    }

    private static Problem declared(String file, BaseDescr descr, String kind, String name) {
        return at(
                file,
                descr,
                kind,
                "'%s %s' is not allowed in a rules file: rules read only the session's facts in"
                                .formatted(kind, name)
                        + " their conditions and only vote or ask, so every score can be"
                        + " explained; move the reasoning into a rule's conditions");
    }

    private static Problem at(String file, BaseDescr descr, String field, String message) {
        return new Problem(file, Math.max(descr.getLine(), 0), 0, field, message);
    }
}
