package org.rdpdoctor.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NoSuchElementException;
import org.rdpdoctor.RdpDoctor;
import org.rdpdoctor.SessionNotFoundException;
import org.rdpdoctor.engine.InvalidEventException;
import org.rdpdoctor.engine.Json;
import org.rdpdoctor.store.ConcurrentUpdateException;
import org.rdpdoctor.store.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the Javalin application from its dependencies, the same way for production and tests, and
 * maps every exception to a response in one place: {@code application/problem+json} for the API.
 */
public final class WebApp {
    /** Bodies larger than this are refused with 413. */
    public static final long MAX_BODY_BYTES = 512 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(WebApp.class);

    /** The shared mapper, plus session timestamps written as ISO-8601 text. */
    private static final ObjectMapper API_JSON =
            Json.mapper()
                    .copy()
                    .registerModule(
                            new SimpleModule("instants")
                                    .addSerializer(Instant.class, ToStringSerializer.instance));

    private WebApp() {}

    /** The application, not yet started; {@code routes} receives "METHOD path" of every route. */
    public static Javalin create(RdpDoctor doctor, List<String> routes) {
        List<String> added = routes == null ? new ArrayList<>() : routes;
        Javalin app =
                Javalin.create(
                        config -> {
                            config.showJavalinBanner = false;
                            config.http.maxRequestSize = MAX_BODY_BYTES;
                            config.jsonMapper(new JavalinJackson(API_JSON, false));
                            config.events.handlerAdded(
                                    h -> added.add(h.getHttpMethod() + " " + h.getPath()));
                        });
        new ApiRoutes(doctor).register(app);
        app.exception(
                ApiException.class,
                (e, ctx) -> problem(ctx, e.status(), e.field(), e.getMessage()));
        app.exception(
                InvalidEventException.class,
                (e, ctx) -> problem(ctx, 400, e.field(), e.getMessage()));
        app.exception(
                SessionNotFoundException.class,
                (e, ctx) -> problem(ctx, 404, "id", e.getMessage()));
        app.exception(
                NoSuchElementException.class, (e, ctx) -> problem(ctx, 404, null, e.getMessage()));
        app.exception(
                ConcurrentUpdateException.class,
                (e, ctx) -> problem(ctx, 409, "If-Match", e.getMessage()));
        app.exception(
                StoreUnavailableException.class,
                (e, ctx) -> {
                    LOG.warn(
                            "database unavailable for {} {}: {}",
                            ctx.method(),
                            ctx.path(),
                            e.getMessage());
                    ctx.header("Retry-After", "5");
                    problem(
                            ctx,
                            503,
                            null,
                            "the session database is unavailable; nothing was changed, try again shortly");
                });
        app.exception(
                HttpResponseException.class,
                (e, ctx) -> problem(ctx, e.getStatus(), null, e.getMessage()));
        app.exception(
                Exception.class,
                (e, ctx) -> {
                    LOG.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
                    problem(ctx, 500, null, "an unexpected error occurred; it has been logged");
                });
        app.error(
                404,
                ctx -> {
                    if (ctx.result() == null) {
                        problem(
                                ctx,
                                404,
                                null,
                                "no such endpoint: " + ctx.method() + " " + ctx.path());
                    }
                });
        app.error(
                405,
                ctx -> {
                    if (ctx.result() == null) {
                        problem(
                                ctx,
                                405,
                                null,
                                "method " + ctx.method() + " is not allowed on " + ctx.path());
                    }
                });
        return app;
    }

    /** The routes an application registered, for documentation checks. */
    public static List<String> routes(RdpDoctor doctor) {
        List<String> routes = Collections.synchronizedList(new ArrayList<>());
        create(doctor, routes);
        return List.copyOf(routes);
    }

    static void problem(Context ctx, int status, String field, String detail) {
        Problem body = new Problem("about:blank", title(status), status, detail, field, ctx.path());
        try {
            ctx.status(status)
                    .contentType(Problem.CONTENT_TYPE)
                    .result(Json.mapper().writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a problem body could not be written", e);
        }
    }

    private static String title(int status) {
        return switch (status) {
            case 400 -> "Bad request";
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 409 -> "Conflict";
            case 413 -> "Content too large";
            case 503 -> "Service unavailable";
            case 500 -> "Internal server error";
            default -> "Error " + status;
        };
    }
}
