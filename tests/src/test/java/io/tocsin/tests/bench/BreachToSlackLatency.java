package io.tocsin.tests.bench;

import io.tocsin.notifier.channel.slack.FakeSlack;
import io.tocsin.rules.topology.TopologySettings;
import io.tocsin.server.Tocsin;
import io.tocsin.server.TocsinOptions;
import io.tocsin.server.broker.BrokerConfig;
import io.tocsin.server.broker.EmbeddedBroker;
import io.vertx.core.Vertx;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Load driver, not a test: the time from a breaching POST /v1/samples until the Slack fake has
 * the firing message, over N tries (each a new alert group), on a real broker in this JVM.
 * Run: mvn -B -q install -DskipTests && mvn -B -q -pl tests org.codehaus.mojo:exec-maven-plugin:3.5.1:java
 *        -Dexec.classpathScope=test -Dexec.mainClass=io.tocsin.tests.bench.BreachToSlackLatency -Dexec.args="20 1s"
 */
public final class BreachToSlackLatency {
    private BreachToSlackLatency() {}

    public static void main(String[] args) throws Exception {
        int tries = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        // The notifier's default group_wait (1s) batches a new group's first alerts; 0s measures the pipeline alone.
        String groupWait = args.length > 1 ? args[1] : "1s";
        Path dir = Files.createDirectories(Path.of("target", "bench-" + UUID.randomUUID()));
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(rules.resolve("bench.rules.yml"), """
                groups:
                  - name: bench
                    rules:
                      - alert: CheckoutSlow
                        select: 'checkout_latency_seconds'
                        aggregate: max
                        window: 30s
                        by: [instance]
                        condition: '> 1'
                        labels: {severity: critical}
                """);
        Path notifier = dir.resolve("notifier.yml");
        Files.writeString(notifier, """
                route:
                  receiver: slack
                  group_by: ['...']     # every try is a group of its own: it waits group_wait, not group_interval
                  group_wait: %s
                receivers:
                  - name: slack
                    slack_configs:
                      - api_url_env: BENCH_SLACK
                """.formatted(groupWait));
        Vertx vertx = Vertx.vertx();
        FakeSlack slack = FakeSlack.start(vertx);
        List<Long> micros = new ArrayList<>();
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
                        Map.of("BENCH_SLACK", slack.webhookUrl())))) {
            HttpClient http = HttpClient.newHttpClient();
            Thread.sleep(5_000); // let both Streams applications finish their first rebalance
            for (int i = 0; i < tries; i++) {
                String instance = "web-" + i;
                int before = slack.received().size();
                long t0 = System.nanoTime();
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(URI.create(tocsin.ingestUrl() + "/v1/samples"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "{\"samples\":[{\"name\":\"checkout_latency_seconds\","
                                                + "\"labels\":{\"instance\":\"" + instance + "\"},\"value\":5}]}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("ingest answered " + r.statusCode() + ": " + r.body());
                }
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (slack.received().size() == before
                        || !slack.received()
                                .get(slack.received().size() - 1)
                                .encode()
                                .contains(instance)) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("no Slack message for " + instance + " within 30 s");
                    }
                    Thread.sleep(1);
                }
                micros.add((System.nanoTime() - t0) / 1000);
                // Slack allows one message a second per webhook and Tocsin keeps to it: tries
                // closer together would measure the rate limit, not the pipeline.
                Thread.sleep(1_100);
            }
        } finally {
            slack.close();
            vertx.close();
        }
        List<Long> sorted = new ArrayList<>(micros);
        Collections.sort(sorted);
        double median = sorted.size() % 2 == 1
                ? sorted.get(sorted.size() / 2)
                : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2.0;
        System.out.printf(
                "breach → Slack fake, group_wait %s, %d tries: median %.0f ms, min %.0f ms, max %.0f ms%n  all (ms): %s%n",
                groupWait,
                tries,
                median / 1000,
                sorted.get(0) / 1000.0,
                sorted.get(sorted.size() - 1) / 1000.0,
                micros.stream().map(m -> String.valueOf(m / 1000)).toList());
        System.exit(0);
    }

    private static int port() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
