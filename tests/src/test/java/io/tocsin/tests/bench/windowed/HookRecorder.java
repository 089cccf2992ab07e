package io.tocsin.tests.bench.windowed;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * The webhook both systems deliver to: the first arrival of each (system, alert, instance,
 * status), by the wall clock, with the startsAt it carried. The path names the system.
 */
final class HookRecorder implements AutoCloseable {
    record Key(String system, String alertname, String instance, String status) {
        /** Tocsin's key for an alert as the rules and the notifier write it (labels, state). */
        static Key tocsin(JsonObject alert) {
            JsonObject labels = alert.getJsonObject("labels", new JsonObject());
            return new Key(
                    "tocsin",
                    labels.getString("alertname"),
                    labels.getString("instance"),
                    alert.getString("state", "").toLowerCase(Locale.ROOT));
        }
    }

    /** @param judgedMs the time the alert says it changed: startsAt when firing, endsAt when resolved */
    record Arrival(long atMs, long judgedMs) {}

    private static final String WARM_PATH = "/-/warm";

    private final HttpServer server;
    private final Map<Key, Arrival> first = new ConcurrentHashMap<>();
    /** Every arrival counted: one episode per instance means one firing and one resolved; more is a flap. */
    private final Map<Key, Integer> count = new ConcurrentHashMap<>();

    private HookRecorder(HttpServer server) {
        this.server = server;
    }

    static HookRecorder start() throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        HookRecorder r = new HookRecorder(s);
        s.createContext(WARM_PATH, exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        s.createContext("/", exchange -> {
            long now = System.currentTimeMillis();
            String system = exchange.getRequestURI().getPath().substring(1);
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            r.record(system, body, now);
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        s.setExecutor(Executors.newFixedThreadPool(2));
        s.start();
        r.warm();
        return r;
    }

    /**
     * One call to itself before any system sends: this receiver runs in Tocsin's JVM, and its
     * first request loads the JDK server's code (about 100 classes), which would otherwise be
     * charged to whichever system's webhook came first.
     */
    private void warm() throws IOException {
        try {
            HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                                            + server.getAddress().getPort() + WARM_PATH))
                                    .POST(HttpRequest.BodyPublishers.ofString("{}"))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    String url(String system) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + system;
    }

    private void record(String system, String body, long now) {
        JsonArray alerts = new JsonObject(body).getJsonArray("alerts", new JsonArray());
        for (int i = 0; i < alerts.size(); i++) {
            JsonObject a = alerts.getJsonObject(i);
            JsonObject labels = a.getJsonObject("labels", new JsonObject());
            String status = a.getString("status");
            long judged = Instant.parse(a.getString("firing".equals(status) ? "startsAt" : "endsAt"))
                    .toEpochMilli();
            Key key = new Key(system, labels.getString("alertname"), labels.getString("instance"), status);
            if (AlertsTap.TRACE && "tocsin".equals(system)) {
                System.out.printf("HOOK at=%d %s %s %s %s%n", now, key.alertname(), key.instance(), status, a.encode());
            }
            count.merge(key, 1, Integer::sum);
            first.putIfAbsent(key, new Arrival(now, judged));
        }
    }

    /** How many distinct alerts and statuses each system delivered. */
    Map<String, Long> counts() {
        Map<String, Long> out = new java.util.TreeMap<>();
        first.keySet().forEach(k -> out.merge(k.system(), 1L, Long::sum));
        return out;
    }

    /** How many times the key arrived (0 when never). */
    int count(Key key) {
        return count.getOrDefault(key, 0);
    }

    Arrival first(Key key) {
        return first.get(key);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
