package org.rdpdoctor;

/** No session has this id. */
public final class SessionNotFoundException extends RuntimeException {
    public SessionNotFoundException(String id) {
        super("no session with id '" + id + "'");
    }
}
