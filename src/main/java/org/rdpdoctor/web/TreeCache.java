package org.rdpdoctor.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.rdpdoctor.engine.DecisionTree;
import org.rdpdoctor.engine.RuleBase;
import org.rdpdoctor.kb.ErrorCodeTable;

/**
 * Decision trees once worked out, by knowledge version and the codes' values: {@code 0x904}, {@code
 * 0x0904} and {@code 2308} are one tree, and only a few are kept, as each takes seconds and
 * megabytes and anyone may ask for any spelling.
 */
final class TreeCache {
    /** Trees kept: the common starts an editor looks at, across a reload. */
    static final int KEPT = 8;

    private final Cache<String, DecisionTree> trees =
            Caffeine.newBuilder().maximumSize(KEPT).build();

    /**
     * The tree from {@code code} and {@code extended} under {@code rules}.
     *
     * @throws org.rdpdoctor.engine.InvalidEventException when a code is malformed
     */
    DecisionTree get(RuleBase rules, String code, String extended) {
        ErrorCodeTable codes = rules.knowledge().errorCodes();
        long error;
        long ext;
        try {
            error = codes.decodeDisconnect(code).value();
            ext = extended.isBlank() ? -1 : codes.decodeExtended(extended).value();
        } catch (IllegalArgumentException e) {
            // Exploring says what is wrong with the code, as every other door does.
            return explore(rules, code, extended);
        }
        return trees.get(
                rules.version() + "/" + error + "/" + ext, key -> explore(rules, code, extended));
    }

    /** How many trees are kept now. */
    long size() {
        trees.cleanUp();
        return trees.estimatedSize();
    }

    private static DecisionTree explore(RuleBase rules, String code, String extended) {
        return DecisionTree.explore(rules, code, extended, false, DecisionTree.MAX_NODES);
    }
}
