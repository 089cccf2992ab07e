package io.tocsin.tests.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.core.kafka.Topics;
import io.tocsin.core.wire.Sample;
import io.tocsin.tests.KafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The PostgreSQL collector against a real primary and streaming replica ({@link PostgresPair}),
 * through ingest to the samples topic of a real broker. Reads as a timeline: both up, connections
 * counted, replay paused while the primary writes (lag up), replay resumed (lag down), primary
 * stopped (pg_up 0).
 */
@ExtendWith(KafkaBroker.class)
class PostgresCollectorIT {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void replicationLagRisesWhileReplayIsPausedFallsAfterResumeAndAStoppedPrimaryIsDown() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String primaryJob = "pg-primary-" + id;
        String replicaJob = "pg-replica-" + id;
        try (PostgresPair pg = PostgresPair.start()) {
            Path file = Files.createDirectories(Path.of("target", "pg-" + id)).resolve("collectors.yml");
            Files.writeString(file, """
                    postgres:
                      - {name: %s, host: 127.0.0.1, port: %d, user: %s, password_file: %s, interval: 300ms}
                      - {name: %s, host: 127.0.0.1, port: %d, user: %s, password_file: %s, interval: 300ms}
                    """.formatted(
                            primaryJob,
                            pg.primaryPort,
                            PostgresPair.MONITOR_USER,
                            pg.passwordFile,
                            replicaJob,
                            pg.replicaPort,
                            PostgresPair.MONITOR_USER,
                            pg.passwordFile));
            try (IngestOnBroker ingest =
                            IngestOnBroker.start(Map.of("TOCSIN_INGEST_COLLECTORS_FILE", file.toString()));
                    Connection primary = pg.connect(pg.primaryPort);
                    Connection replica = pg.connect(pg.replicaPort)) {
                assertEquals(0.0, first(primaryJob, "pg_replication_is_replica").value());
                assertEquals(1.0, first(replicaJob, "pg_replication_is_replica").value());
                assertEquals(
                        PostgresPair.MAX_CONNECTIONS,
                        first(primaryJob, "pg_settings_max_connections").value());
                // The probe's timeout is the 300 ms interval: on a loaded machine a first probe may miss it
                // and say 0; the primary must be seen up, not necessarily at the very first probe.
                assertEquals(
                        1.0,
                        await(primaryJob, "pg_up", 0, up -> up.value() == 1.0).value());

                // Three idle sessions on the primary are counted by database and state.
                List<Connection> idle = new ArrayList<>();
                try {
                    for (int i = 0; i < 3; i++) {
                        idle.add(pg.connect(pg.primaryPort));
                    }
                    long opened = System.currentTimeMillis();
                    await(
                            primaryJob,
                            "pg_stat_activity_count",
                            opened,
                            s -> "postgres".equals(s.labels().get("datname"))
                                    && "idle".equals(s.labels().get("state"))
                                    && s.value() >= 3);
                } finally {
                    for (Connection c : idle) {
                        c.close();
                    }
                }

                // Replay paused on the replica while the primary writes about 8 MB of WAL.
                try (Statement st = primary.createStatement()) {
                    st.execute("CREATE TABLE filler (id serial, pad text)");
                }
                awaitReplayed(replica);
                try (Statement st = replica.createStatement()) {
                    st.execute("SELECT pg_wal_replay_pause()");
                }
                long paused = System.currentTimeMillis();
                try (Statement st = primary.createStatement()) {
                    for (int i = 0; i < 8; i++) {
                        st.execute("INSERT INTO filler (pad) SELECT repeat('x', 1000) FROM generate_series(1, 1000)");
                        Thread.sleep(150);
                    }
                }
                Sample replicaLag = await(replicaJob, "pg_replication_lag_seconds", paused, s -> s.value() >= 1.0);
                Sample bytesBehind =
                        await(primaryJob, "pg_stat_replication_pg_wal_lsn_diff", paused, s -> s.value() >= 4_000_000);
                assertEquals("127.0.0.1", bytesBehind.labels().get("client_addr"));

                // Replay resumed: the replica catches up and both measures fall back.
                try (Statement st = replica.createStatement()) {
                    st.execute("SELECT pg_wal_replay_resume()");
                }
                long resumed = System.currentTimeMillis();
                await(replicaJob, "pg_replication_lag_seconds", resumed, s -> s.value() == 0);
                Sample caughtUp = await(
                        primaryJob,
                        "pg_stat_replication_pg_wal_lsn_diff",
                        resumed,
                        s -> s.value() < bytesBehind.value() / 100);
                assertTrue(caughtUp.timestampMs() > replicaLag.timestampMs());

                // The primary stopped: pg_up 0 for it; the replica is still up.
                pg.stopPrimary();
                long stopped = System.currentTimeMillis();
                await(primaryJob, "pg_up", stopped, s -> s.value() == 0);
                await(replicaJob, "pg_up", stopped, s -> s.value() == 1);
            }
        }
    }

    private static void awaitReplayed(Connection replica) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        try (Statement st = replica.createStatement()) {
            while (true) {
                try (var rs = st.executeQuery("SELECT to_regclass('filler') IS NOT NULL")) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        return;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(
                            "the replica did not replay CREATE TABLE within " + WAIT.toSeconds() + " s");
                }
                Thread.sleep(20);
            }
        }
    }

    /** The first sample of {@code job} named {@code name}, taken at or after {@code sinceMs}, that {@code wanted} accepts. */
    private static Sample await(String job, String name, long sinceMs, Predicate<Sample> wanted) {
        return TopicReader.await(
                        Topics.SAMPLES,
                        Sample.class,
                        s -> s.name().equals(name)
                                && job.equals(s.labels().get("job"))
                                && s.timestampMs() >= sinceMs
                                && wanted.test(s),
                        1,
                        WAIT)
                .get(0);
    }

    private static Sample first(String job, String name) {
        return await(job, name, 0, s -> true);
    }
}
