package io.tocsin.ingest.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tocsin.core.wire.Labels;
import io.tocsin.core.wire.Sample;
import io.tocsin.core.wire.SampleKind;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PostgresSamplesTest {
    private static final Labels DB = Labels.of("job", "orders-db", "instance", "db1:5432");

    @Test
    void aPrimaryReportsEachStandbysLagAndItsConnectionsAgainstMaxConnections() {
        PostgresStatus status = new PostgresStatus(
                false,
                100,
                0,
                List.of(
                        new PostgresStatus.Replica("replica1", "10.0.0.7", 16_384L, 0.002, 0.003, 1.5),
                        new PostgresStatus.Replica("replica2", "10.0.0.8", null, null, null, null)),
                List.of(
                        new PostgresStatus.Connections("orders", "active", 3),
                        new PostgresStatus.Connections("orders", "idle", 77)));
        Map<String, Double> s = byNameAndLabels(PostgresSamples.up(status, DB, 7L, 0.01));
        Map<String, Double> expected = new java.util.TreeMap<>(Map.ofEntries(
                Map.entry("pg_up" + DB, 1.0),
                Map.entry("pg_replication_is_replica" + DB, 0.0),
                Map.entry("pg_replication_lag_seconds" + DB, 0.0),
                Map.entry("pg_stat_replication_pg_wal_lsn_diff" + standby("replica1", "10.0.0.7"), 16_384.0),
                Map.entry("pg_stat_replication_write_lag_seconds" + standby("replica1", "10.0.0.7"), 0.002),
                Map.entry("pg_stat_replication_flush_lag_seconds" + standby("replica1", "10.0.0.7"), 0.003),
                Map.entry("pg_stat_replication_replay_lag_seconds" + standby("replica1", "10.0.0.7"), 1.5),
                Map.entry(
                        "pg_stat_activity_count" + DB.with("datname", "orders").with("state", "active"), 3.0),
                Map.entry(
                        "pg_stat_activity_count" + DB.with("datname", "orders").with("state", "idle"), 77.0),
                Map.entry("pg_settings_max_connections" + DB, 100.0),
                Map.entry("scrape_duration_seconds" + DB, 0.01)));
        assertEquals(expected, s, "a standby that reported nothing yet yields no lag sample rather than a made-up 0");
    }

    @Test
    void aReplicaReportsHowFarReplayIsBehind() {
        PostgresStatus status = new PostgresStatus(true, 100, 4.25, List.of(), List.of());
        List<Sample> s = PostgresSamples.up(status, DB, 7L, 0.01);
        assertEquals(new Sample("pg_replication_is_replica", DB, 1, 7L, SampleKind.GAUGE), s.get(1));
        assertEquals(new Sample("pg_replication_lag_seconds", DB, 4.25, 7L, SampleKind.GAUGE), s.get(2));
    }

    @Test
    void anUnreachableServerIsDownWithItsPollDuration() {
        assertEquals(
                List.of(
                        new Sample("pg_up", DB, 0, 7L, SampleKind.GAUGE),
                        new Sample("scrape_duration_seconds", DB, 5.0, 7L, SampleKind.GAUGE)),
                PostgresSamples.down(DB, 7L, 5.0));
    }

    private static Labels standby(String application, String addr) {
        return DB.with("application_name", application).with("client_addr", addr);
    }

    private static Map<String, Double> byNameAndLabels(List<Sample> samples) {
        return samples.stream()
                .collect(Collectors.toMap(
                        x -> x.name() + x.labels(),
                        Sample::value,
                        (a, b) -> {
                            throw new AssertionError("duplicate series");
                        },
                        java.util.TreeMap::new));
    }
}
