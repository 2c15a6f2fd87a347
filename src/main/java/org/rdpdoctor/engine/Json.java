package org.rdpdoctor.engine;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

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

    private static final ObjectWriter COMPACT =
            MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT);

    /** The shared mapper; configured once, safe to use from any thread. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** The shared mapper's writer without indentation: for machines rather than people. */
    public static ObjectWriter compact() {
        return COMPACT;
    }
}
