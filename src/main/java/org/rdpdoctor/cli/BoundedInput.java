package org.rdpdoctor.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import org.rdpdoctor.kb.Problem;
import org.rdpdoctor.kb.Utf8;

/**
 * Input whose size is not known before it is read, such as standard input or a pipe: read up to one
 * byte past {@link Utf8#MAX_BYTES}, and refused beyond it, so that {@code /dev/zero} or a command
 * that never stops cannot fill the memory.
 */
final class BoundedInput {
    private BoundedInput() {}

    /**
     * The bytes of {@code in}, or empty with a problem in {@code shown} added when there are more
     * than {@link Utf8#MAX_BYTES}; {@code expected} says what was expected instead ("a ticket's
     * text").
     */
    static Optional<byte[]> bytes(
            InputStream in, String shown, String expected, List<Problem> problems)
            throws IOException {
        byte[] bytes = in.readNBytes((int) Utf8.MAX_BYTES + 1);
        if (bytes.length > Utf8.MAX_BYTES) {
            problems.add(
                    new Problem(
                            shown,
                            0,
                            0,
                            "",
                            "more than %,d bytes (%d MiB), far more than %s"
                                    .formatted(
                                            Utf8.MAX_BYTES,
                                            Utf8.MAX_BYTES / (1024 * 1024),
                                            expected)));
            return Optional.empty();
        }
        return Optional.of(bytes);
    }
}
