package io.tocsin.ingest.collect;

import java.util.List;

/**
 * What one poll read from a PostgreSQL server, before it becomes samples.
 *
 * @param replayLagSeconds on a replica, how far replay is behind the last transaction it received
 *     (0 when it has replayed everything it received, so that an idle primary is not a lagging
 *     replica); 0 on a primary
 * @param replicas on a primary, one row of pg_stat_replication per connected standby
 * @param connections pg_stat_activity counted per database and state, zeros included
 */
public record PostgresStatus(
        boolean inRecovery,
        int maxConnections,
        double replayLagSeconds,
        List<Replica> replicas,
        List<Connections> connections) {

    public PostgresStatus {
        replicas = List.copyOf(replicas);
        connections = List.copyOf(connections);
    }

    /**
     * One standby as its primary sees it. The lag times are null when PostgreSQL has none to
     * report (a standby that has caught up and received nothing since).
     *
     * @param lagBytes WAL written on the primary and not yet replayed on the standby; null while the
     *     standby has not reported a replay position (or the user may not see it: grant pg_monitor)
     */
    public record Replica(
            String applicationName,
            String clientAddr,
            Long lagBytes,
            Double writeLagSeconds,
            Double flushLagSeconds,
            Double replayLagSeconds) {}

    public record Connections(String database, String state, long count) {}
}
