package org.rdpdoctor.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.http.UnauthorizedResponse;
import io.javalin.security.BasicAuthCredentials;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.rdpdoctor.Analytics;
import org.rdpdoctor.KnowledgeReloader;
import org.rdpdoctor.RdpDoctor;
import org.rdpdoctor.ReloadStatus;
import org.rdpdoctor.TextLimits;

/**
 * The admin page: the knowledge in force, the reload running now, the last reload with every
 * problem at its file and line, and a button to reload now. Only for the administrator: HTTP Basic
 * authentication as user {@value #USER} with the configured password, compared in constant time.
 */
final class AdminPages {
    static final String USER = "admin";

    /** The path of the outcome analytics page. */
    static final String ANALYTICS = "/admin/analytics";

    private static final String CHALLENGE = "Basic realm=\"rdp-doctor admin\", charset=\"UTF-8\"";
    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SHOWN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private final RdpDoctor doctor;
    private final KnowledgeReloader reloader;
    private final Views views;
    private final byte[] userDigest;
    private final byte[] passwordDigest;
    private final FailedLogins failedLogins;

    AdminPages(RdpDoctor doctor, KnowledgeReloader reloader, String password, Views views) {
        this.doctor = Objects.requireNonNull(doctor, "doctor");
        this.reloader = Objects.requireNonNull(reloader, "reloader");
        this.views = views;
        this.userDigest = digest(USER);
        this.passwordDigest = digest(Objects.requireNonNull(password, "password"));
        this.failedLogins = new FailedLogins(Clock.systemUTC());
    }

    void register(Javalin app) {
        app.get("/admin", this::page);
        app.post("/admin/reload", this::reload);
        app.get(ANALYTICS, this::analytics);
        app.get(
                ANALYTICS + ".json",
                ctx -> {
                    authenticate(ctx);
                    WebApp.json(ctx, shown(report(ctx)));
                });
    }

    /** Outcome analytics, filtered by creation date (days, UTC) and knowledge version. */
    private void analytics(Context ctx) {
        authenticate(ctx);
        Analytics report = report(ctx);
        Map<String, Object> model = new HashMap<>();
        model.put("title", "Outcome analytics");
        model.put("version", doctor.rules().version());
        model.put("report", shown(report));
        model.put("maxSessions", String.format(Locale.ROOT, "%,d", Analytics.MAX_SESSIONS));
        model.put(
                "maxLed",
                report.causes().stream().mapToInt(Analytics.CauseStats::led).max().orElse(0));
        model.put("filterVersion", report.knowledgeVersion());
        model.put(
                "jsonLink",
                ANALYTICS + ".json?" + (ctx.queryString() == null ? "" : ctx.queryString()));
        views.render(ctx, Views.ANALYTICS, model);
    }

    /**
     * A report as the page and its JSON show it: the period as the days asked for, {@code to}
     * included, rather than the instants it covers (whose end is the next day's start).
     */
    private static Map<String, Object> shown(Analytics report) {
        Map<String, Object> shown = Views.map(report);
        shown.put("from", DAY.format(report.from()));
        shown.put("to", DAY.format(report.to().minusSeconds(1)));
        return shown;
    }

    private Analytics report(Context ctx) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate from = day(ctx, "from", today.minusDays(30));
        LocalDate to = day(ctx, "to", today);
        if (to.isBefore(from)) {
            throw new ApiException(400, "to", "'to' is before 'from'");
        }
        String version = Bodies.query(ctx, "version");
        return doctor.analytics(
                from.atStartOfDay(ZoneOffset.UTC).toInstant(),
                to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant(),
                version == null || version.isBlank()
                        ? null
                        : TextLimits.text("version", version.strip(), 64));
    }

    private static LocalDate day(Context ctx, String field, LocalDate fallback) {
        String text = Bodies.query(ctx, field);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        LocalDate day;
        try {
            day = LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new ApiException(400, field, "'" + field + "' must be a date like 2026-11-22");
        }
        if (day.getYear() < 1 || day.getYear() > 9999) {
            throw new ApiException(
                    400, field, "'" + field + "' must be a day of the years 0001 to 9999");
        }
        return day;
    }

    private void page(Context ctx) {
        authenticate(ctx);
        ReloadStatus status = reloader.status();
        Map<String, Object> model = new HashMap<>();
        model.put("title", "Admin");
        model.put("csrf", Csrf.token(ctx));
        model.put("version", status.version());
        model.put("loadedShown", SHOWN.format(status.loadedAt()));
        model.put("status", Views.map(status));
        model.put("watching", reloader.isWatching());
        model.put("running", running(status.running()));
        model.put("attempt", attempt(status.lastAttempt()));
        views.render(ctx, Views.ADMIN, model);
    }

    private void reload(Context ctx) {
        authenticate(ctx);
        Csrf.check(ctx);
        reloader.reloadNow();
        ctx.redirect("/admin", HttpStatus.SEE_OTHER);
    }

    private static Map<String, Object> running(ReloadStatus.Running running) {
        if (running == null) {
            return null;
        }
        return Map.of(
                "since", running.since().toString(),
                "sinceShown", SHOWN.format(running.since()),
                "trigger", running.trigger().id());
    }

    private static Map<String, Object> attempt(ReloadStatus.Attempt attempt) {
        if (attempt == null) {
            return null;
        }
        List<Map<String, Object>> problems = new ArrayList<>();
        for (org.rdpdoctor.kb.Problem p : attempt.problems()) {
            problems.add(
                    Map.of(
                            "where",
                            where(p),
                            "message",
                            (p.field().isEmpty() ? "" : p.field() + ": ") + p.message()));
        }
        Map<String, Object> model = new HashMap<>();
        model.put("atShown", SHOWN.format(attempt.at()));
        model.put("outcome", attempt.outcome().id());
        model.put("version", attempt.version());
        model.put("millis", attempt.duration().toMillis());
        model.put("problems", problems);
        return model;
    }

    /** {@code file:line:column}, leaving out what is unknown. */
    private static String where(org.rdpdoctor.kb.Problem p) {
        return p.file()
                + (p.line() > 0 ? ":" + p.line() : "")
                + (p.line() > 0 && p.column() > 0 ? ":" + p.column() : "");
    }

    /**
     * Lets the administrator through; anyone else gets 401 with a Basic challenge, and a client
     * with too many failed attempts gets 429 without its credentials being looked at.
     */
    private void authenticate(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        String client = ctx.ip();
        Optional<Duration> wait = failedLogins.waitFor(client);
        if (wait.isPresent()) {
            long seconds = Math.max(1, wait.get().toSeconds());
            ctx.header("Retry-After", Long.toString(seconds));
            throw new HttpResponseException(
                    HttpStatus.TOO_MANY_REQUESTS.getCode(),
                    "too many failed admin logins from "
                            + client
                            + " ("
                            + FailedLogins.MAX
                            + " within "
                            + FailedLogins.WINDOW.toMinutes()
                            + " minutes); try again in "
                            + seconds
                            + " s");
        }
        BasicAuthCredentials given = credentials(ctx.header("Authorization"));
        String user = given == null ? "" : given.getUsername();
        String password = given == null ? "" : given.getPassword();
        // & rather than &&: both comparisons always run, so the timing tells nothing.
        boolean allowed =
                given != null
                        & MessageDigest.isEqual(userDigest, digest(user))
                        & MessageDigest.isEqual(passwordDigest, digest(password));
        if (!allowed) {
            if (given != null) {
                // A request without credentials guessed nothing: a browser sends one first.
                failedLogins.failed(client);
            }
            ctx.header("WWW-Authenticate", CHALLENGE);
            throw new UnauthorizedResponse(
                    "the admin pages need the user name " + USER + " and the admin password");
        }
        failedLogins.succeeded(client);
    }

    /**
     * The credentials of an {@code Authorization} header, or null without one. The scheme's case
     * does not matter (RFC 7617); a header that is not Basic, not Base64 or without the colon
     * between user and password gives empty credentials: a guess, which is counted, that fails.
     */
    private static BasicAuthCredentials credentials(String header) {
        if (header == null) {
            return null;
        }
        String[] parts = header.strip().split("\\s+", 2);
        if (parts.length == 2 && parts[0].equalsIgnoreCase("Basic")) {
            try {
                String pair =
                        new String(Base64.getDecoder().decode(parts[1]), StandardCharsets.UTF_8);
                int colon = pair.indexOf(':');
                if (colon >= 0) {
                    return new BasicAuthCredentials(
                            pair.substring(0, colon), pair.substring(colon + 1));
                }
            } catch (IllegalArgumentException e) {
                // Not Base64: as wrong as any other guess.
            }
        }
        return new BasicAuthCredentials("", "");
    }

    /** Equal-length digests, so the comparison takes the same time whatever the input's length. */
    private static byte[] digest(String text) {
        try {
            return MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }
}
