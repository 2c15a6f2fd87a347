package org.rdpdoctor.engine;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.rdpdoctor.kb.Fix;

/**
 * The one JSON configuration for events in and states out, shared by the CLI and the API. It reads
 * strictly: a number or true/false where text is expected, and a number or text where true/false
 * is, are refused rather than converted, so every door refuses the same input.
 */
public final class Json {
    private static final ObjectMapper MAPPER =
            JsonMapper.builder()
                    .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .addModule(new JavaTimeModule())
                    .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                    .serializationInclusion(JsonInclude.Include.ALWAYS)
                    .addMixIn(Fix.IfFailed.class, IfFailedJson.class)
                    .withCoercionConfig(
                            LogicalType.Boolean,
                            config ->
                                    config.setCoercion(
                                                    CoercionInputShape.Integer, CoercionAction.Fail)
                                            .setCoercion(
                                                    CoercionInputShape.String, CoercionAction.Fail))
                    .withCoercionConfig(
                            LogicalType.Textual,
                            config ->
                                    config.setCoercion(
                                                    CoercionInputShape.Integer, CoercionAction.Fail)
                                            .setCoercion(
                                                    CoercionInputShape.Float, CoercionAction.Fail)
                                            .setCoercion(
                                                    CoercionInputShape.Boolean,
                                                    CoercionAction.Fail))
                    .build();

    private Json() {}

    /**
     * What a failed fix's weight shows in JSON besides its fields: its meaning in words, written
     * for readers and ignored when read. The knowledge's YAML does not take it, so an editor who
     * writes {@code meaning:} in fixes.yaml is told that the key is unknown.
     */
    @JsonIgnoreProperties(value = "meaning", allowGetters = true)
    private interface IfFailedJson {
        @JsonProperty("meaning")
        String meaning();
    }

    private static final ObjectWriter COMPACT =
            MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT);

    /**
     * The shared mapper; configured once, safe to use from any thread. The API, the command line
     * and the store read and write with it, so changing its settings changes what they accept:
     * configure {@code mapper().copy()} instead.
     */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** The shared mapper's writer without indentation: for machines rather than people. */
    public static ObjectWriter compact() {
        return COMPACT;
    }

    /** Jackson's message for a field given twice in one object, with the field's name. */
    private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '([^']*)'");

    /** Parts of a Jackson message that name its source or settings rather than the input. */
    private static final Pattern PARSER_DETAIL =
            Pattern.compile(" ?\\((?:[^()]*\\[Source:[^)]*|[^()]*Feature[^()]*)\\)|\\[Source:.*");

    /** A field the object does not take, with those it takes (when it takes any). */
    public static String unknownField(UnrecognizedPropertyException e) {
        Collection<Object> known =
                e.getKnownPropertyIds() == null ? List.of() : e.getKnownPropertyIds();
        return "unknown field '"
                + e.getPropertyName()
                + "'"
                + (known.isEmpty()
                        ? ""
                        : known.stream()
                                .map(String::valueOf)
                                .sorted()
                                .collect(Collectors.joining(", ", "; fields: ", "")));
    }

    /**
     * What is wrong with JSON that does not parse, in plain words: without the parser's settings
     * and its "[Source: …]" (each door gives the position apart), as the command line and the API
     * say it.
     */
    public static String problem(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        if (e instanceof JsonEOFException) {
            return "the input ends before the JSON does: an object or a list is not closed";
        }
        if (message.startsWith("Number value length")) {
            return String.format(
                    "a number with more than %,d digits",
                    StreamReadConstraints.defaults().getMaxNumberLength());
        }
        if (message.startsWith("Document nesting depth")) {
            return String.format(
                    "lists or objects nested more than %,d deep",
                    StreamReadConstraints.defaults().getMaxNestingDepth());
        }
        Matcher duplicate = DUPLICATE.matcher(message);
        if (duplicate.lookingAt()) {
            return "'" + duplicate.group(1) + "' is given more than once; give it once";
        }
        if (message.contains("ALLOW_COMMENTS")) {
            return "a comment: JSON has none, remove it";
        }
        return PARSER_DETAIL.matcher(message.split("\n")[0]).replaceAll("");
    }
}
