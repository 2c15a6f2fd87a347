package org.rdpdoctor.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.rdpdoctor.engine.RuleBase;

/**
 * The API takes only JSON, so another site's form cannot post to it (text/plain needs no
 * preflight).
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ApiContentTypeTest {
    private RunningApp app;

    @BeforeEach
    void start() {
        Path small = Path.of("src/test/resources/small");
        app =
                RunningApp.withMemoryStore(
                        RuleBase.load(small.resolve("kb"), small.resolve("rules")));
    }

    @AfterEach
    void stop() {
        app.close();
    }

    @Test
    void a_post_that_is_not_json_is_refused_with_415_and_creates_nothing() throws Exception {
        HttpResponse<String> plain = post("text/plain", "{\"errorCode\": \"0x904\"}");
        HttpResponse<String> form = post("application/x-www-form-urlencoded", "errorCode=0x904");
        HttpResponse<String> json =
                post("application/json; charset=utf-8", "{\"errorCode\": \"0x904\"}");

        assertThat(plain.statusCode()).isEqualTo(415);
        assertThat(plain.body()).contains("\"field\":\"Content-Type\"");
        assertThat(form.statusCode()).isEqualTo(415);
        assertThat(json.statusCode()).isEqualTo(201);
        assertThat(app.doctor().recentSessions(10)).hasSize(1);
    }

    @Test
    void a_type_that_only_starts_like_json_is_refused_with_415() throws Exception {
        HttpResponse<String> jsonfoo = post("application/jsonfoo", "{\"errorCode\": \"0x904\"}");
        HttpResponse<String> jsonSeq = post("application/json-seq", "{\"errorCode\": \"0x904\"}");

        assertThat(jsonfoo.statusCode()).isEqualTo(415);
        assertThat(jsonSeq.statusCode()).isEqualTo(415);
        assertThat(app.doctor().recentSessions(10)).isEmpty();
    }

    @Test
    void a_body_labelled_with_another_charset_than_utf_8_is_refused_with_415_naming_it()
            throws Exception {
        HttpResponse<String> utf16 =
                post("application/json; charset=UTF-16", "{\"errorCode\": \"0x904\"}");
        HttpResponse<String> latin1 =
                post("application/json;charset=\"iso-8859-1\"", "{\"errorCode\": \"0x904\"}");
        HttpResponse<String> capitalName =
                post("application/json; Charset=UTF-16", "{\"errorCode\": \"0x904\"}");
        HttpResponse<String> utf8 =
                post("application/json; Charset=\"UTF-8\"", "{\"errorCode\": \"0x904\"}");
        HttpResponse<String> ascii =
                post("application/json; charset=US-ASCII", "{\"errorCode\": \"0x904\"}");

        assertThat(utf16.statusCode()).isEqualTo(415);
        assertThat(utf16.body())
                .contains("\"field\":\"Content-Type\"")
                .contains("charset=utf-16: the API reads JSON in UTF-8 only");
        assertThat(latin1.statusCode()).isEqualTo(415);
        assertThat(latin1.body()).contains("charset=iso-8859-1: ");
        assertThat(capitalName.statusCode()).isEqualTo(415);
        assertThat(utf8.statusCode()).isEqualTo(201);
        assertThat(ascii.statusCode()).isEqualTo(201);
        assertThat(app.doctor().recentSessions(10)).hasSize(2);
    }

    @Test
    void a_compressed_body_is_refused_with_415_naming_the_encoding() throws Exception {
        byte[] gzipped = gzip("{\"errorCode\": \"0x904\"}");

        HttpResponse<String> reply =
                send(
                        HttpRequest.newBuilder(URI.create(app.url("/api/v1/sessions")))
                                .header("Content-Type", "application/json")
                                .header("Content-Encoding", "gzip")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(gzipped)));

        assertThat(reply.statusCode()).isEqualTo(415);
        assertThat(reply.body())
                .contains("\"field\":\"Content-Encoding\"")
                .contains("Content-Encoding gzip: the API reads bodies as sent, not compressed");
        assertThat(app.doctor().recentSessions(10)).isEmpty();
    }

    @Test
    void a_body_compressed_by_its_transfer_encoding_is_refused_with_415_naming_the_header()
            throws Exception {
        byte[] gzipped = gzip("{\"errorCode\": \"0x904\"}");
        String chunk = Integer.toHexString(gzipped.length) + "\r\n";

        ApiClient.Reply reply =
                new ApiClient(app.port())
                        .sendRaw(
                                "POST /api/v1/sessions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                        + "Content-Type: application/json\r\n"
                                        + "Transfer-Encoding: gzip, chunked\r\n"
                                        + "Connection: close\r\n\r\n"
                                        + chunk
                                        + new String(gzipped, StandardCharsets.ISO_8859_1)
                                        + "\r\n0\r\n\r\n");

        assertThat(reply.status()).isEqualTo(415);
        assertThat(reply.body())
                .contains("\"field\":\"Transfer-Encoding\"")
                .contains(
                        "Transfer-Encoding gzip, chunked: the API reads bodies as sent, not"
                                + " compressed; send the body with Transfer-Encoding: chunked"
                                + " alone, or with a Content-Length");
        assertThat(app.doctor().recentSessions(10)).isEmpty();
    }

    private static byte[] gzip(String text) throws Exception {
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gzipped)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return gzipped.toByteArray();
    }

    private HttpResponse<String> post(String type, String body) throws Exception {
        return send(
                HttpRequest.newBuilder(URI.create(app.url("/api/v1/sessions")))
                        .header("Content-Type", type)
                        .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HttpClient.newHttpClient()
                .send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
