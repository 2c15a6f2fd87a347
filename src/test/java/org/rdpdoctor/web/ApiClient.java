package org.rdpdoctor.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.rdpdoctor.engine.Json;

/** Sends requests to an app on loopback and remembers every answer that was a 500. */
final class ApiClient {
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI base;
    private final List<String> defaults;

    /** Synchronized: tests send from several threads at once. */
    private final List<String> unexpectedErrors = Collections.synchronizedList(new ArrayList<>());

    /** A client whose every request has the headers {@code defaults}, name, value pairs. */
    ApiClient(int port, String... defaults) {
        this.base = URI.create("http://127.0.0.1:" + port);
        this.defaults = List.of(defaults);
    }

    Reply get(String path, String... headers) {
        return send("GET", path, BodyPublishers.noBody(), headers);
    }

    Reply post(String path, String json, String... headers) {
        return send("POST", path, BodyPublishers.ofString(json), headers);
    }

    Reply delete(String path, String... headers) {
        return send("DELETE", path, BodyPublishers.noBody(), headers);
    }

    /**
     * Sends a request; {@code headers} are name, value pairs, replacing the defaults; a name given
     * twice is sent as two field lines.
     */
    Reply send(String method, String path, BodyPublisher body, String... headers) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(base.resolve(path))
                        .method(method, body)
                        .header("Content-Type", "application/json");
        for (int i = 0; i < defaults.size(); i += 2) {
            request.setHeader(defaults.get(i), defaults.get(i + 1));
        }
        Set<String> given = new HashSet<>();
        for (int i = 0; i < headers.length; i += 2) {
            if (given.add(headers[i])) {
                request.setHeader(headers[i], headers[i + 1]);
            } else {
                request.header(headers[i], headers[i + 1]);
            }
        }
        try {
            var response = http.send(request.build(), BodyHandlers.ofString());
            Reply reply = new Reply(response.statusCode(), response.headers(), response.body());
            if (reply.status() == 500) {
                unexpectedErrors.add(
                        reply.status() + " " + method + " " + path + ": " + reply.body());
            }
            return reply;
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method + " " + path + " was interrupted", e);
        }
    }

    /**
     * Sends {@code target} as the request line's target, byte for byte, with an empty JSON body:
     * for targets that {@link URI} refuses, such as a broken %-escape.
     */
    Reply sendAsTyped(String method, String target) {
        return sendRaw(
                method
                        + " "
                        + target
                        + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 2\r\nConnection: close\r\n\r\n{}");
    }

    /**
     * Sends {@code request} as {@link #raw} does, each character as one byte, and reads the answer:
     * for what {@link HttpClient} changes, such as a header with bytes outside ASCII.
     */
    Reply sendRaw(String request) {
        String[] response = raw(request).split("\r\n\r\n", 2);
        String[] lines = response[0].split("\r\n");
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String line : Arrays.asList(lines).subList(1, lines.length)) {
            String[] header = line.split(":\\s*", 2);
            headers.computeIfAbsent(header[0], name -> new ArrayList<>()).add(header[1]);
        }
        return new Reply(
                Integer.parseInt(lines[0].split(" ")[1]),
                HttpHeaders.of(headers, (name, value) -> true),
                response.length == 2 ? response[1] : "");
    }

    /**
     * Sends {@code request} byte for byte as written (request line, headers and body) and returns
     * the whole response as text, status line and headers included.
     */
    String raw(String request) {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.shutdownOutput();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(request.lines().findFirst().orElse("") + " failed", e);
        }
    }

    /** Every answer with status 500 so far, as "status METHOD path: body". */
    List<String> unexpectedErrors() {
        return List.copyOf(unexpectedErrors);
    }

    /** One response. */
    record Reply(int status, HttpHeaders headers, String body) {
        String contentType() {
            return header("Content-Type");
        }

        /** The header's first value, or "" when it is absent. */
        String header(String name) {
            return headers.firstValue(name).orElse("");
        }

        JsonNode json() {
            try {
                return Json.mapper().readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON (" + status + "): " + body, e);
            }
        }
    }
}
