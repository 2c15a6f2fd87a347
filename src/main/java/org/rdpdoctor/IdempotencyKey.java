package org.rdpdoctor;

import java.util.Objects;

/**
 * A client's name for one request to start a session, sent again with each retry of it, so that the
 * retries start no second session (the HTTP API's {@code Idempotency-Key} header): 1 to {@value
 * #MAX_LENGTH} printable ASCII characters, U+0021 to U+007E, such as a UUID.
 */
public record IdempotencyKey(String value) {
    /** The most characters of a key: the width of its column. */
    public static final int MAX_LENGTH = 255;

    /**
     * @throws IllegalArgumentException saying what is wrong with {@code value} as a key
     */
    public IdempotencyKey {
        String problem = problem(Objects.requireNonNull(value, "value"));
        if (problem != null) {
            throw new IllegalArgumentException("an idempotency key " + problem);
        }
    }

    /**
     * What is wrong with {@code value} as a key, to follow the key's name ("is empty; a key is 1 to
     * 255 …"), or null when nothing is.
     */
    public static String problem(String value) {
        String fault = null;
        if (value.isEmpty()) {
            fault = "is empty";
        } else if (value.length() > MAX_LENGTH) {
            fault = "has %,d characters".formatted(value.length());
        } else {
            for (int i = 0; i < value.length() && fault == null; i++) {
                char c = value.charAt(i);
                if (c == ' ') {
                    fault = "has a space at character " + (i + 1);
                } else if (c >= 0x80) {
                    // Not its code point: an HTTP server reads header bytes as ISO-8859-1, so
                    // a UTF-8 é would be named as U+00C3.
                    fault = "has a character outside ASCII at character " + (i + 1);
                } else if (c < 0x21 || c == 0x7F) {
                    fault =
                            "has control character U+%04X at character %d"
                                    .formatted((int) c, i + 1);
                }
            }
        }
        return fault == null
                ? null
                : fault
                        + "; a key is 1 to "
                        + MAX_LENGTH
                        + " printable ASCII characters (U+0021 to U+007E, no spaces), such as a"
                        + " UUID";
    }
}
