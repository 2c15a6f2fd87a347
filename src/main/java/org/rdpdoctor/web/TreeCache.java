package org.rdpdoctor.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.rdpdoctor.engine.DecisionTree;
import org.rdpdoctor.engine.RuleBase;
import org.rdpdoctor.kb.ErrorCodeTable;

/**
 * Decision trees once worked out, by knowledge version, the codes' values and the answers they
 * start below (none from a start; some below a state where another tree was cut off): {@code
 * 0x904}, {@code 0x0904} and {@code 2308} are one tree, and only a few are kept, as each takes
 * seconds and megabytes and anyone may ask for any spelling. One tree is worked out at a time: the
 * page is open to everyone, and ten requests for ten codes would otherwise hold both cores of a
 * small server for half a minute while helpdesk agents wait.
 */
final class TreeCache {
    /** Trees kept: the common starts an editor looks at, across a reload. */
    static final int KEPT = 8;

    /** How long a request waits while another tree is worked out before it is refused. */
    static final Duration WAIT = Duration.ofSeconds(20);

    /**
     * Requests that may wait for their turn at once; one more is refused without waiting. Each
     * waiting request holds one of the server's threads for up to {@link #WAIT}, so a few hundred
     * requests for codes not kept would otherwise take every thread and every other page with them.
     */
    static final int QUEUED = 4;

    private final Cache<String, DecisionTree> trees =
            Caffeine.newBuilder().maximumSize(KEPT).build();
    private final Semaphore exploring = new Semaphore(1);

    /** The request working a tree out and those waiting for their turn. */
    private final Semaphore admitted = new Semaphore(1 + QUEUED);

    private final Duration wait;
    private final Explorer explorer;

    /**
     * The most states the tree page explores from one start: a page answers within seconds, and
     * shows where the tree was cut off.
     */
    static final int PAGE_NODES = 20_000;

    /** How a tree is worked out: {@link DecisionTree#explore} within {@link #PAGE_NODES}. */
    interface Explorer {
        DecisionTree explore(
                RuleBase rules, String code, String extended, Map<String, String> answers);
    }

    /**
     * Refused because other trees were being worked out for all of {@link #WAIT}, or {@link
     * #QUEUED} requests already wait for their turn.
     */
    static final class Busy extends RuntimeException {
        Busy() {
            super(
                    "other decision trees are being worked out (one at a time, as each takes"
                            + " seconds); try again in a minute");
        }
    }

    TreeCache() {
        this(WAIT, TreeCache::explore);
    }

    TreeCache(Duration wait, Explorer explorer) {
        this.wait = wait;
        this.explorer = explorer;
    }

    /**
     * The tree from {@code code} and {@code extended} under {@code rules}, from the state {@code
     * answers} lead to (none: the start).
     *
     * @throws org.rdpdoctor.engine.InvalidEventException when a code is malformed
     * @throws Busy when it is not kept and others were worked out for all of the wait, or at once
     *     when {@link #QUEUED} requests already wait
     */
    DecisionTree get(RuleBase rules, String code, String extended, Map<String, String> answers) {
        ErrorCodeTable codes = rules.knowledge().errorCodes();
        long error;
        long ext;
        try {
            error = codes.decodeDisconnect(code).value();
            ext = extended.isBlank() ? -1 : codes.decodeExtended(extended).value();
        } catch (IllegalArgumentException e) {
            // Exploring says what is wrong with the code, as every other door does.
            return explorer.explore(rules, code, extended, answers);
        }
        String key = rules.version() + "/" + error + "/" + ext + "/" + new TreeMap<>(answers);
        DecisionTree kept = trees.getIfPresent(key);
        if (kept != null) {
            return kept;
        }
        if (!admitted.tryAcquire()) {
            throw new Busy();
        }
        try {
            return inTurn(key, rules, code, extended, answers);
        } finally {
            admitted.release();
        }
    }

    private DecisionTree inTurn(
            String key, RuleBase rules, String code, String extended, Map<String, String> answers) {
        try {
            if (!exploring.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new Busy();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Busy();
        }
        try {
            return trees.get(key, k -> explorer.explore(rules, code, extended, answers));
        } finally {
            exploring.release();
        }
    }

    /** How many requests wait for their turn now. */
    int queued() {
        return exploring.getQueueLength();
    }

    /** How many trees are kept now. */
    long size() {
        trees.cleanUp();
        return trees.estimatedSize();
    }

    private static DecisionTree explore(
            RuleBase rules, String code, String extended, Map<String, String> answers) {
        return DecisionTree.explore(rules, code, extended, answers, false, PAGE_NODES);
    }
}
