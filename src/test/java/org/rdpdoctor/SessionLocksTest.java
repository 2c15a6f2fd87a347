package org.rdpdoctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Per-session locks: one session's work queues, another session's never waits for it. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class SessionLocksTest {
    private final SessionLocks locks = new SessionLocks();
    private final CountDownLatch holding = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void letGo() {
        release.countDown();
    }

    @Test
    void work_on_another_session_runs_while_one_is_held() throws InterruptedException {
        Thread holder = hold("session-a");

        String other = locks.locked("session-b", () -> "ran");

        assertThat(other).isEqualTo("ran");
        release.countDown();
        holder.join();
    }

    @Test
    void work_on_the_same_session_waits_until_it_is_released() throws InterruptedException {
        Thread holder = hold("session-a");
        AtomicBoolean ran = new AtomicBoolean();
        Thread waiter = new Thread(() -> locks.locked("session-a", () -> ran.getAndSet(true)));

        waiter.start();
        while (waiter.getState() != Thread.State.BLOCKED) {
            Thread.onSpinWait();
        }
        boolean ranWhileHeld = ran.get();
        release.countDown();
        holder.join();
        waiter.join();

        assertThat(ranWhileHeld).isFalse();
        assertThat(ran).isTrue();
    }

    @Test
    void no_lock_is_kept_once_nobody_works_on_a_session() throws InterruptedException {
        Thread holder = hold("session-a");
        locks.locked("session-b", () -> null);

        int whileHeld = locks.size();
        release.countDown();
        holder.join();

        assertThat(whileHeld).isEqualTo(1);
        assertThat(locks.size()).isZero();
    }

    /** A thread that holds {@code id}'s lock until {@link #release}; returns once it holds it. */
    private Thread hold(String id) throws InterruptedException {
        Thread holder =
                new Thread(
                        () ->
                                locks.locked(
                                        id,
                                        () -> {
                                            holding.countDown();
                                            try {
                                                return release.await(1, TimeUnit.MINUTES);
                                            } catch (InterruptedException e) {
                                                Thread.currentThread().interrupt();
                                                return false;
                                            }
                                        }));
        holder.start();
        holding.await();
        return holder;
    }
}
