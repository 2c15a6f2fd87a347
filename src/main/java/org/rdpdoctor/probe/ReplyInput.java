package org.rdpdoctor.probe;

import java.io.FilterInputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;

/**
 * A socket's input with one time limit for the whole reply rather than for each read: a server that
 * sends a byte at a time cannot stretch the wait beyond the limit. A read past the limit throws
 * {@link SocketTimeoutException}, as the socket's own timeout does.
 */
final class ReplyInput extends FilterInputStream {
    private final Socket socket;
    private final long end;

    ReplyInput(Socket socket, int timeoutMillis) throws IOException {
        super(socket.getInputStream());
        this.socket = socket;
        this.end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    }

    @Override
    public int read() throws IOException {
        limit();
        return super.read();
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        limit();
        return super.read(buffer, offset, length);
    }

    private void limit() throws IOException {
        long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
        if (left < 1) {
            throw new SocketTimeoutException("the reply took longer than its time limit");
        }
        socket.setSoTimeout((int) left);
    }
}
