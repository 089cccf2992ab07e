package io.tocsin.server.cli.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.tocsin.server.cli.Run;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code tocsin why} and {@code history} over real HTTP against a server answering as the
 * contract says (the notifier's endpoint comes with the provenance branch): what is asked,
 * how the answer is shown, and how a refusal is one line with exit 1.
 */
class WhyCommandTest {
    private HttpServer server;
    private final List<String> asked = new CopyOnWriteArrayList<>();
    private volatile int status;
    private volatile String body;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            asked.add(exchange.getRequestURI().toString() + " auth="
                    + exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    void why_asks_with_the_selector_and_time_and_prints_the_answer_as_text() {
        status = 200;
        body = io.tocsin.server.cli.render.WhyTextTest.SILENCED;
        Run r = Run.of(
                Map.of("TOCSIN_API_TOKEN", "t0ken"),
                "why",
                "--notifier",
                url(),
                "--match",
                "{alertname=\"PostgresDown\"}",
                "--at",
                "2026-12-05T03:00:00Z");
        assertEquals(0, r.exit(), r.err());
        assertEquals(
                List.of(
                        "/api/v1/why?match=%7Balertname%3D%22PostgresDown%22%7D&at=2026-12-05T03%3A00%3A00Z auth=Bearer t0ken"),
                asked);
        assertTrue(r.out().startsWith("SILENCED: Not paged"), r.out());
        assertTrue(r.out().contains("+ 0.1  pager"), r.out());
    }

    @Test
    void why_by_fingerprint_with_json_prints_the_answer_as_it_is() {
        status = 200;
        body = "{\"verdict\":\"notify\",\"fingerprint\":\"abc\"}";
        Run r = Run.of("why", "--notifier", url(), "--fingerprint", "abc", "--json");
        assertEquals(0, r.exit(), r.err());
        assertEquals(List.of("/api/v1/why?fingerprint=abc auth=null"), asked);
        assertTrue(r.out().contains("\"verdict\" : \"notify\""), r.out());
    }

    @Test
    void a_bad_selector_refused_with_400_is_one_line_and_exit_1() {
        status = 400;
        body = "{\"error\":\"match: column 12: expected a quoted value\"}";
        Run r = Run.of("why", "--notifier", url(), "--match", "{alertname=}");
        assertEquals(1, r.exit());
        assertEquals("tocsin: GET /api/v1/why: 400 match: column 12: expected a quoted value\n", r.err());
        assertEquals("", r.out());
    }

    @Test
    void history_of_an_unknown_fingerprint_is_the_404_message_and_exit_1() {
        status = 404;
        body = "{\"error\":\"no record of alert 0123456789abcdef\"}";
        Run r = Run.of("history", "--notifier", url(), "0123456789abcdef");
        assertEquals(1, r.exit());
        assertEquals(
                "tocsin: GET /api/v1/alerts/0123456789abcdef/history: 404 no record of alert 0123456789abcdef\n",
                r.err());
        assertEquals(List.of("/api/v1/alerts/0123456789abcdef/history?limit=200 auth=null"), asked);
    }

    @Test
    void why_needs_labels_or_a_fingerprint_but_not_both() {
        assertEquals(2, Run.of("why", "--notifier", url()).exit());
        assertEquals(
                2,
                Run.of("why", "--notifier", url(), "-m", "{a=\"b\"}", "-f", "x").exit());
    }

    @Test
    void a_notifier_that_does_not_answer_is_named() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Run r = Run.of("why", "--notifier", "http://127.0.0.1:" + closed, "-f", "x");
        assertEquals(1, r.exit());
        assertTrue(r.err().startsWith("tocsin: cannot reach http://127.0.0.1:" + closed), r.err());
    }
}
