package org.rdpdoctor.web;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * CSRF protection for the pages, in two layers. A browser that says where a form post comes from
 * ({@code Sec-Fetch-Site}) must say from this origin: another port of the same host is another
 * site's page. And every form repeats, in a hidden field, a token the server signed and set as a
 * same-site, HTTP-only cookie: a token another site planted in the cookie is refused, because its
 * signature is not this server's.
 *
 * <p>The cookie is {@code SameSite=Lax}, not {@code Strict}: a helpdesk agent often opens a session
 * from a link in the ticketing system, and a strict cookie is not sent on that navigation, so the
 * page would set a new one and every form already open in another tab would be refused. Lax still
 * keeps the cookie off another site's form posts.
 */
final class Csrf {
    static final String COOKIE = "rdp_csrf";
    static final String FIELD = "_csrf";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String TOKEN = "[0-9a-f]{32}\\.[0-9a-f]{64}";

    /** Who may post a form, as {@code Sec-Fetch-Site} says: this origin, or the user by hand. */
    private static final Set<String> SAME_ORIGIN = Set.of("same-origin", "none");

    /** The key tokens are signed with; a restart makes open forms expire. */
    private static final SecretKeySpec KEY = key();

    private Csrf() {}

    /** The browser's token, created (and set as a cookie) on its first visit. */
    static String token(Context ctx) {
        String token = ctx.cookie(COOKIE);
        if (!signed(token)) {
            byte[] bytes = new byte[16];
            RANDOM.nextBytes(bytes);
            String nonce = HexFormat.of().formatHex(bytes);
            token = nonce + "." + signature(nonce);
            Cookie cookie = new Cookie(COOKIE, token);
            cookie.setHttpOnly(true);
            cookie.setSameSite(SameSite.LAX);
            cookie.setPath("/");
            ctx.cookie(cookie);
        }
        return token;
    }

    /**
     * Refuses a form post from another site, or whose token is missing, not signed by this server
     * or different from the cookie's.
     */
    static void check(Context ctx) {
        String site = ctx.header("Sec-Fetch-Site");
        String cookie = ctx.cookie(COOKIE);
        String field = ctx.formParam(FIELD);
        if ((site != null && !SAME_ORIGIN.contains(site))
                || !signed(cookie)
                || field == null
                || !MessageDigest.isEqual(
                        cookie.getBytes(StandardCharsets.UTF_8),
                        field.getBytes(StandardCharsets.UTF_8))) {
            throw new ApiException(
                    403,
                    FIELD,
                    "this form has expired or did not come from rdp-doctor; open the page again (not the"
                            + " browser's reload, which sends the same form) and send it from there");
        }
    }

    /**
     * Whether a form of this origin came with a token that is not the browser's now: the page was
     * drawn before a restart, which changes the key, or before the cookie was replaced (cleared by
     * the user, or set anew by a page loaded since). What it sends may be shown again, with the
     * current token, for the user to send on purpose; it must not be acted on.
     */
    static boolean expired(Context ctx) {
        String site = ctx.header("Sec-Fetch-Site");
        String field = ctx.formParam(FIELD);
        return (site == null || SAME_ORIGIN.contains(site))
                && field != null
                && field.matches(TOKEN)
                && (!signed(field) || !field.equals(ctx.cookie(COOKIE)));
    }

    /** Whether {@code token} is a nonce with this server's signature. */
    private static boolean signed(String token) {
        if (token == null || !token.matches(TOKEN)) {
            return false;
        }
        String nonce = token.substring(0, 32);
        return MessageDigest.isEqual(
                signature(nonce).getBytes(StandardCharsets.US_ASCII),
                token.substring(33).getBytes(StandardCharsets.US_ASCII));
    }

    private static String signature(String nonce) {
        try {
            Mac mac = Mac.getInstance(KEY.getAlgorithm());
            mac.init(KEY);
            return HexFormat.of().formatHex(mac.doFinal(nonce.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this Java runtime", e);
        }
    }

    private static SecretKeySpec key() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return new SecretKeySpec(key, "HmacSHA256");
    }
}
