package org.rdpdoctor.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Checks a JSON value against a schema of an OpenAPI 3.0 document: types, enums, nullability (as
 * 3.0.3 reads it: {@code nullable} only beside a {@code type}), required fields, the formats {@code
 * date-time} and {@code date}, and that every field sent is documented. Covers the parts of the
 * schema language that {@code openapi.json} uses: {@code $ref}, {@code allOf}, {@code anyOf},
 * {@code oneOf} with a discriminator, {@code properties}, {@code items}.
 */
final class SchemaCheck {
    private final JsonNode document;

    SchemaCheck(JsonNode document) {
        this.document = document;
    }

    /** What is wrong with {@code value} as a {@code components/schemas/<name>}; empty when fine. */
    List<String> problems(JsonNode value, String name) {
        List<String> out = new ArrayList<>();
        check(value, resolve("#/components/schemas/" + name), name, out);
        return out;
    }

    private JsonNode resolve(String ref) {
        JsonNode target = document.at(ref.substring(1));
        if (target.isMissingNode()) {
            throw new IllegalArgumentException("no schema at " + ref);
        }
        return target;
    }

    private void check(JsonNode value, JsonNode schema, String at, List<String> out) {
        if (schema.has("$ref")) {
            check(value, resolve(schema.get("$ref").asText()), at, out);
            return;
        }
        if (value.isNull()) {
            // OpenAPI 3.0.3: nullable adds null to the types of the type keyword of the same
            // schema object, and does nothing without one; the other keywords keep their meaning,
            // so an enum must list null, and each part of an allOf must take it too.
            if (!schema.path("nullable").asBoolean()) {
                out.add(at + ": null, but the schema is not nullable");
            } else if (!schema.has("type")) {
                out.add(at + ": null, but the nullable schema has no type, so null is not allowed");
            } else if (schema.has("enum") && !contains(schema.get("enum"), value)) {
                out.add(at + ": null, but the enum " + schema.get("enum") + " does not list it");
            }
            schema.path("allOf").forEach(part -> check(value, part, at, out));
            anyOf(value, schema, at, out);
            return;
        }
        schema.path("allOf").forEach(part -> check(value, part, at, out));
        anyOf(value, schema, at, out);
        if (schema.has("oneOf")) {
            String property = schema.path("discriminator").path("propertyName").asText();
            JsonNode target =
                    schema.path("discriminator")
                            .path("mapping")
                            .path(value.path(property).asText());
            if (target.isMissingNode()) {
                out.add(at + ": no schema for " + property + " '" + value.path(property) + "'");
            } else {
                check(value, resolve(target.asText()), at, out);
            }
        }
        String type = schema.path("type").asText("");
        if (!hasType(value, type)) {
            out.add(at + ": expected " + type + ", got " + value.getNodeType());
            return;
        }
        if (schema.has("enum") && !contains(schema.get("enum"), value)) {
            out.add(at + ": " + value + " is not one of " + schema.get("enum"));
        }
        if ("date-time".equals(schema.path("format").asText())) {
            try {
                Instant.parse(value.asText());
            } catch (DateTimeParseException e) {
                out.add(at + ": '" + value.asText() + "' is not a date-time");
            }
        }
        if ("date".equals(schema.path("format").asText())) {
            try {
                LocalDate.parse(value.asText());
            } catch (DateTimeParseException e) {
                out.add(at + ": '" + value.asText() + "' is not a date");
            }
        }
        if (type.equals("array")) {
            for (int i = 0; i < value.size(); i++) {
                check(value.get(i), schema.get("items"), at + "[" + i + "]", out);
            }
        }
        if (type.equals("object") && schema.has("properties")) {
            checkObject(value, schema, at, out);
        }
    }

    /** An {@code anyOf}: one of its parts, at least, must take the value. */
    private void anyOf(JsonNode value, JsonNode schema, String at, List<String> out) {
        if (!schema.has("anyOf")) {
            return;
        }
        List<String> first = null;
        for (JsonNode part : schema.get("anyOf")) {
            List<String> problems = new ArrayList<>();
            check(value, part, at, problems);
            if (problems.isEmpty()) {
                return;
            }
            first = first == null ? problems : first;
        }
        out.add(at + ": no part of its anyOf takes it, the first because " + first);
    }

    private void checkObject(JsonNode value, JsonNode schema, String at, List<String> out) {
        JsonNode properties = schema.get("properties");
        schema.path("required")
                .forEach(
                        name -> {
                            if (!value.has(name.asText())) {
                                out.add(at + ": required field '" + name.asText() + "' missing");
                            }
                        });
        for (Iterator<String> names = value.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (properties.has(name)) {
                check(value.get(name), properties.get(name), at + "." + name, out);
            } else {
                out.add(at + ": field '" + name + "' is not documented");
            }
        }
    }

    private static boolean hasType(JsonNode value, String type) {
        return switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            default -> true;
        };
    }

    private static boolean contains(JsonNode values, JsonNode value) {
        for (JsonNode candidate : values) {
            if (candidate.equals(value)) {
                return true;
            }
        }
        return false;
    }
}
