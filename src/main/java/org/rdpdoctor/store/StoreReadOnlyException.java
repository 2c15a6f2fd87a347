package org.rdpdoctor.store;

/**
 * The database refused a write because it is read-only (H2's "database is read only", PostgreSQL's
 * SQL state 25006, as on a standby): nothing was written, reads still work, and trying again fails
 * the same way until the database takes writes again. The store then connects afresh, so a write
 * after a failover reaches the new primary where its URL leads there.
 */
public final class StoreReadOnlyException extends StoreUnavailableException {
    public StoreReadOnlyException(String message, Throwable cause) {
        super(message, cause);
    }
}
