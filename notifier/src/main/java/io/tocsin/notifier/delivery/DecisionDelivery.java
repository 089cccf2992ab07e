package io.tocsin.notifier.delivery;

import io.micrometer.core.instrument.MeterRegistry;
import io.tocsin.core.wire.AlertState;
import io.tocsin.notifier.channel.DeliveryResult;
import io.tocsin.notifier.channel.Notification;
import io.tocsin.notifier.ledger.LedgerEntry;
import io.tocsin.notifier.ledger.LedgerSink;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one decision through every channel of its receiver: retry with backoff while the
 * result is retryable and the budget lasts, record every attempt in the ledger, and dead-letter
 * what cannot be delivered. Runs on worker threads and blocks on channel futures.
 */
public final class DecisionDelivery {
    private static final Logger log = LoggerFactory.getLogger(DecisionDelivery.class);

    /** Whether the decision is finished with (its offset may be committed). */
    public enum Handled {
        DONE,
        /** Stopped part-way; the decision must be handled again (after a restart or by the new owner). */
        INTERRUPTED
    }

    private final Map<String, List<Integration>> integrations;
    private final BackoffPolicy policy;
    private final Duration answerLimit;
    private final LedgerSink ledger;
    private final MeterRegistry registry;
    private final Clock clock;
    private final Sleeper sleeper;
    private final DoubleSupplier random;

    /**
     * @param answerLimit how long to wait for a channel's answer; channels time out by themselves,
     *                    this only guards against one that never answers
     * @param random      uniform in [0, 1), for jitter
     */
    public DecisionDelivery(Map<String, List<Integration>> integrations, BackoffPolicy policy, Duration answerLimit,
            LedgerSink ledger, MeterRegistry registry, Clock clock, Sleeper sleeper, DoubleSupplier random) {
        this.integrations = Map.copyOf(integrations);
        this.policy = policy;
        this.answerLimit = answerLimit;
        this.ledger = ledger;
        this.registry = registry;
        this.clock = clock;
        this.sleeper = sleeper;
        this.random = random;
    }

    /** Delivers one decision through every channel of its receiver, one after the other. */
    public Handled deliver(LedgerEntry decision) {
        Optional<List<Integration>> channels = integrationsFor(decision);
        if (channels.isEmpty()) {
            deadLetterUnknownReceiver(decision);
            return Handled.DONE;
        }
        for (Integration integration : channels.get()) {
            if (deliverVia(decision, integration, sleeper) == Handled.INTERRUPTED) {
                return Handled.INTERRUPTED;
            }
        }
        return Handled.DONE;
    }

    /**
     * The integrations that must be told about this decision: its receiver's, less those that do
     * not send resolves when it is a resolve. Empty when the receiver is not configured (any more).
     */
    public Optional<List<Integration>> integrationsFor(LedgerEntry decision) {
        if (decision.kind() != LedgerEntry.Kind.DECISION) {
            throw new IllegalArgumentException("only decisions are delivered, not " + decision.kind());
        }
        List<Integration> channels = integrations.get(decision.receiver());
        if (channels == null) {
            return Optional.empty();
        }
        return Optional.of(channels.stream()
                .filter(i -> decision.status() != AlertState.RESOLVED || i.sendResolved())
                .toList());
    }

    /** A resolve for a receiver that was removed from the config since it was told "firing". */
    public void deadLetterUnknownReceiver(LedgerEntry decision) {
        ledger.append(decision.deadLetter(null, DeliveryResult.Outcome.PERMANENT.wireName(), null,
                "receiver '" + decision.receiver() + "' is not configured", 0, clock.instant()));
        registry.counter("tocsin.notifier.dead_letters", "receiver", decision.receiver(), "channel", "none").increment();
    }

    /**
     * Delivers one decision through one integration: retries until delivered, dead-lettered, or
     * {@code sleeper} says stop. Safe to call from several threads for different integrations.
     */
    public Handled deliverVia(LedgerEntry decision, Integration integration, Sleeper sleeper) {
        Notification n = new Notification(decision.id(), decision.receiver(), decision.groupKey(),
                decision.groupLabels(), decision.status(), decision.alerts(), decision.ack());
        return deliverWithRetries(decision, n, integration, sleeper);
    }

    private Handled deliverWithRetries(LedgerEntry decision, Notification n, Integration integration, Sleeper sleeper) {
        Instant first = clock.instant();
        for (int attempt = 1; ; attempt++) {
            DeliveryResult result = attempt(integration, n);
            if (Thread.currentThread().isInterrupted()) {
                return Handled.INTERRUPTED;
            }
            Instant now = clock.instant();
            ledger.append(decision.attempt(integration.name(), result.outcome().wireName(), result.httpStatus(),
                    result.detail(), attempt, now));
            registry.counter("tocsin.notifier.deliveries", "receiver", decision.receiver(), "channel",
                    integration.kind(), "outcome", result.outcome().wireName()).increment();
            switch (result.outcome()) {
                case DELIVERED -> {
                    return Handled.DONE;
                }
                case PERMANENT -> {
                    deadLetter(decision, integration, result, attempt, "not retried: " + result.detail(), now);
                    return Handled.DONE;
                }
                case RETRYABLE -> {
                    Duration delay = policy.delay(attempt, random.getAsDouble(), result.retryAfter());
                    Duration elapsed = Duration.between(first, now);
                    if (policy.exhausted(elapsed, delay)) {
                        deadLetter(decision, integration, result, attempt, "gave up after " + attempt + " attempts over "
                                + elapsed.toSeconds() + "s: " + result.detail(), now);
                        return Handled.DONE;
                    }
                    log.info("{} to {} via {}: attempt {} failed ({}), retrying in {} ms", decision.id(),
                            decision.receiver(), integration.name(), attempt, result.detail(), delay.toMillis());
                    if (!sleeper.sleep(delay)) {
                        return Handled.INTERRUPTED;
                    }
                }
            }
        }
    }

    /** One call to the channel; whatever goes wrong becomes a result. */
    private DeliveryResult attempt(Integration integration, Notification n) {
        try {
            Future<DeliveryResult> future = integration.channel().deliver(n);
            return future.toCompletionStage().toCompletableFuture().get(answerLimit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DeliveryResult.retryable(null, null, "interrupted");
        } catch (TimeoutException e) {
            return DeliveryResult.retryable(null, null, "no answer within " + answerLimit.toMillis() + " ms");
        } catch (ExecutionException | RuntimeException e) {
            // Channels report failures as results; an exception is a bug. Its message may quote a
            // secret, so only its type is kept.
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            log.warn("channel {} threw {}", integration.name(), cause.getClass().getName());
            return DeliveryResult.retryable(null, null, "channel error " + cause.getClass().getSimpleName());
        }
    }

    private void deadLetter(LedgerEntry decision, Integration integration, DeliveryResult last, int attempts,
            String detail, Instant now) {
        log.warn("{} to {} via {} dead-lettered: {}", decision.id(), decision.receiver(), integration.name(), detail);
        ledger.append(decision.deadLetter(integration.name(), last.outcome().wireName(), last.httpStatus(), detail,
                attempts, now));
        registry.counter("tocsin.notifier.dead_letters", "receiver", decision.receiver(), "channel",
                integration.kind()).increment();
    }
}
