package org.rdpdoctor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.rdpdoctor.ReloadStatus.Attempt;
import org.rdpdoctor.ReloadStatus.Outcome;
import org.rdpdoctor.ReloadStatus.Running;
import org.rdpdoctor.ReloadStatus.Trigger;
import org.rdpdoctor.engine.KnowledgeLint;
import org.rdpdoctor.engine.RuleBase;
import org.rdpdoctor.engine.ScenarioResult;
import org.rdpdoctor.engine.ScenarioRunner;
import org.rdpdoctor.kb.InvalidKnowledgeException;
import org.rdpdoctor.kb.Problem;
import org.rdpdoctor.kb.Scenario;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts edited knowledge in force without a restart, and only when it is sound. A reload compiles
 * {@code kb/} and {@code rules/} into a new rule base, checks every id against the knowledge, runs
 * every scenario, and only then replaces the doctor's rule base, in one step. When anything fails,
 * the knowledge in force keeps serving and {@link #status()} lists the problems with file and line.
 *
 * <p>Reloads run one at a time on a background thread of their own, whether asked for by {@link
 * #reloadNow()} or by a change in the folders once {@link #watch()} has been called. Requests are
 * never held up: each one works with the rule base in force when it started.
 */
public final class KnowledgeReloader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KnowledgeReloader.class);

    private final RdpDoctor doctor;
    private final Path kbDir;
    private final Path rulesDir;
    private final ExecutorService reloads =
            Executors.newSingleThreadExecutor(
                    task -> {
                        Thread thread = new Thread(task, "rdp-doctor-reload");
                        thread.setDaemon(true);
                        return thread;
                    });
    private final AtomicBoolean reloadQueued = new AtomicBoolean();
    private final AtomicReference<ReloadStatus> status;
    private CompletableFuture<ReloadStatus> nextAttempt = new CompletableFuture<>();
    private FolderWatcher watcher;

    /** A reloader for the knowledge now in force in {@code doctor}, read from the two folders. */
    public KnowledgeReloader(RdpDoctor doctor, Path kbDir, Path rulesDir) {
        this.doctor = Objects.requireNonNull(doctor, "doctor");
        this.kbDir = Objects.requireNonNull(kbDir, "kbDir");
        this.rulesDir = Objects.requireNonNull(rulesDir, "rulesDir");
        this.status = new AtomicReference<>(inForce(doctor.rules(), Instant.now(), null));
    }

    /**
     * Starts watching both folders, and every folder under them, for changes; each burst of changes
     * leads to one reload in the background. Calling it again does nothing.
     *
     * @return this reloader
     * @throws UncheckedIOException when a folder cannot be watched
     */
    public synchronized KnowledgeReloader watch() {
        if (reloads.isShutdown()) {
            throw new IllegalStateException("the knowledge reloader is closed");
        }
        if (watcher == null) {
            watcher =
                    new FolderWatcher(List.of(kbDir, rulesDir), this::changed, "rdp-doctor-watch");
        }
        return this;
    }

    /** Whether changes in the folders lead to reloads. */
    public synchronized boolean isWatching() {
        return watcher != null;
    }

    /** The knowledge in force, the reload running now and the last reload attempt. */
    public ReloadStatus status() {
        return status.get();
    }

    /**
     * Reloads now and returns the status after it. Waits for a reload that is already running to
     * end first, so the files are read after this call was made.
     *
     * @throws IllegalStateException when the reloader is closed, or the wait was interrupted
     */
    public ReloadStatus reloadNow() {
        return reloadNow(Trigger.RELOAD_NOW);
    }

    /**
     * Reloads now as {@link #reloadNow()} does, with {@code trigger} as what started it, which
     * {@link #status()} shows while it runs.
     *
     * @throws IllegalStateException when the reloader is closed, or the wait was interrupted
     */
    public ReloadStatus reloadNow(Trigger trigger) {
        Objects.requireNonNull(trigger, "trigger");
        Future<ReloadStatus> attempt;
        try {
            attempt = reloads.submit(() -> reload(trigger));
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("the knowledge reloader is closed", e);
        }
        try {
            return attempt.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a reload", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("the reload failed", e.getCause());
        }
    }

    /**
     * Completes with the status after the next reload attempt ends, however it was started; for
     * callers that wait for a change in the folders to be taken up.
     */
    public synchronized CompletableFuture<ReloadStatus> nextAttempt() {
        return nextAttempt;
    }

    /** Stops watching and reloading; a reload that is running ends first (up to a minute). */
    @Override
    public void close() {
        synchronized (this) {
            if (watcher != null) {
                watcher.close();
            }
        }
        reloads.shutdownNow();
        try {
            reloads.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Called by the watcher: queues one reload, unless one is queued and not yet started. */
    private void changed() {
        if (reloadQueued.compareAndSet(false, true)) {
            try {
                reloads.execute(
                        () -> {
                            reloadQueued.set(false);
                            reload(Trigger.WATCH);
                        });
            } catch (RejectedExecutionException e) {
                // Closing: the change arrived too late to matter.
                reloadQueued.set(false);
            }
        }
    }

    /** One attempt, on the reload thread. */
    private ReloadStatus reload(Trigger trigger) {
        Instant at = Instant.now();
        status.set(with(status.get(), new Running(at, trigger), status.get().lastAttempt()));
        long started = System.nanoTime();
        RuleBase current = doctor.rules();
        RuleBase next = null;
        List<Problem> problems = new ArrayList<>();
        try {
            next = RuleBase.load(kbDir, rulesDir);
            if (!next.version().equals(current.version())) {
                List<Problem> lint = lintFindings(next);
                problems.addAll(lint);
                // A rule that throws on a scenario's answers the lint has named at its line.
                scenarioFailures(next).stream()
                        .filter(p -> lint.stream().noneMatch(named -> sameLine(named, p)))
                        .forEach(problems::add);
                problems.addAll(scenariosGone(current, next));
            }
        } catch (InvalidKnowledgeException e) {
            problems.addAll(e.problems());
        } catch (RuntimeException e) {
            LOG.error("reloading the knowledge failed unexpectedly", e);
            problems.add(
                    new Problem(
                            Problem.shown(kbDir),
                            0,
                            0,
                            "",
                            "the knowledge could not be read: " + e));
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        String version = next == null ? null : next.version();
        ReloadStatus before = status.get();
        ReloadStatus after;
        if (!problems.isEmpty()) {
            List<Problem> inOrder = Problem.inFileOrder(problems);
            after = with(before, null, new Attempt(at, Outcome.REFUSED, version, inOrder, took));
            LOG.warn(
                    "knowledge reload refused, version {} keeps serving; {} problem(s):\n{}",
                    current.version(),
                    inOrder.size(),
                    inOrder.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        } else if (version.equals(current.version())) {
            after =
                    with(
                            before,
                            null,
                            new Attempt(at, Outcome.UNCHANGED, version, List.of(), took));
        } else {
            doctor.replaceRules(next);
            after =
                    inForce(
                            next,
                            Instant.now(),
                            new Attempt(at, Outcome.LOADED, version, List.of(), took));
            LOG.info(
                    "knowledge version {} is in force (was {}), checked in {} ms",
                    version,
                    current.version(),
                    took.toMillis());
        }
        status.set(after);
        announce(after);
        return after;
    }

    /**
     * Findings of the quick lint (options no rule matches, fixes no cause uses, rules that throw on
     * some evidence value) refuse a reload. The exploring checks of {@code lint} take about a
     * minute, too long for every save.
     */
    private static List<Problem> lintFindings(RuleBase next) {
        return KnowledgeLint.quick(next);
    }

    /**
     * A reload that would leave no scenario, where the knowledge in force has some, is refused: the
     * folder was deleted, moved or emptied, and with it every check that the new knowledge still
     * reaches the right causes ({@code test-scenarios} fails on none as well).
     */
    private List<Problem> scenariosGone(RuleBase current, RuleBase next) {
        int before = current.knowledge().scenarios().size();
        if (before == 0 || !next.knowledge().scenarios().isEmpty()) {
            return List.of();
        }
        return List.of(
                new Problem(
                        Problem.shown(kbDir.resolve("scenarios")),
                        0,
                        0,
                        "",
                        "holds no scenario, where the knowledge in force has "
                                + before
                                + ": the folder was deleted, moved or emptied, so nothing would"
                                + " check the new knowledge before it goes live; put the"
                                + " scenarios back"));
    }

    /** Every failure of every scenario, located at the scenario's {@code expect:} line. */
    private static List<Problem> scenarioFailures(RuleBase next) {
        List<Problem> problems = new ArrayList<>();
        for (Scenario scenario : next.knowledge().scenarios()) {
            List<String> failures;
            try {
                ScenarioResult result = ScenarioRunner.run(next, scenario);
                failures = result.failures();
            } catch (InvalidKnowledgeException e) {
                e.problems().stream().filter(p -> !problems.contains(p)).forEach(problems::add);
                continue;
            } catch (RuntimeException e) {
                failures = List.of("the engine failed on this scenario: " + e);
            }
            int line = expectLine(scenario.file());
            for (String failure : failures) {
                problems.add(
                        new Problem(
                                scenario.file(),
                                line,
                                0,
                                "expect",
                                "scenario " + scenario.id() + ": " + failure));
            }
        }
        return problems;
    }

    private static boolean sameLine(Problem a, Problem b) {
        return a.file().equals(b.file()) && a.line() == b.line();
    }

    /** The line of a scenario file's {@code expect:} key, or 0 when it cannot be read. */
    private static int expectLine(String file) {
        try {
            List<String> lines = Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).startsWith("expect:")) {
                    return i + 1;
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // The file changed since it was loaded; the problem is still named by its file.
        }
        return 0;
    }

    private synchronized void announce(ReloadStatus after) {
        CompletableFuture<ReloadStatus> done = nextAttempt;
        nextAttempt = new CompletableFuture<>();
        done.complete(after);
    }

    private static ReloadStatus inForce(RuleBase rules, Instant loadedAt, Attempt attempt) {
        return new ReloadStatus(
                rules.version(),
                loadedAt,
                rules.knowledge().causes().size(),
                rules.rules().size(),
                rules.knowledge().scenarios().size(),
                null,
                attempt);
    }

    /** The same knowledge in force, with another running reload and last attempt. */
    private static ReloadStatus with(ReloadStatus status, Running running, Attempt attempt) {
        return new ReloadStatus(
                status.version(),
                status.loadedAt(),
                status.causes(),
                status.rules(),
                status.scenarios(),
                running,
                attempt);
    }
}
