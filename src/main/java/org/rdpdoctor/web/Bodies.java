package org.rdpdoctor.web;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.jetty.io.EofException;
import org.rdpdoctor.TextLimits;
import org.rdpdoctor.engine.Json;
import org.rdpdoctor.kb.Utf8;
import org.rdpdoctor.kb.WrongType;

/**
 * Reads JSON request bodies into records and checks request fields; a bad body or field becomes a
 * 400 naming the field. No text may contain the NUL character: PostgreSQL cannot store it.
 */
final class Bodies {
    /**
     * The shared mapper, stricter about what a client may have meant: a field given twice, a number
     * or a string for true or false, or a number or true or false for a text, is refused rather
     * than guessed at.
     */
    private static final ObjectMapper MAPPER = strict(Json.mapper().copy());

    /** Text whose every % starts an escape of two hex digits. */
    private static final Pattern ESCAPED = Pattern.compile("[^%]*(%\\p{XDigit}{2}[^%]*)*");

    /** The field a problem names when the body as a whole is at fault, not one of its fields. */
    static final String BODY = "body";

    private Bodies() {}

    /** A new session. */
    record CreateSession(
            String errorCode,
            String extendedCode,
            String host,
            String ticketRef,
            String notes,
            String ticketText) {}

    /** A ticket's text to read. */
    record TicketBody(String ticketText) {}

    /** An answer to a question. */
    record AnswerBody(String questionId, String optionId) {}

    /**
     * An observation; {@code type}, optional, is {@code evidence} as in a probe report's evidence,
     * which is thus posted as it is.
     */
    record EvidenceBody(String type, String kind, String value, String source, String detail) {}

    /** What to probe: the host (default: the session's) and an RD Gateway, both optional. */
    record ProbeBody(String host, String gateway) {}

    /** The outcome of a fix. */
    record FixOutcomeBody(String fixId, Boolean worked) {}

    /** A body that carries nothing, as of giving up on a session: empty, or {@code {}}. */
    record EmptyBody() {}

    static <T> T read(Context ctx, Class<T> type) {
        return readOr(ctx, type, null);
    }

    /** Like {@link #read}, but an empty body gives {@code empty} (when it is not null). */
    static <T> T readOr(Context ctx, Class<T> type, T empty) {
        String body = text(ctx);
        if (body.isBlank()) {
            if (empty != null) {
                return empty;
            }
            throw new ApiException(400, BODY, "the request needs a JSON body");
        }
        try (JsonParser parser = MAPPER.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new ApiException(400, BODY, "the request body must be a JSON object");
            }
            // Read whole before binding, so that a syntax error is named as such, not as the
            // wrong type of the value that comes before it (0 of 0x904).
            JsonNode tree = MAPPER.readTree(parser);
            if (parser.nextToken() != null) {
                throw new ApiException(
                        400,
                        BODY,
                        "the body is not valid JSON"
                                + at(parser.currentTokenLocation())
                                + ": more content after the JSON object");
            }
            T value = MAPPER.treeToValue(tree, type);
            rejectNul(value);
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw new ApiException(400, e.getPropertyName(), Json.unknownField(e));
        } catch (JsonMappingException e) {
            String field =
                    e.getPath().isEmpty()
                            ? null
                            : e.getPath().get(e.getPath().size() - 1).getFieldName();
            throw new ApiException(
                    400,
                    field == null ? BODY : field,
                    (field == null ? "the body" : "'" + field + "'")
                            + " has the wrong type: "
                            + WrongType.expected(e));
        } catch (JsonProcessingException e) {
            if (e instanceof StreamReadException read
                    && read.getOriginalMessage().startsWith("Duplicate field ")) {
                String field = read.getProcessor().getParsingContext().getCurrentName();
                throw new ApiException(
                        400, field, "'" + field + "' is given more than once; give it once");
            }
            throw new ApiException(
                    400,
                    BODY,
                    "the body is not valid JSON" + at(e.getLocation()) + ": " + Json.problem(e));
        } catch (IOException e) {
            throw new UncheckedIOException("reading a string cannot fail", e);
        }
    }

    private static ObjectMapper strict(ObjectMapper mapper) {
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        return mapper;
    }

    private static String at(JsonLocation at) {
        return at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    }

    /**
     * The body as text. Bytes that are not UTF-8 are refused, not replaced, so that what is stored
     * is what the client sent; the refusal names the field they are in, where there is one. A
     * leading byte order mark is dropped, as RFC 8259 allows a reader to.
     */
    private static String text(Context ctx) {
        byte[] bytes = bytes(ctx);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder();
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            String field = fieldAt(new String(bytes, StandardCharsets.UTF_8), out.position());
            throw new ApiException(
                    400,
                    field == null ? BODY : field,
                    (field == null ? "the body" : "'" + field + "'")
                            + " is not valid UTF-8 (at byte "
                            + in.position()
                            + " of the body)");
        }
        return Utf8.withoutByteOrderMark(out.flip().toString());
    }

    /**
     * The field whose string value holds the character at {@code offset} of {@code text}, or null
     * when it is in no string value or the text is not JSON.
     */
    private static String fieldAt(String text, int offset) {
        try (JsonParser parser = MAPPER.createParser(text)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (parser.currentTokenLocation().getCharOffset() > offset) {
                    return null;
                }
                parser.finishToken();
                if (token == JsonToken.VALUE_STRING
                        && parser.currentLocation().getCharOffset() > offset) {
                    return parser.currentName();
                }
            }
        } catch (IOException e) {
            // Not JSON before the bad bytes either: the refusal names the body, not a field.
            return null;
        }
        return null;
    }

    /**
     * The body. Javalin checks only a declared Content-Length against the limit, so a chunked body
     * is read here up to one byte past it.
     */
    private static byte[] bytes(Context ctx) {
        int max = (int) WebApp.MAX_BODY_BYTES;
        byte[] bytes;
        try (InputStream in = ctx.bodyInputStream()) {
            bytes = ctx.contentLength() > max ? null : in.readNBytes(max + 1);
        } catch (EofException e) {
            throw new ApiException(
                    400,
                    BODY,
                    "the body ended early ("
                            + e.getMessage()
                            + "): "
                            + (ctx.contentLength() < 0
                                    ? "a chunk size of its chunked encoding is not a hex number,"
                                            + " or the last chunk (size 0) is missing"
                                    : "it is shorter than its Content-Length says"));
        } catch (IOException e) {
            throw new ApiException(400, BODY, "the body could not be read: " + e.getMessage());
        }
        if (bytes == null || bytes.length > max) {
            throw new ApiException(413, BODY, "the body is larger than " + max + " bytes");
        }
        return bytes;
    }

    /**
     * A list header (such as {@code If-Match}) as one value: the field lines a request sends it in
     * joined with commas, as RFC 9110 (section 5.3) reads them; null when it is not sent.
     */
    static String listHeader(Context ctx, String name) {
        List<String> lines = Collections.list(ctx.req().getHeaders(name));
        return lines.isEmpty() ? null : String.join(", ", lines);
    }

    /**
     * A query parameter, or null without it. Given twice it is refused, as a JSON field given twice
     * is: which of the two was meant cannot be told. Pages and the API alike.
     */
    static String query(Context ctx, String name) {
        return once(name, ctx.queryParams(name));
    }

    /** A field of a posted form, or null without it; given twice it is refused, as above. */
    static String form(Context ctx, String name) {
        return once(name, ctx.formParams(name));
    }

    private static String once(String name, List<String> values) {
        if (values.size() > 1) {
            throw new ApiException(
                    400, name, "'" + name + "' is given " + values.size() + " times: give it once");
        }
        return values.isEmpty() ? null : values.get(0);
    }

    /**
     * Refuses a query string in which a parameter's name or value has a broken %-escape, naming
     * that parameter however its name is written: Javalin would drop it in silence, as if it had
     * not been given.
     */
    static void requireWellFormedQuery(Context ctx) {
        String raw = ctx.queryString() == null ? "" : ctx.queryString();
        for (String pair : raw.split("&")) {
            String[] parts = pair.split("=", 2);
            boolean nameEscaped = ESCAPED.matcher(parts[0]).matches();
            if (!nameEscaped || parts.length == 2 && !ESCAPED.matcher(parts[1]).matches()) {
                String name =
                        nameEscaped
                                ? URLDecoder.decode(parts[0], StandardCharsets.UTF_8)
                                : parts[0];
                throw new ApiException(
                        400,
                        name,
                        "'"
                                + name
                                + "' is not valid in a URL: a % must be followed by two hex digits");
            }
        }
    }

    static String require(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new ApiException(400, field, "'" + field + "' is required");
        }
        return TextLimits.storable(field, value);
    }

    /** Checks every text field of a body record, so that no field can be forgotten. */
    private static void rejectNul(Object body) {
        if (!body.getClass().isRecord()) {
            return;
        }
        for (RecordComponent component : body.getClass().getRecordComponents()) {
            if (component.getType() == String.class) {
                TextLimits.storable(component.getName(), (String) read(component, body));
            }
        }
    }

    private static Object read(RecordComponent component, Object record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + component + " of a body", e);
        }
    }
}
