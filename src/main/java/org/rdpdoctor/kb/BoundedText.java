package org.rdpdoctor.kb;

/**
 * Text as a regular expression reads it, which stops the search with {@link Stopped} after a number
 * of character reads or past a deadline: Java's regular expressions cannot be interrupted
 * otherwise.
 */
public final class BoundedText implements CharSequence {
    private static final int CHECK_EVERY = 1 << 12;
    private final String text;
    private final long maxReads;
    private final long deadline;
    private long reads;

    private BoundedText(String text, long maxReads, long deadline) {
        this.text = text;
        this.maxReads = maxReads;
        this.deadline = deadline;
    }

    /** {@code text}, read until {@link System#nanoTime()} passes {@code deadline}. */
    public static BoundedText until(String text, long deadline) {
        return new BoundedText(text, Long.MAX_VALUE, deadline);
    }

    /** {@code text}, read at most {@code maxReads} characters, however often the same. */
    public static BoundedText reads(String text, long maxReads) {
        return new BoundedText(text, maxReads, Long.MAX_VALUE);
    }

    @Override
    public char charAt(int index) {
        if (++reads > maxReads || (reads % CHECK_EVERY == 0 && System.nanoTime() > deadline)) {
            throw new Stopped();
        }
        return text.charAt(index);
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return text.subSequence(start, end);
    }

    @Override
    public String toString() {
        return text;
    }

    /** The search read its text too often or too long. */
    public static final class Stopped extends RuntimeException {
        Stopped() {
            super(null, null, false, false);
        }
    }
}
