package io.tocsin.tests.selfmon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tocsin.core.kafka.KafkaSettings;
import io.tocsin.core.kafka.TopicAdmin;
import io.tocsin.ingest.IngestConfig;
import io.tocsin.ingest.IngestService;
import io.tocsin.notifier.NotifierService;
import io.tocsin.notifier.NotifierSettings;
import io.tocsin.notifier.channel.webhook.FakeWebhook;
import io.tocsin.notifier.config.NotifierConfig;
import io.tocsin.ops.auth.ControlAccess;
import io.tocsin.rules.RulesService;
import io.tocsin.rules.RulesSettings;
import io.tocsin.rules.topology.TopologySettings;
import io.tocsin.server.watchdog.AlarmTarget;
import io.tocsin.server.watchdog.Watchdog;
import io.tocsin.server.watchdog.WatchdogSettings;
import io.tocsin.tests.Eventually;
import io.tocsin.tests.Http;
import io.tocsin.tests.KafkaBroker;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The watchdog end to end: its heartbeat goes through the real ingest, the shipped TocsinWatchdog
 * rule and the notifier back to it; its own receiver hears nothing while that works, hears
 * TocsinPipelineSilent within the timeout once the notifier is stopped, and hears it resolved once
 * a notifier runs again. Timings are shortened (heartbeat 1 s, timeout 20 s (room for a loaded 2-core machine), rules re-publish every
 * 2 s, repeat_interval 2 s); the shipped defaults are 15 s, 3 m, 1 m and 1 m.
 */
@ExtendWith(KafkaBroker.class)
class WatchdogIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final Path PACK = Path.of("..", "rules-examples", "tocsin-self", "tocsin-self.rules.yml");

    private final Vertx vertx = Vertx.vertx();
    private final String id = "wd-" + UUID.randomUUID().toString().substring(0, 8);
    private IngestService ingest;
    private RulesService rules;
    private NotifierService notifier;
    private Watchdog watchdog;
    private FakeWebhook alarms;
    private int watchdogPort;

    @Test
    void theSeparateReceiverHearsNothingWhileHeartbeatsFlowAndTheAlarmSoonAfterTheNotifierStops() throws Exception {
        String bootstrap = KafkaBroker.bootstrap();
        KafkaSettings kafka = new KafkaSettings(bootstrap);
        TopicAdmin.ensureTopics(bootstrap, 4, 1);
        Path dir = Files.createDirectories(Path.of("target", id));
        Path rulesDir = Files.createDirectories(dir.resolve("rules"));
        Files.copy(PACK, rulesDir.resolve("tocsin-self.rules.yml"));
        alarms = FakeWebhook.start(vertx);

        ingest = new IngestService(
                vertx,
                IngestConfig.fromEnv(Map.of(), kafka).withPort(0),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        int ingestPort = await(ingest.start());
        rules = new RulesService(
                vertx,
                new RulesSettings(
                        kafka,
                        "127.0.0.1",
                        0,
                        rulesDir,
                        dir.resolve("rules-state"),
                        1,
                        id + "-rules",
                        new TopologySettings(Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(2))),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        await(rules.start());
        // The notifier first, so the watchdog's clock starts with a running pipeline: its port is reserved up front.
        watchdogPort = freePort();
        notifier = startNotifier(dir);
        watchdog = Watchdog.start(
                new WatchdogSettings(
                        "127.0.0.1",
                        watchdogPort,
                        URI.create("http://127.0.0.1:" + ingestPort),
                        null,
                        Duration.ofSeconds(1),
                        TIMEOUT,
                        List.of(new AlarmTarget.Webhook(URI.create(alarms.url())))),
                Clock.systemUTC());

        // On a loaded machine the first heartbeat can take longer than the timeout to get through a
        // pipeline that is still starting: an alarm then is right, and clears with the first beat.
        Eventually.await(
                Duration.ofSeconds(90),
                Duration.ofMillis(250),
                "a heartbeat back through the pipeline, and no alarm standing",
                () -> heartbeatAge() < 5 && !alarmed() ? true : null);
        int atStart = alarms.received().size();
        long watchedUntil = System.nanoTime() + TIMEOUT.plusSeconds(5).toNanos();
        double oldest = 0;
        while (System.nanoTime() < watchedUntil) {
            oldest = Math.max(oldest, heartbeatAge());
            Thread.sleep(250);
        }
        System.out.printf(
                "watchdog: newest heartbeat back through the pipeline at most %.1f s old over %d s%n",
                oldest, TIMEOUT.plusSeconds(5).toSeconds());
        assertTrue(oldest <= TIMEOUT.toSeconds(), "heartbeats keep coming back: at worst " + oldest + " s old");
        assertEquals(
                List.of(),
                alarms.received().subList(atStart, alarms.received().size()),
                "nothing for the watchdog's receiver while the pipeline works");

        await(notifier.stop());
        long stopped = System.nanoTime();
        JsonObject alarm = Eventually.await(
                TIMEOUT.plusSeconds(10),
                Duration.ofMillis(100),
                "the watchdog's alarm at its own receiver",
                () -> alarms.received().size() > atStart ? alarms.received().get(atStart) : null);
        double afterStop = (System.nanoTime() - stopped) / 1e9;
        System.out.printf(
                "watchdog alarm %.1f s after the notifier stopped (timeout %d s)%n", afterStop, TIMEOUT.toSeconds());
        assertEquals("firing", alarm.getString("status"), alarm.encode());
        assertEquals(
                "TocsinPipelineSilent",
                alarm.getJsonArray("alerts")
                        .getJsonObject(0)
                        .getJsonObject("labels")
                        .getString("alertname"));
        assertTrue(afterStop <= TIMEOUT.toSeconds() + 2, "alarm within the timeout and a check: " + afterStop);
        Thread.sleep(3000);
        assertEquals(atStart + 1, alarms.received().size(), "one alarm, not one per check");

        notifier = startNotifier(dir);
        JsonObject resolved = Eventually.await(
                Duration.ofSeconds(90),
                Duration.ofMillis(250),
                "the alarm resolved once a notifier carries heartbeats again",
                () -> alarms.received().size() > atStart + 1 ? alarms.received().get(atStart + 1) : null);
        assertEquals("resolved", resolved.getString("status"), resolved.encode());
    }

    private NotifierService startNotifier(Path dir) throws Exception {
        NotifierConfig config = NotifierConfig.parse("""
                route:
                  receiver: watchdog
                  group_interval: 1s
                  repeat_interval: 2s
                receivers:
                  - name: watchdog
                    webhook_configs: [{url: 'http://127.0.0.1:%d/beat', send_resolved: false}]
                """.formatted(watchdogPort), "notifier.yml", Map.of());
        NotifierService n = new NotifierService(
                vertx,
                new NotifierSettings(
                        new KafkaSettings(KafkaBroker.bootstrap()),
                        "127.0.0.1",
                        0,
                        dir.resolve("notifier-state"),
                        1,
                        id + "-notifier"),
                config,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                ControlAccess.LOOPBACK_ONLY);
        await(n.start());
        return n;
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private boolean alarmed() {
        return new JsonObject(Http.get("http://127.0.0.1:" + watchdog.port() + "/health")
                        .body())
                .getBoolean("alarmed");
    }

    private double heartbeatAge() {
        return new JsonObject(Http.get("http://127.0.0.1:" + watchdog.port() + "/health")
                        .body())
                .getDouble("heartbeat_age_seconds");
    }

    @AfterEach
    void stop() throws Exception {
        if (watchdog != null) {
            watchdog.close();
        }
        if (ingest != null) {
            await(ingest.stop());
        }
        if (rules != null) {
            await(rules.stop());
        }
        if (notifier != null) {
            await(notifier.stop());
        }
        if (alarms != null) {
            alarms.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS);
    }
}
