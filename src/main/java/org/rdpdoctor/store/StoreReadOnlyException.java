package org.rdpdoctor.store;

/**
 * The database refused a write because it is read-only (H2's "database is read only", PostgreSQL's
 * SQL state 25006, as on a standby): nothing was written, reads still work, and trying again fails
 * the same way until someone makes the database writable.
 */
public final class StoreReadOnlyException extends StoreUnavailableException {
    public StoreReadOnlyException(String message, Throwable cause) {
        super(message, cause);
    }
}
