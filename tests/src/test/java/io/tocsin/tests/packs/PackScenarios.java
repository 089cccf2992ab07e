package io.tocsin.tests.packs;

import static io.tocsin.tests.packs.PackScenario.critical;
import static io.tocsin.tests.packs.PackScenario.warning;
import static io.tocsin.tests.packs.PackSignals.heartbeat;
import static io.tocsin.tests.packs.PackSignals.slowInference;
import static io.tocsin.tests.packs.PackSignals.slowRequests;

import java.time.Duration;
import java.util.List;

/**
 * The pack alerts PacksIT drives beside its original scenarios: one scenario per alert, each with
 * series only it sends (its mark in a grouping label), breaching from the start or after the
 * past its rule compares with. Each has its own env: the routing groups by alertname and env, and
 * two scenarios in one group would share its messages. Times are the shipped rules' on PacksIT's clock ({@link PackTime}:
 * windows ÷ 20, waits ÷ 60, the jobs pack's both ÷ 600); thresholds are the shipped ones.
 */
final class PackScenarios {
    /** The spike rules' baseline (1h ÷ 20) plus their window: the past they need before judging. */
    private static final Duration BASELINE = Duration.ofSeconds(200);
    /** Long enough for a few heartbeats before the job falls silent. */
    private static final Duration HEARTBEATS = Duration.ofSeconds(3);

    /** The alerts PacksIT's first two tests drive with their own traffic (PackTraffic): the warning packs and the database story. */
    static final List<String> DRIVEN_BY_THE_STORIES = List.of(
            "RedisMemoryHigh",
            "CeleryTaskFailureRateHigh",
            "ErrorLogRateHigh",
            "TLSCertificateExpiringSoon",
            "HostDiskFull",
            "PostgresDown",
            "WebHighErrorRate");

    private PackScenarios() {}

    static List<PackScenario> all(String run) {
        return List.of(
                // web
                warning(
                        "WebLatencyP95High",
                        "p01-" + run,
                        (out, bad) -> slowRequests(out, "p01-" + run, "e-p01-" + run, bad)),
                warning(
                        "WebLatencyP99High",
                        "p02-" + run,
                        (out, bad) -> slowRequests(out, "p02-" + run, "e-p02-" + run, bad)),
                warning(
                                "Web4xxSpike",
                                "p03-" + run,
                                (out, bad) -> out.counter(
                                                "http_requests_total",
                                                20,
                                                "service",
                                                "p03-" + run,
                                                "env",
                                                "e-p03-" + run,
                                                "status",
                                                "200")
                                        .counter(
                                                "http_requests_total",
                                                bad ? 40 : 1,
                                                "service",
                                                "p03-" + run,
                                                "env",
                                                "e-p03-" + run,
                                                "status",
                                                "404"))
                        .after(BASELINE),
                critical(
                        "WebTrafficStopped",
                        "p04-" + run,
                        (out, bad) -> out.counter(
                                "http_requests_total",
                                bad ? 0 : 20,
                                "service",
                                "p04-" + run,
                                "env",
                                "e-p04-" + run,
                                "status",
                                "200")),
                critical(
                        "WebHealthCheckFailing",
                        "p05-" + run,
                        (out, bad) -> out.gauge(
                                "probe_success",
                                bad ? 0 : 1,
                                "job",
                                "p05-" + run,
                                "instance",
                                "http://p05:3000/health",
                                "env",
                                "e-p05-" + run)),
                warning(
                        "WebEndpointErrorRateHigh",
                        "p06-" + run,
                        (out, bad) -> out.counter(
                                        "http_requests_total",
                                        19,
                                        "service",
                                        "intake",
                                        "env",
                                        "e-p06-" + run,
                                        "handler",
                                        "/p06-" + run,
                                        "status",
                                        "200")
                                .counter(
                                        "http_requests_total",
                                        bad ? 2 : 0,
                                        "service",
                                        "intake",
                                        "env",
                                        "e-p06-" + run,
                                        "handler",
                                        "/p06-" + run,
                                        "status",
                                        "500")
                                .counter(
                                        "http_requests_total",
                                        2000,
                                        "service",
                                        "intake",
                                        "env",
                                        "e-p06-" + run,
                                        "handler",
                                        "/status",
                                        "status",
                                        "200")),
                warning(
                        "WebThroughputLow",
                        "p07-" + run,
                        (out, bad) -> out.counter(
                                "http_requests_total",
                                bad ? 10 : 50,
                                "service",
                                "shop",
                                "env",
                                "p07-" + run,
                                "status",
                                "200")),
                warning(
                        "WebDbPoolSaturated",
                        "p08-" + run,
                        (out, bad) -> out.gauge(
                                        "db_pool_connections_in_use",
                                        bad ? 19 : 5,
                                        "service",
                                        "p08-" + run,
                                        "env",
                                        "e-p08-" + run)
                                .gauge("db_pool_connections_max", 20, "service", "p08-" + run, "env", "e-p08-" + run)),
                // postgres
                warning(
                        "PostgresReplicationLagHigh",
                        "p09-" + run,
                        (out, bad) -> out.gauge(
                                "pg_replication_lag_seconds",
                                bad ? 45 : 0,
                                "instance",
                                "p09-" + run,
                                "env",
                                "e-p09-" + run)),
                warning(
                        "PostgresConnectionsHigh",
                        "p10-" + run,
                        (out, bad) -> out.gauge(
                                        "pg_stat_activity_count",
                                        bad ? 90 : 20,
                                        "instance",
                                        "p10-" + run,
                                        "env",
                                        "e-p10-" + run,
                                        "datname",
                                        "shop",
                                        "state",
                                        "active")
                                .gauge(
                                        "pg_settings_max_connections",
                                        100,
                                        "instance",
                                        "p10-" + run,
                                        "env",
                                        "e-p10-" + run)),
                critical(
                        "DatabaseHealthStatusDown",
                        "p11-" + run,
                        (out, bad) -> out.gauge(
                                "database_health_status", bad ? 0 : 1, "service", "p11-" + run, "env", "e-p11-" + run)),
                warning(
                        "PostgresLocksWaiting",
                        "p12-" + run,
                        (out, bad) -> out.gauge(
                                "pg_locks_waiting_count",
                                bad ? 3 : 0,
                                "instance",
                                "p12-" + run,
                                "env",
                                "e-p12-" + run,
                                "datname",
                                "intake")),
                warning(
                        "PostgresLockHeldLong",
                        "p13-" + run,
                        (out, bad) -> out.gauge(
                                "pg_locks_blocking_max_seconds",
                                bad ? 420 : 0,
                                "instance",
                                "p13-" + run,
                                "env",
                                "e-p13-" + run,
                                "datname",
                                "intake")),
                warning(
                        "PostgresDeadlocks",
                        "p14-" + run,
                        (out, bad) -> out.counter(
                                "pg_stat_database_deadlocks",
                                bad ? 1 : 0,
                                "instance",
                                "p14-" + run,
                                "env",
                                "e-p14-" + run,
                                "datname",
                                "intake")),
                // pgbouncer
                warning(
                        "PgBouncerClientsWaiting",
                        "p15-" + run,
                        (out, bad) -> out.gauge(
                                "pgbouncer_pools_client_waiting_connections",
                                bad ? 4 : 0,
                                "instance",
                                "p15-" + run,
                                "env",
                                "e-p15-" + run,
                                "database",
                                "shop",
                                "user",
                                "shop")),
                warning(
                        "PgBouncerClientConnectionsHigh",
                        "p16-" + run,
                        (out, bad) -> out.gauge(
                                        "pgbouncer_pools_client_active_connections",
                                        bad ? 900 : 300,
                                        "instance",
                                        "p16-" + run,
                                        "env",
                                        "e-p16-" + run,
                                        "database",
                                        "shop",
                                        "user",
                                        "shop")
                                .gauge(
                                        "pgbouncer_config_max_client_connections",
                                        1000,
                                        "instance",
                                        "p16-" + run,
                                        "env",
                                        "e-p16-" + run)),
                warning(
                        "PgBouncerServerConnectionsHigh",
                        "p17-" + run,
                        (out, bad) -> out.gauge(
                                        "pgbouncer_databases_current_connections",
                                        bad ? 95 : 25,
                                        "instance",
                                        "p17-" + run,
                                        "env",
                                        "e-p17-" + run,
                                        "name",
                                        "shop")
                                .gauge(
                                        "pgbouncer_databases_max_connections",
                                        100,
                                        "instance",
                                        "p17-" + run,
                                        "env",
                                        "e-p17-" + run,
                                        "name",
                                        "shop")),
                // redis
                critical(
                        "RedisDown",
                        "p18-" + run,
                        (out, bad) ->
                                out.gauge("redis_up", bad ? 0 : 1, "instance", "p18-" + run, "env", "e-p18-" + run)),
                warning(
                        "RedisReplicaLinkDown",
                        "p19-" + run,
                        (out, bad) -> out.gauge(
                                "redis_master_link_up", bad ? 0 : 1, "instance", "p19-" + run, "env", "e-p19-" + run)),
                // celery
                warning("CeleryQueueBacklogGrowing", "p20-" + run, new PackSignals.Growing("p20-" + run)),
                critical(
                        "CeleryNoWorkers",
                        "CeleryNoWorkers",
                        (out, bad) -> out.gauge("celery_worker_up", bad ? 0 : 1, "hostname", "worker-" + run)),
                warning(
                        "CeleryQueueLengthHigh",
                        "p22-" + run,
                        (out, bad) -> out.gauge("celery_queue_length", bad ? 1500 : 10, "queue_name", "p22-" + run)),
                warning(
                                "CeleryProcessingRateDrop",
                                "p23-" + run,
                                (out, bad) ->
                                        out.counter("celery_task_succeeded_total", bad ? 1 : 10, "name", "p23-" + run))
                        .after(BASELINE.plus(Duration.ofSeconds(15))),
                // security
                warning("AuthFailureSpike", "p24-" + run, (out, bad) -> {
                            for (int i = 0; i < (bad ? 10 : 1); i++) {
                                out.log("WARN login failed for user bob", "app", "p24-" + run, "env", "e-p24-" + run);
                            }
                        })
                        .after(BASELINE),
                critical("LoginFailuresFromOneSource", "p25-" + run, (out, bad) -> {
                    if (bad) {
                        out.event("login", 401, "app", "attendance", "env", "e-p25-" + run, "source_ip", "p25-" + run);
                    }
                }),
                warning("AdminPathProbing", "p26-" + run, (out, bad) -> {
                    out.log(
                            "10.0.0.5 - - \"GET /admin/attendance/ HTTP/1.1\" 200 5120 \"-\" \"Mozilla\"",
                            "app",
                            "p26-" + run,
                            "env",
                            "e-p26-" + run);
                    for (int i = 0; bad && i < 2; i++) {
                        out.log(
                                "203.0.113.9 - - \"GET /wp-login.php HTTP/1.1\" 404 162 \"-\" \"scan\"",
                                "app",
                                "p26-" + run,
                                "env",
                                "e-p26-" + run);
                    }
                }),
                warning(
                        "ForbiddenBurst",
                        "p27-" + run,
                        (out, bad) -> out.counter(
                                        "http_requests_total",
                                        20,
                                        "service",
                                        "p27-" + run,
                                        "env",
                                        "e-p27-" + run,
                                        "status",
                                        "200")
                                .counter(
                                        "http_requests_total",
                                        bad ? 20 : 0,
                                        "service",
                                        "p27-" + run,
                                        "env",
                                        "e-p27-" + run,
                                        "status",
                                        "403")),
                // jobs: absence per heartbeat, so each job reports a few times, then falls silent until it recovers
                warning(
                                "BackupHeartbeatMissing",
                                "p28-" + run,
                                (out, bad) -> heartbeat(out, "p28-" + run + "-nightly-backup", bad))
                        .after(HEARTBEATS),
                warning(
                                "HourlyBackupHeartbeatMissing",
                                "p29-" + run,
                                (out, bad) -> heartbeat(out, "p29-" + run + "-hourly-backup", bad))
                        .after(HEARTBEATS),
                warning(
                                "SixHourlyBackupHeartbeatMissing",
                                "p30-" + run,
                                (out, bad) -> heartbeat(out, "p30-" + run + "-6h-backup", bad))
                        .after(HEARTBEATS),
                // host
                warning(
                        "HostCpuHigh",
                        "p31-" + run,
                        (out, bad) -> out.counter(
                                        "node_cpu_seconds_total",
                                        bad ? 0.95 : 0.2,
                                        "instance",
                                        "p31-" + run,
                                        "env",
                                        "e-p31-" + run,
                                        "cpu",
                                        "0",
                                        "mode",
                                        "user")
                                .counter(
                                        "node_cpu_seconds_total",
                                        bad ? 0.05 : 0.8,
                                        "instance",
                                        "p31-" + run,
                                        "env",
                                        "e-p31-" + run,
                                        "cpu",
                                        "0",
                                        "mode",
                                        "idle")),
                warning(
                        "HostMemoryHigh",
                        "p32-" + run,
                        (out, bad) -> out.gauge(
                                        "node_memory_MemAvailable_bytes",
                                        bad ? 0.5e9 : 4e9,
                                        "instance",
                                        "p32-" + run,
                                        "env",
                                        "e-p32-" + run)
                                .gauge(
                                        "node_memory_MemTotal_bytes",
                                        8e9,
                                        "instance",
                                        "p32-" + run,
                                        "env",
                                        "e-p32-" + run)),
                critical("HostDiskFullIn4h", "p33-" + run, new PackSignals.Filling("p33-" + run, "e-p33-" + run)),
                // minio
                critical(
                        "MinioNodesOffline",
                        "p34-" + run,
                        (out, bad) -> out.gauge(
                                "minio_cluster_nodes_offline_total",
                                bad ? 1 : 0,
                                "job",
                                "p34-" + run,
                                "env",
                                "e-p34-" + run)),
                warning(
                        "MinioDrivesOffline",
                        "p35-" + run,
                        (out, bad) -> out.gauge(
                                "minio_cluster_drive_offline_total",
                                bad ? 2 : 0,
                                "job",
                                "p35-" + run,
                                "env",
                                "e-p35-" + run)),
                warning(
                        "MinioCapacityLow",
                        "p36-" + run,
                        (out, bad) -> out.gauge(
                                        "minio_cluster_capacity_usable_free_bytes",
                                        bad ? 50e9 : 400e9,
                                        "job",
                                        "p36-" + run,
                                        "env",
                                        "e-p36-" + run)
                                .gauge(
                                        "minio_cluster_capacity_usable_total_bytes",
                                        1e12,
                                        "job",
                                        "p36-" + run,
                                        "env",
                                        "e-p36-" + run)),
                // ai-services
                warning(
                        "AIServiceLatencyP95High",
                        "p37-" + run,
                        (out, bad) -> slowInference(out, "p37-" + run, "e-p37-" + run, bad)),
                warning(
                        "AIServiceLatencyP99High",
                        "p38-" + run,
                        (out, bad) -> slowInference(out, "p38-" + run, "e-p38-" + run, bad)));
    }
}
