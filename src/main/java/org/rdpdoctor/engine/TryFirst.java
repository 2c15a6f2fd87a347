package org.rdpdoctor.engine;

import java.util.List;
import java.util.Objects;
import org.kie.api.runtime.rule.RuleContext;

/**
 * Derived fact: a rule found that the facts it matched point at {@code fix} among the fixes of a
 * cause, so the fix moves ahead of that cause's fixes no rule points at.
 */
public record TryFirst(String fix, String rule, List<Object> facts) {
    public TryFirst {
        Objects.requireNonNull(fix, "fix");
        Objects.requireNonNull(rule, "rule");
        facts = List.copyOf(facts);
    }

    /** The form rules use: the rule and its matched facts come from the rule's context. */
    public TryFirst(String fix, RuleContext context) {
        this(fix, context.getRule().getName(), Facts.matched(context));
    }
}
