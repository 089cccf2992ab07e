package io.tocsin.ingest.collect;

import io.tocsin.core.wire.Labels;
import io.tocsin.core.wire.Sample;
import io.tocsin.core.wire.SampleKind;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link PostgresStatus} as samples, named like postgres_exporter's so that rules and dashboards
 * written for it work:
 *
 * <ul>
 *   <li>{@code pg_up} 1, or 0 when the server could not be reached or queried;
 *   <li>{@code pg_replication_is_replica} and {@code pg_replication_lag_seconds} (replica side);
 *   <li>per standby, on the primary, labels {@code application_name} and {@code client_addr}:
 *       {@code pg_stat_replication_pg_wal_lsn_diff} (bytes not yet replayed) and
 *       {@code pg_stat_replication_{write,flush,replay}_lag_seconds} when PostgreSQL reports them;
 *   <li>{@code pg_stat_activity_count{datname, state}} and {@code pg_settings_max_connections},
 *       so that a rule can compare the sum of the first with 80% of the second;
 *   <li>{@code scrape_duration_seconds}, as for a scrape.
 * </ul>
 * Pure.
 */
public final class PostgresSamples {
    private PostgresSamples() {}

    public static List<Sample> up(PostgresStatus s, Labels target, long nowMs, double durationSeconds) {
        List<Sample> out = new ArrayList<>();
        out.add(gauge("pg_up", target, 1, nowMs));
        out.add(gauge("pg_replication_is_replica", target, s.inRecovery() ? 1 : 0, nowMs));
        out.add(gauge("pg_replication_lag_seconds", target, s.replayLagSeconds(), nowMs));
        for (PostgresStatus.Replica r : s.replicas()) {
            Labels standby =
                    target.with("application_name", r.applicationName()).with("client_addr", r.clientAddr());
            addIfKnown(
                    out,
                    "pg_stat_replication_pg_wal_lsn_diff",
                    standby,
                    r.lagBytes() == null ? null : r.lagBytes().doubleValue(),
                    nowMs);
            addIfKnown(out, "pg_stat_replication_write_lag_seconds", standby, r.writeLagSeconds(), nowMs);
            addIfKnown(out, "pg_stat_replication_flush_lag_seconds", standby, r.flushLagSeconds(), nowMs);
            addIfKnown(out, "pg_stat_replication_replay_lag_seconds", standby, r.replayLagSeconds(), nowMs);
        }
        for (PostgresStatus.Connections c : s.connections()) {
            out.add(gauge(
                    "pg_stat_activity_count",
                    target.with("datname", c.database()).with("state", c.state()),
                    c.count(),
                    nowMs));
        }
        out.add(gauge("pg_settings_max_connections", target, s.maxConnections(), nowMs));
        out.add(gauge("scrape_duration_seconds", target, durationSeconds, nowMs));
        return out;
    }

    public static List<Sample> down(Labels target, long nowMs, double durationSeconds) {
        return List.of(
                gauge("pg_up", target, 0, nowMs), gauge("scrape_duration_seconds", target, durationSeconds, nowMs));
    }

    private static void addIfKnown(List<Sample> out, String name, Labels labels, Double value, long nowMs) {
        if (value != null) {
            out.add(gauge(name, labels, value, nowMs));
        }
    }

    private static Sample gauge(String name, Labels labels, double value, long nowMs) {
        return new Sample(name, labels, value, nowMs, SampleKind.GAUGE);
    }
}
