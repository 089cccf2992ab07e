package io.tocsin.notifier.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tocsin.core.wire.AlertState;
import io.tocsin.notifier.TestAlerts;
import io.tocsin.notifier.channel.Channel;
import io.tocsin.notifier.channel.DeliveryResult;
import io.tocsin.notifier.channel.FakeChannel;
import io.tocsin.notifier.channel.Notification;
import io.tocsin.notifier.ledger.LedgerEntry;
import io.tocsin.notifier.ledger.RecordingLedger;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Batches on real threads with fake channels and an in-memory ledger. */
class DeliveryBatchTest {
    private static final TopicPartition P0 = new TopicPartition("tocsin.notifications.v1", 0);
    private static final TopicPartition P1 = new TopicPartition("tocsin.notifications.v1", 1);
    private static final BackoffPolicy POLICY =
            new BackoffPolicy(Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofHours(1));
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final RecordingLedger ledger = new RecordingLedger();
    private final ExecutorService lanes = Executors.newCachedThreadPool();

    @AfterEach
    void stopLanes() {
        lanes.shutdownNow();
    }

    private DecisionDelivery delivery(Map<String, List<Integration>> integrations) {
        return new DecisionDelivery(integrations, POLICY, Duration.ofSeconds(2), ledger, new SimpleMeterRegistry(),
                Clock.systemUTC(), d -> false, () -> 0.5);
    }

    private static LedgerEntry decision(String id, String receiver, AlertState status) {
        return LedgerEntry.decision(id, receiver, "{}:{instance=\"" + id + "\"}", status,
                List.of(TestAlerts.firing("HighCpu", "instance", id)), "new", TestAlerts.STARTS);
    }

    private static DeliveryBatch.Polled at(TopicPartition tp, long offset, LedgerEntry decision) {
        return new DeliveryBatch.Polled(tp, offset, decision);
    }

    private DeliveryBatch run(List<DeliveryBatch.Polled> records, DecisionDelivery delivery, AlreadyDelivered done)
            throws InterruptedException {
        DeliveryBatch batch = new DeliveryBatch(records, delivery, done);
        batch.start(delivery, lanes);
        return batch;
    }

    @Test
    void oneDestinationGetsItsNotificationsInLedgerOrder() throws Exception {
        FakeChannel hook = new FakeChannel();
        DecisionDelivery delivery = delivery(Map.of("team", List.of(new Integration("webhook[0]", "webhook", true, hook))));
        List<DeliveryBatch.Polled> records = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            records.add(at(P0, 10 + i, decision("d" + i, "team", AlertState.FIRING)));
        }
        DeliveryBatch batch = run(records, delivery, new AlreadyDelivered());

        assertTrue(batch.await(WAIT));
        assertEquals(records.stream().map(r -> r.decision().id()).toList(),
                hook.calls().stream().map(Notification::id).toList());
        assertEquals(60, batch.resumeAt(P0));
    }

    @Test
    void twoDestinationsAreServedAtTheSameTime() throws Exception {
        // The first destination answers only once the second has been called: one after the
        // other, its call would time out and be retried.
        Promise<DeliveryResult> firstAnswer = Promise.promise();
        Channel first = n -> firstAnswer.future();
        Channel second = n -> {
            firstAnswer.tryComplete(DeliveryResult.delivered(200, "ok"));
            return Future.succeededFuture(DeliveryResult.delivered(200, "ok"));
        };
        DecisionDelivery delivery = delivery(Map.of(
                "a", List.of(new Integration("webhook[0]", "webhook", true, first, "a")),
                "b", List.of(new Integration("webhook[0]", "webhook", true, second, "b"))));
        DeliveryBatch batch = run(List.of(at(P0, 0, decision("d1", "a", AlertState.FIRING)),
                at(P1, 0, decision("d2", "b", AlertState.FIRING))), delivery, new AlreadyDelivered());

        assertTrue(batch.await(WAIT));
        assertEquals(2, batch.lanes());
        assertEquals(List.of("delivered", "delivered"),
                ledger.entries(LedgerEntry.Kind.ATTEMPT).stream().map(LedgerEntry::outcome).toList());
    }

    @Test
    void recordsThatAreNotDecisionsAreReadPast() throws Exception {
        DeliveryBatch batch = run(List.of(at(P0, 7, null), at(P0, 8, null)), delivery(Map.of()), new AlreadyDelivered());
        assertTrue(batch.await(WAIT));
        assertEquals(9, batch.resumeAt(P0));
        assertTrue(batch.finished(P0));
    }

    @Test
    void aHaltedPartitionResumesAtItsFirstUnfinishedDecisionAndOthersCarryOn() throws Exception {
        FakeChannel failing = new FakeChannel().answer(1_000, DeliveryResult.retryable(503, null, "HTTP 503"));
        FakeChannel healthy = new FakeChannel();
        DecisionDelivery delivery = delivery(Map.of(
                "down", List.of(new Integration("webhook[0]", "webhook", true, failing, "down")),
                "up", List.of(new Integration("webhook[0]", "webhook", true, healthy, "up"))));
        DeliveryBatch batch = run(List.of(
                at(P0, 3, decision("d1", "up", AlertState.FIRING)),
                at(P0, 4, decision("d2", "down", AlertState.FIRING)),
                at(P0, 5, decision("d3", "down", AlertState.FIRING)),
                at(P1, 0, decision("d4", "up", AlertState.FIRING))), delivery, new AlreadyDelivered());

        while (failing.calls().isEmpty()) {
            Thread.sleep(5);
        }
        batch.halt(List.of(P0));
        assertTrue(batch.await(WAIT), "a halt ends the retry wait");
        assertEquals(4, batch.resumeAt(P0), "d2 is left for the next owner, and d3 after it");
        assertEquals(List.of("d2"), failing.calls().stream().map(Notification::id).distinct().toList());
        assertEquals(1, batch.resumeAt(P1));
        assertTrue(ledger.entries(LedgerEntry.Kind.DEAD_LETTER).isEmpty());
    }

    @Test
    void stoppingEndsEveryLaneAndKeepsWhatIsDone() throws Exception {
        FakeChannel failing = new FakeChannel().answer(1_000, DeliveryResult.retryable(503, null, "HTTP 503"));
        DecisionDelivery delivery = delivery(Map.of("down",
                List.of(new Integration("webhook[0]", "webhook", true, failing, "down"))));
        DeliveryBatch batch = run(List.of(at(P0, 0, decision("d1", "down", AlertState.FIRING))), delivery,
                new AlreadyDelivered());
        while (failing.calls().isEmpty()) {
            Thread.sleep(5);
        }
        batch.stop();
        assertTrue(batch.await(WAIT));
        assertEquals(0, batch.resumeAt(P0));
    }

    @Test
    void aChannelTheLedgerSaysWasDeliveredBeforeACrashIsNotCalledAgain() throws Exception {
        FakeChannel slack = new FakeChannel();
        FakeChannel hook = new FakeChannel();
        DecisionDelivery delivery = delivery(Map.of("team", List.of(
                new Integration("slack[0]", "slack", true, slack), new Integration("webhook[0]", "webhook", true, hook))));
        LedgerEntry d1 = decision("d1", "team", AlertState.FIRING);
        AlreadyDelivered done = new AlreadyDelivered();
        done.scanned(P0, 20);
        done.note(P0, d1.attempt("slack[0]", "delivered", 200, "ok", 1, TestAlerts.STARTS));

        DeliveryBatch batch = run(List.of(at(P0, 5, d1)), delivery, done);
        assertTrue(batch.await(WAIT));
        assertTrue(slack.calls().isEmpty());
        assertEquals(1, hook.calls().size(), "the channel it had not reached yet is still told");
        assertEquals(1, batch.skipped());
        assertEquals(6, batch.resumeAt(P0));
    }

    @Test
    void aDecisionForAReceiverNoLongerConfiguredIsDeadLetteredAndReadPast() throws Exception {
        DeliveryBatch batch = run(List.of(at(P0, 0, decision("d1", "gone", AlertState.RESOLVED))), delivery(Map.of()),
                new AlreadyDelivered());
        assertTrue(batch.await(WAIT));
        assertEquals("receiver 'gone' is not configured", ledger.entries(LedgerEntry.Kind.DEAD_LETTER).get(0).detail());
        assertEquals(1, batch.resumeAt(P0));
    }

    @Test
    void aResolveForChannelsThatDoNotSendResolvesIsFinishedWithoutACall() throws Exception {
        FakeChannel quiet = new FakeChannel();
        DecisionDelivery delivery = delivery(Map.of("team", List.of(new Integration("slack[0]", "slack", false, quiet))));
        DeliveryBatch batch = run(List.of(at(P0, 0, decision("d1", "team", AlertState.RESOLVED))), delivery,
                new AlreadyDelivered());
        assertTrue(batch.await(WAIT));
        assertTrue(quiet.calls().isEmpty());
        assertEquals(1, batch.resumeAt(P0));
    }
}
