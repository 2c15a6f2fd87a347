package org.rdpdoctor.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class GroupFlushTest {
    private static final int WRITERS = 8;
    private static final int COMMITS_EACH = 50;

    private final GroupFlush group = new GroupFlush();

    /** The commits made so far, in the simulated database. */
    private final AtomicLong committed = new AtomicLong();

    /** Every commit up to this one is in the simulated file. */
    private final AtomicLong written = new AtomicLong();

    private final AtomicInteger flushes = new AtomicInteger();

    @Test
    void every_commit_is_written_when_its_caller_returns_and_concurrent_commits_share_flushes()
            throws Exception {
        List<Long> unwritten = writeConcurrently(this::flush);

        assertThat(unwritten).as("commits not yet written when their caller returned").isEmpty();
        assertThat(flushes.get()).isLessThan(WRITERS * COMMITS_EACH / 2);
    }

    @Test
    void a_failed_flush_fails_its_caller_and_the_others_are_written_by_a_later_flush()
            throws Exception {
        AtomicBoolean failedOnce = new AtomicBoolean();
        CountDownLatch othersWaiting = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            long first = committed.incrementAndGet();
            Future<?> failing =
                    pool.submit(
                            () -> {
                                group.awaitWritten(
                                        () -> {
                                            try {
                                                othersWaiting.await(10, TimeUnit.SECONDS);
                                            } catch (InterruptedException e) {
                                                Thread.currentThread().interrupt();
                                            }
                                            failedOnce.set(true);
                                            throw new SQLException("disk full");
                                        });
                                return null;
                            });
            Future<Long> other =
                    pool.submit(
                            () -> {
                                long mine = committed.incrementAndGet();
                                othersWaiting.countDown();
                                group.awaitWritten(this::flush);
                                return mine;
                            });

            assertThat(other.get(1, TimeUnit.MINUTES)).isLessThanOrEqualTo(written.get());
            assertThat(failing)
                    .failsWithin(1, TimeUnit.MINUTES)
                    .withThrowableThat()
                    .withRootCauseInstanceOf(SQLException.class)
                    .withMessageContaining("disk full");
            assertThat(failedOnce).isTrue();
            assertThat(written.get()).isGreaterThanOrEqualTo(first);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Each writer commits and waits; returns the commits that were not written on return. */
    private List<Long> writeConcurrently(GroupFlush.Flush flush) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        try {
            List<Future<List<Long>>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                writers.add(
                        pool.submit(
                                () -> {
                                    List<Long> unwritten = new ArrayList<>();
                                    for (int i = 0; i < COMMITS_EACH; i++) {
                                        long mine = committed.incrementAndGet();
                                        group.awaitWritten(flush);
                                        if (written.get() < mine) {
                                            unwritten.add(mine);
                                        }
                                    }
                                    return unwritten;
                                }));
            }
            List<Long> unwritten = new ArrayList<>();
            for (Future<List<Long>> writer : writers) {
                unwritten.addAll(writer.get(1, TimeUnit.MINUTES));
            }
            return unwritten;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Writes what was committed when it started, taking a while as a file write does. */
    private void flush() throws SQLException {
        long upTo = committed.get();
        flushes.incrementAndGet();
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted", e);
        }
        written.accumulateAndGet(upTo, Math::max);
    }
}
