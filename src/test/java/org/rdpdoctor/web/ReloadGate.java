package org.rdpdoctor.web;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Holds a reload while it runs, so a test can look at the server during one: a test rule's
 * condition calls {@link #hold()}, which waits there until the test calls {@link #open()}.
 */
public final class ReloadGate {
    private static volatile CountDownLatch reached = new CountDownLatch(1);
    private static volatile CountDownLatch opened = new CountDownLatch(1);

    private ReloadGate() {}

    /** The condition a held rule calls: waits while the gate is closed, and never matches. */
    public static boolean hold() throws InterruptedException {
        reached.countDown();
        opened.await(2, TimeUnit.MINUTES);
        return false;
    }

    /** Closes the gate, for the next reload to wait at. */
    static void close() {
        reached = new CountDownLatch(1);
        opened = new CountDownLatch(1);
    }

    /** Waits until a reload waits at the gate; true once it does. */
    static boolean reached() throws InterruptedException {
        return reached.await(2, TimeUnit.MINUTES);
    }

    /** Lets every waiting and later reload through. */
    static void open() {
        opened.countDown();
    }

    /** A rule file whose rule waits at the gate whenever a session starts. */
    static String rule() {
        return """
                package org.rdpdoctor.rules;

                import org.rdpdoctor.engine.*;

                // Waits at the test's gate, so the test sees the reload while it runs.
                rule "Wait at the reload gate"
                    @source("rdp-facts")
                when
                    eval(org.rdpdoctor.web.ReloadGate.hold())
                then
                    insertLogical(new Support("windows-firewall-blocks-rdp", Weight.WEAK, kcontext));
                end
                """;
    }
}
