package org.rdpdoctor.kb;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A YAML syntax error in plain words, on one line: SnakeYAML's own text spans several lines, quotes
 * the file with a caret under it and speaks of tokens ("expected &lt;block end&gt;, but found
 * '&lt;scalar&gt;'"), which a CLI line or the admin page cannot show and an editor cannot act on.
 */
final class YamlSyntax {
    private static final Pattern FOUND_CHARACTER =
            Pattern.compile(
                    "found character '(.+?)' that cannot start any token.*", Pattern.DOTALL);
    private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '(.*)'");

    /**
     * A no-break space where YAML needs a plain one, in the indentation or after a key's colon:
     * text pasted from a web page, a word processor or a chat keeps them, and YAML reads one as
     * text.
     */
    private static final Pattern NO_BREAK_SPACE =
            Pattern.compile("(?m)(?:^ *|: *)([\\u00A0\\u2007\\u202F])");

    /**
     * A line that starts with a key whose colon has no space after it: {@code prior:0.1}, {@code
     * other-clients-connect:others-work}. Keys are lower case, and a value of a colon's own does
     * not start with a slash, so a web address ({@code https://…}) or a time ({@code 12:30}) on a
     * line of its own is no such key.
     */
    private static final Pattern GLUED_KEY =
            Pattern.compile("^ *(?:- +)?(([a-z][a-z0-9_-]*):([^\\s/].*?))\\s*$");

    private static final String NO_KEY = "could not find expected ':'";

    private static final String NO_MAPPING = "mapping values are not allowed";

    private YamlSyntax() {}

    /**
     * What is wrong where SnakeYAML stopped in {@code text}, what to do, and where the enclosing
     * part began.
     */
    static String message(MarkedYAMLException e, String text) {
        Optional<int[]> space = noBreakSpace(e, text);
        if (space.isPresent()) {
            return "not valid YAML: a no-break space (U+%04X) here, which YAML reads as text, not"
                            .formatted(space.get()[2])
                    + " as a space (pasted from a web page or a document?); replace it with a"
                    + " normal space";
        }
        Optional<int[]> opened = runOn(e, text);
        if (opened.isPresent()) {
            Mark stop = e.getProblemMark();
            String q = Character.toString(charBefore(stop));
            return "not valid YAML: the text quoted with %s from here runs on to line %d, column %d,"
                            .formatted(q, line(stop), stop.getColumn() + 1)
                    + " where it ends and more text follows; is a closing %s missing on line %d?"
                            .formatted(q, opened.get()[0]);
        }
        Optional<Glued> glued = gluedKey(e, text);
        if (glued.isPresent()) {
            Matcher key = glued.get().key();
            return "not valid YAML: a space is missing after '%s:' (YAML reads '%s' as one text,"
                            .formatted(key.group(2), key.group(1))
                    + " not as a key and its value): write '%s: %s'"
                            .formatted(key.group(2), key.group(3));
        }
        String problem = firstLine(e.getProblem());
        String context = firstLine(e.getContext());
        String plain = plain(problem, context, e.getContextMark(), e.getProblemMark());
        return "not valid YAML: " + plain;
    }

    /**
     * Where an editor should look, line and column from 1: the opening quote of a quoted value that
     * ran on past its line (its closing quote is missing), the start of a line of text that is no
     * {@code key: value} (SnakeYAML stops only at the next one), else where SnakeYAML stopped.
     */
    static int[] position(MarkedYAMLException e, String text) {
        Mark stop = e.getProblemMark();
        return noBreakSpace(e, text)
                .or(() -> runOn(e, text))
                .or(
                        () ->
                                gluedKey(e, text)
                                        .map(g -> new int[] {g.line() + 1, g.key().start(1) + 1}))
                .or(() -> noKey(e).map(m -> new int[] {line(m), m.getColumn() + 1}))
                .orElse(new int[] {stop.getLine() + 1, stop.getColumn() + 1});
    }

    /** Where a text that is no {@code key: value} starts, when SnakeYAML stopped for that. */
    private static Optional<Mark> noKey(MarkedYAMLException e) {
        return firstLine(e.getProblem()).startsWith(NO_KEY)
                ? Optional.ofNullable(e.getContextMark())
                : Optional.empty();
    }

    /**
     * A key glued to its value on a line (from 0), matched by {@link #GLUED_KEY}: the whole text,
     * the key, the value.
     */
    private record Glued(int line, Matcher key) {}

    /**
     * The key glued to its value that SnakeYAML stopped for, read as text: where a text that is no
     * {@code key: value} starts, or on the line before a key that such a text ran on into ({@code
     * mapping values are not allowed}, at the next key of the same mapping).
     */
    private static Optional<Glued> gluedKey(MarkedYAMLException e, String text) {
        Optional<Integer> line =
                firstLine(e.getProblem()).startsWith(NO_MAPPING)
                        ? Optional.of(e.getProblemMark().getLine() - 1).filter(l -> l >= 0)
                        : noKey(e).map(Mark::getLine);
        return line.flatMap(
                l ->
                        text.lines()
                                .skip(l)
                                .findFirst()
                                .map(GLUED_KEY::matcher)
                                .filter(Matcher::matches)
                                .map(key -> new Glued(l, key)));
    }

    /**
     * The line and column (from 1) and the character of the first no-break space in an indentation
     * or after a key's colon, up to the line where SnakeYAML stopped: the likely reason it stopped.
     */
    private static Optional<int[]> noBreakSpace(MarkedYAMLException e, String text) {
        Matcher m = NO_BREAK_SPACE.matcher(text);
        if (!m.find()) {
            return Optional.empty();
        }
        int at = m.start(1);
        int line = (int) text.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
        if (e.getProblemMark() != null && line > line(e.getProblemMark())) {
            return Optional.empty();
        }
        return Optional.of(new int[] {line, at - text.lastIndexOf('\n', at), text.charAt(at)});
    }

    /**
     * The line and column (from 1) of the opening quote of the quoted value that ended just before
     * where SnakeYAML stopped, when it opened on an earlier line: its own closing quote was left
     * out, so it ran on to the next quote of its kind.
     */
    private static Optional<int[]> runOn(MarkedYAMLException e, String text) {
        Mark stop = e.getProblemMark();
        int quote = charBefore(stop);
        if (!(quote == '"' || quote == '\'')
                || !firstLine(e.getProblem()).startsWith("expected <")) {
            return Optional.empty();
        }
        int lineStart = 0;
        for (int l = 0; l < stop.getLine() && lineStart >= 0; l++) {
            lineStart = text.indexOf('\n', lineStart) + 1;
        }
        int closing = Math.min(text.length(), lineStart + stop.getColumn()) - 1;
        while (closing >= 0 && text.charAt(closing) == ' ') {
            closing--;
        }
        int opening = closing - 1;
        for (; opening >= 0; opening--) {
            if (text.charAt(opening) != quote) {
                continue;
            }
            if (quote == '\'' && opening > 0 && text.charAt(opening - 1) == '\'') {
                opening--; // '' stands for one ' inside single quotes
            } else if (quote == '"' && backslashes(text, opening) % 2 == 1) {
                continue; // \" stands for a " inside double quotes
            } else {
                break;
            }
        }
        if (opening < 0 || text.lastIndexOf('\n', closing) < opening) {
            return Optional.empty();
        }
        int line = (int) text.substring(0, opening).chars().filter(c -> c == '\n').count() + 1;
        return Optional.of(new int[] {line, opening - text.lastIndexOf('\n', opening)});
    }

    /** How many backslashes stand right before {@code at}. */
    private static int backslashes(String text, int at) {
        int n = 0;
        while (at - n - 1 >= 0 && text.charAt(at - n - 1) == '\\') {
            n++;
        }
        return n;
    }

    /** Jackson's own duplicate-key error, or empty when {@code message} is another one. */
    static String duplicateKey(String message) {
        Matcher m = DUPLICATE.matcher(firstLine(message));
        return m.matches() ? m.group(1) : "";
    }

    private static String plain(
            String problem, String context, Mark contextMark, Mark problemMark) {
        String opened = contextMark == null ? "" : " at line " + line(contextMark);
        Matcher character = FOUND_CHARACTER.matcher(problem);
        if (character.matches()) {
            String c = character.group(1);
            if (c.startsWith("\\t")) {
                return "a tab character here: YAML indents with spaces only (2 per level);"
                        + " replace the tab with spaces";
            }
            return "'"
                    + c
                    + "' cannot start a value in YAML; put the value in quotes ('…' or \"…\")";
        }
        if (problem.startsWith(NO_MAPPING)) {
            return "a 'key:' where none can start: this line is indented further than the key"
                    + " above it (YAML uses 2 spaces per level), or a value holds ': ' and needs"
                    + " quotes";
        }
        if (problem.startsWith("found unexpected end of stream")
                && context.contains("quoted scalar")) {
            return "the quote opened"
                    + opened
                    + (contextMark == null ? "" : ", column " + (contextMark.getColumn() + 1))
                    + " is never closed";
        }
        if (problem.startsWith(NO_KEY)) {
            return "a line of text that is no 'key: value': add the key, indent it as part of the"
                    + " value above, or check for an unclosed quote";
        }
        int before = charBefore(problemMark);
        if ((before == ']' || before == '}') && problem.startsWith("expected <")) {
            return "text goes on after the "
                    + (before == ']' ? "[ … ] list" : "{ … } mapping")
                    + " ended here: put it inside the brackets, or remove it";
        }
        int quote = before == '\'' || before == '"' ? before : 0;
        if (quote != 0 && problem.startsWith("expected <")) {
            String q = Character.toString(quote);
            return "text goes on after a quoted value ended here with "
                    + q
                    + ": a "
                    + q
                    + " inside a text quoted with "
                    + q
                    + " ends it; quote the whole text with the other kind of quote"
                    + (quote == '\'' ? ", or write the ' twice ('')" : "");
        }
        if (problem.startsWith("expected <block end>")) {
            return "this line does not line up with the lines above it"
                    + (context.isEmpty()
                            ? ""
                            : " (the " + part(context) + " that starts" + opened + ")")
                    + ": indent it as its neighbours are (2 spaces per level), or check the line"
                    + " before for a quote that ends the text early";
        }
        if (context.contains("flow sequence") || context.contains("flow mapping")) {
            String brackets = context.contains("sequence") ? "[ … ] list" : "{ … } mapping";
            return "the "
                    + brackets
                    + " opened"
                    + opened
                    + " is not closed, or its items are not separated by commas ("
                    + problem
                    + ")";
        }
        return problem
                + (context.isEmpty()
                        ? ""
                        : " ("
                                + context.replaceFirst("^while ", "")
                                + " that starts"
                                + opened
                                + ")");
    }

    /** "a block mapping" as an editor calls it. */
    private static String part(String context) {
        String c = context.toLowerCase(Locale.ROOT);
        if (c.contains("block mapping")) {
            return "entry";
        }
        if (c.contains("block collection") || c.contains("sequence")) {
            return "list";
        }
        return c.replaceFirst("^while (parsing|scanning) (an? )?", "");
    }

    /**
     * The character just before where the parser stopped (spaces between), or 0 at the start of a
     * line: a quoted value that ended early at a quote inside it, or a list closed too soon, leaves
     * the rest of its text where a key should come.
     */
    private static int charBefore(Mark mark) {
        if (mark == null || mark.getBuffer() == null) {
            return 0;
        }
        int[] buffer = mark.getBuffer();
        for (int i = Math.min(mark.getPointer(), buffer.length) - 1; i >= 0; i--) {
            if (buffer[i] != ' ') {
                return buffer[i] == '\n' || buffer[i] == '\r' ? 0 : buffer[i];
            }
        }
        return 0;
    }

    private static int line(Mark mark) {
        return mark.getLine() + 1;
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int end = text.indexOf('\n');
        return (end < 0 ? text : text.substring(0, end)).strip();
    }
}
