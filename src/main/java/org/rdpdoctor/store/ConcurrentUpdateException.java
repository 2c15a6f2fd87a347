package org.rdpdoctor.store;

/** Another write reached the session first: the caller's view of it is out of date. */
public final class ConcurrentUpdateException extends RuntimeException {
    private final int expected;
    private final int actual;

    public ConcurrentUpdateException(String sessionId, int expected, int actual) {
        super(
                "session "
                        + sessionId
                        + " has "
                        + actual
                        + (actual == 1 ? " event, not " : " events, not ")
                        + expected
                        + ": it changed meanwhile; reload it and try again");
        this.expected = expected;
        this.actual = actual;
    }

    /**
     * A session that has the {@code count} events the caller expected but changed otherwise, as
     * {@code how} says (e.g. "is abandoned, not open").
     */
    public ConcurrentUpdateException(String sessionId, int count, String how) {
        super(
                "session "
                        + sessionId
                        + " "
                        + how
                        + ": it changed meanwhile; reload it and try again");
        this.expected = count;
        this.actual = count;
    }

    public int expected() {
        return expected;
    }

    public int actual() {
        return actual;
    }
}
