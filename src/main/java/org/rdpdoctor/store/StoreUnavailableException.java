package org.rdpdoctor.store;

/**
 * The database could not be reached or refused the operation. Nothing was written, unless {@link
 * #isOutcomeUnknown()}. A database that takes no writes at all throws the subclass {@link
 * StoreReadOnlyException}.
 */
public class StoreUnavailableException extends RuntimeException {
    private final boolean outcomeUnknown;

    public StoreUnavailableException(String message, Throwable cause) {
        this(message, cause, false);
    }

    /**
     * @param outcomeUnknown whether the write may be stored all the same: the database failed while
     *     committing it
     */
    public StoreUnavailableException(String message, Throwable cause, boolean outcomeUnknown) {
        super(message, cause);
        this.outcomeUnknown = outcomeUnknown;
    }

    /**
     * Whether the write may have been stored although this was thrown: the database failed while
     * committing it, so only reading the session back tells.
     */
    public boolean isOutcomeUnknown() {
        return outcomeUnknown;
    }
}
