package io.tocsin.tests.notifier;

import static io.tocsin.tests.Eventually.await;
import static io.tocsin.tests.notifier.NotifierOnBroker.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.tests.KafkaBroker;
import io.tocsin.tests.RunsAlone;
import io.tocsin.tests.ScriptedHook;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One receiver, four webhooks, the real broker and notifier. First all four answer; then one is
 * gone (connection refused), one hangs (accepts, never answers) and one answers 429 with
 * Retry-After, while the fourth stays healthy. The healthy one hears of each new alert as fast as
 * it did when all four were fine, and once the three recover each gets every alert exactly once.
 */
@ExtendWith(KafkaBroker.class)
@RunsAlone
class DestinationIsolationIT {
    private static final Logger log = LoggerFactory.getLogger(DestinationIsolationIT.class);
    private static final int ALERTS = 5;
    private static final Duration SPACING = Duration.ofMillis(400);
    /** How far the healthy destination's median latency may move when its neighbours fail. */
    private static final Duration TOLERANCE = Duration.ofMillis(200);

    @Test
    void aDeadAHangingAndARateLimitingDestinationDelayOnlyThemselves() throws Exception {
        Vertx vertx = Vertx.vertx();
        String app = "it-isolation-" + UUID.randomUUID().toString().substring(0, 8);
        try (ScriptedHook healthy = ScriptedHook.start(vertx);
                ScriptedHook dead = ScriptedHook.start(vertx);
                ScriptedHook hanging = ScriptedHook.start(vertx);
                ScriptedHook limited = ScriptedHook.start(vertx);
                NotifierOnBroker notifier = NotifierOnBroker.start(
                        vertx,
                        KafkaBroker.bootstrap(),
                        config(healthy, dead, hanging, limited),
                        Map.of(),
                        Files.createDirectories(Path.of("target", app)),
                        app)) {
            List<ScriptedHook> all = List.of(healthy, dead, hanging, limited);

            long allHealthy = medianLatencyMillis(notifier, healthy, "IsoCalm");
            for (ScriptedHook hook : all) {
                await(
                        Duration.ofSeconds(30),
                        "every calm alert at every hook",
                        () -> received(hook, "IsoCalm") == ALERTS ? true : null);
            }

            dead.mode(ScriptedHook.Mode.REFUSE);
            hanging.mode(ScriptedHook.Mode.HANG);
            limited.mode(ScriptedHook.Mode.TOO_MANY);
            long besideFailures = medianLatencyMillis(notifier, healthy, "IsoStorm");
            log.info(
                    "healthy destination, median latency over {} alerts: {} ms with all healthy, {} ms beside a dead, "
                            + "a hanging and a 429-ing destination",
                    ALERTS,
                    allHealthy,
                    besideFailures);
            assertTrue(
                    Math.abs(besideFailures - allHealthy) <= TOLERANCE.toMillis(),
                    "healthy latency " + besideFailures + " ms beside failures vs " + allHealthy + " ms all healthy");
            assertTrue(hanging.hung() > 0 && limited.tooManyAnswered() > 0, "the failing ones were being tried");
            assertEquals(0, received(dead, "IsoStorm") + received(hanging, "IsoStorm") + received(limited, "IsoStorm"));
            String metrics = notifier.registry.scrape();
            assertTrue(
                    metrics.contains("tocsin_notifier_delivery_queued{destination=\"iso/webhook[1]\"} " + ALERTS),
                    "the dead destination's queue is exported");
            assertTrue(metrics.contains("tocsin_notifier_delivery_queued{destination=\"iso/webhook[0]\"} 0"));
            assertTrue(metrics.contains("tocsin_notifier_alerts_backlog "), "the dispatch backlog is exported");

            dead.mode(ScriptedHook.Mode.ANSWER);
            hanging.mode(ScriptedHook.Mode.ANSWER);
            limited.mode(ScriptedHook.Mode.ANSWER);
            for (ScriptedHook hook : all) {
                await(
                        Duration.ofSeconds(60),
                        "every storm alert at every hook after recovery",
                        () -> received(hook, "IsoStorm") == ALERTS ? true : null);
            }
            Thread.sleep(3_000); // long enough for a duplicate to show up, were one on its way
            for (ScriptedHook hook : all) {
                for (int i = 1; i <= ALERTS; i++) {
                    assertEquals(1, hook.count("IsoCalm-" + i, "firing"), hook.url() + " IsoCalm-" + i);
                    assertEquals(1, hook.count("IsoStorm-" + i, "firing"), hook.url() + " IsoStorm-" + i);
                }
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }

    private static String config(ScriptedHook healthy, ScriptedHook dead, ScriptedHook hanging, ScriptedHook limited) {
        return """
                route:
                  receiver: iso
                  group_by: [alertname]
                  group_wait: 0s
                  group_interval: 1m
                  repeat_interval: 1h
                receivers:
                  - name: iso
                    webhook_configs:
                      - url: '%s'
                      - url: '%s'
                      - url: '%s'
                      - url: '%s'
                delivery:
                  backoff_base: 200ms
                  backoff_max: 1s
                  request_timeout: 2s
                """.formatted(healthy.url(), dead.url(), hanging.url(), limited.url());
    }

    /** Posts {@value #ALERTS} alerts, each its own group, and returns the healthy hook's median latency. */
    private static long medianLatencyMillis(NotifierOnBroker notifier, ScriptedHook healthy, String prefix)
            throws InterruptedException {
        List<Long> latencies = new ArrayList<>();
        for (int i = 1; i <= ALERTS; i++) {
            String name = prefix + "-" + i;
            long posted = System.nanoTime();
            HttpResponse<String> r = post(notifier.url + "/api/v2/alerts", alert(name));
            assertEquals(200, r.statusCode(), r.body());
            ScriptedHook.Received got = await(
                    Duration.ofSeconds(30),
                    name + " at the healthy hook",
                    () -> healthy.received().stream()
                            .filter(x -> x.alertname().equals(name))
                            .findFirst()
                            .orElse(null));
            latencies.add((got.atNanos() - posted) / 1_000_000);
            Thread.sleep(SPACING.toMillis());
        }
        log.info("{}: healthy latencies {} ms", prefix, latencies);
        return latencies.stream().sorted().toList().get(ALERTS / 2);
    }

    private static String alert(String alertname) {
        return new JsonArray()
                .add(new JsonObject()
                        .put(
                                "labels",
                                new JsonObject().put("alertname", alertname).put("instance", "db-1"))
                        .put("startsAt", Instant.now().toString())
                        .put("endsAt", Instant.now().plusSeconds(3600).toString()))
                .encode();
    }

    private static long received(ScriptedHook hook, String prefix) {
        return hook.received().stream()
                .filter(r -> r.alertname().startsWith(prefix + "-"))
                .count();
    }
}
