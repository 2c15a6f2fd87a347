package org.rdpdoctor.kb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads knowledge files as UTF-8, strictly. A byte that is not UTF-8 (a file saved as Windows-1252,
 * say) is a problem at its line and column, not a replacement character in the text helpdesks read.
 * A leading byte order mark, which Windows editors write, is dropped.
 */
public final class Utf8 {
    /**
     * How a command names the standard input it reads, in messages as in place of a file's name.
     */
    public static final String STANDARD_INPUT = "standard input";

    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private Utf8() {}

    /**
     * The largest knowledge, rules or scenario file read: 180 times the largest shipped one. A
     * larger one is a mistake (a log saved in the wrong folder, say), and reading it could exhaust
     * the memory of the server that reloads it.
     */
    public static final long MAX_BYTES = 16L * 1024 * 1024;

    /**
     * The bytes of {@code path}, or empty with a problem in {@code shown} added when it cannot be
     * read: a folder, a link to nothing, a loop of links, no permission. A named pipe, socket or
     * device (reading one can wait for ever) and a file over {@link #MAX_BYTES} are not opened.
     */
    public static Optional<byte[]> read(Path path, String shown, List<Problem> problems) {
        try {
            Optional<String> refused = refused(path);
            if (refused.isPresent()) {
                problems.add(new Problem(shown, 0, 0, "", refused.get()));
                return Optional.empty();
            }
            return Optional.of(Files.readAllBytes(path));
        } catch (IOException e) {
            problems.add(new Problem(shown, 0, 0, "", "cannot be read: " + reason(path, e)));
            return Optional.empty();
        }
    }

    private static Optional<String> refused(Path path) throws IOException {
        if (Files.isRegularFile(path)) {
            long size = Files.size(path);
            return size <= MAX_BYTES
                    ? Optional.empty()
                    : Optional.of(
                            String.format(
                                    Locale.ROOT,
                                    "is %,d bytes, more than the %,d (%d MiB) a file here may"
                                            + " have; is it the right file?",
                                    size,
                                    MAX_BYTES,
                                    MAX_BYTES / (1024 * 1024)));
        }
        if (Files.exists(path) && !Files.isDirectory(path)) {
            return Optional.of(
                    "cannot be read: it is not a regular file (a named pipe, socket or device);"
                            + " save the text in a file");
        }
        return Optional.empty();
    }

    /**
     * The problem of a folder whose files cannot be listed; {@code e} is the {@link IOException}
     * or, thrown while walking its subfolders, the {@link UncheckedIOException} around one.
     */
    public static Problem unlisted(Path folder, Exception e) {
        IOException cause =
                e instanceof UncheckedIOException unchecked
                        ? unchecked.getCause()
                        : (IOException) e;
        Path where =
                cause instanceof FileSystemException fs && fs.getFile() != null
                        ? Path.of(fs.getFile())
                        : folder;
        return new Problem(
                Problem.shown(where), 0, 0, "", "cannot be listed: " + reason(where, cause));
    }

    /** Why {@code path} could not be read or listed, in words an editor can act on. */
    public static String reason(Path path, IOException e) {
        if (e instanceof FileSystemLoopException) {
            return "it is a link to a folder that holds the link (a loop); remove the link";
        }
        if (Files.isDirectory(path)) {
            return "it is a folder";
        }
        if (e instanceof NoSuchFileException && Files.isSymbolicLink(path)) {
            return "it is a link to a file that does not exist";
        }
        if (e instanceof NoSuchFileException) {
            return "it no longer exists";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** The text of {@code bytes}, or empty with a problem in {@code file} added. */
    public static Optional<String> decode(String file, byte[] bytes, List<Problem> problems) {
        if (bytes.length >= 2
                && (bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE
                        || bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF)) {
            problems.add(
                    new Problem(
                            file,
                            1,
                            1,
                            "",
                            "the text is UTF-16 (it starts with a UTF-16 byte order mark, as"
                                    + " Windows PowerShell 5's > writes); save it as UTF-8 (in"
                                    + " PowerShell, Out-File -Encoding utf8)"));
            return Optional.empty();
        }
        CharsetDecoder decoder = strictDecoder();
        ByteBuffer in = ByteBuffer.wrap(bytes);
        // UTF-8 never decodes to more chars than it has bytes.
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int at = in.position();
            String before = withoutByteOrderMark(new String(bytes, 0, at, StandardCharsets.UTF_8));
            int line = 1 + (int) before.chars().filter(c -> c == '\n').count();
            int column = before.length() - before.lastIndexOf('\n');
            problems.add(
                    new Problem(
                            file,
                            line,
                            column,
                            "",
                            "byte 0x%02X is not UTF-8; %s"
                                    .formatted(
                                            bytes[at] & 0xff,
                                            STANDARD_INPUT.equals(file)
                                                    ? "give the input as UTF-8 (iconv -f"
                                                            + " WINDOWS-1252 -t UTF-8 converts a"
                                                            + " file saved as Windows-1252)"
                                                    : "save the file as UTF-8")));
            return Optional.empty();
        }
        decoder.flush(out);
        return Optional.of(withoutByteOrderMark(out.flip().toString()));
    }

    /** A UTF-8 decoder that reports a byte that is not UTF-8 rather than replace it. */
    private static CharsetDecoder strictDecoder() {
        return StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    /** The text without its leading byte order mark, which Windows editors and tools write. */
    public static String withoutByteOrderMark(String text) {
        return !text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK ? text.substring(1) : text;
    }
}
