package org.rdpdoctor.web;

import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Checks the length and the encoding of form posts, which Javalin reads whole and decodes leniently
 * before any page sees them.
 */
final class FormEncoding {
    private static final String FORM = "application/x-www-form-urlencoded";

    private FormEncoding() {}

    /**
     * Refuses a form post sent in chunks, without a Content-Length: the form parser reads the whole
     * body into memory, and the request size limit checks only a declared length. Browsers always
     * declare it for a form.
     */
    static void requireLength(Context ctx) {
        if (ctx.contentLength() < 0 && ctx.header("Transfer-Encoding") != null) {
            throw new ApiException(
                    411, null, "a form post must give its length (Content-Length), not chunks");
        }
    }

    /**
     * Refuses a form post whose body is not declared form-encoded (text/plain, none, ...): the form
     * parser reads fields from any body alike, and only a form-encoded one is checked here.
     */
    static void requireForm(Context ctx) {
        String type = ctx.contentType();
        String media = type == null ? "" : type.split(";", 2)[0].strip();
        if (!media.equalsIgnoreCase(FORM)) {
            throw new ApiException(
                    415,
                    "Content-Type",
                    "send the form as "
                            + FORM
                            + ", as a browser does, "
                            + (type == null ? "not without a Content-Type" : "not as " + type));
        }
    }

    /**
     * Refuses a form post with a field that is not UTF-8, raw or percent-encoded, naming the field:
     * the form parser would replace those bytes with U+FFFD, and the replacement would be stored.
     */
    static void requireUtf8(Context ctx) {
        String body = new String(ctx.bodyAsBytes(), StandardCharsets.ISO_8859_1);
        for (String pair : body.split("&")) {
            int equals = pair.indexOf('=');
            byte[] name = formDecoded(equals < 0 ? pair : pair.substring(0, equals));
            byte[] value = formDecoded(equals < 0 ? "" : pair.substring(equals + 1));
            if (!isUtf8(name) || !isUtf8(value)) {
                String field = isUtf8(name) ? new String(name, StandardCharsets.UTF_8) : null;
                throw new ApiException(
                        400,
                        field,
                        (field == null ? "a field name" : "'" + field + "'")
                                + " is not valid UTF-8");
            }
        }
    }

    /** The bytes form-encoded text stands for: '+' is a space and %XX the byte XX. */
    private static byte[] formDecoded(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%'
                    && i + 2 < text.length()
                    && HexFormat.isHexDigit(text.charAt(i + 1))
                    && HexFormat.isHexDigit(text.charAt(i + 2))) {
                bytes.write(HexFormat.fromHexDigits(text, i + 1, i + 3));
                i += 2;
            } else {
                bytes.write(c == '+' ? ' ' : c);
            }
        }
        return bytes.toByteArray();
    }

    private static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
