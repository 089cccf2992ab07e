package io.tocsin.ingest.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tocsin.core.config.ConfigException;
import io.tocsin.core.config.YamlLoader;
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
        List<Target> targets =
                CollectorsFile.read(YamlLoader.parse("""
                scrape:
                  - {name: api, url: "http://10.0.0.5:8000/metrics", labels: {env: prod}}
                probe:
                  - {name: shop, url: "https://shop.example/health", interval: 1m, timeout: 5s, expect_status: 204, retries: 3}
                """, "collectors.yml")).http();
        assertEquals(
                List.of(
                        new Target(
                                Target.Kind.SCRAPE,
                                "api",
                                URI.create("http://10.0.0.5:8000/metrics"),
                                Duration.ofSeconds(15),
                                Duration.ofSeconds(10),
                                Map.of("env", "prod"),
                                0,
                                false,
                                0),
                        new Target(
                                Target.Kind.PROBE,
                                "shop",
                                URI.create("https://shop.example/health"),
                                Duration.ofMinutes(1),
                                Duration.ofSeconds(5),
                                Map.of(),
                                204,
                                false,
                                3)),
                targets);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            `scrape: []`                                                  | collectors.yml:1:1: no scrape, probe, kafka_lag or postgres targets
            `scrape: [{name: a}]`                                         | collectors.yml:1:10: a scrape target needs 'url'
            `scrape: [{name: a, url: "ftp://x/"}]`                        | collectors.yml:1:25: url must be http:// or https:// with a host
            `scrape: [{name: a, url: "http://x/", interval: 10}]`         | collectors.yml:1:48: interval: '10' is not a duration (a number and a unit, largest first: 500ms, 30s, 5m, 1h30m, 2d, 1w; or 0)
            `scrape: [{name: a, url: "http://x/", interval: 5s, timeout: 9s}]` | collectors.yml:1:61: timeout must not be longer than the interval
            `scrape: [{name: a, url: "http://x/", expect_status: 200}]`   | collectors.yml:1:38: unknown field 'expect_status' in a scrape target (known: interval, labels, name, timeout, url)
            `probe: [{name: a, url: "http://x/", insecure: yes}]`         | collectors.yml:1:47: insecure must be true or false, found a string
            `probe: [{name: a, url: "http://x/", retries: -1}]`           | collectors.yml:1:46: retries must be a whole number, 0 or more, found '-1'
            `probe: [{name: a, url: "http://x/", interval: 30s, retries: 3}]` | collectors.yml:1:61: retries: 4 attempts of up to 10s, 1s apart, do not fit in the 30s interval; lower timeout or retries
            """)
    void mistakesAtFileLineColumn(String yaml, String message) {
        assertEquals(
                message,
                assertThrows(ConfigException.class, () -> CollectorsFile.read(YamlLoader.parse(yaml, "collectors.yml")))
                        .getMessage());
    }

    @Test
    void readsKafkaLagTargets() {
        CollectorsConfig c = CollectorsFile.read(YamlLoader.parse("""
                kafka_lag:
                  - {name: workers, groups: [orders, billing], interval: 10s}
                  - {name: all, bootstrap: "kafka:9092"}
                """, "collectors.yml"));
        assertEquals(
                List.of(
                        new KafkaLagTarget(
                                "workers", null, List.of("orders", "billing"), Duration.ofSeconds(10), Map.of()),
                        new KafkaLagTarget("all", "kafka:9092", List.of(), Duration.ofSeconds(30), Map.of())),
                c.kafkaLag());
    }

    @Test
    void readsPostgresTargetsWithTheirPasswordFromEnvOrFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Files.writeString(dir.resolve("pg-password"), "from-file\n");
        List<PostgresTarget> pg = CollectorsFile.read(
                        YamlLoader.parse("""
                postgres:
                  - {name: primary, host: db1, user: tocsin, password_env: PG_PASS, interval: 5s, labels: {env: prod}}
                  - {name: replica, host: db2, port: 5433, database: orders, user: tocsin, password_file: pg-password,
                     sslmode: verify-full, interval: 1m, timeout: 2s}
                  - {name: local, host: 127.0.0.1, user: postgres}
                """, "collectors.yml"), Map.of("PG_PASS", "from-env"), dir)
                .postgres();
        PostgresTarget primary = pg.get(0);
        assertEquals(
                List.of("db1:5432", "postgres", "prefer", "PT5S", "PT5S", "{env=prod}", "from-env"),
                List.of(
                        primary.instance(),
                        primary.database(),
                        primary.sslMode(),
                        primary.interval().toString(),
                        primary.timeout().toString(),
                        primary.labels().toString(),
                        primary.password().reveal()));
        PostgresTarget replica = pg.get(1);
        assertEquals(
                List.of("db2:5433", "orders", "verify-full", "PT1M", "PT2S", "from-file"),
                List.of(
                        replica.instance(),
                        replica.database(),
                        replica.sslMode(),
                        replica.interval().toString(),
                        replica.timeout().toString(),
                        replica.password().reveal()));
        assertEquals(null, pg.get(2).password());
        assertEquals(Duration.ofSeconds(5), pg.get(2).timeout(), "the default timeout is short: 5 s");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            `postgres: [{name: a, host: h}]`                                             | collectors.yml:1:12: a postgres target needs 'user'
            `postgres: [{name: a, host: h, user: u, password_env: NOPE}]`                | collectors.yml:1:54: environment variable NOPE is not set
            `postgres: [{name: a, host: h, user: u, password_env: X, password_file: f}]` | collectors.yml:1:12: a postgres target takes password_env or password_file, not both
            `postgres: [{name: a, host: h, user: u, sslmode: maybe}]`                    | collectors.yml:1:49: sslmode must be one of [allow, disable, prefer, require, verify-ca, verify-full]
            `postgres: [{name: a, host: h, user: u, port: 70000}]`                       | collectors.yml:1:46: port must be at most 65535
            """)
    void postgresMistakesAtFileLineColumnWithoutSecrets(String yaml, String message) {
        assertEquals(
                message,
                assertThrows(
                                ConfigException.class,
                                () -> CollectorsFile.read(
                                        YamlLoader.parse(yaml, "collectors.yml"), Map.of("X", "x"), null))
                        .getMessage());
    }
}
