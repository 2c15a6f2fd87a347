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
 * Keeps the supports, asks and fix hints of a session as rules insert and truth maintenance
 * retracts them, so reading them costs nothing; a scan of working memory on every read was the main
 * cost of choosing a question. While a journal is open it also counts how each support came and
 * went since, which is how a look-ahead learns what one more answer would change.
 */
final class DerivedFacts implements RuleRuntimeEventListener {
    final Set<Support> supports = new HashSet<>();
    final Set<Ask> asks = new HashSet<>();
    final Set<TryFirst> tryFirst = new HashSet<>();
    private final Predicate<String> isCause;
    private final Predicate<String> isFix;
    private Map<Support, Integer> journal;
    private Unknown unknown;

    /**
     * A conclusion that names something the knowledge lacks: the rule, the conclusion's type and
     * what it named wrongly, in words.
     */
    record Unknown(String rule, String type, String what) {}

    /**
     * Keeps the derived facts of a session whose causes are those {@code isCause} accepts and whose
     * fixes those {@code isFix} accepts.
     */
    DerivedFacts(Predicate<String> isCause, Predicate<String> isFix) {
        this.isCause = isCause;
        this.isFix = isFix;
    }

    /**
     * The first conclusion that named a cause or fix the knowledge lacks, if any: a rule that takes
     * the id from a variable can name anything.
     */
    Optional<Unknown> unknown() {
        return Optional.ofNullable(unknown);
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
            check(
                    isCause.test(s.cause()),
                    s.rule(),
                    Conclusion.SUPPORT.simpleName(),
                    "voted for '%s', which is not a cause in causes.yaml",
                    s.cause());
            supports.add(s);
            count(s, 1);
        } else if (fact instanceof Ask a) {
            asks.add(a);
        } else if (fact instanceof TryFirst t) {
            check(
                    isFix.test(t.fix()),
                    t.rule(),
                    Conclusion.TRY_FIRST.simpleName(),
                    "put '%s' first, which is not a fix in fixes.yaml",
                    t.fix());
            tryFirst.add(t);
        }
    }

    /** Keeps the first conclusion whose id is not {@code known}: {@code what} names {@code id}. */
    private void check(boolean known, String rule, String type, String what, String id) {
        if (unknown == null && !known) {
            unknown = new Unknown(rule, type, what.formatted(id));
        }
    }

    private void remove(Object fact) {
        if (fact instanceof Support s) {
            supports.remove(s);
            count(s, -1);
        } else if (fact instanceof Ask a) {
            asks.remove(a);
        } else if (fact instanceof TryFirst t) {
            tryFirst.remove(t);
        }
    }

    private void count(Support s, int change) {
        if (journal != null) {
            journal.merge(s, change, Integer::sum);
        }
    }
}
