package org.rdpdoctor.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;
import org.rdpdoctor.IdempotencyKeyReusedException;
import org.rdpdoctor.KnowledgeReloader;
import org.rdpdoctor.RdpDoctor;
import org.rdpdoctor.SessionNotFoundException;
import org.rdpdoctor.Shortened;
import org.rdpdoctor.engine.InvalidEventException;
import org.rdpdoctor.engine.Json;
import org.rdpdoctor.kb.InvalidKnowledgeException;
import org.rdpdoctor.probe.ProbePolicy;
import org.rdpdoctor.probe.ProbeRefusedException;
import org.rdpdoctor.store.ConcurrentUpdateException;
import org.rdpdoctor.store.StoreReadOnlyException;
import org.rdpdoctor.store.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the Javalin application from its dependencies, the same way for production and tests, and
 * maps every exception to a response in one place: {@code application/problem+json} for the API.
 */
public final class WebApp {
    /**
     * Bodies larger than this are refused with 413. A start whose fields are all at their limits
     * ({@link org.rdpdoctor.TextLimits}: two texts of 100,000 characters and 517 more) takes 2.4 MB
     * when each is an emoji beyond {@code U+FFFF} escaped as its two UTF-16 halves, {@code \}{@code
     * ud83d}{@code \}{@code udcbb}, twelve bytes, as Python's {@code json.dumps} writes it by
     * default; this leaves room for the field names and the spacing.
     */
    public static final long MAX_BODY_BYTES = 3 * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(WebApp.class);
    private static final int DETAIL_MAX = 2_000;
    private static final String CSP =
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                    + " connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

    private WebApp() {}

    /**
     * The files a folder of page templates lacks (pages, the fragments they include, and {@code
     * static/} assets), relative to it; empty when the folder can serve every page.
     */
    public static List<String> missingTemplates(Path templates) {
        return Views.missing(templates);
    }

    /** The application over the templates of {@code ./templates}, not yet started. */
    public static Javalin create(RdpDoctor doctor, List<String> routes) {
        return create(doctor, Path.of("templates"), routes);
    }

    /**
     * The application, not yet started: pages from {@code templates}, the JSON API, and one mapping
     * of errors. {@code routes} (may be null) receives "METHOD path" of every route.
     */
    public static Javalin create(RdpDoctor doctor, Path templates, List<String> routes) {
        return create(doctor, templates, routes, null, null);
    }

    /**
     * The application with the admin pages: {@code /admin} shows what {@code reloader} has in force
     * and reloads on request, behind HTTP Basic authentication as user {@code admin} with {@code
     * adminPassword}. Without a password (null or blank) there are no admin pages and {@code
     * reloader} may be null.
     */
    public static Javalin create(
            RdpDoctor doctor,
            Path templates,
            List<String> routes,
            KnowledgeReloader reloader,
            String adminPassword) {
        return create(
                doctor,
                templates,
                routes,
                reloader,
                adminPassword,
                new Probing(doctor, ProbePolicy.NONE));
    }

    /**
     * The application as above, and "Check the host" probes of the hosts {@code probing}'s policy
     * allows.
     */
    public static Javalin create(
            RdpDoctor doctor,
            Path templates,
            List<String> routes,
            KnowledgeReloader reloader,
            String adminPassword,
            Probing probing) {
        return create(
                doctor,
                templates,
                routes,
                reloader,
                adminPassword,
                probing,
                TrustedProxies.NONE,
                HostNames.LOCAL);
    }

    /**
     * The application with everything: as above, with the admin lockout and the probe rate limit
     * counting the client a trusted proxy forwards for, instead of the proxy, and answering
     * requests under the host names {@code hosts} accepts.
     */
    public static Javalin create(
            RdpDoctor doctor,
            Path templates,
            List<String> routes,
            KnowledgeReloader reloader,
            String adminPassword,
            Probing probing,
            TrustedProxies proxies,
            HostNames hosts) {
        return create(
                doctor,
                templates,
                routes,
                reloader,
                adminPassword,
                probing,
                proxies,
                hosts,
                new TreeCache());
    }

    /** The application as above, with the tree page's trees from {@code trees}. */
    static Javalin create(
            RdpDoctor doctor,
            Path templates,
            List<String> routes,
            KnowledgeReloader reloader,
            String adminPassword,
            Probing probing,
            TrustedProxies proxies,
            HostNames hosts,
            TreeCache trees) {
        List<String> added = routes == null ? new ArrayList<>() : routes;
        Map<String, Handler> pages = new LinkedHashMap<>();
        Views views = new Views(templates);
        Notes notes = new Notes();
        Javalin app =
                Javalin.create(
                        config -> {
                            config.showJavalinBanner = false;
                            config.http.maxRequestSize = MAX_BODY_BYTES;
                            config.http.prefer405over404 = true;
                            config.contextResolver.ip = proxies::client;
                            config.jetty.modifyServer(
                                    server -> server.setErrorHandler(new BadMessages()));
                            config.events.handlerAdded(
                                    h -> {
                                        if (h.getHttpMethod() == HandlerType.GET) {
                                            pages.put(h.getPath(), h.getHandler());
                                        }
                                        if (h.getHttpMethod().isHttpMethod()
                                                && h.getHttpMethod() != HandlerType.HEAD) {
                                            added.add(h.getHttpMethod() + " " + h.getPath());
                                        }
                                    });
                            config.staticFiles.add(
                                    files -> {
                                        files.hostedPath = "/static";
                                        files.directory =
                                                templates
                                                        .resolve("static")
                                                        .toAbsolutePath()
                                                        .toString();
                                        files.location = Location.EXTERNAL;
                                    });
                        });
        app.before(WebApp::securityHeaders);
        app.before(hosts::check);
        app.before(Bodies::requireWellFormedQuery);
        app.before(
                ctx -> {
                    if (!isApi(ctx) && ctx.method() == HandlerType.POST) {
                        FormEncoding.requireLength(ctx);
                        FormEncoding.requireForm(ctx);
                        FormEncoding.requireUtf8(ctx);
                    }
                });
        new ApiRoutes(doctor, probing).register(app);
        new Pages(doctor, views, probing, notes).register(app);
        new TreePage(doctor, views, trees).register(app);
        new SourcesPage(doctor, views).register(app);
        new CausesPage(doctor, views).register(app);
        if (adminPassword != null && !adminPassword.isBlank()) {
            AdminLogin login = new AdminLogin(adminPassword);
            new AdminPages(doctor, reloader, login, views).register(app);
            new AdminApi(doctor, reloader, login).register(app);
        }
        // Javalin answers HEAD on a GET route with an empty 200 without running it, even for a
        // session that does not exist or an admin page without the password; running the GET
        // handler gives the status and headers GET would, and Jetty leaves the body out.
        pages.forEach(app::head);
        app.exception(
                ProbeRefusedException.class,
                (e, ctx) -> {
                    e.retryAfter()
                            .ifPresent(
                                    wait ->
                                            ctx.header(
                                                    "Retry-After",
                                                    Long.toString(wait.toSeconds())));
                    fail(
                            ctx,
                            views,
                            e.retryAfter().isPresent() ? 429 : 403,
                            e.field(),
                            e.getMessage());
                });
        app.exception(
                ApiException.class,
                (e, ctx) -> fail(ctx, views, e.status(), e.field(), e.getMessage()));
        app.exception(
                InvalidEventException.class,
                (e, ctx) -> fail(ctx, views, 400, e.field(), e.getMessage()));
        app.exception(
                IdempotencyKeyReusedException.class,
                (e, ctx) -> fail(ctx, views, 422, ApiRoutes.IDEMPOTENCY_KEY, e.getMessage()));
        app.exception(
                SessionNotFoundException.class,
                (e, ctx) -> fail(ctx, views, 404, "id", e.getMessage()));
        app.exception(
                NoSuchElementException.class,
                (e, ctx) -> fail(ctx, views, 404, null, e.getMessage()));
        app.exception(
                ConcurrentUpdateException.class,
                (e, ctx) -> {
                    if (!isApi(ctx)) {
                        ctx.redirect(
                                "/sessions/"
                                        + ctx.pathParam("id")
                                        + notes.query(
                                                "This was not recorded: the session changed after"
                                                        + " the page was shown (in another tab, or"
                                                        + " the form was sent twice). Here it is as"
                                                        + " it is now; check it and try again if"
                                                        + " still needed."),
                                HttpStatus.SEE_OTHER);
                    } else if (IfMatch.isGiven(ctx)) {
                        problem(
                                ctx,
                                412,
                                "If-Match",
                                IfMatch.of(ctx).hasWeak()
                                        ? e.getMessage()
                                                + " (a weak tag, W/\"…\", never matches: If-Match"
                                                + " compares tags strongly, so send the ETag as it"
                                                + " came, without W/)"
                                        : e.getMessage());
                    } else {
                        problem(ctx, 409, null, e.getMessage());
                    }
                });
        app.exception(
                StoreUnavailableException.class,
                (e, ctx) -> {
                    LOG.warn(
                            "database unavailable for {} {}: {}",
                            ctx.method(),
                            ctx.path(),
                            e.getMessage());
                    ctx.header("Retry-After", "5");
                    fail(
                            ctx,
                            views,
                            503,
                            null,
                            e.isOutcomeUnknown()
                                    ? "the session database failed while saving this change, so it"
                                            + " may or may not have been saved; "
                                            + (isStart(ctx)
                                                    ? "send the start again with the same "
                                                            + ApiRoutes.IDEMPOTENCY_KEY
                                                            + ", which starts no second session"
                                                            + " (without one, list the ticket's"
                                                            + " sessions to see)"
                                                    : "reload the session to see before trying"
                                                            + " again")
                                    : "the session database is unavailable; nothing was changed,"
                                            + " try again shortly");
                });
        app.exception(
                StoreReadOnlyException.class,
                (e, ctx) -> {
                    LOG.error(
                            "database read-only for {} {}: {}",
                            ctx.method(),
                            ctx.path(),
                            e.getMessage());
                    // No Retry-After: waiting does not help, someone has to act. (Not 500,
                    // which says this program failed.)
                    fail(
                            ctx,
                            views,
                            503,
                            null,
                            "the session database is read-only, so nothing was changed; trying"
                                    + " again will fail the same way until the database takes"
                                    + " writes again (its operator makes it writable, or a"
                                    + " failover gives it a new primary); reading sessions still"
                                    + " works");
                });
        app.exception(
                HttpResponseException.class,
                (e, ctx) -> {
                    String allowed = String.join(", ", e.getDetails().values());
                    if (e.getStatus() == 405) {
                        ctx.header("Allow", allowed);
                    }
                    fail(
                            ctx,
                            views,
                            e.getStatus(),
                            switch (e.getStatus()) {
                                case 404 -> "url";
                                case 405 -> "method";
                                default -> null;
                            },
                            switch (e.getStatus()) {
                                case 404 -> "there is no page or endpoint at " + ctx.path();
                                case 405 ->
                                        "method "
                                                + ctx.req().getMethod()
                                                + " is not allowed on "
                                                + ctx.path()
                                                + "; it takes "
                                                + allowed;
                                default -> e.getMessage();
                            });
                });
        app.exception(
                InvalidKnowledgeException.class,
                (e, ctx) -> {
                    LOG.error(
                            "the knowledge in force failed on {} {}: {}",
                            ctx.method(),
                            ctx.path(),
                            e.getMessage());
                    fail(
                            ctx,
                            views,
                            500,
                            null,
                            "the knowledge base in force failed on this session, so nothing was"
                                    + " changed; tell its editors: "
                                    + e.problems().stream()
                                            .map(p -> p.message())
                                            .collect(Collectors.joining("; ")));
                });
        app.exception(
                Exception.class,
                (e, ctx) -> {
                    LOG.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
                    fail(ctx, views, 500, null, "an unexpected error occurred; it has been logged");
                });
        return app;
    }

    private static void securityHeaders(Context ctx) {
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "same-origin");
        ctx.header("X-Frame-Options", "DENY");
        if (!ctx.path().startsWith("/static/")) {
            // Pages and API answers hold ticket text, notes and host names: no cache keeps them.
            ctx.header("Cache-Control", "no-store");
        }
    }

    private static boolean isApi(Context ctx) {
        return ctx.path().startsWith(ApiRoutes.BASE + "/") || ctx.path().equals(ApiRoutes.BASE);
    }

    /**
     * One error, as problem JSON for the API and for {@code .json} downloads, and as the error page
     * for browsers. It never throws: thrown from here, an exception would come back to an exception
     * handler, which would call this again, and so on for ever; when the answer cannot be made it
     * is sent as plain text.
     */
    private static void fail(Context ctx, Views views, int status, String field, String detail) {
        try {
            if (isApi(ctx) || ctx.path().endsWith(".json")) {
                problem(ctx, status, field, shortened(detail));
            } else {
                errorPage(ctx, views, status, field, shortened(detail));
            }
        } catch (RuntimeException e) {
            LOG.error("the error response could not be made, so it is sent as plain text", e);
            ctx.status(status)
                    .contentType("text/plain; charset=utf-8")
                    .result(status + " " + title(status) + ": " + detail);
        }
    }

    /**
     * The detail with long words shortened as everywhere ({@link Shortened}), and the whole cut to
     * {@value #DETAIL_MAX}: a message may quote what the client sent, up to the whole body.
     */
    private static String shortened(String detail) {
        if (detail == null) {
            return null;
        }
        return Shortened.within(detail, DETAIL_MAX);
    }

    private static void errorPage(
            Context ctx, Views views, int status, String field, String detail) {
        Map<String, Object> model = new HashMap<>();
        model.put("status", status);
        model.put("title", title(status));
        model.put("detail", detail);
        String session = status == 404 ? null : sessionOf(ctx.path());
        if (session != null) {
            model.put("back", "/sessions/" + session);
            model.put("backLabel", "Back to the session");
        } else if (status == 400 && ctx.path().equals(AdminPages.ANALYTICS)) {
            // A period mistyped: the way on is to choose another.
            model.put("back", AdminPages.ANALYTICS);
            model.put("backLabel", "Back to the analytics");
        } else if (ctx.path().equals(TreePage.PATH)) {
            model.put("back", TreePage.back(ctx, field));
            model.put("backLabel", "Back to the decision tree");
        } else {
            model.put("back", "/");
            model.put("backLabel", "Back to the start");
        }
        ctx.status(status);
        views.render(ctx, Views.ERROR, model);
    }

    /** The session id a path such as {@code /sessions/ID/answer} is under, or null. */
    private static String sessionOf(String path) {
        String[] parts = path.split("/");
        return parts.length > 2 && parts[1].equals("sessions") && !parts[2].isEmpty()
                ? parts[2]
                : null;
    }

    static void problem(Context ctx, int status, String field, String detail) {
        Problem body = new Problem("about:blank", title(status), status, detail, field, ctx.path());
        json(ctx.status(status), Problem.CONTENT_TYPE, body);
    }

    /**
     * Problem JSON without a field at fault, with members of its own beside the standard ones (RFC
     * 9457, section 3.2), such as the status of a refused reload.
     */
    static void problem(Context ctx, int status, String detail, Map<String, Object> extensions) {
        Map<String, Object> body =
                Views.map(
                        new Problem(
                                "about:blank",
                                title(status),
                                status,
                                shortened(detail),
                                null,
                                ctx.path()));
        body.putAll(extensions);
        json(ctx.status(status), Problem.CONTENT_TYPE, body);
    }

    /** Answers with {@code body} as compact JSON, written straight to UTF-8 bytes. */
    static void json(Context ctx, Object body) {
        json(ctx, "application/json", body);
    }

    private static void json(Context ctx, String contentType, Object body) {
        ctx.contentType(contentType).result(jsonBytes(body));
    }

    /** A response body as compact JSON in UTF-8. */
    static byte[] jsonBytes(Object body) {
        try {
            return Json.compact().writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a response could not be written as JSON", e);
        }
    }

    /** Whether the request starts a session through the API. */
    private static boolean isStart(Context ctx) {
        return ctx.method() == HandlerType.POST && ctx.path().equals(ApiRoutes.BASE + "/sessions");
    }

    static String title(int status) {
        return switch (status) {
            case 400 -> "Bad request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 409 -> "Conflict";
            case 411 -> "Length required";
            case 412 -> "Precondition failed";
            case 413 -> "Content too large";
            case 414 -> "URI too long";
            case 415 -> "Unsupported media type";
            case 421 -> "Misdirected request";
            case 422 -> "Unprocessable content";
            case 429 -> "Too many requests";
            case 431 -> "Request header fields too large";
            case 503 -> "Service unavailable";
            case 500 -> "Internal server error";
            default -> "Error " + status;
        };
    }
}
