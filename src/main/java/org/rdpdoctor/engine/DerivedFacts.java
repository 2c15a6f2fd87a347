package org.rdpdoctor.engine;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.kie.api.event.rule.ObjectDeletedEvent;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.event.rule.ObjectUpdatedEvent;
import org.kie.api.event.rule.RuleRuntimeEventListener;

/**
 * Keeps the supports and asks of a session as rules insert and truth maintenance retracts them, so
 * reading them costs nothing; a scan of working memory on every read was the main cost of choosing
 * a question. While a journal is open it also counts how each support came and went since, which is
 * how a look-ahead learns what one more answer would change.
 */
final class DerivedFacts implements RuleRuntimeEventListener {
    final Set<Support> supports = new HashSet<>();
    final Set<Ask> asks = new HashSet<>();
    private final Predicate<String> isCause;
    private Map<Support, Integer> journal;
    private Support unknownCause;

    /** Keeps the derived facts of a session whose causes are those {@code isCause} accepts. */
    DerivedFacts(Predicate<String> isCause) {
        this.isCause = isCause;
    }

    /**
     * The first support that voted for something that is not a cause, if any: a rule that takes the
     * cause from a variable can name anything.
     */
    Optional<Support> unknownCause() {
        return Optional.ofNullable(unknownCause);
    }

    /** Starts counting support changes from the facts as they are now. */
    void openJournal() {
        journal = new HashMap<>();
    }

    /** The supports gained and lost since the journal was opened. */
    SupportChange sinceOpened() {
        Set<Support> added = new HashSet<>();
        Set<Support> removed = new HashSet<>();
        journal.forEach(
                (support, net) -> {
                    if (net > 0) {
                        added.add(support);
                    } else if (net < 0) {
                        removed.add(support);
                    }
                });
        return new SupportChange(added, removed);
    }

    void closeJournal() {
        journal = null;
    }

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
            if (unknownCause == null && !isCause.test(s.cause())) {
                unknownCause = s;
            }
            supports.add(s);
            count(s, 1);
        } else if (fact instanceof Ask a) {
            asks.add(a);
        }
    }

    private void remove(Object fact) {
        if (fact instanceof Support s) {
            supports.remove(s);
            count(s, -1);
        } else if (fact instanceof Ask a) {
            asks.remove(a);
        }
    }

    private void count(Support s, int change) {
        if (journal != null) {
            journal.merge(s, change, Integer::sum);
        }
    }
}
