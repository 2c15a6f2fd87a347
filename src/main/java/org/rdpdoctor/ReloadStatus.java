package org.rdpdoctor;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.rdpdoctor.kb.Problem;

/**
 * The knowledge in force, the reload running now if any, and what became of the last attempt to
 * reload it.
 *
 * @param version the version of the knowledge in force
 * @param loadedAt when that knowledge was put in force
 * @param causes how many causes it has
 * @param rules how many rules it has
 * @param scenarios how many scenarios it has
 * @param running the reload running now, or null when none is
 * @param lastAttempt the last reload attempt that ended, or null when there has been none
 */
public record ReloadStatus(
        String version,
        Instant loadedAt,
        int causes,
        int rules,
        int scenarios,
        Running running,
        Attempt lastAttempt) {
    public ReloadStatus {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(loadedAt, "loadedAt");
    }

    /** What starts a reload. */
    public enum Trigger {
        /** A burst of changes in the watched folders. */
        WATCH,
        /** A call of {@link KnowledgeReloader#reloadNow()}: the admin page's Reload now. */
        RELOAD_NOW,
        /** A reload asked for through the JSON admin API, as a knowledge editor's pipeline does. */
        API;

        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * A reload attempt that has not ended yet.
     *
     * @param since when it started
     * @param trigger what started it
     */
    public record Running(Instant since, Trigger trigger) {
        public Running {
            Objects.requireNonNull(since, "since");
            Objects.requireNonNull(trigger, "trigger");
        }
    }

    /** What a reload attempt did. */
    public enum Outcome {
        /** The new knowledge passed every check and is in force. */
        LOADED,
        /** The new knowledge has problems; the knowledge in force was kept. */
        REFUSED,
        /** The files build the knowledge already in force; nothing changed. */
        UNCHANGED;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One reload attempt.
     *
     * @param at when it started
     * @param outcome what it did
     * @param version the version it built, or null when the files did not compile
     * @param problems why it was refused, each with its file and, where known, its line; empty
     *     unless refused
     * @param duration how long it took
     */
    public record Attempt(
            Instant at,
            Outcome outcome,
            String version,
            List<Problem> problems,
            Duration duration) {
        public Attempt {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(outcome, "outcome");
            problems = List.copyOf(problems);
            Objects.requireNonNull(duration, "duration");
        }
    }
}
