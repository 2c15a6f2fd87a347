package org.rdpdoctor.engine;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.drools.mvel.ConstraintEvaluationException;
import org.kie.api.runtime.rule.ConsequenceException;
import org.rdpdoctor.kb.InvalidKnowledgeException;
import org.rdpdoctor.kb.Problem;

/**
 * Turns a rule that throws on a session's facts (a condition that reads an option as a number, say)
 * into a problem naming the rule's file and line, so that editors, the reload gate and the web
 * pages say which rule to fix instead of showing Drools' stack trace.
 */
final class RuleFailure {
    private RuleFailure() {}

    /**
     * {@code e} as a problem of the knowledge naming the rule, when it is a rule's condition or
     * conclusion that threw; otherwise {@code e} itself.
     */
    static RuntimeException of(RuleBase rules, RuntimeException e) {
        Set<String> names = new LinkedHashSet<>();
        String field;
        if (e instanceof ConsequenceException c) {
            names.add(c.getRule().getName());
            field = "then";
        } else if (e instanceof ConstraintEvaluationException) {
            // Drools writes each name as it is, quotes in it too, so the known names are looked
            // for rather than read out of the message.
            String message = String.valueOf(e.getMessage());
            for (String name : rules.rules().keySet()) {
                if (message.contains("Rule \"" + name + "\"")) {
                    names.add(name);
                }
            }
            field = "when";
        } else if (e.getMessage() != null && e.getMessage().contains("Invoker@")) {
            // An eval() that throws: Drools names only the class it generated for the rule.
            for (String name : rules.rules().keySet()) {
                if (Pattern.compile(
                                "\\.Rule_"
                                        + Pattern.quote(name.replaceAll("\\W", "_"))
                                        + "-?\\d+Eval\\d+Invoker@")
                        .matcher(e.getMessage())
                        .find()) {
                    names.add(name);
                }
            }
            if (names.isEmpty()) {
                return e;
            }
            field = "when";
        } else {
            return e;
        }
        String cause = rootCause(e);
        List<Problem> problems = new ArrayList<>();
        for (String name : names) {
            Optional<RuleInfo> info = rules.rule(name);
            problems.add(
                    new Problem(
                            info.map(RuleInfo::file).orElse("rules"),
                            info.map(RuleInfo::line).orElse(0),
                            0,
                            field,
                            "rule \"%s\" threw %s".formatted(name, cause)));
        }
        if (problems.isEmpty()) {
            problems.add(new Problem("rules", 0, 0, field, "a rule threw " + cause));
        }
        return new InvalidKnowledgeException(problems);
    }

    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName()
                + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
