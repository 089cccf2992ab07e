package io.tocsin.tests.cluster;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Every notification delivered to the webhook receivers of a test, one HTTP server on loopback
 * with a path per receiver ({@code /hook/<receiver>}): each alert of each payload is one entry,
 * stamped with when it arrived. Answers 200 to everything, so nothing is retried because of us.
 */
final class WebhookLog implements AutoCloseable {
    /**
     * One alert of one delivered payload.
     *
     * @param startsAt the alert's startsAt: the same on two "firing" means a notification told
     *     twice, another means the alert fired anew (a second episode)
     * @param groupKey the payload's groupKey
     * @param payload the whole payload as received, to tell two notifications apart when one is too many
     */
    record Delivery(
            String receiver,
            String alertname,
            String job,
            String status,
            long atMs,
            String startsAt,
            String groupKey,
            String payload) {
        /** Without the payload: a run's list of deliveries goes into assertion messages. */
        @Override
        public String toString() {
            return receiver + " " + alertname + "{job=" + job + "} " + status + " at " + atMs + " startsAt=" + startsAt;
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(2);
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

    private WebhookLog(HttpServer server) {
        this.server = server;
    }

    static WebhookLog start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        WebhookLog log = new WebhookLog(server);
        server.createContext("/hook/", log::handle);
        server.setExecutor(log.threads);
        server.start();
        return log;
    }

    String url(String receiver) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook/" + receiver;
    }

    List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    /** How many times this receiver was told this job's alert had this status. */
    long count(String receiver, String alertname, String job, String status) {
        return deliveries.stream()
                .filter(d -> d.receiver().equals(receiver)
                        && d.alertname().equals(alertname)
                        && d.job().equals(job)
                        && d.status().equals(status))
                .count();
    }

    /**
     * Every delivery to this receiver of this status of this job's alert, each with its startsAt,
     * groupKey and whole payload: what a failure message needs to tell two notifications apart.
     */
    String describe(String receiver, String alertname, String job, String status) {
        StringBuilder out = new StringBuilder();
        deliveries.stream()
                .filter(d -> d.receiver().equals(receiver)
                        && d.alertname().equals(alertname)
                        && d.job().equals(job)
                        && d.status().equals(status))
                .forEach(d -> out.append("\n  ")
                        .append(d)
                        .append(" groupKey=")
                        .append(d.groupKey())
                        .append("\n    ")
                        .append(d.payload()));
        return out.toString();
    }

    /** Every delivery to this receiver of this status of this job's alert, in the order they came. */
    List<Delivery> copies(String receiver, String alertname, String job, String status) {
        return deliveries.stream()
                .filter(d -> d.receiver().equals(receiver)
                        && d.alertname().equals(alertname)
                        && d.job().equals(job)
                        && d.status().equals(status))
                .sorted(java.util.Comparator.comparingLong(Delivery::atMs))
                .toList();
    }

    /** When this receiver first heard this status of this job's alert at or after {@code sinceMs}; -1 if never. */
    long firstAt(String receiver, String alertname, String job, String status, long sinceMs) {
        return deliveries.stream()
                .filter(d -> d.receiver().equals(receiver)
                        && d.alertname().equals(alertname)
                        && d.job().equals(job)
                        && d.status().equals(status)
                        && d.atMs() >= sinceMs)
                .mapToLong(Delivery::atMs)
                .min()
                .orElse(-1);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange;
                InputStream in = exchange.getRequestBody()) {
            long at = System.currentTimeMillis();
            String receiver = exchange.getRequestURI().getPath().substring("/hook/".length());
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            JsonObject payload = new JsonObject(body);
            payload.getJsonArray("alerts").forEach(a -> {
                JsonObject alert = (JsonObject) a;
                JsonObject labels = alert.getJsonObject("labels");
                deliveries.add(new Delivery(
                        receiver,
                        labels.getString("alertname"),
                        labels.getString("job", ""),
                        alert.getString("status"),
                        at,
                        String.valueOf(alert.getValue("startsAt")),
                        String.valueOf(payload.getValue("groupKey")),
                        body));
            });
            exchange.sendResponseHeaders(200, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
