package io.tocsin.notifier.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Destinations on a real Vert.x with fake channels and an in-memory ledger: each goes at its own pace. */
class DestinationsTest {
    private static final TopicPartition P0 = new TopicPartition("tocsin.notifications.v1", 0);
    private static final TopicPartition P1 = new TopicPartition("tocsin.notifications.v1", 1);
    private static final BackoffPolicy POLICY =
            new BackoffPolicy(Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofHours(1));
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final Vertx vertx = Vertx.vertx();
    private final RecordingLedger ledger = new RecordingLedger();
    private final Progress progress = new Progress();
    private final AtomicReference<Throwable> bug = new AtomicReference<>();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertNull(bug.get(), "no exception escaped a delivery");
    }

    private Destinations deploy(Map<String, List<Integration>> integrations, Duration answerLimit) throws Exception {
        DecisionDelivery delivery = new DecisionDelivery(
                integrations, POLICY, answerLimit, ledger, new SimpleMeterRegistry(), Clock.systemUTC(), () -> 0.5);
        return Destinations.deploy(vertx, delivery, progress, new SimpleMeterRegistry(), bug::set)
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    private Destinations deploy(Map<String, List<Integration>> integrations) throws Exception {
        return deploy(integrations, Duration.ofSeconds(2));
    }

    /** A decision of a group of its own. */
    private static LedgerEntry decision(String id, String receiver, AlertState status) {
        return decision(id, receiver, status, id);
    }

    private static LedgerEntry decision(String id, String receiver, AlertState status, String group) {
        return LedgerEntry.decision(
                id,
                receiver,
                "{}:{instance=\"" + group + "\"}",
                status,
                List.of(TestAlerts.firing("HighCpu", "instance", id)),
                "new",
                TestAlerts.STARTS);
    }

    private static Integration hook(Channel channel, String destination) {
        return new Integration("webhook[0]", "webhook", true, channel, destination);
    }

    private static List<String> ids(FakeChannel c) {
        return c.calls().stream().map(Notification::id).toList();
    }

    private static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT + ": " + what);
            }
            Thread.sleep(5);
        }
    }

    @Test
    void aGroupsNotificationsReachItsDestinationInLedgerOrder() throws Exception {
        FakeChannel hook = new FakeChannel();
        Destinations destinations = deploy(Map.of("team", List.of(hook(hook, "team"))));
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            // Two groups interleaved: each one's notifications in its own order.
            String group = i % 2 == 0 ? "db-1" : "db-2";
            AlertState status = i % 4 < 2 ? AlertState.FIRING : AlertState.RESOLVED;
            destinations.accept(P0, 10 + i, decision("d" + i, "team", status, group), new AlreadyDelivered());
            sent.add("d" + i);
        }
        eventually("all delivered", () -> progress.resumeAt(P0).equals(OptionalLong.of(60)));
        assertEquals(
                sent.stream()
                        .filter(id -> Integer.parseInt(id.substring(1)) % 2 == 0)
                        .toList(),
                ids(hook).stream()
                        .filter(id -> Integer.parseInt(id.substring(1)) % 2 == 0)
                        .toList());
        assertEquals(
                sent.stream()
                        .filter(id -> Integer.parseInt(id.substring(1)) % 2 == 1)
                        .toList(),
                ids(hook).stream()
                        .filter(id -> Integer.parseInt(id.substring(1)) % 2 == 1)
                        .toList());
    }

    @Test
    void differentGroupsGoToOneDestinationSideBySide() throws Exception {
        List<Promise<DeliveryResult>> answers = new ArrayList<>();
        AtomicBoolean held = new AtomicBoolean(true);
        Channel slow = n -> {
            if (!held.get()) {
                return Future.succeededFuture(DeliveryResult.delivered(200, "ok"));
            }
            Promise<DeliveryResult> p = Promise.promise();
            synchronized (answers) {
                answers.add(p);
            }
            return p.future();
        };
        Destinations destinations = deploy(Map.of("team", List.of(hook(slow, "team"))), Duration.ofSeconds(30));
        for (int i = 0; i < Destination.IN_FLIGHT + 5; i++) {
            destinations.accept(P0, i, decision("d" + i, "team", AlertState.FIRING), new AlreadyDelivered());
        }
        destinations.accept(P0, 100, decision("again", "team", AlertState.RESOLVED, "d0"), new AlreadyDelivered());
        eventually("as many calls under way as slots", () -> {
            synchronized (answers) {
                return answers.size() == Destination.IN_FLIGHT;
            }
        });
        Thread.sleep(100);
        synchronized (answers) {
            assertEquals(Destination.IN_FLIGHT, answers.size(), "no more than the slots at once");
            held.set(false);
            answers.forEach(p -> p.complete(DeliveryResult.delivered(200, "ok")));
        }
        eventually(
                "all delivered, the group's second decision after its first",
                () -> progress.resumeAt(P0).equals(OptionalLong.of(101)));
    }

    @Test
    void aFailingDestinationDelaysOnlyItselfAndHoldsItsPartitionsCommitPoint() throws Exception {
        FakeChannel down = new FakeChannel().answer(1_000, DeliveryResult.retryable(503, null, "HTTP 503"));
        FakeChannel up = new FakeChannel();
        Destinations destinations = deploy(Map.of("down", List.of(hook(down, "down")), "up", List.of(hook(up, "up"))));
        destinations.accept(P0, 3, decision("d1", "down", AlertState.FIRING), new AlreadyDelivered());
        destinations.accept(P0, 4, decision("d2", "up", AlertState.FIRING), new AlreadyDelivered());
        destinations.accept(P0, 5, decision("d3", "up", AlertState.FIRING), new AlreadyDelivered());
        destinations.accept(P1, 0, decision("d4", "up", AlertState.FIRING), new AlreadyDelivered());

        eventually("the healthy destination has all three", () -> ids(up).size() == 3);
        assertEquals(List.of("d2", "d3", "d4"), ids(up));
        // the channel sees a call before its outcome reaches the partition's progress: wait for that too
        eventually("P1's decision done", () -> progress.resumeAt(P1).equals(OptionalLong.of(1)));
        assertEquals(OptionalLong.of(3), progress.resumeAt(P0), "d1 is still being retried: a crash re-reads from it");
        assertTrue(down.calls().size() >= 1);
    }

    @Test
    void aDestinationThatNeverAnswersDelaysOnlyItself() throws Exception {
        Channel hanging = n -> Promise.<DeliveryResult>promise().future();
        FakeChannel up = new FakeChannel();
        Destinations destinations = deploy(
                Map.of("hangs", List.of(hook(hanging, "hangs")), "up", List.of(hook(up, "up"))),
                Duration.ofSeconds(30));
        long start = System.nanoTime();
        destinations.accept(P0, 0, decision("d1", "hangs", AlertState.FIRING), new AlreadyDelivered());
        destinations.accept(P0, 1, decision("d2", "up", AlertState.FIRING), new AlreadyDelivered());

        eventually("the healthy destination has its notification", () -> ids(up).size() == 1);
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(2).toNanos(), "not behind the 30 s answer limit");
        assertEquals(OptionalLong.of(0), progress.resumeAt(P0));
    }

    @Test
    void aHaltedPartitionResumesAtItsFirstUnfinishedDecisionAndOthersCarryOn() throws Exception {
        FakeChannel failing = new FakeChannel().answer(1_000, DeliveryResult.retryable(503, null, "HTTP 503"));
        FakeChannel healthy = new FakeChannel();
        Destinations destinations =
                deploy(Map.of("down", List.of(hook(failing, "down")), "up", List.of(hook(healthy, "up"))));
        destinations.accept(P0, 3, decision("d1", "up", AlertState.FIRING), new AlreadyDelivered());
        // d2 and d3 of one group: d3 waits behind d2.
        destinations.accept(P0, 4, decision("d2", "down", AlertState.FIRING, "db-1"), new AlreadyDelivered());
        destinations.accept(P0, 5, decision("d3", "down", AlertState.RESOLVED, "db-1"), new AlreadyDelivered());
        destinations.accept(P1, 0, decision("d4", "up", AlertState.FIRING), new AlreadyDelivered());
        eventually("d2 tried", () -> !failing.calls().isEmpty());
        // d1 went to the healthy destination: once it is done, the partition's first unfinished decision is d2.
        eventually("d1 done", () -> progress.resumeAt(P0).equals(OptionalLong.of(4)));

        destinations.halt(List.of(P0));
        assertTrue(progress.awaitIdle(List.of(P0), Duration.ofSeconds(2)), "a halt ends the retry wait");
        assertEquals(OptionalLong.of(4), progress.resumeAt(P0), "d2 is left for the next owner, and d3 after it");
        assertEquals(
                List.of("d2"),
                failing.calls().stream().map(Notification::id).distinct().toList());
        eventually("P1 carries on", () -> progress.resumeAt(P1).equals(OptionalLong.of(1)));
        assertTrue(ledger.entries(LedgerEntry.Kind.DEAD_LETTER).isEmpty());
    }

    @Test
    void stoppingEndsEveryWaitAndKeepsWhatIsDone() throws Exception {
        FakeChannel failing = new FakeChannel().answer(1_000, DeliveryResult.retryable(503, null, "HTTP 503"));
        Destinations destinations = deploy(Map.of("down", List.of(hook(failing, "down"))));
        destinations.accept(P0, 0, decision("d1", "down", AlertState.FIRING), new AlreadyDelivered());
        eventually("d1 tried", () -> !failing.calls().isEmpty());

        destinations.stop();
        assertTrue(progress.awaitIdle(List.of(P0), Duration.ofSeconds(2)));
        assertEquals(OptionalLong.of(0), progress.resumeAt(P0));
    }

    @Test
    void aChannelTheLedgerSaysWasDeliveredBeforeACrashIsNotCalledAgain() throws Exception {
        FakeChannel slack = new FakeChannel();
        FakeChannel hook = new FakeChannel();
        Destinations destinations = deploy(Map.of(
                "team",
                List.of(
                        new Integration("slack[0]", "slack", true, slack),
                        new Integration("webhook[0]", "webhook", true, hook))));
        LedgerEntry d1 = decision("d1", "team", AlertState.FIRING);
        AlreadyDelivered done = new AlreadyDelivered();
        done.scanned(P0, 20);
        done.note(P0, d1.attempt("slack[0]", "delivered", 200, "ok", 1, TestAlerts.STARTS));

        assertEquals(1, destinations.accept(P0, 5, d1, done));
        eventually("delivered", () -> progress.resumeAt(P0).equals(OptionalLong.of(6)));
        assertTrue(slack.calls().isEmpty());
        assertEquals(1, hook.calls().size(), "the channel it had not reached yet is still told");
    }

    @Test
    void aDecisionForAReceiverNoLongerConfiguredIsDeadLetteredAndReadPast() throws Exception {
        Destinations destinations = deploy(Map.of());
        destinations.accept(P0, 0, decision("d1", "gone", AlertState.RESOLVED), new AlreadyDelivered());
        assertEquals(
                "receiver 'gone' is not configured",
                ledger.entries(LedgerEntry.Kind.DEAD_LETTER).get(0).detail());
        assertEquals(OptionalLong.of(1), progress.resumeAt(P0));
    }

    @Test
    void recordsThatAreNotDecisionsAndResolvesNobodyWantsAreReadPast() throws Exception {
        FakeChannel quiet = new FakeChannel();
        Destinations destinations = deploy(Map.of("team", List.of(new Integration("slack[0]", "slack", false, quiet))));
        destinations.accept(P0, 7, null, new AlreadyDelivered());
        destinations.accept(P0, 8, decision("d1", "team", AlertState.RESOLVED), new AlreadyDelivered());
        assertEquals(OptionalLong.of(9), progress.resumeAt(P0));
        assertEquals(0, progress.open());
        assertTrue(quiet.calls().isEmpty());
    }
}
