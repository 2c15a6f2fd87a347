package org.rdpdoctor.kb;

/** A document knowledge comes from. {@code note} may be null. */
public record Source(
        String id, String title, String location, String kind, String trust, String note) {
    public Source {}
}
