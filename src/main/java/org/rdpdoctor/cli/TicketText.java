package org.rdpdoctor.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.rdpdoctor.TextLimits;
import org.rdpdoctor.engine.InvalidEventException;
import org.rdpdoctor.kb.Problem;
import org.rdpdoctor.kb.Utf8;

/**
 * A ticket's text given to a command: a file, or {@code -} for standard input, read as UTF-8 and
 * held to what the API takes ({@code ticketText}: not blank, at most 100,000 characters, no NUL).
 */
final class TicketText {
    /** What a ticket's input should hold, in messages. */
    private static final String TICKET = "a ticket's text";

    private TicketText() {}

    /**
     * Whether {@code input} names what standard input reads: {@code -}, {@code /dev/stdin}, or the
     * file or pipe standard input comes from.
     */
    static boolean isStandardInput(String input) {
        if (input.equals("-")) {
            return true;
        }
        try {
            return Files.isSameFile(Path.of(input), Path.of("/dev/stdin"));
        } catch (IOException | InvalidPathException e) {
            return false;
        }
    }

    /**
     * The text of {@code input}, or empty after each reason it cannot be used is printed to {@code
     * err} as {@code error: …}.
     */
    static Optional<String> read(String input, PrintWriter err) throws IOException {
        String shown = input.equals("-") ? Utf8.STANDARD_INPUT : input;
        List<Problem> problems = new ArrayList<>();
        Optional<String> text =
                bytes(input, shown, problems).flatMap(b -> Utf8.decode(shown, b, problems));
        if (text.isEmpty()) {
            problems.forEach(p -> err.println("error: " + p));
            return Optional.empty();
        }
        if (text.get().isBlank()) {
            err.printf("error: %s is empty: give the ticket's text%n", shown);
            return Optional.empty();
        }
        try {
            TextLimits.text("ticketText", text.get(), TextLimits.TEXT_MAX);
        } catch (InvalidEventException e) {
            err.printf("error: %s: %s%n", shown, e.reason());
            return Optional.empty();
        }
        return text;
    }

    /**
     * The bytes of the input: a regular file as knowledge files are read (at most {@link
     * Utf8#MAX_BYTES}); standard input, or a named pipe or device such as {@code <(command)} makes,
     * up to one byte past that bound. The user names the input, so a pipe is read as {@code cat}
     * reads it: until its writer closes it.
     */
    private static Optional<byte[]> bytes(String input, String shown, List<Problem> problems)
            throws IOException {
        if (input.equals("-")) {
            try {
                return BoundedInput.bytes(System.in, shown, TICKET, problems);
            } catch (IOException e) {
                throw new IOException(shown + ": " + e.getMessage(), e);
            }
        }
        Path path;
        try {
            path = Path.of(input);
        } catch (InvalidPathException e) {
            problems.add(new Problem(shown, 0, 0, "", "not a file name: " + e.getReason()));
            return Optional.empty();
        }
        if (Files.notExists(path, LinkOption.NOFOLLOW_LINKS)) {
            problems.add(new Problem(shown, 0, 0, "", "no such file"));
            return Optional.empty();
        }
        if (Files.isRegularFile(path) || Files.isDirectory(path) || !Files.exists(path)) {
            return Utf8.read(path, shown, problems);
        }
        try (InputStream stream = Files.newInputStream(path)) {
            return BoundedInput.bytes(stream, shown, TICKET, problems);
        } catch (IOException e) {
            problems.add(new Problem(shown, 0, 0, "", "cannot be read: " + Utf8.reason(path, e)));
            return Optional.empty();
        }
    }
}
