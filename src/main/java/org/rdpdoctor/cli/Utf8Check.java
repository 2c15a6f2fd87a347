package org.rdpdoctor.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import org.rdpdoctor.kb.Utf8;

/**
 * A stream passed on as it is read, noting where its bytes stop being UTF-8 as {@link Utf8#decode}
 * finds it: a JSON parser tells such a byte outside a string as a token it does not know, {@code
 * Unrecognized token 'ÿ'}.
 */
final class Utf8Check extends InputStream {
    private final InputStream in;
    private final CharsetDecoder decoder = Utf8.strictDecoder();
    private final CharBuffer chars = CharBuffer.allocate(8192);

    /** Bytes read but not decoded yet: the start of a character the next read ends. */
    private ByteBuffer pending = ByteBuffer.allocate(0);

    /** How many bytes came before {@link #pending}. */
    private long decoded;

    private long malformedAt = -1;

    Utf8Check(InputStream in) {
        this.in = in;
    }

    /**
     * The offset of the first byte read that is not UTF-8, or -1 when there is none. A character
     * the bytes read so far only begin is settled first, by reading the at most three bytes that
     * would end it: a parser may stop at its first byte, as a character it does not expect, before
     * it reads on. When that read fails, the character stays unsettled and does not count.
     */
    long malformedAt() {
        try {
            int next = 0;
            while (malformedAt < 0 && pending.hasRemaining() && next >= 0) {
                next = read();
            }
        } catch (IOException e) {
            // Left unsettled: bytes that cannot be read say nothing of the one before them.
        }
        return malformedAt;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        check(ByteBuffer.wrap(new byte[] {(byte) b}, 0, b < 0 ? 0 : 1), b < 0);
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        check(ByteBuffer.wrap(b, off, Math.max(n, 0)), n < 0);
        return n;
    }

    /** Decodes {@code read} after what is pending; {@code end}: the stream has no more. */
    private void check(ByteBuffer read, boolean end) {
        if (malformedAt >= 0) {
            return;
        }
        ByteBuffer bytes =
                ByteBuffer.allocate(pending.remaining() + read.remaining())
                        .put(pending)
                        .put(read)
                        .flip();
        CoderResult result;
        do {
            chars.clear();
            result = decoder.decode(bytes, chars, end);
        } while (result.isOverflow());
        if (result.isError()) {
            malformedAt = decoded + bytes.position();
            return;
        }
        decoded += bytes.position();
        pending = bytes.slice();
    }
}
