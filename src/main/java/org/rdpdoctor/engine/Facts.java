package org.rdpdoctor.engine;

import java.util.List;
import org.kie.api.runtime.rule.RuleContext;

/** The domain facts a rule matched, in the order of its conditions. */
final class Facts {
    private Facts() {}

    static List<Object> matched(RuleContext context) {
        return context.getMatch().getObjects().stream()
                .filter(o -> o != null && o.getClass().getPackage() == Facts.class.getPackage())
                .map(Object.class::cast)
                .toList();
    }
}
