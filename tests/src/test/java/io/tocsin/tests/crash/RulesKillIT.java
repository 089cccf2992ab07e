package io.tocsin.tests.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tocsin.core.json.JsonSerde;
import io.tocsin.core.kafka.KafkaSettings;
import io.tocsin.core.kafka.TopicAdmin;
import io.tocsin.core.kafka.Topics;
import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.AlertState;
import io.tocsin.core.wire.Labels;
import io.tocsin.core.wire.Sample;
import io.tocsin.core.wire.SampleKind;
import io.tocsin.rules.topology.RulesTopology;
import io.tocsin.tests.KafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opentest4j.AssertionFailedError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules service, alone in its own JVM, is killed with SIGKILL while an alert is pending and
 * started again under the same application id. No clean close ran: the open Streams transaction
 * is aborted, the dead member keeps its partitions until its 10 s session expires, and the state
 * comes back from the changelog. The pending clock must resume: one PENDING, then one FIRING at
 * the original startsAt + for, on tocsin.alerts.v1 as a read_committed reader sees it.
 *
 * <p>Both restarts are tested: on the same state directory (what a restarted process or pod
 * with a volume does; under exactly-once a dirty directory is wiped and restored anyway) and on
 * an empty one (a pod rescheduled to another node).
 */
@ExtendWith(KafkaBroker.class)
class RulesKillIT {
    private static final Logger log = LoggerFactory.getLogger(RulesKillIT.class);
    private static final Duration FOR = Duration.ofSeconds(25);
    /**
     * Firing may trail startsAt + for by one evaluation tick (250 ms here), the 100 ms Streams
     * commit that makes it visible, and this reader's poll (50 ms): 0.4 s on a quiet machine.
     * 2.5 s allows for two shared cores under load, and is still far from the 13+ s (kill point +
     * restart) by which a clock restarted after the kill would miss.
     */
    private static final long TOLERANCE_MS = 2_500;
    /** The rules' catch-up after a restart: 5 settles of 1 s (GroupStage.CATCH_UP_SETTLES). */
    private static final long CATCH_UP_MS = 5_000;

    private static final long KILL_AFTER_PENDING_MS = 3_000;

    @RegisterExtension
    static final ChildJvms jvms = new ChildJvms();

    @ParameterizedTest(name = "restart on {0} state dir")
    @ValueSource(strings = {"the same", "an empty"})
    void aKillDuringForResumesThePendingClockAndFiresOnceAtTheOriginalDeadline(String stateDir) throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String alertname = "KillHot" + suffix;
        String metric = "kill_temp_" + suffix;
        Path dir = Files.createDirectories(Path.of("target", "crash-rules-" + suffix));
        Files.createDirectories(dir.resolve("rules"));
        Files.writeString(dir.resolve("rules").resolve("kill.rules.yml"), """
                groups:
                  - name: kill-%s
                    rules:
                      - alert: %s
                        select: '%s'
                        aggregate: max
                        window: 5s
                        condition: '> 50'
                        for: %ds
                """.formatted(
                        suffix, alertname, metric, FOR.toSeconds()));
        TopicAdmin.ensureTopics(KafkaBroker.bootstrap(), 4, 1);
        String app = "crash-rules-" + suffix;
        ChildService first = jvms.create("rules-before-kill", args(dir, app, "state-1"), Map.of(), dir);
        ChildService second = jvms.create(
                "rules-after-kill", args(dir, app, stateDir.equals("the same") ? "state-1" : "state-2"), Map.of(), dir);

        try (CommittedTap<Alert> alerts =
                        new CommittedTap<>(Topics.ALERTS, Alert.class, a -> alertname.equals(a.name()));
                Breach breach = new Breach(metric)) {
            first.start();
            breach.start();
            CommittedTap.Seen<Alert> pending =
                    await(alerts, AlertState.PENDING, System.currentTimeMillis() + 30_000, "");
            long due = pending.value().startsAt().toEpochMilli() + FOR.toMillis();

            ChildService.sleep(Math.max(
                    0, pending.value().startsAt().toEpochMilli() + KILL_AFTER_PENDING_MS - System.currentTimeMillis()));
            first.kill();
            long killedAt = System.currentTimeMillis();
            second.start();
            long readyAt = System.currentTimeMillis();

            CommittedTap.Seen<Alert> firing = await(
                    alerts,
                    AlertState.FIRING,
                    Math.max(due, readyAt) + 15_000,
                    "due at "
                            + Instant.ofEpochMilli(due) + ", killed at " + Instant.ofEpochMilli(killedAt)
                            + ", ready again at "
                            + Instant.ofEpochMilli(readyAt));
            assertEquals(
                    pending.value().startsAt().toString(),
                    firing.value().annotations().get(RulesTopology.PENDING_SINCE),
                    "the pending start is the first breach's");
            long late = firing.seenAtMs() - due;
            assertTrue(late >= 0, "fired " + -late + " ms before for had passed");
            // A restart that outlasts for (an overloaded machine) finds the alert already due: it fires
            // once the restored state and the outage's backlog are in, within the rules' catch-up.
            // A restarted clock would need the whole of for after the restart either way.
            long expected = Math.max(due, readyAt);
            long allowed = readyAt < due ? TOLERANCE_MS : TOLERANCE_MS + CATCH_UP_MS;
            assertTrue(
                    firing.seenAtMs() - expected <= allowed,
                    "fired " + late + " ms after startsAt + for (killed "
                            + (killedAt - pending.value().startsAt().toEpochMilli()) + " ms into for, ready again "
                            + (readyAt - killedAt) + " ms later): the clock did not resume");

            log.info(
                    "{} state dir: killed {} ms into for, ready again {} ms later, FIRING seen {} ms after startsAt + for",
                    stateDir,
                    killedAt - pending.value().startsAt().toEpochMilli(),
                    readyAt - killedAt,
                    late);

            // Anything a lost or doubled state would emit (a RESOLVED, a second PENDING or FIRING) has had time to
            // show.
            ChildService.sleep(2_000);
            List<AlertState> states = alerts.values().stream().map(Alert::state).toList();
            assertEquals(
                    List.of(AlertState.PENDING, AlertState.FIRING),
                    states,
                    "state changes on " + Topics.ALERTS + ": " + describe(alerts));
        }
    }

    private static List<String> args(Path dir, String app, String state) {
        return List.of(
                "rules",
                "--bootstrap",
                KafkaBroker.bootstrap(),
                "--replication-factor",
                "1",
                "--app-id",
                app,
                "--rules-dir",
                dir.resolve("rules").toString(),
                "--state-dir",
                dir.resolve(state).toString(),
                "--eval-interval-ms",
                "250",
                "--resend-interval-ms",
                "600000");
    }

    private static String describe(CommittedTap<Alert> alerts) {
        return alerts.seen().stream()
                .map(s -> s.value().state() + " startsAt " + s.value().startsAt() + " seen "
                        + Instant.ofEpochMilli(s.seenAtMs()))
                .toList()
                .toString();
    }

    /** The first record in this state, waiting for it until {@code deadlineMs}. */
    private static CommittedTap.Seen<Alert> await(
            CommittedTap<Alert> alerts, AlertState state, long deadlineMs, String context) {
        while (System.currentTimeMillis() < deadlineMs) {
            var found = alerts.seen().stream()
                    .filter(s -> s.value().state() == state)
                    .findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            ChildService.sleep(20);
        }
        throw new AssertionFailedError("no " + state + " by " + Instant.ofEpochMilli(deadlineMs) + " (" + context
                + "); seen: " + describe(alerts));
    }

    /** A breaching sample every 250 ms, before, during and after the outage, as a live metric keeps coming. */
    private static final class Breach implements AutoCloseable {
        private final KafkaProducer<String, Sample> producer;
        private final String metric;
        private final Thread thread;
        private volatile boolean running = true;

        Breach(String metric) {
            this.metric = metric;
            this.producer = new KafkaProducer<>(
                    new KafkaSettings(KafkaBroker.bootstrap()).durableProducer("breach-" + metric),
                    new StringSerializer(),
                    JsonSerde.of(Sample.class).serializer());
            this.thread = new Thread(this::run, "breach-" + metric);
        }

        void start() {
            thread.start();
        }

        private void run() {
            while (running) {
                Sample s =
                        new Sample(metric, Labels.of("host", "db-1"), 60, System.currentTimeMillis(), SampleKind.GAUGE);
                producer.send(new ProducerRecord<>(Topics.SAMPLES, null, s.timestampMs(), s.seriesId(), s));
                producer.flush();
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(5000);
            producer.close();
        }
    }
}
