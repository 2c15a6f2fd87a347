package org.rdpdoctor.web;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Answers a request Jetty refuses before any route sees it (a {@code %00}, a broken %-escape or a
 * {@code /../} above the root in the URL, a URL or headers too large, a malformed header) with
 * {@code application/problem+json}, like every other error, instead of Jetty's HTML page. Such a
 * request has no usable path, so the body names no instance; the detail says what Jetty found.
 */
final class BadMessages extends ErrorHandler {
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, Problem.CONTENT_TYPE);
        boolean headers = status == 431;
        String detail =
                switch (status) {
                    case 431 -> "the request's headers are larger than the server accepts";
                    case 414 -> "the URL is longer than the server accepts";
                    default ->
                            "the request line or its headers could not be read"
                                    + (reason == null || reason.equalsIgnoreCase("Bad Request")
                                            ? ""
                                            : " (" + reason + ")")
                                    + "; check the URL for a %00, a % not followed by two hex"
                                    + " digits, or a /../ that climbs above /";
                };
        Problem problem =
                new Problem(
                        "about:blank",
                        WebApp.title(status),
                        status,
                        detail,
                        headers ? "headers" : "url",
                        null);
        return ByteBuffer.wrap(WebApp.jsonBytes(problem));
    }
}
