package org.rdpdoctor.engine;

import java.util.List;
import java.util.Objects;
import org.kie.api.runtime.rule.RuleContext;

/** Derived fact: a rule found {@code question} worth asking, given the facts it matched. */
public record Ask(String question, String rule, List<Object> facts) {
    public Ask {
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(rule, "rule");
        facts = List.copyOf(facts);
    }

    /** The form rules use: the rule and its matched facts come from the rule's context. */
    public Ask(String question, RuleContext context) {
        this(question, context.getRule().getName(), Facts.matched(context));
    }
}
