package org.rdpdoctor.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.rdpdoctor.engine.Json;
import org.rdpdoctor.kb.Suggestion;

/**
 * The query parameters each API operation takes, as the OpenAPI schema declares them. A request
 * naming another is refused with 400 naming it, as a body's unknown field is: a misspelt filter
 * ({@code ?ticket_ref=INC-1}) would otherwise be ignored, and the list would hold every ticket's
 * sessions.
 */
final class QueryParameters {
    /** The keys of a path item that name operations; the others hold what the operations share. */
    private static final Set<String> METHODS =
            Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    /** By operation, {@code GET /api/v1/sessions}: the query parameters the schema declares. */
    private static final Map<String, Set<String>> DECLARED = declared();

    private QueryParameters() {}

    /**
     * {@code handler}, run only when the request names no query parameter the schema does not
     * declare for the operation.
     *
     * @throws IllegalStateException when the schema has no such operation: a route added without
     *     its contract
     */
    static Handler checked(String method, String path, Handler handler) {
        String operation = method.toUpperCase(Locale.ROOT) + " " + path;
        Set<String> takes = DECLARED.get(operation);
        if (takes == null) {
            throw new IllegalStateException("openapi.json does not declare " + operation);
        }
        return ctx -> {
            requireDeclared(ctx, operation, takes);
            handler.handle(ctx);
        };
    }

    private static void requireDeclared(Context ctx, String operation, Set<String> takes) {
        for (String name : ctx.queryParamMap().keySet()) {
            if (!takes.contains(name)) {
                throw new ApiException(
                        400,
                        name,
                        "'"
                                + name
                                + "' is not a query parameter of "
                                + operation
                                + Suggestion.of(name, takes)
                                + (takes.isEmpty()
                                        ? ", which takes none"
                                        : ", which takes " + String.join(", ", takes)));
            }
        }
    }

    private static Map<String, Set<String>> declared() {
        JsonNode schema;
        try {
            schema = Json.mapper().readTree(ApiRoutes.OPEN_API);
        } catch (IOException e) {
            throw new UncheckedIOException("openapi.json does not parse", e);
        }
        Map<String, Set<String>> declared = new HashMap<>();
        schema.get("paths")
                .fields()
                .forEachRemaining(
                        path -> {
                            JsonNode shared = path.getValue().path("parameters");
                            path.getValue()
                                    .fields()
                                    .forEachRemaining(
                                            op -> {
                                                if (!METHODS.contains(op.getKey())) {
                                                    return;
                                                }
                                                Set<String> names = new LinkedHashSet<>();
                                                query(schema, shared, names);
                                                query(
                                                        schema,
                                                        op.getValue().path("parameters"),
                                                        names);
                                                declared.put(
                                                        op.getKey().toUpperCase(Locale.ROOT)
                                                                + " "
                                                                + path.getKey(),
                                                        names);
                                            });
                        });
        return Map.copyOf(declared);
    }

    /** Adds the names of the query parameters among {@code parameters}, references resolved. */
    private static void query(JsonNode schema, JsonNode parameters, Set<String> names) {
        for (JsonNode parameter : parameters) {
            JsonNode resolved =
                    parameter.has("$ref")
                            ? schema.at(parameter.get("$ref").asText().substring(1))
                            : parameter;
            if (!(resolved instanceof MissingNode)
                    && "query".equals(resolved.path("in").asText())) {
                names.add(resolved.get("name").asText());
            }
        }
    }
}
