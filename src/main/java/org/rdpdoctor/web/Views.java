package org.rdpdoctor.web;

import com.fasterxml.jackson.core.type.TypeReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rdpdoctor.engine.Json;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.FileTemplateResolver;

/**
 * Renders the Thymeleaf pages of {@code templates/}, read from disk so that editors see their
 * changes without a rebuild. Records reach templates as the maps their JSON form gives, so pages
 * and the API share one vocabulary ({@code state.nextQuestion.text}).
 */
final class Views {
    static final String START = "start";
    static final String SESSION = "session";
    static final String TRANSCRIPT = "transcript";
    static final String ERROR = "error";
    static final String TREE = "tree";
    static final String ANALYTICS = "analytics";
    static final String ADMIN = "admin";
    static final String SOURCES = "sources";
    static final String CAUSES = "causes";

    /** Every file a templates folder holds: the pages above, the fragments they include, assets. */
    private static final List<String> FILES =
            List.of(
                    START + ".html",
                    SESSION + ".html",
                    TRANSCRIPT + ".html",
                    ERROR + ".html",
                    TREE + ".html",
                    ANALYTICS + ".html",
                    ADMIN + ".html",
                    SOURCES + ".html",
                    CAUSES + ".html",
                    "layout.html",
                    "tree-node.html",
                    "static/app.css",
                    "static/app.js",
                    "static/favicon.svg");

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private final TemplateEngine engine = new TemplateEngine();

    Views(Path templates) {
        FileTemplateResolver resolver = new FileTemplateResolver();
        resolver.setPrefix(templates.toAbsolutePath() + "/");
        resolver.setSuffix(".html");
        resolver.setTemplateMode(TemplateMode.HTML);
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCacheable(false);
        engine.setTemplateResolver(resolver);
    }

    /** The files of a templates folder that {@code templates} lacks, in the order above. */
    static List<String> missing(Path templates) {
        return FILES.stream().filter(f -> !Files.isRegularFile(templates.resolve(f))).toList();
    }

    /** Renders a page with the given model into the response, as UTF-8 HTML. */
    void render(io.javalin.http.Context ctx, String template, Map<String, Object> model) {
        Context context = new Context(Locale.ROOT);
        context.setVariables(model);
        ctx.contentType("text/html; charset=utf-8").result(engine.process(template, context));
    }

    /** A record or list as templates see it: the maps and lists of its JSON form. */
    static Object plain(Object value) {
        return Json.mapper().convertValue(value, Object.class);
    }

    static Map<String, Object> map(Object value) {
        return Json.mapper().convertValue(value, MAP);
    }
}
