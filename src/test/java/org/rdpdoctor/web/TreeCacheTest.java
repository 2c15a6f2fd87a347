package org.rdpdoctor.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rdpdoctor.engine.DecisionTree;
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

        var tree = cache.get(rules, "0x904", "0x7", Map.of());

        assertThat(cache.get(rules, "0x0904", "0x07", Map.of())).isSameAs(tree);
        assertThat(cache.get(rules, "2308", "7", Map.of())).isSameAs(tree);
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void while_one_tree_is_worked_out_kept_trees_are_served_and_another_is_refused_after_the_wait()
            throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        TreeCache cache = holdingCode1(Duration.ZERO, started, release);
        DecisionTree kept = cache.get(rules, "0x904", "0x7", Map.of());
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<DecisionTree> first = pool.submit(() -> cache.get(rules, "0x1", "", Map.of()));
            await(started);

            assertThat(cache.get(rules, "0x904", "0x7", Map.of())).isSameAs(kept);
            assertThatThrownBy(() -> cache.get(rules, "0x2", "", Map.of()))
                    .isInstanceOf(TreeCache.Busy.class)
                    .hasMessageContaining("try again in a minute");

            release.countDown();
            assertThat(first.get(1, TimeUnit.MINUTES).errorCode()).isEqualTo("0x1");
            assertThat(cache.get(rules, "0x2", "", Map.of()).errorCode()).isEqualTo("0x2");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void while_a_few_requests_wait_their_turn_another_is_refused_at_once_and_kept_trees_are_served()
            throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        TreeCache cache = holdingCode1(Duration.ofMinutes(10), started, release);
        DecisionTree kept = cache.get(rules, "0x904", "0x7", Map.of());
        ExecutorService pool = Executors.newFixedThreadPool(1 + TreeCache.QUEUED);
        try {
            List<Future<DecisionTree>> asked = new ArrayList<>();
            asked.add(pool.submit(() -> cache.get(rules, "0x1", "", Map.of())));
            await(started);
            for (int code = 2; code < 2 + TreeCache.QUEUED; code++) {
                String hex = "0x" + code;
                asked.add(pool.submit(() -> cache.get(rules, hex, "", Map.of())));
            }
            while (cache.queued() < TreeCache.QUEUED) {
                // Bounded by the test's timeout; nothing else says when a request starts waiting.
                Thread.onSpinWait();
            }

            assertThatThrownBy(() -> cache.get(rules, "0x9", "", Map.of()))
                    .isInstanceOf(TreeCache.Busy.class)
                    .hasMessageContaining("try again in a minute");
            assertThat(cache.get(rules, "0x904", "0x7", Map.of())).isSameAs(kept);

            release.countDown();
            for (int i = 0; i < asked.size(); i++) {
                assertThat(asked.get(i).get(1, TimeUnit.MINUTES).errorCode())
                        .isEqualTo("0x" + (i + 1));
            }
        } finally {
            release.countDown();
            pool.shutdownNow();
            assertThat(pool.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
        }
    }

    /** A cache whose tree of 0x1 is worked out only once {@code release} opens. */
    private static TreeCache holdingCode1(
            Duration wait, CountDownLatch started, CountDownLatch release) {
        return new TreeCache(
                wait,
                (r, code, extended, answers) -> {
                    if (code.equals("0x1")) {
                        started.countDown();
                        await(release);
                    }
                    return DecisionTree.explore(
                            r, code, extended, answers, false, TreeCache.PAGE_NODES);
                });
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(1, TimeUnit.MINUTES)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void only_a_few_trees_are_kept_however_many_codes_are_asked_for() {
        TreeCache cache = new TreeCache();

        for (int code = 1; code <= 3 * TreeCache.KEPT; code++) {
            cache.get(rules, "0x" + Integer.toHexString(code), "", Map.of());
        }

        assertThat(cache.size()).isLessThanOrEqualTo(TreeCache.KEPT);
    }
}
