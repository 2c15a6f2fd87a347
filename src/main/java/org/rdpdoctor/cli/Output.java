package org.rdpdoctor.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * Standard output whose failed writes throw {@link Failed}: PrintStream and PrintWriter would
 * swallow them, and a full disk would pass for success.
 */
final class Output extends FilterWriter {
    /** A write to standard output failed; the cause says why. */
    static final class Failed extends UncheckedIOException {
        Failed(IOException cause) {
            super("cannot write the output: " + cause.getMessage(), cause);
        }
    }

    private Output(Writer out) {
        super(out);
    }

    /**
     * Standard output in UTF-8, flushed at each line. Not the platform's encoding: under a C locale
     * (cron, services, small containers) or on Windows it cannot write an arrow or a name in
     * another script, which became {@code ?}, and JSON is UTF-8 (RFC 8259).
     */
    static PrintWriter standard() {
        return new PrintWriter(new Output(utf8(FileDescriptor.out)), true);
    }

    /** A writer to {@code descriptor} (standard output or error) in UTF-8. */
    static Writer utf8(FileDescriptor descriptor) {
        return new OutputStreamWriter(new FileOutputStream(descriptor), StandardCharsets.UTF_8);
    }

    @Override
    public void write(int c) {
        try {
            super.write(c);
        } catch (IOException e) {
            throw new Failed(e);
        }
    }

    @Override
    public void write(char[] chars, int offset, int length) {
        try {
            super.write(chars, offset, length);
        } catch (IOException e) {
            throw new Failed(e);
        }
    }

    @Override
    public void write(String text, int offset, int length) {
        try {
            super.write(text, offset, length);
        } catch (IOException e) {
            throw new Failed(e);
        }
    }

    @Override
    public void flush() {
        try {
            super.flush();
        } catch (IOException e) {
            throw new Failed(e);
        }
    }
}
