package io.tocsin.notifier.delivery;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tocsin.notifier.channel.DeliveryResult;
import io.tocsin.notifier.channel.Notification;
import io.tocsin.notifier.ledger.LedgerEntry;
import io.tocsin.notifier.ledger.LedgerSink;
import io.tocsin.notifier.provenance.DeliveryEvents;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one decision through one integration: wait for a token, send, record the attempt in
 * the ledger, and retry with backoff while {@link DeliveryStep} says so; dead-letter what cannot
 * be delivered. Holds no thread: every wait goes through the caller's {@link Waits}, so a
 * destination that hangs or backs off holds up only the destination it belongs to.
 */
public final class DecisionDelivery {
    private static final Logger log = LoggerFactory.getLogger(DecisionDelivery.class);

    /** Whether the decision is finished with on this integration (its offset may be committed). */
    public enum Handled {
        DONE,
        /** Stopped part-way; the decision must be handled again (after a restart or by the new owner). */
        INTERRUPTED
    }

    /** Replaced whole by a config reload; a decision already handed out keeps its integration. */
    private volatile Map<String, List<Integration>> integrations;

    private final BackoffPolicy policy;
    private final Duration answerLimit;
    private final LedgerSink ledger;
    private final MeterRegistry registry;
    private final Clock clock;
    private final DoubleSupplier random;
    private final DeliveryEvents provenance;

    /**
     * @param answerLimit how long to wait for a channel's answer; channels time out by themselves,
     *                    this only guards against one that never answers
     * @param random      uniform in [0, 1), for jitter
     */
    public DecisionDelivery(
            Map<String, List<Integration>> integrations,
            BackoffPolicy policy,
            Duration answerLimit,
            LedgerSink ledger,
            MeterRegistry registry,
            Clock clock,
            DoubleSupplier random) {
        this(integrations, policy, answerLimit, ledger, registry, clock, random, DeliveryEvents.NONE);
    }

    /** @param provenance where each attempt is recorded per alert, with its latency */
    public DecisionDelivery(
            Map<String, List<Integration>> integrations,
            BackoffPolicy policy,
            Duration answerLimit,
            LedgerSink ledger,
            MeterRegistry registry,
            Clock clock,
            DoubleSupplier random,
            DeliveryEvents provenance) {
        this.provenance = provenance;
        this.integrations = Map.copyOf(integrations);
        this.policy = policy;
        this.answerLimit = answerLimit;
        this.ledger = ledger;
        this.registry = registry;
        this.clock = clock;
        this.random = random;
    }

    /** The receivers of a reloaded config: decisions read from now on are delivered through them. */
    public void replace(Map<String, List<Integration>> next) {
        integrations = Map.copyOf(next);
    }

    /**
     * The integrations that must be told about this decision: its receiver's, less those that do
     * not send resolves when it only resolves ({@link WithoutResolves}). Empty when the receiver is not configured (any more).
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
                .filter(i -> i.sendResolved() || WithoutResolves.tells(decision))
                .toList());
    }

    /** Every destination any receiver sends to. */
    public List<String> destinations() {
        return destinationsOf(integrations);
    }

    static List<String> destinationsOf(Map<String, List<Integration>> integrations) {
        return integrations.values().stream()
                .flatMap(List::stream)
                .map(Integration::destination)
                .distinct()
                .toList();
    }

    /** A resolve for a receiver that was removed from the config since it was told "firing". */
    public void deadLetterUnknownReceiver(LedgerEntry decision) {
        ledger.append(decision.deadLetter(
                null,
                DeliveryResult.Outcome.PERMANENT.wireName(),
                null,
                "receiver '" + decision.receiver() + "' is not configured",
                0,
                clock.instant()));
        registry.counter("tocsin.notifier.dead_letters", "receiver", decision.receiver(), "channel", "none")
                .increment();
    }

    /** Delivers one decision through one integration until delivered, dead-lettered, or a wait says stop. */
    public Future<Handled> deliverVia(LedgerEntry decision, Integration integration, Waits waits) {
        Notification n = new Notification(
                decision.id(),
                decision.receiver(),
                decision.groupKey(),
                decision.groupLabels(),
                decision.status(),
                integration.sendResolved() ? decision.alerts() : WithoutResolves.alerts(decision),
                decision.ack());
        return next(decision, n, integration, waits, 1, null);
    }

    /** Attempt number {@code attempt}; {@code first} is when the first one went out (null before it). */
    private Future<Handled> next(
            LedgerEntry decision, Notification n, Integration integration, Waits waits, int attempt, Instant first) {
        DeliveryStep gate =
                DeliveryStep.beforeSending(integration.tokenWait(clock.instant()), integration.destination());
        if (gate.action() == DeliveryStep.Action.WAIT) {
            log.debug("{} via {}: {}", decision.id(), integration.name(), gate.reason());
            return waits.sleep(gate.delay())
                    .compose(go -> go
                            ? next(decision, n, integration, waits, attempt, first)
                            : Future.succeededFuture(Handled.INTERRUPTED));
        }
        Instant start = first == null ? clock.instant() : first;
        Instant sent = clock.instant();
        return attempt(integration, n, waits).compose(result -> {
            Instant now = clock.instant();
            // One attempt's round trip per destination: what a dashboard needs to see a slow channel.
            Timer.builder("tocsin.notifier.delivery.attempt.duration")
                    .description("one delivery attempt, from sending to the destination's answer")
                    .tag("destination", integration.destination())
                    .tag("channel", integration.kind())
                    .tag("outcome", result.outcome().wireName())
                    .publishPercentileHistogram()
                    .register(registry)
                    .record(Duration.between(sent, now));
            ledger.append(decision.attempt(
                    integration.name(),
                    result.outcome().wireName(),
                    result.httpStatus(),
                    result.detail(),
                    attempt,
                    now));
            registry.counter(
                            "tocsin.notifier.deliveries",
                            "receiver",
                            decision.receiver(),
                            "channel",
                            integration.kind(),
                            "outcome",
                            result.outcome().wireName())
                    .increment();
            DeliveryStep step = DeliveryStep.afterAttempt(
                    result, attempt, Duration.between(start, now), policy, random.getAsDouble());
            provenance.attempt(
                    decision,
                    integration.name(),
                    integration.destination(),
                    result,
                    step.action() == DeliveryStep.Action.DEAD_LETTER,
                    attempt,
                    Duration.between(sent, now),
                    now);
            return switch (step.action()) {
                case DONE -> Future.succeededFuture(Handled.DONE);
                case DEAD_LETTER -> {
                    deadLetter(decision, integration, result, attempt, step.reason(), now);
                    yield Future.succeededFuture(Handled.DONE);
                }
                case RETRY -> {
                    log.info(
                            "{} to {} via {}: {}; retrying in {} ms",
                            decision.id(),
                            decision.receiver(),
                            integration.name(),
                            step.reason(),
                            step.delay().toMillis());
                    yield waits.sleep(step.delay())
                            .compose(go -> go
                                    ? next(decision, n, integration, waits, attempt + 1, start)
                                    : Future.succeededFuture(Handled.INTERRUPTED));
                }
                case SEND, WAIT -> throw new IllegalStateException("not an outcome of an attempt: " + step);
            };
        });
    }

    /** One call to the channel; whatever goes wrong becomes a result. */
    private Future<DeliveryResult> attempt(Integration integration, Notification n, Waits waits) {
        Future<DeliveryResult> call;
        try {
            call = integration.channel().deliver(n);
        } catch (RuntimeException e) {
            call = Future.failedFuture(e);
        }
        return waits.within(call, answerLimit).transform(ar -> {
            if (ar.succeeded()) {
                return Future.succeededFuture(ar.result());
            }
            if (ar.cause() instanceof TimeoutException) {
                return Future.succeededFuture(
                        DeliveryResult.retryable(null, null, "no answer within " + answerLimit.toMillis() + " ms"));
            }
            // Channels report failures as results; an exception is a bug. Its message may quote a
            // secret, so only its type is kept.
            log.warn(
                    "channel {} threw {}",
                    integration.name(),
                    ar.cause().getClass().getName());
            return Future.succeededFuture(DeliveryResult.retryable(
                    null, null, "channel error " + ar.cause().getClass().getSimpleName()));
        });
    }

    private void deadLetter(
            LedgerEntry decision,
            Integration integration,
            DeliveryResult last,
            int attempts,
            String detail,
            Instant now) {
        log.warn("{} to {} via {} dead-lettered: {}", decision.id(), decision.receiver(), integration.name(), detail);
        ledger.append(decision.deadLetter(
                integration.name(), last.outcome().wireName(), last.httpStatus(), detail, attempts, now));
        registry.counter("tocsin.notifier.dead_letters", "receiver", decision.receiver(), "channel", integration.kind())
                .increment();
    }
}
