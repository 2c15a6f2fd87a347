package org.rdpdoctor.engine;

import java.util.List;
import java.util.Objects;
import org.kie.api.runtime.rule.RuleContext;

/**
 * Derived fact: a rule's vote for (positive weight) or against (negative) a cause, with the rule
 * and the facts it matched, so that every score can be explained.
 */
public record Support(String cause, Weight weight, String rule, List<Object> facts) {
    public Support {
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(weight, "weight");
        Objects.requireNonNull(rule, "rule");
        facts = List.copyOf(facts);
    }

    /** The form rules use: the rule and its matched facts come from the rule's context. */
    public Support(String cause, Weight weight, RuleContext context) {
        this(cause, weight, context.getRule().getName(), Facts.matched(context));
    }
}
