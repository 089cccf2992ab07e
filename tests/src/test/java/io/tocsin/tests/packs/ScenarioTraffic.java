package io.tocsin.tests.packs;

import io.tocsin.tests.Http;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Sends every {@link PackScenario}'s traffic to ingest four times a second, in one batch per
 * endpoint. A scenario breaches from its warmup's end until the test calls {@link #recover}.
 */
final class ScenarioTraffic implements AutoCloseable {
    private static final long TICK_MS = 250;

    private final String ingest;
    private final List<PackScenario> scenarios;
    private final long startedAt = System.nanoTime();
    private final Map<String, Boolean> recovered = new ConcurrentHashMap<>();
    private final Map<String, Double> counters = PackBatch.newCounters();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "pack-scenarios");
        t.setDaemon(true);
        return t;
    });

    private ScenarioTraffic(String ingest, List<PackScenario> scenarios) {
        this.ingest = ingest;
        this.scenarios = scenarios;
    }

    static ScenarioTraffic start(String ingestUrl, List<PackScenario> scenarios) {
        ScenarioTraffic t = new ScenarioTraffic(ingestUrl, scenarios);
        t.timer.scheduleAtFixedRate(t::tick, 0, TICK_MS, TimeUnit.MILLISECONDS);
        return t;
    }

    void recover(PackScenario s) {
        recovered.put(s.alert(), true);
    }

    private boolean breaching(PackScenario s) {
        return !recovered.containsKey(s.alert())
                && System.nanoTime() - startedAt >= s.warmup().toNanos();
    }

    /** A failed post is reported and the next tick goes on: a scheduled task that throws would stop for good. */
    private void tick() {
        try {
            PackBatch batch = new PackBatch(counters);
            for (PackScenario s : scenarios) {
                s.source().emit(batch, breaching(s));
            }
            post("/v1/samples", new JsonObject().put("samples", batch.samples));
            if (!batch.logs.isEmpty()) {
                post("/v1/logs", new JsonObject().put("logs", batch.logs));
            }
            if (!batch.events.isEmpty()) {
                post("/v1/events", new JsonObject().put("events", batch.events));
            }
        } catch (RuntimeException e) {
            System.err.println("pack scenarios: " + e.getMessage());
        }
    }

    private void post(String path, JsonObject body) {
        HttpResponse<String> r = Http.post(ingest + path, body.encode());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(path + ": ingest answered " + r.statusCode() + ": " + r.body());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
