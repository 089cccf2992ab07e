package io.tocsin.tests.bench.idle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

/** What each rung of the idle floor runs, and how its settings change Tocsin's. */
class FloorSpecTest {

    private static List<String> consumers(String... args) {
        return FloorSpec.parse(args).plainConsumers().stream()
                .map(FloorSpec.Shape::name)
                .toList();
    }

    @Test
    void eachRungRunsTocsinsConsumersOneForOne() {
        assertEquals(List.of(), consumers("--rung", "broker"));
        assertEquals(
                List.of("rules-main", "notifier-main", "notifier-global", "delivery"),
                consumers("--rung", "consumers"));
        // the Streams applications stand for the two Streams main consumers
        assertEquals(List.of("notifier-global", "delivery"), consumers("--rung", "streams"));
        assertEquals(List.of("notifier-global", "delivery"), consumers("--rung", "punctuate"));
        assertEquals(List.of(), consumers("--rung", "tocsin"));
    }

    @Test
    void onlyThePunctuateRungPunctuatesUnlessAsked() {
        assertEquals(0, FloorSpec.parse(new String[] {"--rung", "streams"}).punctuateMs());
        assertEquals(5000, FloorSpec.parse(new String[] {"--rung", "punctuate"}).punctuateMs());
        assertEquals(
                1000,
                FloorSpec.parse(new String[] {"--rung", "streams", "--punctuate-ms", "1000"})
                        .punctuateMs());
        assertEquals(2, FloorSpec.parse(new String[] {"--rung", "punctuate"}).streamsApps());
        assertEquals(0, FloorSpec.parse(new String[] {"--rung", "consumers"}).streamsApps());
    }

    @Test
    void theBrokerIsStartedAsUpStartsItUnlessASettingChanges() {
        assertTrue(FloorSpec.parse(new String[] {"--rung", "streams", "--client", "fetch.max.wait.ms=2000"})
                .brokerAsUp());
        assertFalse(FloorSpec.parse(new String[] {"--rung", "broker", "--broker", "num.io.threads=1"})
                .brokerAsUp());
        assertFalse(FloorSpec.parse(new String[] {"--rung", "broker", "--broker-jvm", "-Xint"})
                .brokerAsUp());
    }

    @Test
    void tocsinItselfTakesNoChangesAndUnknownRungsAreRefused() {
        assertThrows(
                IllegalArgumentException.class,
                () -> FloorSpec.parse(new String[] {"--rung", "tocsin", "--broker", "num.io.threads=1"}));
        assertThrows(IllegalArgumentException.class, () -> FloorSpec.parse(new String[] {"--rung", "stream"}));
        assertThrows(IllegalArgumentException.class, () -> FloorSpec.parse(new String[] {"--client", "novalue"}));
    }

    @Test
    void anEmptyValueRemovesASettingUnderEveryConsumerPrefix() {
        Properties p = new Properties();
        p.put("session.timeout.ms", "10000");
        p.put("consumer.session.timeout.ms", "10000");
        p.put("main.consumer.session.timeout.ms", "10000");
        p.put("commit.interval.ms", "100");

        Overrides.apply(p, Map.of("session.timeout.ms", "", "fetch.max.wait.ms", "2000"), "main.consumer.");

        Properties expected = new Properties();
        expected.put("commit.interval.ms", "100");
        expected.put("main.consumer.fetch.max.wait.ms", "2000");
        assertEquals(expected, p);
    }

    @Test
    void primingKeysLandOnTheirOwnPartition() {
        for (int p = 0; p < IdleConsumer.PARTITIONS; p++) {
            byte[] key = Prime.keyFor(p).getBytes(StandardCharsets.UTF_8);
            assertEquals(p, Utils.toPositive(Utils.murmur2(key)) % IdleConsumer.PARTITIONS);
        }
    }

    @Test
    void requestRatesAreTheWindowsDifferencesBusiestFirst() {
        Map<String, Long> before = Map.of("Fetch", 100L, "EndTxn", 10L, "Metadata", 5L);
        Map<String, Long> after = Map.of("Fetch", 700L, "EndTxn", 70L, "Metadata", 5L, "Heartbeat", 30L);

        Map<String, Double> rates = BrokerRequests.rates(before, after, 60);

        assertEquals(List.of("Fetch", "EndTxn", "Heartbeat"), List.copyOf(rates.keySet()));
        assertEquals(10.0, rates.get("Fetch"), 1e-9);
        assertEquals(0.5, rates.get("Heartbeat"), 1e-9);
    }
}
