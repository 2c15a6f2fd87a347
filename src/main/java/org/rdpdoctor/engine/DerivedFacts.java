package org.rdpdoctor.engine;

import java.util.HashSet;
import java.util.Set;
import org.kie.api.event.rule.ObjectDeletedEvent;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.event.rule.ObjectUpdatedEvent;
import org.kie.api.event.rule.RuleRuntimeEventListener;

/**
 * Keeps the supports and asks of a session as rules insert and truth maintenance retracts them, so
 * reading them costs nothing; a scan of working memory on every read was the main cost of choosing
 * a question.
 */
final class DerivedFacts implements RuleRuntimeEventListener {
    final Set<Support> supports = new HashSet<>();
    final Set<Ask> asks = new HashSet<>();

    @Override
    public void objectInserted(ObjectInsertedEvent event) {
        add(event.getObject());
    }

    @Override
    public void objectUpdated(ObjectUpdatedEvent event) {
        remove(event.getOldObject());
        add(event.getObject());
    }

    @Override
    public void objectDeleted(ObjectDeletedEvent event) {
        remove(event.getOldObject());
    }

    private void add(Object fact) {
        if (fact instanceof Support s) {
            supports.add(s);
        } else if (fact instanceof Ask a) {
            asks.add(a);
        }
    }

    private void remove(Object fact) {
        if (fact instanceof Support s) {
            supports.remove(s);
        } else if (fact instanceof Ask a) {
            asks.remove(a);
        }
    }
}
