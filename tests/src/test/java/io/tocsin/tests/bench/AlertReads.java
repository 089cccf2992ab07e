package io.tocsin.tests.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The side-by-side driver's HTTP client and its reads of GET /api/v2/alerts, the same for Tocsin
 * and Alertmanager. Answers are read as they stream by, never decoded into a String: at 100k
 * alerts an answer is ~40 MB, and decoding it in this JVM, which also runs Tocsin's notifier, cost
 * more than the answer did and fed the collector cycles that the timed reads then paid for
 * (sessions 12 and 13).
 */
final class AlertReads {
    static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private AlertReads() {}

    /** How many alerts matching {@code matcher} the instance's answer lists (peers' alerts included). */
    static int count(String url, String matcher) {
        return count(url, matcher, "");
    }

    /** How many alerts matching {@code matcher} the instance's groups hold ({@code local=true}: kept posts left out). */
    static int countHeld(String url, String matcher) {
        return count(url, matcher, "&local=true");
    }

    /** A refusal (503 while the notifier starts) lists no alert: 0, and the poll goes on. */
    private static int count(String url, String matcher, String more) {
        return read(
                url + "/api/v2/alerts?filter=" + URLEncoder.encode(matcher, StandardCharsets.UTF_8) + more,
                false,
                BytePattern.FINGERPRINT::count);
    }

    /** The whole answer's size; the read's time is until its last byte. */
    static long readToTheLastByte(String url) {
        return read(url, true, body -> {
            long n = 0;
            byte[] buffer = new byte[64 * 1024];
            for (int r; (r = body.read(buffer)) >= 0; ) {
                n += r;
            }
            return n;
        });
    }

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(request.uri() + ": " + e, e);
        }
    }

    private interface BodyReader<T> {
        T read(InputStream body) throws IOException;
    }

    private static <T> T read(String url, boolean only200, BodyReader<T> reader) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(60))
                .GET()
                .build();
        try {
            HttpResponse<InputStream> response = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
            T out;
            try (InputStream body = response.body()) {
                out = reader.read(body);
            }
            if (only200 && response.statusCode() != 200) {
                throw new IllegalStateException(url + " answered " + response.statusCode());
            }
            return out;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(url + ": " + e, e);
        }
    }
}
