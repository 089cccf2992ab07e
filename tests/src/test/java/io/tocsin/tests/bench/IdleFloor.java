package io.tocsin.tests.bench;

import io.tocsin.tests.bench.idle.FloorRun;

/**
 * Benchmark driver, not a test: the floor under Tocsin's idle cost (issue 20). What a broker and
 * idle Kafka clients cost at rest when they do nothing else, measured as {@link IdleCost} measures
 * {@code ./tocsin up} (per process and per thread from /proc, the same settle and window, Prometheus +
 * Alertmanager in the same window), one rung per run, each on a fresh broker:
 *
 * <ul>
 *   <li>{@code --rung broker}: the broker child JVM of {@code ./tocsin up} (ChildBroker, same JVM
 *       options and BrokerConfig), alone;
 *   <li>{@code --rung consumers}: + Tocsin's four long-polling consumers as plain consumers
 *       (KafkaSettings.committedReader; three in a group, one assigned), on empty topics, in a client
 *       JVM with the launcher's options;
 *   <li>{@code --rung streams}: two of them replaced by two idle exactly-once Streams applications
 *       with the rules' and the notifier's Streams settings (one store, one repartition);
 *   <li>{@code --rung punctuate}: the same with a wall-clock punctuator every 5 s per task that
 *       writes nothing;
 *   <li>{@code --rung tocsin}: {@code ./tocsin up} itself, for what it adds over the rungs.
 * </ul>
 *
 * <p>Also prints the broker's requests a second by API (its own RequestMetrics, read over a local JMX
 * agent started before the settle). Settings to try on a rung: {@code --broker NAME=VALUE} (a broker
 * property), {@code --broker-jvm FLAG} (after the broker's JVM options), {@code --client NAME=VALUE}
 * (every plain consumer and the Streams main consumers), {@code --streams NAME=VALUE} (both Streams
 * applications; an empty value removes a setting), {@code --punctuate-ms N}. And {@code --settle S}
 * (30), {@code --window S} (60), {@code --top N}, {@code --no-peer}. About two minutes a rung.
 *
 * <p>Run (no install needed): {@code mvn -B -o -q package -pl tests -am -DskipTests && java -cp
 * "tests/target/test-classes:$(cat tests/target/test-classpath.txt)" io.tocsin.tests.bench.IdleFloor
 * --rung streams}
 */
public final class IdleFloor {
    private IdleFloor() {}

    public static void main(String[] args) throws Exception {
        FloorRun.main(args);
    }
}
