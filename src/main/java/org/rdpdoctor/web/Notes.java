package org.rdpdoctor.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.rdpdoctor.Shortened;

/**
 * Notes that a redirect carries to the page it lands on ("This was not recorded: …", "The host was
 * not checked: …"). The address holds only a random key to the note kept here, so a link made
 * elsewhere cannot put words of its sender's choosing on a page; a note lasts {@link #KEPT}, long
 * enough for the redirect and a reload, and a link to it pasted into a ticket shows no note after.
 */
final class Notes {
    /** The longest note shown; a longer one is cut (it may quote what the user typed). */
    static final int MAX = 500;

    static final Duration KEPT = Duration.ofMinutes(10);

    private static final Pattern KEY = Pattern.compile("[0-9a-f]{32}");

    private final Cache<String, String> notes =
            Caffeine.newBuilder().expireAfterWrite(KEPT).maximumSize(10_000).build();
    private final SecureRandom random = new SecureRandom();

    /** The query that shows {@code note} at the top of the page it is added to. */
    String query(String note) {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        String key = HexFormat.of().formatHex(bytes);
        notes.put(key, Shortened.cut(note, MAX));
        return "?note=" + key;
    }

    /** The note a query's key names, or null for none, an expired one or a made-up key. */
    String shown(String key) {
        return key == null || !KEY.matcher(key).matches() ? null : notes.getIfPresent(key);
    }
}
