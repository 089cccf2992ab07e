package io.tocsin.tests.packs;

import io.tocsin.tests.Http;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What the systems of the packs would send, through ingest's HTTP API: exporter gauges and
 * counters as /v1/samples, application logs as /v1/logs, four times a second (a 15 s scrape on
 * the test's 60x clock). Each breach is a switch the
 * test flips; counters keep counting in between, as real ones do.
 */
final class PackTraffic implements AutoCloseable {
    private static final long TICK_MS = 250;

    volatile boolean postgresUp = true;
    volatile boolean webErrors;
    volatile boolean redisMemoryHigh = true;
    volatile boolean celeryFailing = true;
    volatile boolean errorLogs = true;
    volatile boolean certExpiring = true;
    volatile boolean diskFull = true;

    private final String ingest;
    private final String run;
    private final String prod;
    private final String staging;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "pack-traffic");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, long[]> counters = new java.util.HashMap<>();

    private PackTraffic(String ingest, String run, String prod, String staging) {
        this.ingest = ingest;
        this.run = run;
        this.prod = prod;
        this.staging = staging;
    }

    static PackTraffic start(String ingestUrl, String run, String prod, String staging) {
        PackTraffic t = new PackTraffic(ingestUrl, run, prod, staging);
        t.timer.scheduleAtFixedRate(t::tick, 0, TICK_MS, TimeUnit.MILLISECONDS);
        return t;
    }

    /** A failed post is reported and the next tick goes on: a scheduled task that throws would stop for good. */
    private void tick() {
        try {
            send();
        } catch (RuntimeException e) {
            System.err.println("pack traffic: " + e.getMessage());
        }
    }

    private void send() {
        JsonArray samples = new JsonArray();
        // web: 100 requests/s per env, 5 % of them 5xx while the app fails
        for (String env : new String[] {prod, staging}) {
            Map<String, String> ok = Map.of("service", "shop", "env", env, "status", "200");
            Map<String, String> err = Map.of("service", "shop", "env", env, "status", "500");
            samples.add(sample("http_requests_total", ok, count("ok" + env, 50), "counter"));
            samples.add(sample("http_requests_total", err, count("err" + env, webErrors ? 3 : 0), "counter"));
        }
        samples.add(sample("pg_up", Map.of("instance", "db-" + run, "env", prod), postgresUp ? 1 : 0, "gauge"));
        Map<String, String> redis = Map.of("instance", "cache-" + run, "env", prod);
        samples.add(sample("redis_memory_used_bytes", redis, redisMemoryHigh ? 0.95e9 : 0.5e9, "gauge"));
        samples.add(sample("redis_memory_max_bytes", redis, 1e9, "gauge"));
        Map<String, String> task = Map.of("name", "send_invoice_" + run);
        samples.add(sample("celery_task_received_total", task, count("received", 10), "counter"));
        samples.add(sample("celery_task_failed_total", task, count("failed", celeryFailing ? 1 : 0), "counter"));
        samples.add(sample(
                "probe_tls_cert_expiry_days",
                Map.of("job", "shop-" + run, "instance", "https://shop-" + run + ".example.org/health"),
                certExpiring ? 10 : 60,
                "gauge"));
        Map<String, String> disk = Map.of("instance", "web-" + run, "env", prod, "mountpoint", "/", "fstype", "ext4");
        samples.add(sample("node_filesystem_avail_bytes", disk, diskFull ? 10e9 : 50e9, "gauge"));
        samples.add(sample("node_filesystem_size_bytes", disk, 100e9, "gauge"));
        check(Http.post(
                ingest + "/v1/samples", new JsonObject().put("samples", samples).encode()));

        JsonArray logs = new JsonArray();
        JsonObject stream = new JsonObject().put("app", "shop-" + run).put("env", prod);
        logs.add(new JsonObject().put("labels", stream).put("line", "INFO GET /cart 200 12ms"));
        for (int i = 0; errorLogs && i < 2; i++) {
            logs.add(new JsonObject().put("labels", stream).put("line", "ERROR payment gateway timed out"));
        }
        check(Http.post(ingest + "/v1/logs", new JsonObject().put("logs", logs).encode()));
    }

    private long count(String name, long increase) {
        long[] c = counters.computeIfAbsent(name, k -> new long[1]);
        c[0] += increase;
        return c[0];
    }

    private static JsonObject sample(String name, Map<String, String> labels, double value, String kind) {
        return new JsonObject()
                .put("name", name)
                .put("labels", new JsonObject(Map.copyOf(labels)))
                .put("value", value)
                .put("kind", kind);
    }

    private static void check(HttpResponse<String> r) {
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException("ingest answered " + r.statusCode() + ": " + r.body());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
