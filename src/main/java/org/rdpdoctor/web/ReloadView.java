package org.rdpdoctor.web;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.rdpdoctor.KnowledgeReloader;
import org.rdpdoctor.ReloadStatus;
import org.rdpdoctor.kb.Problem;

/**
 * The knowledge in force and its reloads, as the admin page shows them and the admin API answers
 * them: one vocabulary for both ({@code lastAttempt.problems[0].where}).
 *
 * @param watching whether a saved change in the folders starts a reload by itself
 * @param running the reload running now, or null when none is
 * @param lastAttempt the last reload that ended, or null when there has been none
 */
record ReloadView(
        String version,
        Instant loadedAt,
        int causes,
        int rules,
        int scenarios,
        boolean watching,
        Running running,
        Attempt lastAttempt) {
    ReloadView {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(loadedAt, "loadedAt");
    }

    /** The reloader's status now. */
    static ReloadView of(KnowledgeReloader reloader) {
        return of(reloader.status(), reloader.isWatching());
    }

    /** A status the reloader gave, such as the one a reload ended with. */
    static ReloadView of(ReloadStatus status, boolean watching) {
        ReloadStatus.Running running = status.running();
        ReloadStatus.Attempt attempt = status.lastAttempt();
        return new ReloadView(
                status.version(),
                status.loadedAt(),
                status.causes(),
                status.rules(),
                status.scenarios(),
                watching,
                running == null ? null : new Running(running.since(), running.trigger().id()),
                attempt == null
                        ? null
                        : new Attempt(
                                attempt.at(),
                                attempt.outcome().id(),
                                attempt.version(),
                                attempt.duration().toMillis(),
                                attempt.problems().stream().map(ProblemView::of).toList()));
    }

    /**
     * A reload that has not ended yet.
     *
     * @param trigger what started it: {@code watch}, {@code reload-now} or {@code api}
     */
    record Running(Instant since, String trigger) {}

    /**
     * One reload that ended.
     *
     * @param outcome {@code loaded}, {@code refused} or {@code unchanged}
     * @param version the version it built, or null when the files did not compile
     * @param millis how long it took
     * @param problems why it was refused; empty unless refused
     */
    record Attempt(
            Instant at, String outcome, String version, long millis, List<ProblemView> problems) {
        Attempt {
            problems = List.copyOf(problems);
        }
    }

    /**
     * A problem of the knowledge, with its parts and {@code where} it is as shown.
     *
     * @param line 1-based, or 0 when unknown
     * @param column 1-based, or 0 when unknown
     * @param field the YAML field or DRL element concerned, or empty
     * @param where {@code file:line:column}, leaving out what is unknown
     */
    record ProblemView(
            String file, int line, int column, String field, String message, String where) {
        static ProblemView of(Problem p) {
            return new ProblemView(
                    p.file(), p.line(), p.column(), p.field(), p.message(), p.where());
        }
    }
}
