package org.rdpdoctor.web;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * What {@link LoadWithFaultsTest} shares with its {@link LoadClient}s while they run: when to stop,
 * the knowledge versions put in force so far, and a monitor on which the test waits for their
 * progress.
 */
final class LoadControl {
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<String> versions = new CopyOnWriteArrayList<>();

    LoadControl(String firstVersion) {
        versions.add(firstVersion);
    }

    /** Clients end after the request they are making. */
    void stop() {
        stop.set(true);
        progressed();
    }

    boolean isStopped() {
        return stop.get();
    }

    /** A new knowledge version is in force: requests sent from now on must see it. */
    void inForce(String version) {
        versions.add(version);
    }

    /** The knowledge versions put in force, oldest first. */
    List<String> versions() {
        return List.copyOf(versions);
    }

    /** How many versions have been put in force so far. */
    int versionCount() {
        return versions.size();
    }

    /** Called by a client whenever it got somewhere: wakes the test to check. */
    synchronized void progressed() {
        notifyAll();
    }

    /** Waits until {@code condition} holds; fails naming {@code what} after {@code max}. */
    synchronized void await(BooleanSupplier condition, Duration max, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("waited " + max.toSeconds() + " s for: " + what);
            }
            wait(Math.max(1, Math.min(left / 1_000_000, 200)));
        }
    }
}
