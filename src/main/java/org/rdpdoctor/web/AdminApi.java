package org.rdpdoctor.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.rdpdoctor.KnowledgeReloader;
import org.rdpdoctor.RdpDoctor;
import org.rdpdoctor.ReloadStatus;
import org.rdpdoctor.kb.Problem;

/**
 * The admin part of the JSON API, for a knowledge editor's pipeline: the reload status that the
 * admin page shows, a reload that answers with its outcome, and the outcome analytics that the
 * analytics page shows. Only for the administrator, as {@link AdminLogin} checks; like every API
 * POST, a reload must say it sends JSON, which a page of another site cannot make a browser send,
 * so it needs no CSRF token.
 */
final class AdminApi {
    static final String RELOAD = ApiRoutes.BASE + "/admin/reload";
    static final String ANALYTICS = ApiRoutes.BASE + AdminPages.ANALYTICS;

    private final RdpDoctor doctor;
    private final KnowledgeReloader reloader;
    private final AdminLogin login;

    AdminApi(RdpDoctor doctor, KnowledgeReloader reloader, AdminLogin login) {
        this.doctor = Objects.requireNonNull(doctor, "doctor");
        this.reloader = Objects.requireNonNull(reloader, "reloader");
        this.login = Objects.requireNonNull(login, "login");
    }

    void register(Javalin app) {
        // The login first: a request without it learns nothing of an operation, not even that a
        // query parameter is wrong.
        app.before(ApiRoutes.BASE + "/admin/*", login::check);
        app.before(AdminPages.ANALYTICS + ".json", login::check);
        ApiRoutes.get(app, RELOAD, this::status);
        ApiRoutes.post(app, RELOAD, this::reload);
        ApiRoutes.get(app, ANALYTICS, this::analytics);
        // Where the analytics page's JSON was before the API served it; kept for those who use it,
        // and answering as the API does.
        app.get(
                AdminPages.ANALYTICS + ".json",
                QueryParameters.checked("get", ANALYTICS, this::analytics));
    }

    private void status(Context ctx) {
        WebApp.json(ctx, ReloadView.of(reloader));
    }

    /**
     * Reloads and waits for the outcome: 200 when the files' knowledge is in force (loaded, or
     * unchanged), 422 with every problem when it was refused and the knowledge in force stays.
     */
    private void reload(Context ctx) {
        Bodies.readOr(ctx, Bodies.EmptyBody.class, new Bodies.EmptyBody());
        ReloadStatus after = reloader.reloadNow(ReloadStatus.Trigger.API);
        ReloadView view = ReloadView.of(after, reloader.isWatching());
        if (after.lastAttempt().outcome() == ReloadStatus.Outcome.REFUSED) {
            WebApp.problem(ctx, 422, refusal(after), Map.of("reload", view));
        } else {
            WebApp.json(ctx, view);
        }
    }

    private void analytics(Context ctx) {
        WebApp.json(ctx, AnalyticsQuery.shown(AnalyticsQuery.report(doctor, ctx)));
    }

    private static String refusal(ReloadStatus after) {
        List<Problem> problems = after.lastAttempt().problems();
        return "the edited knowledge was refused and version "
                + after.version()
                + " keeps serving; "
                + (problems.size() == 1 ? "1 problem" : problems.size() + " problems")
                + ", each at its file and line in reload.lastAttempt.problems; the first: "
                + problems.get(0);
    }
}
