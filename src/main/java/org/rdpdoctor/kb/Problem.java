package org.rdpdoctor.kb;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A mistake an editor can fix, with where it is.
 *
 * @param file the file, relative to the working directory where possible
 * @param line 1-based line, or 0 when unknown
 * @param column 1-based column, or 0 when unknown
 * @param field the YAML field or DRL element concerned, or empty
 * @param message what is wrong, in plain words
 */
public record Problem(String file, int line, int column, String field, String message) {
    public Problem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }

    /** Formats as {@code file:line:column: field: message}, leaving out what is unknown. */
    @Override
    public String toString() {
        StringBuilder where = new StringBuilder(file);
        if (line > 0) {
            where.append(':').append(line);
            if (column > 0) {
                where.append(':').append(column);
            }
        }
        return where + ": " + (field.isEmpty() ? "" : field + ": ") + message;
    }

    /**
     * A problem at a {@code file:line} location as {@link KnowledgeBase#location} gives it; the
     * whole location is the file when it has no line.
     */
    public static Problem at(String location, String field, String message) {
        int colon = location.lastIndexOf(':');
        if (colon > 0 && location.substring(colon + 1).matches("\\d+")) {
            return new Problem(
                    location.substring(0, colon),
                    Integer.parseInt(location.substring(colon + 1)),
                    0,
                    field,
                    message);
        }
        return new Problem(location, 0, 0, field, message);
    }

    /** How a file is named in problems: relative to the working directory when inside it. */
    public static String shown(Path path) {
        Path cwd = Path.of("").toAbsolutePath();
        Path abs = path.toAbsolutePath().normalize();
        return abs.startsWith(cwd) ? cwd.relativize(abs).toString() : abs.toString();
    }
}
