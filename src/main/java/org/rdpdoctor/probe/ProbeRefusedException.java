package org.rdpdoctor.probe;

/** A probe the policy does not allow; the message says which rule it broke. */
public final class ProbeRefusedException extends RuntimeException {
    public ProbeRefusedException(String message) {
        super(message);
    }
}
