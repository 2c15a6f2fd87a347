package org.rdpdoctor.store;

import java.util.Objects;

/**
 * A session was started with this idempotency key already, by an earlier request or by one that
 * committed first; nothing was written.
 */
public final class IdempotencyKeyTakenException extends RuntimeException {
    private final SessionStore.KeyedStart earlier;

    public IdempotencyKeyTakenException(SessionStore.KeyedStart earlier) {
        super(
                "idempotency key '"
                        + Objects.requireNonNull(earlier, "earlier").idempotencyKey()
                        + "' started session "
                        + earlier.sessionId()
                        + " already");
        this.earlier = earlier;
    }

    /** The start the key is recorded for. */
    public SessionStore.KeyedStart earlier() {
        return earlier;
    }
}
