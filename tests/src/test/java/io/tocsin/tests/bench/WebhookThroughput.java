package io.tocsin.tests.bench;

import io.tocsin.core.config.Secret;
import io.tocsin.core.json.JsonSerde;
import io.tocsin.core.kafka.Topics;
import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.AlertState;
import io.tocsin.core.wire.Labels;
import io.tocsin.notifier.channel.DeliveryResult;
import io.tocsin.notifier.channel.Notification;
import io.tocsin.notifier.channel.webhook.FakeWebhook;
import io.tocsin.notifier.channel.webhook.WebhookChannel;
import io.tocsin.notifier.config.WebhookConfig;
import io.tocsin.rules.topology.TopologySettings;
import io.tocsin.server.Tocsin;
import io.tocsin.server.TocsinOptions;
import io.tocsin.server.broker.BrokerConfig;
import io.tocsin.server.broker.EmbeddedBroker;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Load driver, not a test: notifications per second the notifier delivers to a local webhook
 * fake when every alert is its own group (group_by instance, group_wait 0s). N firing alerts are
 * written straight to tocsin.alerts.v1, so the figure is the notifier's (dispatch + delivery
 * worker + webhook channel), not the rules'. Bounded: it stops at the time limit and reports what
 * was delivered by then.
 * Run: mvn -B -q install -DskipTests && mvn -B -q -pl tests org.codehaus.mojo:exec-maven-plugin:3.5.1:java
 *        -Dexec.classpathScope=test -Dexec.mainClass=io.tocsin.tests.bench.WebhookThroughput -Dexec.args="5000 120"
 */
public final class WebhookThroughput {
    private WebhookThroughput() {}

    public static void main(String[] args) throws Exception {
        int alerts = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int limitSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 120;
        Path dir = Files.createDirectories(Path.of("target", "bench-" + UUID.randomUUID()));
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(rules.resolve("none.rules.yml"), """
                groups:
                  - name: idle
                    rules:
                      - alert: Never
                        select: 'bench_never_written'
                        aggregate: max
                        window: 30s
                        condition: '> 1'
                """);
        Path notifier = dir.resolve("notifier.yml");
        Files.writeString(notifier, """
                route:
                  receiver: hook
                  group_by: [alertname, instance]
                  group_wait: 0s
                  group_interval: 1m
                receivers:
                  - name: hook
                    webhook_configs:
                      - url_env: BENCH_WEBHOOK
                """);
        Vertx vertx = Vertx.vertx();
        FakeWebhook hook = FakeWebhook.start(vertx);
        try (EmbeddedBroker broker = EmbeddedBroker.start(new BrokerConfig(dir.resolve("kafka/log"), port(), port()));
                Tocsin tocsin = Tocsin.start(new TocsinOptions(
                        broker.bootstrap(),
                        dir.resolve("state"),
                        rules,
                        notifier,
                        0,
                        0,
                        0,
                        1,
                        "bench-",
                        TopologySettings.DEFAULTS,
                        Map.of("BENCH_WEBHOOK", hook.url())))) {
            Thread.sleep(5_000); // let the Streams applications finish their first rebalance
            warmUp(broker.bootstrap(), hook);
            int before = hook.received().size();
            long t0 = System.nanoTime();
            send(broker.bootstrap(), "bench-", alerts);
            long produced = System.nanoTime();
            long deadline = t0 + limitSeconds * 1_000_000_000L;
            while (hook.received().size() - before < alerts && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            long t1 = System.nanoTime();
            int delivered = hook.received().size() - before;
            double seconds = (t1 - t0) / 1e9;
            System.out.printf(
                    "webhook delivery, one group per alert: %d of %d notifications in %.2f s = %.0f notifications/s"
                            + " (alerts written to Kafka in %.2f s)%s%n",
                    delivered,
                    alerts,
                    seconds,
                    delivered / seconds,
                    (produced - t0) / 1e9,
                    delivered < alerts ? " — stopped at the " + limitSeconds + " s limit" : "");
            channelAlone(vertx, hook, alerts, limitSeconds);
        } finally {
            hook.close();
            vertx.close();
        }
        System.exit(0);
    }

    /**
     * The same webhook channel called directly, one notification at a time as the delivery worker
     * does: the ceiling the channel puts on the figure above, so the two together say where time goes.
     */
    private static void channelAlone(Vertx vertx, FakeWebhook hook, int count, int limitSeconds) throws Exception {
        WebhookChannel channel = new WebhookChannel(
                WebClient.create(vertx),
                new WebhookConfig(Secret.inline(hook.url()), 0, true),
                "",
                Duration.ofSeconds(10),
                Clock.systemUTC());
        long t0 = System.nanoTime();
        long deadline = t0 + limitSeconds * 1_000_000_000L;
        int done = 0;
        for (int i = 0; i < count && System.nanoTime() < deadline; i++) {
            Alert a = new Alert(
                    Labels.of("alertname", "BenchAlert", "instance", "direct-" + i),
                    Map.of(),
                    AlertState.FIRING,
                    1.0,
                    Instant.now(),
                    null,
                    "bench",
                    "1",
                    "");
            DeliveryResult r = channel.deliver(new Notification(
                            "n-" + i, "hook", "{}:{instance=\"direct-" + i + "\"}", AlertState.FIRING, List.of(a)))
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            if (!r.delivered()) {
                throw new IllegalStateException("direct delivery failed: " + r.detail());
            }
            done++;
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(
                "webhook channel alone, sequential: %d notifications in %.2f s = %.0f notifications/s%n",
                done, seconds, done / seconds);
    }

    /** One alert end to end first, so that connection set-up and JIT are not in the figure. */
    private static void warmUp(String bootstrap, FakeWebhook hook) throws Exception {
        send(bootstrap, "warm-", 1);
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (hook.received().isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the warm-up alert was not delivered within 60 s");
            }
            Thread.sleep(5);
        }
    }

    private static void send(String bootstrap, String prefix, int count) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        try (KafkaProducer<String, Alert> producer = new KafkaProducer<>(
                p, new StringSerializer(), JsonSerde.of(Alert.class).serializer())) {
            Instant now = Instant.now();
            for (int i = 0; i < count; i++) {
                Alert a = new Alert(
                        Labels.of("alertname", "BenchAlert", "instance", prefix + i, "severity", "warning"),
                        Map.of("summary", "bench alert " + i),
                        AlertState.FIRING,
                        1.0,
                        now,
                        null,
                        "bench",
                        "1",
                        "");
                producer.send(new ProducerRecord<>(Topics.ALERTS, a.fingerprint(), a));
            }
            producer.flush();
        }
    }

    private static int port() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
