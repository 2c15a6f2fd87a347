package org.rdpdoctor.kb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The small knowledge base copied to a folder, with one broken file from {@code
 * src/test/resources/broken/<mistake>/} laid over it: YAML goes to {@code kb/}, DRL to {@code
 * rules/}.
 */
public final class BrokenFixture {
    private static final Path SMALL = Path.of("src/test/resources/small");
    private static final Path BROKEN = Path.of("src/test/resources/broken");

    private BrokenFixture() {}

    /** Copies the small kb and rules under {@code dir}, to be changed there. */
    public static Path copySmall(Path dir) {
        copyTree(SMALL, dir);
        return dir;
    }

    /** Rewrites {@code file} with {@code edit} applied to its text; returns the file. */
    public static Path edit(Path file, UnaryOperator<String> edit) throws IOException {
        Files.writeString(file, edit.apply(Files.readString(file)));
        return file;
    }

    /**
     * Makes {@code path} a named pipe (with {@code mkfifo}), which nothing ever writes to: opening
     * it to read waits for ever.
     */
    public static Path namedPipe(Path path) {
        try {
            Files.deleteIfExists(path);
            Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
            if (mkfifo.waitFor() != 0) {
                throw new IllegalStateException("mkfifo " + path + " failed");
            }
            return path;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Copies the small kb and rules under {@code dir}, then overlays the mistake's files. */
    public static Path create(Path dir, String mistake) {
        copySmall(dir);
        Path overlay = BROKEN.resolve(mistake);
        try (Stream<Path> files = Files.walk(overlay)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String folder = file.toString().endsWith(".drl") ? "rules" : "kb";
                Path target = dir.resolve(folder).resolve(overlay.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /**
     * Copies the small kb and rules under {@code dir} and adds a ticket pattern 'runaway' with the
     * regular expression {@code regex}, which yields evidence.
     *
     * @return the line of its {@code pattern:} in {@code kb/ticket-patterns.yaml}
     */
    public static int withTicketPattern(Path dir, String regex) {
        Path patterns = copySmall(dir).resolve("kb/ticket-patterns.yaml");
        try {
            int line = Files.readAllLines(patterns).size() + 2;
            Files.writeString(
                    patterns,
                    """
                    - id: runaway
                      pattern: '%s'
                      yields: {kind: event-id, value: '36870'}
                      sources: [doc-a]
                    """
                            .formatted(regex),
                    StandardOpenOption.APPEND);
            return line;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Copies the folder {@code from} with everything in it to {@code to}, and returns {@code to}.
     */
    public static Path copyTree(Path from, Path to) {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return to;
    }
}
