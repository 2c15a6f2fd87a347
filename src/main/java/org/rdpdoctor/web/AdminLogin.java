package org.rdpdoctor.web;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.security.BasicAuthCredentials;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * The administrator's login, for the admin pages and the admin API: HTTP Basic authentication as
 * user {@value #USER} with the configured password, compared in constant time, and a lockout of the
 * addresses that guess wrong too often.
 */
final class AdminLogin {
    static final String USER = "admin";

    private static final String CHALLENGE = "Basic realm=\"rdp-doctor admin\", charset=\"UTF-8\"";

    private final byte[] userDigest;
    private final byte[] passwordDigest;
    private final FailedLogins failedLogins;

    AdminLogin(String password) {
        this.userDigest = digest(USER);
        this.passwordDigest = digest(Objects.requireNonNull(password, "password"));
        this.failedLogins = new FailedLogins(Clock.systemUTC());
    }

    /**
     * Lets the administrator through; anyone else gets 401 with a Basic challenge, and a client
     * with too many failed attempts gets 429 without its credentials being looked at.
     */
    void check(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        String client = TrustedProxies.counted(ctx.ip());
        Optional<Duration> wait = failedLogins.waitFor(client);
        if (wait.isPresent()) {
            long seconds = Math.max(1, wait.get().toSeconds());
            ctx.header("Retry-After", Long.toString(seconds));
            throw new HttpResponseException(
                    HttpStatus.TOO_MANY_REQUESTS.getCode(),
                    "too many failed admin logins from "
                            + client
                            + " ("
                            + FailedLogins.MAX
                            + " within "
                            + FailedLogins.WINDOW.toMinutes()
                            + " minutes); try again in "
                            + seconds
                            + " s");
        }
        BasicAuthCredentials given = credentials(ctx.header("Authorization"));
        String user = given == null ? "" : given.getUsername();
        String password = given == null ? "" : given.getPassword();
        // & rather than &&: both comparisons always run, so the timing tells nothing.
        boolean allowed =
                given != null
                        & MessageDigest.isEqual(userDigest, digest(user))
                        & MessageDigest.isEqual(passwordDigest, digest(password));
        if (!allowed) {
            if (given != null) {
                // A request without credentials guessed nothing: a browser sends one first.
                failedLogins.failed(client);
            }
            ctx.header("WWW-Authenticate", CHALLENGE);
            throw new ApiException(
                    401,
                    "Authorization",
                    "the admin pages and the admin API need HTTP Basic authentication as user "
                            + USER
                            + " with the admin password");
        }
        failedLogins.succeeded(client);
    }

    /**
     * The credentials of an {@code Authorization} header, or null without one. The scheme's case
     * does not matter (RFC 7617); a header that is not Basic, not Base64 or without the colon
     * between user and password gives empty credentials: a guess, which is counted, that fails.
     */
    private static BasicAuthCredentials credentials(String header) {
        if (header == null) {
            return null;
        }
        String[] parts = header.strip().split("\\s+", 2);
        if (parts.length == 2 && parts[0].equalsIgnoreCase("Basic")) {
            try {
                String pair =
                        new String(Base64.getDecoder().decode(parts[1]), StandardCharsets.UTF_8);
                int colon = pair.indexOf(':');
                if (colon >= 0) {
                    return new BasicAuthCredentials(
                            pair.substring(0, colon), pair.substring(colon + 1));
                }
            } catch (IllegalArgumentException e) {
                // Not Base64: as wrong as any other guess.
            }
        }
        return new BasicAuthCredentials("", "");
    }

    /** Equal-length digests, so the comparison takes the same time whatever the input's length. */
    private static byte[] digest(String text) {
        try {
            return MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }
}
