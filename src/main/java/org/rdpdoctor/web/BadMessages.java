package org.rdpdoctor.web;

import java.nio.ByteBuffer;
import java.util.List;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Answers a request Jetty refuses before any route sees it (a {@code %00}, a broken %-escape or a
 * {@code /../} above the root in the URL, a URL or headers too large, a malformed header) with
 * {@code application/problem+json}, like every other error, instead of Jetty's HTML page. Such a
 * request has no usable path, so the body names no instance; the detail says what Jetty found, and
 * the field is the header Jetty's reason names ({@code Content-Length}, {@code Transfer-Encoding},
 * {@code Host}), or {@code url} when it gives no reason, as for the URL's faults; another reason
 * (an illegal character, say) names no field.
 */
final class BadMessages extends ErrorHandler {
    /**
     * The headers Jetty's reasons name, with what to send instead. Transfer-Encoding comes first:
     * its reason beside a Content-Length names both, and the chunked body is the one to keep.
     */
    private static final List<Fault> HEADERS =
            List.of(
                    new Fault(
                            "Transfer-Encoding",
                            "send the body with Transfer-Encoding: chunked alone, or with one"
                                    + " Content-Length instead"),
                    new Fault(
                            "Content-Length", "send one Content-Length: the body's size in bytes"),
                    new Fault("Host", "send one Host header: the server's name"));

    /** A header at fault and what to send instead. */
    private record Fault(String header, String advice) {}

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, Problem.CONTENT_TYPE);
        boolean vague = reason == null || reason.equalsIgnoreCase("Bad Request");
        Fault header =
                vague
                        ? null
                        : HEADERS.stream()
                                .filter(h -> reason.contains(h.header()))
                                .findFirst()
                                .orElse(null);
        String field;
        String detail;
        if (status == 431) {
            field = "headers";
            detail = "the request's headers are larger than the server accepts";
        } else if (status == 414) {
            field = "url";
            detail = "the URL is longer than the server accepts";
        } else if (header != null) {
            field = header.header();
            detail = "the request's headers could not be read (" + reason + "); " + header.advice();
        } else if (vague) {
            // Jetty gives no reason for the faults of a URL it cannot read.
            field = "url";
            detail =
                    "the request line or its headers could not be read; check the URL for a %00,"
                            + " a % not followed by two hex digits, or a /../ that climbs above /";
        } else {
            field = null;
            detail = "the request line or its headers could not be read (" + reason + ")";
        }
        Problem problem =
                new Problem("about:blank", WebApp.title(status), status, detail, field, null);
        return ByteBuffer.wrap(WebApp.jsonBytes(problem));
    }
}
