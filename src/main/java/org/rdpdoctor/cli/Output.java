package org.rdpdoctor.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.Charset;

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

    /** Standard output, in the platform's encoding, flushed at each line. */
    static PrintWriter standard() {
        return new PrintWriter(
                new Output(
                        new OutputStreamWriter(
                                new FileOutputStream(FileDescriptor.out),
                                Charset.defaultCharset())),
                true);
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
