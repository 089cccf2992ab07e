package io.tocsin.ingest.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tocsin.ingest.config.ConfigError;
import io.tocsin.ingest.config.YamlNode;
import java.io.StringReader;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CollectorsFileTest {

    @Test
    void readsScrapeAndProbeTargetsWithDefaults() {
        List<Target> targets = CollectorsFile.read(YamlNode.parse(new StringReader("""
                scrape:
                  - {name: api, url: "http://10.0.0.5:8000/metrics", labels: {env: prod}}
                probe:
                  - {name: shop, url: "https://shop.example/health", interval: 1m, timeout: 5s, expect_status: 204, retries: 3}
                """), "collectors.yml")).http();
        assertEquals(List.of(
                new Target(Target.Kind.SCRAPE, "api", URI.create("http://10.0.0.5:8000/metrics"), Duration.ofSeconds(15),
                        Duration.ofSeconds(10), Map.of("env", "prod"), 0, false, 0),
                new Target(Target.Kind.PROBE, "shop", URI.create("https://shop.example/health"), Duration.ofMinutes(1),
                        Duration.ofSeconds(5), Map.of(), 204, false, 3)), targets);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            `scrape: []`                                                  | collectors.yml:1:1: no scrape, probe or kafka_lag targets
            `scrape: [{name: a}]`                                         | collectors.yml:1:10: scrape target needs 'url'
            `scrape: [{name: a, url: "ftp://x/"}]`                        | collectors.yml:1:25: url must be http:// or https:// with a host
            `scrape: [{name: a, url: "http://x/", interval: 10}]`         | collectors.yml:1:48: interval must be a positive duration like 500ms, 15s, 5m, not '10'
            `scrape: [{name: a, url: "http://x/", interval: 5s, timeout: 9s}]` | collectors.yml:1:61: timeout must not be longer than the interval
            `scrape: [{name: a, url: "http://x/", expect_status: 200}]`   | collectors.yml:1:38: unknown field 'expect_status' in scrape target (expected one of interval, labels, name, timeout, url)
            `probe: [{name: a, url: "http://x/", insecure: yes}]`         | collectors.yml:1:47: insecure must be true or false
            `probe: [{name: a, url: "http://x/", retries: -1}]`           | collectors.yml:1:46: retries must be a whole number, 0 or more, not '-1'
            `probe: [{name: a, url: "http://x/", interval: 30s, retries: 3}]` | collectors.yml:1:61: retries: 4 attempts of up to 10s do not fit in the 30s interval; lower timeout or retries
            """)
    void mistakesAtFileLineColumn(String yaml, String message) {
        assertEquals(message, assertThrows(ConfigError.class,
                () -> CollectorsFile.read(YamlNode.parse(new StringReader(yaml), "collectors.yml"))).getMessage());
    }

    @Test
    void readsKafkaLagTargets() {
        CollectorsConfig c = CollectorsFile.read(YamlNode.parse(new StringReader("""
                kafka_lag:
                  - {name: workers, groups: [orders, billing], interval: 10s}
                  - {name: all, bootstrap: "kafka:9092"}
                """), "collectors.yml"));
        assertEquals(List.of(new KafkaLagTarget("workers", null, List.of("orders", "billing"), Duration.ofSeconds(10), Map.of()),
                new KafkaLagTarget("all", "kafka:9092", List.of(), Duration.ofSeconds(30), Map.of())), c.kafkaLag());
    }
}
