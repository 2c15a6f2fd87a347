package org.rdpdoctor.probe;

/**
 * A probe the policy does not allow; the message says which rule it broke, and {@link #field()}
 * which part of the request broke it: {@code host} or {@code gateway}.
 */
public final class ProbeRefusedException extends RuntimeException {
    private final String field;

    public ProbeRefusedException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The field of the request at fault: {@code host} or {@code gateway}. */
    public String field() {
        return field;
    }
}
