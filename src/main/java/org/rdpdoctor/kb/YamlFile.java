package org.rdpdoctor.kb;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * One YAML file read as a tree, with the line of every node, so that binding and validation can
 * name the line of the field at fault. Problems go to the shared list; nothing is thrown.
 */
final class YamlFile {
    /**
     * The largest file read, in characters: SnakeYAML's default of 3 Mi guards against hostile
     * input, and a knowledge base 100 times the real one has a fixes.yaml just above it.
     */
    private static final int MAX_CHARACTERS = 64 * 1024 * 1024;

    private static final YAMLMapper MAPPER =
            YAMLMapper.builder(
                            YAMLFactory.builder()
                                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                                    .loaderOptions(loaderOptions())
                                    .build())
                    .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                    .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .build();

    private static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(MAX_CHARACTERS);
        return options;
    }

    private final String name;
    private final JsonNode root;
    private final Map<String, Integer> lines;
    private final List<Problem> problems;

    /** Where each text value begins, as {@code {line, column}} from 1: at its quote, if quoted. */
    private final Map<String, int[]> texts;

    private final String[] textLines;

    private YamlFile(
            String name,
            JsonNode root,
            Map<String, Integer> lines,
            Map<String, int[]> texts,
            String text,
            List<Problem> problems) {
        this.name = name;
        this.root = root;
        this.lines = lines;
        this.texts = texts;
        this.textLines = text.split("\r?\n", -1);
        this.problems = problems;
    }

    /** Parses the text; a syntax error becomes a problem and an empty result. */
    static Optional<YamlFile> parse(String name, String text, List<Problem> problems) {
        Map<String, Integer> lines = new HashMap<>();
        Map<String, int[]> texts = new HashMap<>();
        try {
            Map<JsonPointer, String> asWritten = new LinkedHashMap<>();
            try (JsonParser parser = MAPPER.createParser(text)) {
                for (JsonToken t = parser.nextToken(); t != null; t = parser.nextToken()) {
                    JsonPointer at = parser.getParsingContext().pathAsPointer();
                    lines.putIfAbsent(at.toString(), parser.currentTokenLocation().getLineNr());
                    if (t == JsonToken.VALUE_STRING) {
                        texts.put(
                                at.toString(),
                                new int[] {
                                    parser.currentTokenLocation().getLineNr(),
                                    parser.currentTokenLocation().getColumnNr()
                                });
                    }
                    if (t.isBoolean() || t.isNumeric()) {
                        asWritten.put(at, parser.getText());
                    }
                    if (((YAMLParser) parser).isCurrentAlias()) {
                        problems.add(
                                new Problem(
                                        name,
                                        parser.currentTokenLocation().getLineNr(),
                                        parser.currentTokenLocation().getColumnNr(),
                                        "",
                                        "'*"
                                                + parser.getText()
                                                + "' is a YAML alias, which is not read here (it"
                                                + " would stand for the word itself): write the"
                                                + " value out in full"));
                    }
                    if (parser.getParsingContext().inRoot() && !t.isStructStart()) {
                        break; // the end of the first document
                    }
                }
                JsonToken next = parser.nextToken();
                while (next == JsonToken.VALUE_NULL
                        || next == JsonToken.VALUE_STRING && parser.getText().isEmpty()) {
                    next = parser.nextToken(); // an empty document, as after a last '---'
                }
                if (next != null) {
                    problems.add(
                            new Problem(
                                    name,
                                    parser.currentTokenLocation().getLineNr(),
                                    0,
                                    "",
                                    "a second YAML document starts here, after a '---' line: a"
                                            + " knowledge file is read as one document, so"
                                            + " nothing from here on would be read; move these"
                                            + " entries into the first and remove the '---'"));
                }
            }
            JsonNode root = MAPPER.readTree(text);
            asWritten.forEach((at, written) -> asText(root, at, written));
            return Optional.of(new YamlFile(name, root, lines, texts, text, problems));
        } catch (JsonProcessingException e) {
            Optional<MarkedYAMLException> marked = marked(e);
            Optional<int[]> problem = marked.map(m -> YamlSyntax.position(m, text));
            var at = e.getLocation();
            String duplicate = YamlSyntax.duplicateKey(e.getOriginalMessage());
            problems.add(
                    new Problem(
                            name,
                            problem.map(p -> p[0]).orElse(at == null ? 0 : at.getLineNr()),
                            problem.map(p -> p[1]).orElse(at == null ? 0 : at.getColumnNr()),
                            duplicate,
                            marked.map(m -> YamlSyntax.message(m, text))
                                    .orElseGet(
                                            () ->
                                                    duplicate.isEmpty()
                                                            ? "not valid YAML: "
                                                                    + e.getOriginalMessage()
                                                            : "written twice in this entry"
                                                                    + firstLine(e, lines)
                                                                    + "; keep one of the two")));
            return Optional.empty();
        } catch (IOException e) {
            problems.add(new Problem(name, 0, 0, "", "cannot be read: " + e.getMessage()));
            return Optional.empty();
        }
    }

    /** The line of the key that a duplicate-key error's second occurrence repeats. */
    private static String firstLine(JsonProcessingException e, Map<String, Integer> lines) {
        if (e instanceof StreamReadException read && read.getProcessor() != null) {
            JsonParser parser = read.getProcessor();
            Integer line = lines.get(parser.getParsingContext().pathAsPointer().toString());
            if (line != null) {
                return " (first at line " + line + ")";
            }
        }
        return "";
    }

    /** The keys an entry may have, sorted. */
    private static List<String> keys(UnrecognizedPropertyException unknown) {
        return unknown.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList();
    }

    /**
     * Names every key of the mapping at {@code pointer} that {@code allowed} lacks, at its line: a
     * misspelt key would leave what it holds out in silence. A value that is no mapping at all is
     * one problem, naming the keys it should hold.
     *
     * @return whether the value is a mapping
     */
    boolean onlyKeys(String pointer, List<String> allowed) {
        JsonNode mapping = root.at(pointer);
        if (!mapping.isObject()) {
            String where = pointer.isEmpty() ? "the file" : "'" + pointer.substring(1) + "'";
            boolean empty = mapping.isMissingNode() || mapping.isNull();
            problem(
                    pointer,
                    "",
                    where
                            + (empty ? " is empty: it" : "")
                            + " must be a mapping with the keys "
                            + allowed
                            + (empty ? "" : shape(mapping)));
            return false;
        }
        mapping.fieldNames()
                .forEachRemaining(
                        key -> {
                            if (!allowed.contains(key)) {
                                problem(pointer + "/" + key, "", unknownKey(key, allowed, mapping));
                            }
                        });
        return true;
    }

    private static String unknownKey(String key, List<String> allowed, JsonNode mapping) {
        return "unknown key '"
                + key
                + "'"
                + Suggestion.of(key, absent(allowed, mapping))
                + " (allowed: "
                + allowed
                + ")";
    }

    /** The keys {@code entry} does not have: a key it has is not what a misspelt one meant. */
    private static List<String> absent(List<String> keys, JsonNode entry) {
        return keys.stream().filter(key -> !entry.has(key)).toList();
    }

    /** The pointer to what holds the value {@code at} points to. */
    private static String owner(CharSequence at) {
        String pointer = at.toString();
        return pointer.substring(0, Math.max(0, pointer.lastIndexOf('/')));
    }

    /**
     * Where SnakeYAML found the problem: Jackson's location is the mark of its context (the token
     * before a tab, the start of a mapping), often a line above.
     */
    private static Optional<MarkedYAMLException> marked(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
                return Optional.of(marked);
            }
        }
        return Optional.empty();
    }

    /**
     * Puts back a scalar that YAML 1.1 read as true, false or a number as it was written: an
     * unquoted {@code yes}, {@code on}, {@code 0x11} or {@code 011} would reach a text field as
     * "true", "true", "17" and "9". A number or true/false field parses the text itself (Jackson
     * reads "0.1" and "true" there), and refuses {@code yes} or {@code 0x11} with the text shown.
     */
    private static void asText(JsonNode root, JsonPointer at, String written) {
        if (at.matches()) {
            return; // a file that is one scalar: refused as not a list of entries
        }
        JsonNode parent = root.at(at.head());
        if (parent instanceof ObjectNode object) {
            object.put(at.last().getMatchingProperty(), written);
        } else if (parent instanceof ArrayNode array) {
            array.set(at.last().getMatchingIndex(), TextNode.valueOf(written));
        }
    }

    String name() {
        return name;
    }

    JsonNode root() {
        return root;
    }

    /** The line of the node at the pointer, or of its nearest ancestor that has one. */
    int line(String pointer) {
        String at = pointer;
        while (true) {
            Integer line = lines.get(at);
            if (line != null || at.isEmpty()) {
                return line == null ? 0 : line;
            }
            at = at.substring(0, at.lastIndexOf('/'));
        }
    }

    void problem(String pointer, String field, String message) {
        problems.add(new Problem(name, line(pointer), 0, field, message));
    }

    /**
     * A problem at character {@code index} of the text value at {@code pointer}: at its line and
     * column when the value is written on one line, quoted or not, else at the value's line.
     */
    void problem(String pointer, String field, int index, String message) {
        int[] start = texts.get(pointer);
        int column = start == null || index < 0 ? 0 : column(start, index);
        problems.add(
                new Problem(
                        name, start == null ? line(pointer) : start[0], column, field, message));
    }

    /**
     * The column (from 1) of character {@code index} of the text that begins at {@code start}, or 0
     * when that character is not on the value's first line. In single quotes {@code ''} is one
     * character; in double quotes, an escape such as {@code \\} or {@code \\x41}.
     */
    private int column(int[] start, int index) {
        if (start[0] < 1 || start[0] > textLines.length) {
            return 0;
        }
        String line = textLines[start[0] - 1];
        int at = start[1] - 1;
        if (at < 0 || at >= line.length()) {
            return 0;
        }
        char quote = line.charAt(at) == '\'' || line.charAt(at) == '"' ? line.charAt(at) : 0;
        if (quote != 0) {
            at++;
        }
        for (int k = 0; k < index; k++) {
            if (at >= line.length()
                    || quote != 0 && line.charAt(at) == quote && !escaped(line, at, quote)) {
                return 0;
            }
            at += width(line, at, quote);
        }
        return at < line.length() ? at + 1 : 0;
    }

    /** Whether the quote at {@code at} stands for itself: {@code ''} in single quotes. */
    private static boolean escaped(String line, int at, char quote) {
        return quote == '\''
                && line.charAt(at) == '\''
                && at + 1 < line.length()
                && line.charAt(at + 1) == '\'';
    }

    /** How many characters of the line the one character of the value at {@code at} takes. */
    private static int width(String line, int at, char quote) {
        if (quote == '\'' && escaped(line, at, quote)) {
            return 2;
        }
        if (quote == '"' && line.charAt(at) == '\\' && at + 1 < line.length()) {
            return switch (line.charAt(at + 1)) {
                case 'x' -> 4;
                case 'u' -> 6;
                case 'U' -> 10;
                default -> 2;
            };
        }
        return 1;
    }

    /** ", not a list" and the like: what a value of the wrong type is. */
    private static String shape(JsonNode node) {
        if (node.isArray()) {
            return ", not a list";
        }
        if (node.isObject()) {
            return ", not a mapping";
        }
        if (node.isNull() || node.isMissingNode()) {
            return ", not empty";
        }
        return ", not " + (node.isTextual() ? "'" + node.asText() + "'" : node.toString());
    }

    /** Binds the node at the pointer to a record; a mismatch becomes a problem at its field. */
    <T> Optional<T> bind(String pointer, Class<T> type) {
        JsonNode node = root.at(pointer);
        try {
            return Optional.ofNullable(MAPPER.treeToValue(node, type));
        } catch (JsonMappingException e) {
            StringBuilder at = new StringBuilder(pointer);
            StringBuilder field = new StringBuilder();
            for (JsonMappingException.Reference ref : e.getPath()) {
                String part =
                        ref.getFieldName() != null
                                ? ref.getFieldName()
                                : String.valueOf(ref.getIndex());
                at.append('/').append(part);
                field.append(field.length() == 0 ? "" : "/").append(part);
            }
            JsonNode wrong = root.at(at.toString());
            String message =
                    e instanceof UnrecognizedPropertyException unknown
                            ? unknownKey(
                                    unknown.getPropertyName(), keys(unknown), root.at(owner(at)))
                            : wrong.isTextual() && wrong.asText().isBlank()
                                    ? "'"
                                            + at.substring(at.lastIndexOf("/") + 1)
                                            + "' is empty: "
                                            + WrongType.expected(e)
                                    : "wrong type: " + WrongType.expected(e) + shape(wrong);
            problem(at.toString(), field.toString(), message);
            return Optional.empty();
        } catch (JsonProcessingException e) {
            problem(pointer, "", e.getOriginalMessage());
            return Optional.empty();
        }
    }
}
