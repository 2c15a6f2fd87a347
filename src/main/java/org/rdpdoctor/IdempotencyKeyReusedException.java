package org.rdpdoctor;

/**
 * An idempotency key that started a session for one request came with a different one: a key names
 * one request, so nothing was started.
 */
public final class IdempotencyKeyReusedException extends RuntimeException {
    private final String sessionId;

    public IdempotencyKeyReusedException(IdempotencyKey key, String sessionId) {
        super(
                "idempotency key '"
                        + key.value()
                        + "' was used for a different request, which started session "
                        + sessionId
                        + "; send a new key with a new request");
        this.sessionId = sessionId;
    }

    /** The session the key started. */
    public String sessionId() {
        return sessionId;
    }
}
