package org.rdpdoctor.web;

/** A request the API refuses, with its status and the field at fault (or null). */
final class ApiException extends RuntimeException {
    private final int status;
    private final String field;

    ApiException(int status, String field, String message) {
        super(message);
        this.status = status;
        this.field = field;
    }

    int status() {
        return status;
    }

    String field() {
        return field;
    }
}
