package org.rdpdoctor.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Standard input of a program started without one ({@code <&-}). The JVM then opens a file of its
 * own, such as its {@code lib/modules}, as descriptor 0, and reading standard input would read that
 * file; this stream fails every read, saying why, in its place.
 */
final class ClosedInput extends InputStream {
    private static final String MESSAGE = "closed: rdp-doctor was started without it (as with <&-)";

    /**
     * Whether descriptor 0 is a file the JVM opened for itself (under {@code java.home}) or this
     * program's jar, which no one gives as input; false where {@code /proc} cannot say.
     */
    static boolean isStandardInput(Path jar) {
        try {
            Path fd0 = Files.readSymbolicLink(Path.of("/proc/self/fd/0"));
            return fd0.startsWith(Path.of(System.getProperty("java.home")))
                    || jar != null && fd0.equals(jar);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    @Override
    public int read() throws IOException {
        throw new IOException(MESSAGE);
    }
}
