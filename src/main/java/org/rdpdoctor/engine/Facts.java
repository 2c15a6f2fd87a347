package org.rdpdoctor.engine;

import java.util.Arrays;
import java.util.List;
import org.kie.api.runtime.rule.RuleContext;

/** The domain facts a rule matched, in the order of its conditions. */
final class Facts {
    private static final String DOMAIN = Facts.class.getPackageName();

    private Facts() {}

    /**
     * A loop rather than a stream, and the package's name (which the class keeps) rather than the
     * package (which the class loader looks up): every fact a rule derives calls this, and the two
     * took most of its time in a step.
     */
    static List<Object> matched(RuleContext context) {
        List<Object> objects = context.getMatch().getObjects();
        Object[] facts = new Object[objects.size()];
        int n = 0;
        for (Object o : objects) {
            if (o != null && DOMAIN.equals(o.getClass().getPackageName())) {
                facts[n++] = o;
            }
        }
        return List.of(Arrays.copyOf(facts, n));
    }
}
