package org.rdpdoctor.cli;

import java.io.IOException;
import java.io.Writer;

/**
 * Standard error, with what a user typed made safe to show again line by line (see {@link
 * ShownText}), so a pasted file does not flood the terminal.
 */
final class ErrorOutput extends Writer {
    private final Writer err;
    private final StringBuilder line = new StringBuilder();

    ErrorOutput(Writer err) {
        this.err = err;
    }

    @Override
    public void write(char[] chars, int offset, int length) throws IOException {
        for (int i = offset; i < offset + length; i++) {
            if (chars[i] == '\n') {
                boolean crlf = line.length() > 0 && line.charAt(line.length() - 1) == '\r';
                err.write(ShownText.of(line.substring(0, line.length() - (crlf ? 1 : 0))));
                err.write(crlf ? "\r\n" : "\n");
                line.setLength(0);
            } else {
                line.append(chars[i]);
            }
        }
    }

    @Override
    public void flush() throws IOException {
        err.write(ShownText.of(line.toString()));
        line.setLength(0);
        err.flush();
    }

    @Override
    public void close() throws IOException {
        flush();
        err.close();
    }
}
