package org.rdpdoctor.store;

/** The database could not be reached or refused the operation; nothing was written. */
public final class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
