package org.rdpdoctor.kb;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

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
        return where() + ": " + (field.isEmpty() ? "" : field + ": ") + message;
    }

    /** Where the problem is, as {@code file:line:column}, leaving out what is unknown. */
    public String where() {
        StringBuilder where = new StringBuilder(file);
        if (line > 0) {
            where.append(':').append(line);
            if (column > 0) {
                where.append(':').append(column);
            }
        }
        return where.toString();
    }

    /**
     * {@code problems} as an editor reads them, file by file: the files in the order their first
     * problem comes, and each file's problems by line and column, as a compiler lists them. The
     * checks find them check by check, so one file's may come out of order.
     */
    public static List<Problem> inFileOrder(List<Problem> problems) {
        Map<String, List<Problem>> byFile = new LinkedHashMap<>();
        problems.forEach(p -> byFile.computeIfAbsent(p.file(), f -> new ArrayList<>()).add(p));
        return byFile.values().stream()
                .flatMap(
                        inFile ->
                                inFile.stream()
                                        .sorted(
                                                Comparator.comparingInt(Problem::line)
                                                        .thenComparingInt(Problem::column)))
                .toList();
    }

    /** A folder of knowledge or rules that is missing, or a file where a folder should be. */
    public static Problem notAFolder(Path dir) {
        return new Problem(
                shown(dir), 0, 0, "", Files.exists(dir) ? "is not a directory" : "does not exist");
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

    /**
     * A problem for a file that is not read but looks as if it were: its name ends in one of {@code
     * endings} in other letter case ({@code .DRL}) or with {@code .txt} after it, as Notepad saves.
     * Backups ({@code .drl~}, {@code .drl.bak}) are not named.
     */
    public static Optional<Problem> misnamed(Path file, List<String> endings) {
        String name = file.getFileName().toString();
        String lower = name.toLowerCase(Locale.ROOT);
        String base = lower.endsWith(".txt") ? lower.substring(0, lower.length() - 4) : lower;
        return endings.stream()
                .filter(ending -> base.endsWith(ending) && !name.endsWith(ending))
                .findFirst()
                .map(
                        ending ->
                                new Problem(
                                        shown(file),
                                        0,
                                        0,
                                        "",
                                        "is not read: only names ending exactly in "
                                                + String.join(" or ", endings)
                                                + " (lower case) are; rename it"));
    }

    /** How a file is named in problems: relative to the working directory when inside it. */
    public static String shown(Path path) {
        Path cwd = Path.of("").toAbsolutePath();
        Path abs = path.toAbsolutePath().normalize();
        return abs.startsWith(cwd) ? cwd.relativize(abs).toString() : abs.toString();
    }
}
