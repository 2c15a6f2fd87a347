package org.rdpdoctor.store;

import java.sql.SQLException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit: a committed transaction waits until a flush that started after its commit has
 * written it to the file, and one flush serves every commit that came before it. While one caller
 * flushes, the callers that commit meanwhile wait and are served together by the next flush, so
 * under load there is about one flush per round of concurrent writers instead of one per commit.
 *
 * <p>A failed flush releases nobody: each waiter then flushes again itself (or is served by another
 * waiter's flush), so every caller either sees a flush succeed after its commit or gets the
 * failure.
 */
final class GroupFlush {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition flushEnded = lock.newCondition();

    /** Commits announced so far; a commit's number is its place in this count. */
    private long committed;

    /** Every commit numbered up to this one is written. */
    private long written;

    private boolean flushing;

    /**
     * Returns once the caller's commit, which has returned already, is written: by {@code flush}
     * run here, or by another caller's flush that started after the commit.
     *
     * @throws SQLException when the flush this caller ran failed
     */
    void awaitWritten(Flush flush) throws SQLException {
        lock.lock();
        try {
            long mine = ++committed;
            while (written < mine) {
                if (flushing) {
                    flushEnded.awaitUninterruptibly();
                    continue;
                }
                flushing = true;
                long covered = committed;
                boolean done = false;
                lock.unlock();
                try {
                    flush.run();
                    done = true;
                } finally {
                    lock.lock();
                    flushing = false;
                    if (done) {
                        written = Math.max(written, covered);
                    }
                    flushEnded.signalAll();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Writes everything committed so far to the file. */
    @FunctionalInterface
    interface Flush {
        void run() throws SQLException;
    }
}
