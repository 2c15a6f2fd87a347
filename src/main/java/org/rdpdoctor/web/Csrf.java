package org.rdpdoctor.web;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Double-submit CSRF protection for the pages: a random token in a same-site, HTTP-only cookie,
 * repeated in a hidden field of every form; a form post whose field does not match is refused.
 */
final class Csrf {
    static final String COOKIE = "rdp_csrf";
    static final String FIELD = "_csrf";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Csrf() {}

    /** The browser's token, created (and set as a cookie) on its first visit. */
    static String token(Context ctx) {
        String token = ctx.cookie(COOKIE);
        if (token == null || !token.matches("[0-9a-f]{32}")) {
            byte[] bytes = new byte[16];
            RANDOM.nextBytes(bytes);
            token = HexFormat.of().formatHex(bytes);
            Cookie cookie = new Cookie(COOKIE, token);
            cookie.setHttpOnly(true);
            cookie.setSameSite(SameSite.STRICT);
            cookie.setPath("/");
            ctx.cookie(cookie);
        }
        return token;
    }

    /** Refuses a form post whose token is missing or differs from the cookie's. */
    static void check(Context ctx) {
        String cookie = ctx.cookie(COOKIE);
        String field = ctx.formParam(FIELD);
        if (cookie == null
                || field == null
                || !MessageDigest.isEqual(
                        cookie.getBytes(StandardCharsets.UTF_8),
                        field.getBytes(StandardCharsets.UTF_8))) {
            throw new ApiException(
                    403,
                    FIELD,
                    "this form has expired or did not come from rdp-doctor; reload the page and try again");
        }
    }
}
