package org.rdpdoctor.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.rdpdoctor.Analytics;
import org.rdpdoctor.KnowledgeReloader;
import org.rdpdoctor.RdpDoctor;

/**
 * The admin page: the knowledge in force, the reload running now, the last reload with every
 * problem at its file and line, and a button to reload now; and the outcome analytics. Only for the
 * administrator, as {@link AdminLogin} checks.
 */
final class AdminPages {
    /** The path of the outcome analytics page. */
    static final String ANALYTICS = "/admin/analytics";

    private static final DateTimeFormatter SHOWN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private final RdpDoctor doctor;
    private final KnowledgeReloader reloader;
    private final Views views;
    private final AdminLogin login;

    AdminPages(RdpDoctor doctor, KnowledgeReloader reloader, AdminLogin login, Views views) {
        this.doctor = Objects.requireNonNull(doctor, "doctor");
        this.reloader = Objects.requireNonNull(reloader, "reloader");
        this.login = Objects.requireNonNull(login, "login");
        this.views = views;
    }

    void register(Javalin app) {
        app.get("/admin", this::page);
        app.post("/admin/reload", this::reload);
        app.get(ANALYTICS, this::analytics);
    }

    /** Outcome analytics, filtered by creation date (days, UTC) and knowledge version. */
    private void analytics(Context ctx) {
        login.check(ctx);
        Analytics report = AnalyticsQuery.report(doctor, ctx);
        Map<String, Object> model = new HashMap<>();
        model.put("title", "Outcome analytics");
        model.put("version", doctor.rules().version());
        model.put("report", AnalyticsQuery.shown(report));
        model.put(
                "causes",
                Views.plain(
                        report.causes().stream()
                                .filter(c -> c.led() > 0 || c.fixesWorked() + c.fixesFailed() > 0)
                                .toList()));
        model.put("maxSessions", String.format(Locale.ROOT, "%,d", Analytics.MAX_SESSIONS));
        model.put(
                "maxLed",
                report.causes().stream().mapToInt(Analytics.CauseStats::led).max().orElse(0));
        model.put("filterVersion", report.knowledgeVersion());
        model.put("jsonLink", AdminApi.ANALYTICS + AnalyticsQuery.asked(ctx));
        views.render(ctx, Views.ANALYTICS, model);
    }

    private void page(Context ctx) {
        login.check(ctx);
        ReloadView reload = ReloadView.of(reloader);
        Map<String, Object> model = new HashMap<>();
        model.put("title", "Admin");
        model.put("version", doctor.rules().version());
        model.put("csrf", Csrf.token(ctx));
        model.put("reload", Views.map(reload));
        model.put("loadedShown", SHOWN.format(reload.loadedAt()));
        if (reload.running() != null) {
            model.put("runningShown", SHOWN.format(reload.running().since()));
        }
        if (reload.lastAttempt() != null) {
            model.put("attemptShown", SHOWN.format(reload.lastAttempt().at()));
        }
        views.render(ctx, Views.ADMIN, model);
    }

    private void reload(Context ctx) {
        login.check(ctx);
        Csrf.check(ctx);
        reloader.reloadNow();
        ctx.redirect("/admin", HttpStatus.SEE_OTHER);
    }
}
