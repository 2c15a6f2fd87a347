package org.rdpdoctor.web;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rdpdoctor.SessionView;
import org.rdpdoctor.store.ConcurrentUpdateException;

/**
 * The {@code If-Match} header of a session write (RFC 9110, section 13.1.1): one or more entity
 * tags, of which the write needs one to match. A tag matches when it is the session's {@code ETag}
 * (the whole tag: an abandonment, or a reload of the knowledge, whose version the state names,
 * changes it without an event) or, in the short form, its {@code eventCount} ({@code "3"}, which
 * names only the events). Comparison is strong: a weak tag ({@code W/"3"}) never matches.
 */
record IfMatch(List<Tag> tags) {

    /** One entity tag; {@code opaque} is the text between its quotes. */
    record Tag(boolean weak, String opaque) {

        /** The event count this tag names, its first part, or null when it names none. */
        Integer count() {
            Matcher m = COUNTED.matcher(opaque);
            return weak || !m.matches() ? null : Integer.valueOf(m.group(1));
        }

        boolean matches(SessionView session) {
            if (weak) {
                return false;
            }
            return BARE_COUNT.matcher(opaque).matches()
                    ? opaque.equals(String.valueOf(session.eventCount()))
                    : ApiRoutes.etag(session).equals("\"" + opaque + "\"");
        }
    }

    /**
     * An event count, or an ETag of a session: the count and a digest of its body. A count is
     * written without leading zeros, as the session's tag writes it: comparison is strong, so
     * {@code "02"} is not the count 2.
     */
    private static final Pattern COUNTED = Pattern.compile("(0|[1-9]\\d{0,8})(-\\p{Alnum}+)?");

    private static final Pattern BARE_COUNT = Pattern.compile("0|[1-9]\\d*");

    /** One entity tag of a list, with the blanks around it. */
    private static final Pattern TAG =
            Pattern.compile("[ \\t]*(W/)?\"([^\"\\x00-\\x20\\x7F]*)\"[ \\t]*");

    IfMatch {
        tags = List.copyOf(tags);
    }

    /** Whether the request sends an {@code If-Match} that names versions (not {@code *}). */
    static boolean isGiven(Context ctx) {
        String header = Bodies.listHeader(ctx, "If-Match");
        return header != null && !header.strip().equals("*");
    }

    /**
     * The request's {@code If-Match}, or null without one or with {@code *} (any version).
     *
     * @throws ApiException 400 when it is not a list of entity tags
     */
    static IfMatch of(Context ctx) {
        if (!isGiven(ctx)) {
            return null;
        }
        String header = Bodies.listHeader(ctx, "If-Match").strip();
        if (BARE_COUNT.matcher(header).matches()) {
            // A count without quotes, as clients before the ETag sent it.
            return new IfMatch(List.of(new Tag(false, header)));
        }
        List<Tag> tags = new ArrayList<>();
        Matcher tag = TAG.matcher(header);
        int at = 0;
        while (true) {
            tag.region(at, header.length());
            if (!tag.lookingAt()) {
                throw malformed();
            }
            tags.add(new Tag(tag.group(1) != null, tag.group(2)));
            at = tag.end();
            if (at == header.length()) {
                return new IfMatch(tags);
            }
            if (header.charAt(at) != ',') {
                throw malformed();
            }
            at++;
        }
    }

    private static ApiException malformed() {
        return new ApiException(
                400,
                "If-Match",
                "'If-Match' must be *, or the session's ETag, e.g. \"3-5f1c0e9ab2d47a10\", or its"
                        + " eventCount, e.g. \"3\"; several may be listed, comma-separated");
    }

    /** Whether a tag is weak ({@code W/"3"}), which never matches. */
    boolean hasWeak() {
        return tags.stream().anyMatch(Tag::weak);
    }

    /**
     * The event count the write expects, checked first so that a refusal says how many events the
     * session has: the count of a sole strong tag, or null.
     */
    Integer count() {
        return tags.size() == 1 ? tags.get(0).count() : null;
    }

    /**
     * Checks {@code session} as it is now, as a write checks it: for a write that cannot leave the
     * check to {@link org.rdpdoctor.RdpDoctor}, such as a probe, which runs first.
     *
     * @throws ConcurrentUpdateException when no tag names it
     */
    void require(SessionView session) {
        Integer count = count();
        if (count != null && count != session.eventCount()) {
            throw new ConcurrentUpdateException(session.id(), count, session.eventCount());
        }
        Predicate<SessionView> expected = expected();
        if (expected != null && !expected.test(session)) {
            throw new ConcurrentUpdateException(
                    session.id(),
                    session.eventCount(),
                    "is not a version If-Match names (its ETag is now "
                            + ApiRoutes.etag(session)
                            + ")");
        }
    }

    /**
     * The check of the session as it is at the write, or null when the count is check enough (a
     * sole bare count).
     */
    Predicate<SessionView> expected() {
        if (count() != null && BARE_COUNT.matcher(tags.get(0).opaque()).matches()) {
            return null;
        }
        return session -> tags.stream().anyMatch(tag -> tag.matches(session));
    }
}
