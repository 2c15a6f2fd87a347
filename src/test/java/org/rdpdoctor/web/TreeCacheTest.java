package org.rdpdoctor.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.rdpdoctor.engine.RuleBase;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class TreeCacheTest {
    private static RuleBase rules;

    @BeforeAll
    static void load() {
        Path small = Path.of("src/test/resources/small");
        rules = RuleBase.load(small.resolve("kb"), small.resolve("rules"));
    }

    @Test
    void one_code_written_several_ways_is_one_tree() {
        TreeCache cache = new TreeCache();

        var tree = cache.get(rules, "0x904", "0x7");

        assertThat(cache.get(rules, "0x0904", "0x07")).isSameAs(tree);
        assertThat(cache.get(rules, "2308", "7")).isSameAs(tree);
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void only_a_few_trees_are_kept_however_many_codes_are_asked_for() {
        TreeCache cache = new TreeCache();

        for (int code = 1; code <= 3 * TreeCache.KEPT; code++) {
            cache.get(rules, "0x" + Integer.toHexString(code), "");
        }

        assertThat(cache.size()).isLessThanOrEqualTo(TreeCache.KEPT);
    }
}
