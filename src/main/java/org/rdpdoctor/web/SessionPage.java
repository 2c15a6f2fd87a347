package org.rdpdoctor.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.rdpdoctor.RdpDoctor;
import org.rdpdoctor.store.SessionCursor;
import org.rdpdoctor.store.SessionSummary;

/**
 * One page of the session list, newest first, as the API and the start page show it, with the query
 * of the page after it. The {@code cursor} in that query is a session's update time and id, and a
 * digest of the listing's ticket reference, in one URL-safe token, which clients send back
 * unchanged and need not read: a cursor sent with another listing than the one that gave it out is
 * refused, as it would start that listing partway.
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
     * @throws ApiException 400 naming {@code cursor} when the token is not one a page of this
     *     listing gave
     */
    static SessionPage read(RdpDoctor doctor, String ticketRef, int limit, String cursor) {
        List<SessionSummary> found =
                doctor.sessions(
                        ticketRef, limit + 1, cursor == null ? null : parse(cursor, ticketRef));
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
        next.append(CURSOR)
                .append('=')
                .append(token(SessionCursor.after(found.get(limit - 1)), ticketRef));
        return new SessionPage(found.subList(0, limit), next.toString());
    }

    private static String token(SessionCursor cursor, String ticketRef) {
        String text = cursor.updatedAt() + "|" + cursor.id() + "|" + listing(ticketRef);
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The listing a cursor belongs to: all sessions, or a digest of the ticket reference without
     * the spaces around it, as sessions are found by it.
     */
    private static String listing(String ticketRef) {
        if (ticketRef == null) {
            return "all";
        }
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256")
                            .digest(ticketRef.strip().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * The cursor a token holds, for the listing of {@code ticketRef}. A token of two parts, from a
     * version that did not name the listing, is taken for any.
     */
    private static SessionCursor parse(String token, String ticketRef) {
        try {
            String text =
                    new String(
                            Base64.getUrlDecoder().decode(token.strip()), StandardCharsets.UTF_8);
            String[] parts = text.split("\\|", -1);
            if (parts.length < 2 || parts.length > 3) {
                throw new IllegalArgumentException("not a cursor's parts");
            }
            Instant updatedAt = Instant.parse(parts[0]);
            if (updatedAt.isBefore(Instant.EPOCH) || updatedAt.isAfter(LAST_TIME)) {
                throw new IllegalArgumentException("no session was updated then");
            }
            String id = parts[1];
            if (!UUID.fromString(id).toString().equals(id)) {
                throw new IllegalArgumentException("not a session id");
            }
            if (parts.length == 3 && !parts[2].equals(listing(ticketRef))) {
                throw new ApiException(
                        400,
                        CURSOR,
                        "'"
                                + CURSOR
                                + "' was given out for another listing: send it with the"
                                + " ticketRef of the page that gave it (the Link header's"
                                + " rel=\"next\" has both), or leave it out to start at the"
                                + " newest");
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
