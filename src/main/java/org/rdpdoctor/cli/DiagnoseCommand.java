package org.rdpdoctor.cli;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.jsontype.TypeIdResolver;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.rdpdoctor.RdpDoctor;
import org.rdpdoctor.TextLimits;
import org.rdpdoctor.engine.Diagnosis;
import org.rdpdoctor.engine.Event;
import org.rdpdoctor.engine.InvalidEventException;
import org.rdpdoctor.engine.Json;
import org.rdpdoctor.engine.RuleBase;
import org.rdpdoctor.kb.Problem;
import org.rdpdoctor.kb.Utf8;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code diagnose --input events.json}: events in, state out as JSON, for ticketing systems. */
@Command(
        name = "diagnose",
        description =
                "Replay a session's events ({\"events\": [...]}, or a session as the API returns"
                        + " it, whose stored events are taken as with --stored) and print its"
                        + " state as JSON.")
final class DiagnoseCommand implements Callable<Integer> {
    @Mixin KnowledgeOptions knowledge;

    @Option(
            names = "--input",
            defaultValue = "-",
            description = "events file, or - for standard input (default)")
    String input;

    @Option(
            names = "--stored",
            description =
                    "the events are a stored session's: leave out those the knowledge in force no"
                            + " longer takes (a renamed or retired question, option or fix) and"
                            + " name them in leftOut, as the API does, rather than refuse them")
    boolean stored;

    @Spec CommandSpec spec;

    private static final ObjectReader READER = reader();

    /** The input as a tree, to tell a session as the API returns it from its events alone. */
    private static final ObjectReader TREE_READER =
            Json.mapper()
                    .reader()
                    .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);

    /** The input document. */
    record Input(List<Event> events) {}

    /** The shared JSON configuration, strict about duplicates and trailing content. */
    private static ObjectReader reader() {
        return Json.mapper()
                .readerFor(Input.class)
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .withHandler(new NotAnObject());
    }

    /**
     * An event that is text, a number or a list is not an object lacking its {@code type}, as
     * Jackson reports it: says so, and {@link #problem} names the place.
     */
    private static final class NotAnObject extends DeserializationProblemHandler {
        @Override
        public JavaType handleMissingTypeId(
                DeserializationContext context,
                JavaType baseType,
                TypeIdResolver resolver,
                String failure)
                throws IOException {
            JsonToken token = context.getParser().currentToken();
            if (token != JsonToken.START_OBJECT
                    && token != JsonToken.FIELD_NAME
                    && token != JsonToken.END_OBJECT) {
                context.reportInputMismatch(baseType, "not an object");
            }
            return null;
        }
    }

    @Override
    public Integer call() throws IOException {
        if (InputName.refusedEmpty(
                input,
                "--input",
                "a file of events, or - for standard input",
                spec.commandLine().getErr())) {
            return 2;
        }
        Optional<String> text = text();
        if (text.isEmpty()) {
            return 1;
        }
        Input parsed;
        boolean storedForm;
        try {
            Optional<JsonNode> unwrapped = storedEvents(text.get());
            storedForm = unwrapped.isPresent();
            parsed = storedForm ? READER.readValue(unwrapped.get()) : READER.readValue(text.get());
        } catch (JsonProcessingException e) {
            refuse(e);
            return 1;
        }
        if (parsed == null || parsed.events() == null) {
            spec.commandLine()
                    .getErr()
                    .printf(
                            "error: %s: no \"events\" list: give the events as JSON, {\"events\":"
                                    + " [...]}%n",
                            shown());
            return 1;
        }
        if (parsed.events().isEmpty()) {
            spec.commandLine()
                    .getErr()
                    .printf(
                            "error: %s: the events list is empty: a session starts with a 'started'"
                                    + " event, e.g. {\"type\": \"started\", \"errorCode\":"
                                    + " \"0x904\", \"extendedCode\": \"0x7\"}%n",
                            shown());
            return 1;
        }
        if (parsed.events().size() > RdpDoctor.MAX_EVENTS) {
            spec.commandLine()
                    .getErr()
                    .printf(
                            "error: %s: %,d events, more than the %,d a session takes%n",
                            shown(), parsed.events().size(), RdpDoctor.MAX_EVENTS);
            return 1;
        }
        check(parsed.events());
        RuleBase rules = knowledge.load();
        boolean restore = stored || storedForm;
        try (Diagnosis diagnosis =
                restore
                        ? Diagnosis.restore(rules, parsed.events())
                        : Diagnosis.replay(rules, parsed.events())) {
            spec.commandLine()
                    .getOut()
                    .println(Json.mapper().writeValueAsString(diagnosis.state()));
        } catch (InvalidEventException e) {
            // The first event's fields come back bare, as the API's start of a session names them.
            String field = e.field().startsWith("events[") ? e.field() : "events[0]." + e.field();
            throw new InvalidEventException(
                    field,
                    e.unknownToKnowledge() && !restore
                            ? e.reason()
                                    + " (if these events are a session stored under earlier"
                                    + " knowledge, --stored leaves out those it no longer takes"
                                    + " and names them in leftOut)"
                            : e.reason());
        }
        return 0;
    }

    /**
     * The events of a session as the API returns it, {@code {"events": [{"seq": 1, "at": …,
     * "event": {…}}, …], …}}: {@code {"events": [{…}, …]}}, the events its stored events hold, the
     * session's other fields left out; empty for events given as themselves, and for input that is
     * no JSON, which the events' own reading then names at its place. Read from a tree, a mistake
     * in the stored events is named by its place in the list, without a line.
     */
    private static Optional<JsonNode> storedEvents(String text) {
        JsonNode tree;
        try {
            tree = TREE_READER.readTree(text);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
        JsonNode events = tree == null ? null : tree.get("events");
        if (events == null
                || !events.isArray()
                || events.isEmpty()
                || !events.get(0).has("event")
                || events.get(0).has("type")) {
            return Optional.empty();
        }
        ArrayNode unwrapped = Json.mapper().createArrayNode();
        for (int i = 0; i < events.size(); i++) {
            if (!events.get(i).has("event")) {
                throw new InvalidEventException(
                        "events[" + i + "].event",
                        "missing: the list holds stored events, {\"seq\", \"at\", \"event\"},"
                                + " as the API returns a session");
            }
            unwrapped.add(events.get(i).get("event"));
        }
        return Optional.of(Json.mapper().createObjectNode().set("events", unwrapped));
    }

    /**
     * Refuses, as the API does, an event that is null, text with the NUL character (U+0000) or half
     * a surrogate pair, which the session database cannot store, and text beyond the API's limits
     * ({@link TextLimits}). A required text that is missing the replay refuses, as every door does.
     */
    private static void check(List<Event> events) {
        for (int i = 0; i < events.size(); i++) {
            Event event = events.get(i);
            if (event == null) {
                throw new InvalidEventException(
                        "events[" + i + "]", "expected an object, not null");
            }
            try {
                TextLimits.checkStored(event);
            } catch (InvalidEventException e) {
                throw e.within("events[" + i + "].");
            }
            for (RecordComponent component : event.getClass().getRecordComponents()) {
                if (component.getType() != String.class) {
                    continue;
                }
                TextLimits.storable(
                        "events[" + i + "]." + component.getName(),
                        (String) value(component, event));
            }
        }
    }

    private static Object value(RecordComponent component, Event event) {
        try {
            return component.getAccessor().invoke(event);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + component + " of an event", e);
        }
    }

    /**
     * The input as text, or empty after saying why it cannot be used: it cannot be read, it has
     * more than {@link Utf8#MAX_BYTES} (the events of the longest session, {@link
     * RdpDoctor#MAX_EVENTS}, with long notes and probe details, stay far below it), or it is not
     * UTF-8 (named at the byte's line and column, as for a ticket or a knowledge file). Decoding it
     * whole first lets the JSON parser name a character it does not expect as the character it is,
     * which its byte parser does not.
     */
    private Optional<String> text() {
        List<Problem> problems = new ArrayList<>();
        Optional<byte[]> bytes;
        // Standard input stays open: when the JVM started without one, descriptor 0 is a file of
        // the JVM's own, and closing it crashes the JVM.
        try (InputStream file = input.equals("-") ? null : Files.newInputStream(Path.of(input))) {
            bytes =
                    BoundedInput.bytes(
                            file == null ? System.in : file,
                            shown(),
                            "the events of a session: is it the right file?",
                            problems);
        } catch (IOException e) {
            spec.commandLine()
                    .getErr()
                    .printf(
                            "error: %s: %s%n",
                            input.equals("-") ? shown() : "--input " + input, unreadable(e));
            return Optional.empty();
        }
        Optional<String> text = bytes.flatMap(b -> Utf8.decode(shown(), b, problems));
        problems.forEach(p -> spec.commandLine().getErr().println("error: " + p));
        return text;
    }

    /** Says why the input is not the events as JSON. */
    private void refuse(JsonProcessingException e) {
        if (e.getOriginalMessage().startsWith("No content to map")) {
            spec.commandLine()
                    .getErr()
                    .printf(
                            "error: %s is empty: give the events as JSON, {\"events\": [...]}%n",
                            shown());
            return;
        }
        var at = e.getLocation();
        spec.commandLine()
                .getErr()
                .printf(
                        "error: %s%s: %s%n",
                        shown(),
                        at == null || at.getLineNr() < 1
                                ? ""
                                : ":" + at.getLineNr() + ":" + at.getColumnNr(),
                        e instanceof JsonMappingException mapping
                                ? problem(mapping)
                                : Json.problem(e));
    }

    /** The input as messages name it. */
    private String shown() {
        return input.equals("-") ? Utf8.STANDARD_INPUT : input;
    }

    /** Where in the document a value does not fit its place, and what was expected there. */
    private static String problem(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            path.append(
                    ref.getFieldName() != null
                            ? (path.length() == 0 ? "" : ".") + ref.getFieldName()
                            : "[" + ref.getIndex() + "]");
        }
        String what;
        if (e instanceof UnrecognizedPropertyException unknown) {
            path.setLength(Math.max(0, path.lastIndexOf(".")));
            what = Json.unknownField(unknown);
        } else if (e instanceof InvalidTypeIdException type) {
            if (type.getTypeId() == null) {
                path.append(".type");
            }
            what =
                    (type.getTypeId() == null
                                    ? "missing"
                                    : "unknown event type '" + type.getTypeId() + "'")
                            + "; types: "
                            + Arrays.stream(Event.class.getAnnotation(JsonSubTypes.class).value())
                                    .map(JsonSubTypes.Type::name)
                                    .sorted()
                                    .collect(Collectors.joining(", "));
        } else if (e.getOriginalMessage().startsWith("Trailing token")) {
            what = "more content after the JSON object";
        } else if (e instanceof MismatchedInputException mismatch
                && mismatch.getTargetType() != null) {
            what = "expected " + kind(mismatch.getTargetType());
        } else if (e.getCause() instanceof JsonProcessingException unparsed) {
            what = Json.problem(unparsed);
        } else {
            what = e.getOriginalMessage().split("\n")[0];
        }
        return path.length() == 0 ? what : path + ": " + what;
    }

    private static String kind(Class<?> type) {
        if (Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (type == String.class) {
            return "text";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        return "an object";
    }

    /** Why the input file could not be read, in words rather than an exception's name. */
    private String unreadable(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (Files.isDirectory(Path.of(input))) {
            return "is a folder, not a file of events";
        }
        return e.getMessage();
    }
}
