package io.tocsin.notifier.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tocsin.core.wire.Alert;
import io.tocsin.core.wire.AlertState;
import io.tocsin.notifier.ManualClock;
import io.tocsin.notifier.TestAlerts;
import io.tocsin.notifier.channel.Channel;
import io.tocsin.notifier.channel.DeliveryResult;
import io.tocsin.notifier.channel.FakeChannel;
import io.tocsin.notifier.ledger.LedgerEntry;
import io.tocsin.notifier.ledger.RecordingLedger;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** The retry loop with a fake channel, a clock that sleeping moves, and an in-memory ledger. */
class DecisionDeliveryTest {
    private static final BackoffPolicy POLICY =
            new BackoffPolicy(Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofHours(1));
    private static final Alert CPU = TestAlerts.firing("HighCpu", "instance", "db-1");
    private static final LedgerEntry DECISION = LedgerEntry.decision(
            "d1", "team", "{}:{alertname=\"HighCpu\"}", AlertState.FIRING, List.of(CPU), "new", TestAlerts.STARTS);

    private final ManualClock clock = ManualClock.at("2026-01-10T10:00:05Z");
    private final RecordingLedger ledger = new RecordingLedger();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<Duration> sleeps = new ArrayList<>();
    private boolean stopWhenAsked;

    /** Waiting moves the clock and is over at once; a channel that has not answered yet never will. */
    private final Waits waits = new Waits() {
        @Override
        public Future<Boolean> sleep(Duration d) {
            sleeps.add(d);
            clock.advance(d);
            return Future.succeededFuture(!stopWhenAsked);
        }

        @Override
        public <T> Future<T> within(Future<T> call, Duration limit) {
            if (call.isComplete()) {
                return call;
            }
            clock.advance(limit);
            return Future.failedFuture(new TimeoutException());
        }
    };

    private Sender delivery(Map<String, List<Integration>> integrations) {
        return new Sender(
                new DecisionDelivery(integrations, POLICY, Duration.ofSeconds(1), ledger, registry, clock, () -> 0.5));
    }

    /** Tells every integration of the decision's receiver, one after the other, as one destination would. */
    private final class Sender {
        final DecisionDelivery delivery;

        Sender(DecisionDelivery delivery) {
            this.delivery = delivery;
        }

        DecisionDelivery.Handled deliver(LedgerEntry decision) {
            for (Integration i : delivery.integrationsFor(decision).orElseThrow()) {
                Future<DecisionDelivery.Handled> handled = delivery.deliverVia(decision, i, waits);
                assertTrue(handled.isComplete(), "with waits that are over at once, so is delivery");
                if (handled.result() == DecisionDelivery.Handled.INTERRUPTED) {
                    return DecisionDelivery.Handled.INTERRUPTED;
                }
            }
            return DecisionDelivery.Handled.DONE;
        }
    }

    private static Map<String, List<Integration>> team(Integration... integrations) {
        return Map.of("team", List.of(integrations));
    }

    private static Integration slack(Channel channel) {
        return new Integration("slack[0]", "slack", true, channel);
    }

    @Test
    void aDeliveredNotificationIsOneAttemptInTheLedger() {
        FakeChannel channel = new FakeChannel();
        assertEquals(
                DecisionDelivery.Handled.DONE, delivery(team(slack(channel))).deliver(DECISION));

        assertEquals(1, channel.calls().size());
        assertEquals("d1", channel.calls().get(0).id());
        assertEquals(List.of(CPU), channel.calls().get(0).alerts());
        LedgerEntry attempt = ledger.entries().get(0);
        assertEquals(
                List.of(LedgerEntry.Kind.ATTEMPT),
                ledger.entries().stream().map(LedgerEntry::kind).toList());
        assertEquals("d1", attempt.id());
        assertEquals("slack[0]", attempt.channel());
        assertEquals("delivered", attempt.outcome());
        assertEquals(1, attempt.attempt());
        assertEquals(
                1.0,
                registry.counter(
                                "tocsin.notifier.deliveries",
                                "receiver",
                                "team",
                                "channel",
                                "slack",
                                "outcome",
                                "delivered")
                        .count());
    }

    @Test
    void retryableFailuresAreRetriedWithBackoffUntilDelivered() {
        FakeChannel channel = new FakeChannel().answer(3, DeliveryResult.retryable(500, null, "HTTP 500 rollup_error"));
        assertEquals(
                DecisionDelivery.Handled.DONE, delivery(team(slack(channel))).deliver(DECISION));

        assertEquals(4, channel.calls().size());
        assertEquals(List.of(Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofMillis(1000)), sleeps);
        assertEquals(
                List.of("retryable", "retryable", "retryable", "delivered"),
                ledger.entries().stream().map(LedgerEntry::outcome).toList());
        assertEquals(
                List.of(1, 2, 3, 4),
                ledger.entries().stream().map(LedgerEntry::attempt).toList());
    }

    @Test
    void aRateLimitIsWaitedOutForAtLeastRetryAfter() {
        FakeChannel channel =
                new FakeChannel().answer(1, DeliveryResult.retryable(429, Duration.ofSeconds(7), "HTTP 429"));
        delivery(team(slack(channel))).deliver(DECISION);
        assertEquals(List.of(Duration.ofSeconds(7)), sleeps);
        assertEquals(2, channel.calls().size());
    }

    @Test
    void aPermanentFailureIsNotRetriedAndIsDeadLettered() {
        FakeChannel channel = new FakeChannel().answer(1, DeliveryResult.permanent(404, "HTTP 404 channel_not_found"));
        assertEquals(
                DecisionDelivery.Handled.DONE, delivery(team(slack(channel))).deliver(DECISION));

        assertEquals(1, channel.calls().size());
        assertTrue(sleeps.isEmpty());
        LedgerEntry dead = ledger.entries(LedgerEntry.Kind.DEAD_LETTER).get(0);
        assertEquals("permanent", dead.outcome());
        assertEquals(404, dead.httpStatus());
        assertEquals("not retried: HTTP 404 channel_not_found", dead.detail());
        assertEquals(List.of(CPU), dead.alerts(), "a dead letter keeps what it could not deliver");
    }

    @Test
    void afterTheRetryBudgetTheNotificationIsDeadLettered() {
        FakeChannel channel = new FakeChannel().answer(10_000, DeliveryResult.retryable(503, null, "HTTP 503"));
        assertEquals(
                DecisionDelivery.Handled.DONE, delivery(team(slack(channel))).deliver(DECISION));

        Duration waited = sleeps.stream().reduce(Duration.ZERO, Duration::plus);
        assertTrue(waited.compareTo(Duration.ofHours(1)) <= 0, "waited " + waited);
        assertTrue(waited.compareTo(Duration.ofMinutes(59)) > 0, "waited " + waited);
        List<LedgerEntry> dead = ledger.entries(LedgerEntry.Kind.DEAD_LETTER);
        assertEquals(1, dead.size());
        assertTrue(
                dead.get(0)
                        .detail()
                        .startsWith("gave up after " + channel.calls().size() + " attempts"),
                dead.get(0).detail());
        assertEquals(
                channel.calls().size(), ledger.entries(LedgerEntry.Kind.ATTEMPT).size());
        assertEquals(
                1.0,
                registry.counter("tocsin.notifier.dead_letters", "receiver", "team", "channel", "slack")
                        .count());
    }

    @Test
    void everyChannelOfTheReceiverGetsTheNotification() {
        FakeChannel console = new FakeChannel();
        FakeChannel slack = new FakeChannel().answer(1, DeliveryResult.permanent(410, "HTTP 410 channel_is_archived"));
        delivery(team(new Integration("console[0]", "console", true, console), slack(slack)))
                .deliver(DECISION);
        assertEquals(1, console.calls().size());
        assertEquals(1, slack.calls().size());
    }

    @Test
    void aChannelThatDoesNotSendResolvedIsSkippedForResolves() {
        FakeChannel quiet = new FakeChannel();
        LedgerEntry resolved = LedgerEntry.decision(
                "d2",
                "team",
                DECISION.groupKey(),
                AlertState.RESOLVED,
                List.of(TestAlerts.resolved("HighCpu", "instance", "db-1")),
                "resolved",
                TestAlerts.STARTS);
        delivery(team(new Integration("slack[0]", "slack", false, quiet))).deliver(resolved);
        assertTrue(quiet.calls().isEmpty());
        assertTrue(ledger.entries().isEmpty());
    }

    @Test
    void stoppingDuringABackoffLeavesTheDecisionUnfinished() {
        stopWhenAsked = true;
        FakeChannel channel = new FakeChannel().answer(1, DeliveryResult.retryable(500, null, "HTTP 500"));
        assertEquals(
                DecisionDelivery.Handled.INTERRUPTED,
                delivery(team(slack(channel))).deliver(DECISION));
        assertTrue(ledger.entries(LedgerEntry.Kind.DEAD_LETTER).isEmpty());
    }

    @Test
    void aChannelThatNeverAnswersCountsAsARetryableFailure() {
        Channel silent = n -> Promise.<DeliveryResult>promise().future();
        stopWhenAsked = true;
        delivery(team(slack(silent))).deliver(DECISION);
        assertEquals("no answer within 1000 ms", ledger.entries().get(0).detail());
        assertEquals("retryable", ledger.entries().get(0).outcome());
    }

    @Test
    void aChannelThatFailsItsFutureIsRetriedWithoutQuotingTheError() {
        Channel broken = n -> Future.failedFuture(new IllegalStateException("https://hooks.slack.com/services/s3cr3t"));
        stopWhenAsked = true;
        delivery(team(slack(broken))).deliver(DECISION);
        assertEquals(
                "channel error IllegalStateException", ledger.entries().get(0).detail());
    }

    @Test
    void aDecisionForAReceiverNoLongerConfiguredIsDeadLettered() {
        DecisionDelivery delivery = delivery(Map.of()).delivery;
        assertTrue(delivery.integrationsFor(DECISION).isEmpty());
        delivery.deadLetterUnknownReceiver(DECISION);
        LedgerEntry dead = ledger.entries(LedgerEntry.Kind.DEAD_LETTER).get(0);
        assertEquals("receiver 'team' is not configured", dead.detail());
    }

    @Test
    void waitingForALocalRateLimitIsAWaitAndNotAFailedAttempt() {
        FakeChannel channel = new FakeChannel();
        TokenBucket oneASecond = new TokenBucket(1, 1, clock.instant());
        Sender sender = delivery(team(new Integration("slack[0]", "slack", true, channel, "slack:abc", oneASecond)));
        LedgerEntry second = LedgerEntry.decision(
                "d2", "team", DECISION.groupKey(), AlertState.FIRING, List.of(CPU), "new", TestAlerts.STARTS);

        sender.deliver(DECISION);
        sender.deliver(second);

        assertEquals(List.of(Duration.ofSeconds(1)), sleeps, "the second send waited for the bucket");
        assertEquals(
                List.of("d1", "d2"), channel.calls().stream().map(n -> n.id()).toList());
        assertEquals(
                List.of("delivered", "delivered"),
                ledger.entries().stream().map(LedgerEntry::outcome).toList());
        assertEquals(
                List.of(1, 1),
                ledger.entries().stream().map(LedgerEntry::attempt).toList(),
                "each decision took one attempt: the wait is not one");
    }
}
