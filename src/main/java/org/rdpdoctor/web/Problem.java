package org.rdpdoctor.web;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An error response body as RFC 9457 defines it ({@code application/problem+json}), with the
 * request field at fault when there is one.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Problem(
        String type, String title, int status, String detail, String field, String instance) {
    static final String CONTENT_TYPE = "application/problem+json";
}
