package org.rdpdoctor.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.rdpdoctor.RdpDoctor;
import org.rdpdoctor.store.SessionCursor;
import org.rdpdoctor.store.SessionSummary;

/**
 * One page of the session list, newest first, as the API and the start page show it, with the query
 * of the page after it. The {@code cursor} in that query is a session's update time and id in one
 * URL-safe token, which clients send back unchanged and need not read.
 *
 * @param next the query of the next page ({@code ticketRef}, {@code limit} unless it is the
 *     default, {@code cursor}), or null when this page is the last
 */
record SessionPage(List<SessionSummary> sessions, String next) {
    static final String CURSOR = "cursor";

    /**
     * The latest update time a cursor may hold: every database stores it, where a later one (year
     * 300,000) is out of PostgreSQL's range.
     */
    private static final Instant LAST_TIME = Instant.parse("9999-12-31T23:59:59.999999Z");

    /** The most sessions one page holds. */
    static final int MAX_LIMIT = 1000;

    /** How many sessions a page holds unless asked for another number. */
    static int defaultLimit(String ticketRef) {
        return ticketRef == null ? 20 : MAX_LIMIT;
    }

    /**
     * The page of at most {@code limit} sessions after {@code cursor}, a token a page's {@code
     * next} gave (null: the first page).
     *
     * @throws ApiException 400 naming {@code cursor} when the token is not one a page gave
     */
    static SessionPage read(RdpDoctor doctor, String ticketRef, int limit, String cursor) {
        List<SessionSummary> found =
                doctor.sessions(ticketRef, limit + 1, cursor == null ? null : parse(cursor));
        if (found.size() <= limit) {
            return new SessionPage(found, null);
        }
        StringBuilder next = new StringBuilder();
        if (ticketRef != null) {
            next.append("ticketRef=")
                    .append(URLEncoder.encode(ticketRef, StandardCharsets.UTF_8))
                    .append('&');
        }
        if (limit != defaultLimit(ticketRef)) {
            next.append("limit=").append(limit).append('&');
        }
        next.append(CURSOR).append('=').append(token(SessionCursor.after(found.get(limit - 1))));
        return new SessionPage(found.subList(0, limit), next.toString());
    }

    private static String token(SessionCursor cursor) {
        String text = cursor.updatedAt() + "|" + cursor.id();
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static SessionCursor parse(String token) {
        try {
            String text =
                    new String(
                            Base64.getUrlDecoder().decode(token.strip()), StandardCharsets.UTF_8);
            int bar = text.indexOf('|');
            if (bar < 0) {
                throw new IllegalArgumentException("no separator");
            }
            Instant updatedAt = Instant.parse(text.substring(0, bar));
            if (updatedAt.isBefore(Instant.EPOCH) || updatedAt.isAfter(LAST_TIME)) {
                throw new IllegalArgumentException("no session was updated then");
            }
            String id = text.substring(bar + 1);
            if (!UUID.fromString(id).toString().equals(id)) {
                throw new IllegalArgumentException("not a session id");
            }
            return new SessionCursor(updatedAt, id);
        } catch (IllegalArgumentException | DateTimeException e) {
            throw new ApiException(
                    400,
                    CURSOR,
                    "'"
                            + CURSOR
                            + "' is not a cursor this server gave out: send the one of the"
                            + " previous page's Link header (rel=\"next\") unchanged");
        }
    }
}
